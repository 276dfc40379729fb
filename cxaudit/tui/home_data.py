"""What the Home screen shows, in plain shapes that load without the domain models.

Home can then be filled from the first look at a SQLite file (`cxaudit.storage.glance`) in the
same frame it is first drawn, before the database, the domain and SQLAlchemy have loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class OrganisationRow:
    """One organisation as the Home screen lists it."""

    organisation_id: int
    name: str
    sector: str | None
    latest_period: str | None
    latest_overall: float | None
    latest_stage: str | None
    trend: int
    next_due: date | None
    overdue: bool
    assessment_count: int
    draft_count: int


@dataclass(frozen=True)
class DraftRow:
    """One draft assessment waiting to be finished."""

    assessment_id: int
    organisation: str
    period: str
    respondents: int
    answered: int
    total: int


@dataclass(frozen=True)
class HomeData:
    """Everything the Home screen shows."""

    organisations: tuple[OrganisationRow, ...]
    drafts: tuple[DraftRow, ...]


def first_look(db_url: str, *, today: date) -> HomeData | None:
    """Home's lists read straight from a SQLite file before the database is opened, if safe.

    See `cxaudit.storage.glance`; None means Home waits for the database to open.
    """
    from cxaudit.storage.glance import glance

    seen = glance(db_url, today=today)
    if seen is None:
        return None
    return HomeData(
        organisations=tuple(
            OrganisationRow(
                organisation_id=line.organisation_id,
                name=line.name,
                sector=line.sector,
                latest_period=line.latest_period,
                latest_overall=line.latest_overall,
                latest_stage=line.latest_stage,
                trend=line.trend,
                next_due=line.next_due,
                overdue=line.overdue,
                assessment_count=line.assessment_count,
                draft_count=line.draft_count,
            )
            for line in seen.organisations
        ),
        drafts=tuple(
            DraftRow(
                assessment_id=d.assessment_id,
                organisation=d.organisation,
                period=d.period,
                respondents=d.respondents,
                answered=d.answered,
                total=d.total,
            )
            for d in seen.drafts
        ),
    )
