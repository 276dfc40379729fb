"""Rows to domain objects and back: the one place where a stored value changes shape.

Every aggregate module reads and writes through these, so an answer, an action or an
organisation is converted the same way whichever function stored or loaded it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from operator import itemgetter
from typing import Any

from cxaudit.domain.model import (
    ActionItem,
    ActionStatus,
    Answer,
    AnswerValue,
    AssessmentStatus,
    Confidence,
    Organisation,
    Role,
)
from cxaudit.storage.rows import (
    aware,
    build_trusted,
    stored_date,
    stored_flags,
    stored_moment,
    stored_targets,
    trusted_factory,
)

COMPLETE = AssessmentStatus.COMPLETE.value
DRAFT = AssessmentStatus.DRAFT.value
STATUSES = {status.value: status for status in AssessmentStatus}
"""Assessment statuses by their stored text."""
CONFIDENCES = {level.value: level for level in Confidence}
"""Answer confidences by their stored text (anything else reads as medium, the default)."""

ANSWER_COLUMNS = (
    "respondent_id",
    "question_id",
    "value",
    "na_reason",
    "note",
    "evidence",
    "updated_at",
    "needs_reconfirm",
    "confidence",
    "unverified",
)
"""The answers table's columns, in the order the hand-written inserts give them."""


def value_text(value: AnswerValue) -> str:
    """An answer's value as stored: a level's digit, `na` or `unknown`."""
    return str(value)


def value_from_text(text: str) -> AnswerValue:
    """A stored answer value read back."""
    if text == "na":
        return "na"
    if text == "unknown":
        return "unknown"
    return int(text)


def answer_from_row(row: Any) -> Answer:
    """An answer from a row of the answers table."""
    return Answer(
        question_id=row.question_id,
        value=value_from_text(row.value),
        na_reason=row.na_reason,
        note=row.note,
        evidence=row.evidence,
        needs_reconfirm=bool(row.needs_reconfirm),
        updated_at=aware(row.updated_at),
        confidence=CONFIDENCES.get(row.confidence, Confidence.MEDIUM),
        unverified=bool(row.unverified),
    )


LOADED_ANSWER_COLUMNS = ANSWER_COLUMNS[: ANSWER_COLUMNS.index("updated_at") + 1]
"""The answers table's columns `fill_answers` reads, in order; each row ends with the
answer's marks (`MARK_OF_RECONFIRM`…)."""

MARK_OF_RECONFIRM = 1
MARK_OF_UNVERIFIED = 2
MARKS_OF_CONFIDENCE = {Confidence.LOW: 0, Confidence.MEDIUM: 4, Confidence.HIGH: 8}
"""An answer's two yes/no columns and its confidence are read back as one small number, the
sum of its marks (a stored confidence not listed counts as medium's): a record of thousands of
answers then fetches one value where it would fetch three."""

_BY_MARKS = {
    mark + MARK_OF_RECONFIRM * reconfirm + MARK_OF_UNVERIFIED * unverified: (
        reconfirm,
        confidence,
        unverified,
    )
    for confidence, mark in MARKS_OF_CONFIDENCE.items()
    for reconfirm in (False, True)
    for unverified in (False, True)
}
MARKED: tuple[tuple[bool, Confidence, bool], ...] = tuple(
    _BY_MARKS[marks] for marks in range(len(_BY_MARKS))
)
"""(needs reconfirming, confidence, unverified) by the sum of an answer's marks."""

_LEVELS: dict[str, AnswerValue] = {"na": "na", "unknown": "unknown"}
_LEVELS.update((str(level), level) for level in range(1, 6))


def fill_answers(
    rows: Iterable[Sequence[Any]], answers_of: Mapping[int, dict[str, Answer]]
) -> None:
    """Put each stored answer, built without validation (it was validated when saved), into its
    respondent's answers in `answers_of` (by respondent id).

    Rows hold `LOADED_ANSWER_COLUMNS` as the driver gives them (SQLite: times as text;
    PostgreSQL: typed), then the sum of the answer's marks. An organisation's record is
    thousands of answers, so this loop only works out each answer's field values (each time
    parsed once per distinct value); the answers are then made together (`rows.build_trusted`)
    and handed to their respondents a run of rows at a time.
    """
    levels, marked = _LEVELS, MARKED
    times: dict[Any, datetime | None] = {None: None}
    given: list[dict[str, Any]] = []
    runs: list[tuple[int, int]] = []
    """Where each run of rows of one respondent starts: (respondent id, its first row)."""
    previous = None
    for respondent_id, question_id, value, na_reason, note, evidence, updated, marks in rows:
        if respondent_id != previous:
            runs.append((respondent_id, len(given)))
            previous = respondent_id
        try:
            when = times[updated]
        except KeyError:
            when = times[updated] = stored_moment(updated)
        level = levels.get(value)
        reconfirm, sure, unverified = marked[marks]
        given.append(
            {
                "question_id": question_id,
                "value": value_from_text(value) if level is None else level,
                "na_reason": na_reason,
                "note": note,
                "evidence": evidence,
                "needs_reconfirm": reconfirm,
                "updated_at": when,
                "confidence": sure,
                "unverified": unverified,
            }
        )
    made = build_trusted(Answer, given)
    ends = [start for _, start in runs[1:]] + [len(made)] if runs else []
    for (respondent_id, start), end in zip(runs, ends, strict=True):
        answers_of[respondent_id].update(
            zip(map(_QUESTION_ID, given[start:end]), made[start:end], strict=True)
        )


