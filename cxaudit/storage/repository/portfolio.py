"""The portfolio: every organisation with its latest completed score, trend and due date.

Home lists it on every visit, so it is one query for the whole portfolio, read from the score
snapshots kept at completion (`cxaudit.storage.glance` runs the same SQL before SQLAlchemy has
loaded). The rows become lines in `cxaudit.storage.rows`, where the trend and the overdue flag
are the domain's (`direction.score_direction`, `schedule.is_overdue`).

Archived organisations are listed only when asked for (`include_archived`). Here, below the
use-cases, that is the default, so an export or a count never silently leaves one out; the
use-cases behind Home and `orgs` leave them out unless asked (`services.portfolio`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, String, case, func, select, type_coerce
from sqlmodel import Session

from cxaudit.domain.model import Organisation
from cxaudit.storage.repository._convert import COMPLETE, DRAFT
from cxaudit.storage.repository._sqlite import read_rows
from cxaudit.storage.rows import (
    PortfolioLine,
    build_trusted,
    portfolio_lines_from_rows,
    portfolio_values,
)
from cxaudit.storage.tables import assessment_scores, assessments, organisations
from cxaudit.storage.views import OrganisationSummary


def organisation_columns() -> tuple[Any, ...]:
    """An organisation's columns as the list reads them (its targets as stored text)."""
    return (
        organisations.c.id,
        organisations.c.name,
        organisations.c.slug,
        organisations.c.sector,
        type_coerce(organisations.c.default_targets, String).label("default_targets"),
        organisations.c.next_due,
    )


def organisation_profile() -> Any:
    """An organisation's stored profile (as text), read last in a row so the columns before it
    keep their places."""
    return type_coerce(organisations.c.profile, String).label("profile")


@functools.cache
def _portfolio_select(include_archived: bool) -> Select[Any]:
    """Every organisation (archived ones too, if asked) with its latest two completed scores
    and its assessment counts."""
    ranked = (
        select(
            assessments.c.organisation_id,
            assessments.c.period,
            assessment_scores.c.overall,
            assessment_scores.c.stage,
            func.row_number()
            .over(
                partition_by=assessments.c.organisation_id,
                order_by=(assessments.c.period_start.desc(), assessments.c.id.desc()),
            )
            .label("rank"),
        )
        .select_from(
            assessments.outerjoin(
                assessment_scores, assessment_scores.c.assessment_id == assessments.c.id
            )
        )
        .where(assessments.c.status == COMPLETE)
        .cte("ranked")
    )

    # The latest two per organisation folded into one row, so the join below is one-to-one.
    def pick(column: Any, rank: int) -> Any:
        return func.max(case((ranked.c.rank == rank, column)))

    latest_two = (
        select(
            ranked.c.organisation_id,
            pick(ranked.c.period, 1).label("latest_period"),
            pick(ranked.c.overall, 1).label("latest_overall"),
            pick(ranked.c.stage, 1).label("latest_stage"),
            pick(ranked.c.period, 2).label("previous_period"),
            pick(ranked.c.overall, 2).label("previous_overall"),
        )
        .where(ranked.c.rank <= 2)
        .group_by(ranked.c.organisation_id)
        .subquery("latest_two")
    )
    counts = (
        select(
            assessments.c.organisation_id,
            func.count().label("total"),
            func.sum(case((assessments.c.status == DRAFT, 1), else_=0)).label("drafts"),
        )
        .group_by(assessments.c.organisation_id)
        .subquery("counts")
    )
    statement = (
        select(
            *organisation_columns(),
            latest_two.c.latest_period,
            latest_two.c.latest_overall,
            latest_two.c.latest_stage,
            latest_two.c.previous_overall,
            func.coalesce(counts.c.total, 0).label("assessment_count"),
            func.coalesce(counts.c.drafts, 0).label("draft_count"),
            organisations.c.archived_at,
            organisation_profile(),
        )
        .select_from(
            organisations.outerjoin(
                latest_two, latest_two.c.organisation_id == organisations.c.id
            ).outerjoin(counts, counts.c.organisation_id == organisations.c.id)
        )
        .order_by(func.lower(organisations.c.name), organisations.c.id)
    )
    return statement if include_archived else statement.where(organisations.c.archived_at.is_(None))


def _portfolio_rows(
    session: Session, *, standalone: bool, include_archived: bool
) -> Sequence[Sequence[Any]]:
    statement = _portfolio_select(include_archived)
    name = f"portfolio:{include_archived}"
    return read_rows(session, name, statement, {}, standalone=standalone)


def portfolio_lines(
    session: Session,
    *,
    today: date | None = None,
    standalone: bool = False,
    include_archived: bool = True,
) -> list[PortfolioLine]:
    """Every organisation's line in the portfolio list, by name: latest completed score, stage,
    trend, due date and counts, without building the organisations themselves.

    One query for the whole portfolio: the latest two completed assessments of each organisation
    are picked with a window function and their stored score snapshots joined in.

    `standalone` says the caller reads nothing else in this session, so the read may skip the
    session (on SQLite, a read on its own is one consistent snapshot anyway). Callers that go
    on to read more, such as an export, leave it off so every read sees the same data.

    `include_archived=False` leaves archived organisations out, as Home lists them.
    """
    rows = _portfolio_rows(session, standalone=standalone, include_archived=include_archived)
    return portfolio_lines_from_rows(rows, today=today or date.today())


def list_organisations(
    session: Session,
    *,
    today: date | None = None,
    standalone: bool = False,
    include_archived: bool = True,
) -> list[OrganisationSummary]:
    """Every organisation with its latest completed score, stage, trend and due date, by name.

    The lines of `portfolio_lines` (read by the same select and `rows.portfolio_values`), each
    with its organisation as a domain object.
    """
    rows = _portfolio_rows(session, standalone=standalone, include_archived=include_archived)
    lines = list(portfolio_values(rows, today=today or date.today()))
    made = build_trusted(
        Organisation,
        [
            {
                "id": line[0],
                "name": line[1],
                "slug": line[2],
                "sector": line[3],
                "default_targets": line[4],
                "next_due": line[5],
                "profile": line[14],
            }
            for line in lines
        ],
    )
    return [
        OrganisationSummary(
            organisation=organisation,
            latest_period=line[6],
            latest_overall=line[7],
            latest_stage=line[8],
            trend=line[9],
            next_due=line[5],
            overdue=line[10],
            assessment_count=line[11],
            draft_count=line[12],
            archived=line[13],
        )
        for organisation, line in zip(made, lines, strict=True)
    ]
