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
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import repeat
from types import GetSetDescriptorType, MappingProxyType, MemberDescriptorType
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


def _flag_map(value: Any) -> dict[str, bool]:
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, bool)}


@functools.lru_cache(maxsize=1024)
def _flags_from_text(text: str) -> Mapping[str, bool]:
    try:
        value = json.loads(text)
    except ValueError:
        return MappingProxyType({})
    return MappingProxyType(_flag_map(value))


def stored_flags(value: Any) -> dict[str, bool]:
    """A stored profile (flag id to yes/no), as JSON text or decoded; anything that is not one
    reads as empty, so every flag takes its default. A fresh dict each time; SQLite's JSON text
    is decoded once per distinct text (a portfolio holds a handful of distinct profiles)."""
    if isinstance(value, str):
        return dict(_flags_from_text(value))
    return _flag_map(value)


def stored_moment(value: Any) -> datetime | None:
    """A stored UTC time: a `datetime` through SQLAlchemy, ISO text straight from SQLite."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return aware(value)


class TrustedParts(NamedTuple):
    """What building a plain pydantic model without validation takes: its `__new__`, the
    setters of the four slots every instance has, and its field names.

    `model_construct` sets exactly these (the field values as `__dict__`, the set of fields
    given, no extras, no private state); the setters are the slots' own descriptors, so a loop
    over thousands of stored rows calls them directly.
    """

    new: Callable[[type[Any]], Any]
    set_dict: Callable[[Any, dict[str, Any]], None]
    set_fields_set: Callable[[Any, set[str]], None]
    set_extra: Callable[[Any, None], None]
    set_private: Callable[[Any, None], None]
    fields: tuple[str, ...]
    """The model's field names in its order (validation keeps values in this order, and dumps
    follow it)."""


_SLOTS = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")


@functools.cache
def trusted_parts(model: type[BaseModel]) -> TrustedParts | None:
    """The parts that build `model` from trusted values, or None when the model has more to it
    than plain fields (a post-init hook, a root model, extras or private attributes), which
    only `model_construct` builds correctly."""
    plain = (
        not model.__pydantic_post_init__
        and not model.__pydantic_root_model__
        and model.model_config.get("extra") != "allow"
        and not model.__private_attributes__
    )
    if not plain:
        return None
    setters: list[Callable[..., None]] = []
    for name in _SLOTS:
        owner = next((klass for klass in model.__mro__ if name in vars(klass)), None)
        descriptor = vars(owner).get(name) if owner is not None else None
        if not isinstance(descriptor, MemberDescriptorType | GetSetDescriptorType):
            return None  # pydantic keeps its state some other way: leave it to pydantic
        setters.append(descriptor.__set__)
    set_dict, set_fields_set, set_extra, set_private = setters
    return TrustedParts(
        model.__new__,
        set_dict,
        set_fields_set,
        set_extra,
        set_private,
        tuple(model.model_fields),
    )


@functools.cache
def trusted_factory(model: type[_M]) -> Callable[..., _M]:
    """`model.model_construct` for callers that give every field, minus its per-call field walk.

    It sets exactly what `model_construct` sets for a plain model (the field values, the set of
    fields given, no extras, no private state); for any model with more to it, it is
    `model_construct` itself.
    """
    parts = trusted_parts(model)
    if parts is None:
        return model.model_construct
    new, set_dict, set_fields_set, set_extra, set_private, fields = parts

    def construct(**values: Any) -> _M:
        if tuple(values) != fields:
            assert values.keys() == set(fields), "every field is given"
            values = {name: values[name] for name in fields}  # in the model's order
        instance: _M = new(model)
        set_dict(instance, values)
        set_fields_set(instance, set(fields))
        set_extra(instance, None)
        set_private(instance, None)
        return instance

    return construct


def build_trusted(model: type[_M], values: Sequence[dict[str, Any]]) -> list[_M]:
    """Instances of `model`, one per dict of every field's value, without validation: what
    `model_construct` sets, for many at once (each step runs over the whole batch, so thousands
    of stored rows cost no interpreter loop per slot).

    For a frozen model, the instances of one batch share one set of the fields given (every
    field): pydantic never changes that set in place on a frozen instance, and a copy gets its
    own. The dicts become the instances' own: callers hand over fresh ones, with every field in
    the model's order (as validation would keep them: dumps follow it).
    """
    parts = trusted_parts(model)
    if parts is None:
        return [model.model_construct(**given) for given in values]
    assert not values or tuple(values[0]) == parts.fields, "every field is given, in order"
    count = len(values)
    made: list[_M] = list(map(parts.new, repeat(model, count)))
    _run(map(parts.set_dict, made, values))
    fields_sets: Iterable[set[str]] = (
        repeat(set(parts.fields), count)
        if model.model_config.get("frozen")
        else map(set, repeat(parts.fields, count))
    )
    _run(map(parts.set_fields_set, made, fields_sets))
    _run(map(parts.set_extra, made, repeat(None, count)))
    _run(map(parts.set_private, made, repeat(None, count)))
    return made


def _run(calls: Iterable[None]) -> None:
    """Make every call in `calls` (a lazy `map`), keeping none of the results."""
    deque(calls, maxlen=0)


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


def portfolio_values(rows: Iterable[Sequence[Any]], *, today: date) -> Iterator[tuple[Any, ...]]:
    """Each row of the portfolio select read back: a `PortfolioLine`'s values in its order,
    the profile last as a fresh dict (the line wraps it read-only; an `Organisation` keeps it).

    Each row: id, name, slug, sector, default targets, next due, latest period, latest overall,
    latest stage, previous overall, assessment count, draft count, archived at, profile.
    """
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
        yield (
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
            stored_flags(profile),
        )


def portfolio_lines_from_rows(rows: Iterable[Sequence[Any]], *, today: date) -> list[PortfolioLine]:
    """The portfolio list from rows of the portfolio select (see `portfolio_values`), in the
    order given."""
    return [
        PortfolioLine._make((*values[:-1], MappingProxyType(values[-1])))
        for values in portfolio_values(rows, today=today)
    ]


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
