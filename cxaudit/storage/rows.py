"""Stored values read back, and the Home screen's two lists built from rows.

Nothing here imports SQLAlchemy, pydantic or the domain models: the same conversions serve rows
fetched through SQLAlchemy, rows fetched straight from the SQLite driver, and the first look at
a file (`glance`) taken while the rest of the app is still loading. Rows from the driver carry
dates and times as ISO text and JSON as text; rows from SQLAlchemy carry `date`, `datetime` and
decoded JSON. Both are read.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from cxaudit.domain.direction import score_direction
from cxaudit.domain.schedule import is_overdue

if TYPE_CHECKING:
    from pydantic import BaseModel

_M = TypeVar("_M", bound="BaseModel")


def aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@functools.lru_cache(maxsize=1024)
def _targets_from_text(text: str) -> Mapping[str, float]:
    return dict(json.loads(text))


def stored_targets(value: Any) -> dict[str, float]:
    """Stored targets as a fresh dict; SQLite's JSON text is decoded once per distinct text."""
    if value is None:
        return {}
    if isinstance(value, str):
        return dict(_targets_from_text(value))
    return dict(value)


@functools.lru_cache(maxsize=4096)
def _date_from_text(text: str) -> date:
    return date.fromisoformat(text)


def stored_date(value: Any) -> date | None:
    """A stored date: a `date` through SQLAlchemy, ISO text straight from the SQLite driver."""
    if value is None or isinstance(value, date):
        return value
    return _date_from_text(str(value))


def stored_flags(value: Any) -> dict[str, bool]:
    """A stored profile (flag id to yes/no), as JSON text or decoded; anything that is not one
    reads as empty, so every flag takes its default."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, bool)}


def stored_moment(value: Any) -> datetime | None:
    """A stored UTC time: a `datetime` through SQLAlchemy, ISO text straight from SQLite."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return aware(value)


@functools.cache
def trusted_factory(model: type[_M]) -> Callable[..., _M]:
    """`model.model_construct` for callers that give every field, minus its per-call field walk.

    It sets exactly what `model_construct` sets for a plain model (the field values, the set of
    fields given, no extras, no private state); for any model with more to it, it is
    `model_construct` itself.
    """
    plain = (
        not model.__pydantic_post_init__
        and not model.__pydantic_root_model__
        and model.model_config.get("extra") != "allow"
        and not model.__private_attributes__
    )
    if not plain:
        return model.model_construct
    fields = frozenset(model.model_fields)
    new = model.__new__
    put = object.__setattr__

    def construct(**values: Any) -> _M:
        assert values.keys() == fields, "every field is given"
        instance = new(model)
        put(instance, "__dict__", values)
        put(instance, "__pydantic_fields_set__", set(fields))
        put(instance, "__pydantic_extra__", None)
        put(instance, "__pydantic_private__", None)
        return instance

    return construct


class PortfolioLine(NamedTuple):
    """One organisation as the portfolio list shows it, read from one row."""

    organisation_id: int
    name: str
    slug: str
    sector: str | None
    default_targets: dict[str, float]
    next_due: date | None
    latest_period: str | None
    """The period of the latest completed assessment (None before the first is completed)."""
    latest_overall: float | None
    latest_stage: str | None
    trend: int
    """+1 rising, -1 falling, 0 flat or not enough history, from the last two completed scores."""
    overdue: bool
    """The next assessment was due before today."""
    assessment_count: int
    draft_count: int
    archived: bool = False
    """Archived: left out of Home's list unless asked for, history kept."""
    profile: Mapping[str, bool] = MappingProxyType({})
    """The organisation's answers to the profile questions (flag id to yes/no), as stored."""


def portfolio_lines_from_rows(rows: Iterable[Sequence[Any]], *, today: date) -> list[PortfolioLine]:
    """The portfolio list from rows of the portfolio select, in the order given.

    Each row: id, name, slug, sector, default targets, next due, latest period, latest overall,
    latest stage, previous overall, assessment count, draft count, archived at, profile.
    """
    lines: list[PortfolioLine] = []
    for (
        org_id,
        name,
        slug,
        sector,
        targets,
        due,
        latest_period,
        latest_overall,
        latest_stage,
        previous_overall,
        total,
        drafts,
        archived_at,
        profile,
    ) in rows:
        next_due = stored_date(due)
        lines.append(
            PortfolioLine(
                org_id,
                name,
                slug,
                sector,
                stored_targets(targets),
                next_due,
                latest_period,
                latest_overall,
                latest_stage,
                score_direction(previous_overall, latest_overall),
                is_overdue(next_due, today),
                int(total),
                int(drafts),
                archived_at is not None,
                MappingProxyType(stored_flags(profile)),
            )
        )
    return lines


@dataclass(frozen=True)
class DraftSummary:
    """An assessment still being answered, so it can be resumed from a list."""

    assessment_id: int
    organisation_id: int
    organisation: str
    """The organisation's name."""
    period: str
    respondents: int
    answered: int
    """Answers given across all respondents to the questions asked; pre-filled answers awaiting
    confirmation excluded."""
    total: int
    """Questions asked × respondents: the answers a complete draft would hold (questions that
    do not apply to the assessment's profile are not asked)."""
    updated_at: datetime | None
    """When an answer was last saved (or the draft was started)."""


NotAsked = Callable[[int, Any], Collection[str]]
"""The questions not asked in a draft, from its questionnaire's row id and its stored profile:
`progress.not_asked` over that questionnaire (the repository and the first look each read the
questionnaire their own way, and both hand it to the same domain rule)."""


def draft_summaries(rows: Iterable[Sequence[Any]], not_asked: NotAsked) -> list[DraftSummary]:
    """The drafts to resume from rows of the drafts select, most recently touched first.

    Each row: assessment id, organisation id, organisation name, period, started at, questions
    in its questionnaire, respondents, settled answers to one question, last answer saved at,
    that question's id (None when nothing is answered), questionnaire row id, stored profile.
    A draft comes in one row per question answered. SQL cannot tell which questions apply (that
    is the questionnaire's `applies_if` against the assessment's profile), so it counts per
    question and the count here leaves out the questions `not_asked` names, as the domain's
    progress rule does: they are neither answered nor to answer, whatever is stored for them.
    """
    heads: dict[int, Sequence[Any]] = {}
    answered: dict[int, int] = {}
    saved: dict[int, datetime | None] = {}
    skipped: dict[int, Collection[str]] = {}
    for row in rows:
        assessment_id = row[0]
        if assessment_id not in heads:
            heads[assessment_id] = row
            answered[assessment_id] = 0
            saved[assessment_id] = None
            skipped[assessment_id] = not_asked(row[10], row[11])
        question_id = row[9]
        if question_id is not None and question_id not in skipped[assessment_id]:
            answered[assessment_id] += int(row[7])
        moment = stored_moment(row[8])
        latest = saved[assessment_id]
        if moment is not None and (latest is None or moment > latest):
            saved[assessment_id] = moment
    summaries = [
        DraftSummary(
            assessment_id=assessment_id,
            organisation_id=head[1],
            organisation=head[2],
            period=head[3],
            respondents=int(head[6]),
            answered=answered[assessment_id],
            total=(int(head[5]) - len(skipped[assessment_id])) * int(head[6]),
            updated_at=saved[assessment_id] or stored_moment(head[4]),
        )
        for assessment_id, head in heads.items()
    ]
    oldest = datetime.min.replace(tzinfo=UTC)
    summaries.sort(key=lambda d: (d.updated_at or oldest, d.assessment_id), reverse=True)
    return summaries
