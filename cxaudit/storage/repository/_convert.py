"""Rows to domain objects and back: the one place where a stored value changes shape.

Every aggregate module reads and writes through these, so an answer, an action or an
organisation is converted the same way whichever function stored or loaded it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from cxaudit.domain.model import (
    ActionItem,
    ActionStatus,
    Answer,
    AnswerValue,
    AssessmentStatus,
    Confidence,
    Organisation,
)
from cxaudit.storage.rows import aware, stored_flags, trusted_factory

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


def trusted_answers(rows: Iterable[Any]) -> Iterable[tuple[int, Answer]]:
    """Answers built from stored rows without validation: they were validated when saved.

    Loading an organisation's history builds thousands of these, so validation, value parsing
    and time-zone fixing are skipped or done once per distinct value.
    """
    construct = trusted_factory(Answer)
    plain = construct is not Answer.model_construct
    new, put, fields = Answer.__new__, object.__setattr__, frozenset(Answer.model_fields)
    values: dict[str, AnswerValue] = {"na": "na", "unknown": "unknown"}
    for level in range(1, 6):
        values[str(level)] = level
    times: dict[Any, datetime | None] = {None: None}
    for row in rows:
        (
            respondent_id,
            question_id,
            value,
            na_reason,
            note,
            evidence,
            reconfirm,
            updated,
            sure,
            unverified,
        ) = row
        when = times.get(updated)
        if when is None and updated is not None:
            moment = datetime.fromisoformat(updated) if isinstance(updated, str) else updated
            when = times[updated] = aware(moment)
        given = {
            "question_id": question_id,
            "value": values[value] if value in values else value_from_text(value),
            "na_reason": na_reason,
            "note": note,
            "evidence": evidence,
            "needs_reconfirm": bool(reconfirm),
            "updated_at": when,
            "confidence": CONFIDENCES.get(sure, Confidence.MEDIUM),
            "unverified": bool(unverified),
        }
        if plain:
            # What `trusted_factory(Answer)` does, inlined: this loop runs per stored answer.
            answer = new(Answer)
            put(answer, "__dict__", given)
            put(answer, "__pydantic_fields_set__", set(fields))
            put(answer, "__pydantic_extra__", None)
            put(answer, "__pydantic_private__", None)
        else:
            answer = construct(**given)
        yield respondent_id, answer


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