_QUESTION_ID = itemgetter("question_id")


ORGANISATION_COLUMNS = ("id", "name", "slug", "sector", "default_targets", "next_due", "profile")
"""The organisations table's columns an `Organisation` is made from."""


def organisation_from_row(row: Any, *, prefix: str = "") -> Organisation:
    """An organisation from a row holding the organisations table's columns (named with `prefix`
    where a join labels them)."""
    return Organisation(
        id=getattr(row, f"{prefix}id"),
        name=getattr(row, f"{prefix}name"),
        slug=getattr(row, f"{prefix}slug"),
        sector=getattr(row, f"{prefix}sector"),
        default_targets=dict(getattr(row, f"{prefix}default_targets") or {}),
        next_due=getattr(row, f"{prefix}next_due"),
        profile=stored_flags(getattr(row, f"{prefix}profile")),
    )


def trusted_organisation(values: Sequence[Any]) -> Organisation:
    """An organisation from `ORGANISATION_COLUMNS`' values as the driver gives them (JSON as
    text or decoded, the date as text or a `date`), without validating them again."""
    organisation_id, name, slug, sector, targets, next_due, profile = values
    organisation: Organisation = trusted_factory(Organisation)(
        id=organisation_id,
        name=name,
        slug=slug,
        sector=sector,
        default_targets=stored_targets(targets),
        next_due=stored_date(next_due),
        profile=stored_flags(profile),
    )
    return organisation


RESPONDENT_COLUMNS = ("id", "assessment_id", "name", "role", "anonymous", "finished_at")
"""The respondents table's columns `respondent_fields` reads, in order."""

ROLES = {role.value: role for role in Role}


def respondent_fields(row: Sequence[Any]) -> dict[str, Any]:
    """A `Respondent`'s field values, without answers yet, from `RESPONDENT_COLUMNS`' values as
    the driver gives them (for `rows.build_trusted`: they were validated when saved)."""
    respondent_id, _, name, role, anonymous, finished_at = row
    return {
        "id": respondent_id,
        "name": name,
        "role": ROLES.get(role) or Role(role),
        "answers": {},
        "anonymous": bool(anonymous),
        "finished_at": stored_moment(finished_at),
    }


ACTION_COLUMNS = (
    "id",
    "assessment_id",
    "question_id",
    "area_id",
    "kind",
    "text",
    "current_level",
    "target_level",
    "priority",
    "owner",
    "due",
    "status",
    "carried_from_id",
)
"""The action items table's columns `action_fields` reads, in order."""

ACTION_STATUSES = {status.value: status for status in ActionStatus}


def action_fields(row: Sequence[Any]) -> dict[str, Any]:
    """An `ActionItem`'s field values from `ACTION_COLUMNS`' values as the driver gives them
    (for `rows.build_trusted`: they were validated when saved)."""
    (
        item_id,
        _,
        question_id,
        area_id,
        kind,
        text,
        current,
        target,
        priority,
        owner,
        due,
        status,
        carried_from,
    ) = row
    return {
        "id": item_id,
        "question_id": question_id,
        "area_id": area_id,
        "kind": kind,
        "text": text,
        "current_level": current,
        "target_level": target,
        "priority": priority,
        "owner": owner,
        "due": stored_date(due),
        "status": ACTION_STATUSES.get(status) or ActionStatus(status),
        "carried_from": carried_from,
    }


def action_from_row(row: Any, *, trusted: bool = False) -> ActionItem:
    """An action item from a row; `trusted` skips validating what was validated when saved."""
    make = trusted_factory(ActionItem) if trusted else ActionItem
    return make(
        id=row.id,
        question_id=row.question_id,
        area_id=row.area_id,
        kind=row.kind,
        text=row.text,
        current_level=row.current_level,
        target_level=row.target_level,
        priority=row.priority,
        owner=row.owner,
        due=row.due,
        status=ActionStatus(row.status),
        carried_from=row.carried_from_id,
    )


def action_values(item: ActionItem, *, assessment_id: int, position: int) -> dict[str, Any]:
    """The row that keeps an action item at `position` in an assessment's plan."""
    return {
        "assessment_id": assessment_id,
        "position": position,
        "question_id": item.question_id,
        "area_id": item.area_id,
        "kind": item.kind,
        "text": item.text,
        "current_level": item.current_level,
        "target_level": item.target_level,
        "priority": item.priority,
        "owner": item.owner,
        "due": item.due,
        "status": item.status.value,
        "carried_from_id": item.carried_from,
    }


def answer_values(respondent_id: int, answer: Answer, *, now: datetime) -> dict[str, Any]:
    """The row that keeps a respondent's answer (stamped `now` unless it has its own time)."""
    return {
        "respondent_id": respondent_id,
        "question_id": answer.question_id,
        "value": value_text(answer.value),
        "na_reason": answer.na_reason,
        "note": answer.note,
        "evidence": answer.evidence,
        "updated_at": answer.updated_at or now,
        "needs_reconfirm": answer.needs_reconfirm,
        "confidence": answer.confidence.value,
        "unverified": answer.unverified,
    }
