"""Respondents: the people answering an assessment, one at a time or a whole round at once.

A new respondent may start from an earlier person's answers (carry-forward prefill): which
person is the domain's rule (`progress.prefill_match`); their answers to questions still asked
come across marked `needs_reconfirm`, so they count as answered but not settled until saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlmodel import Session

from cxaudit.domain import naming
from cxaudit.domain.model import Answer, Respondent, Role
from cxaudit.domain.progress import prefill_match
from cxaudit.errors import NotFoundError, ValidationProblem
from cxaudit.storage.repository._convert import COMPLETE, answer_from_row, answer_values
from cxaudit.storage.repository._questionnaires import stored_questionnaire
from cxaudit.storage.repository._sqlite import insert_answers
from cxaudit.storage.repository._tx import now_utc, writes
from cxaudit.storage.repository.assessments import latest_completed_before
from cxaudit.storage.repository.snapshots import refresh_snapshot
from cxaudit.storage.rows import aware, trusted_factory
from cxaudit.storage.tables import answers, assessments, respondents

RESPONDENT_NAME = "A respondent's name"
"""How `naming.check_name` names a respondent's name when it refuses one."""


def _prefill_source(
    session: Session, *, assessment_row: Any, name: str, role: Role, same_name_only: bool = False
) -> int | None:
    """The earlier respondent whose answers a new respondent starts from.

    In the source assessment (the one this assessment carried forward from, else the
    organisation's latest completed assessment before this period), the respondent the domain's
    rule picks (`progress.prefill_match`: the same name, else the first with the same role).
    """
    source_id = assessment_row.carried_from_id or latest_completed_before(
        session,
        organisation_id=assessment_row.organisation_id,
        before=assessment_row.period_start,
        exclude_id=assessment_row.id,
    )
    if source_id is None:
        return None
    candidates = session.execute(
        select(respondents.c.id, respondents.c.name, respondents.c.role)
        .where(respondents.c.assessment_id == source_id)
        .order_by(respondents.c.id)
    ).all()
    if same_name_only:
        candidates = [row for row in candidates if str(row.name).lower() == name.lower()]
    chosen = prefill_match(name, role.value, [(row.name, row.role) for row in candidates])
    return None if chosen is None else int(candidates[chosen].id)


@writes
def add_respondent(
    session: Session,
    *,
    assessment_id: int,
    name: str,
    role: Role,
    prefill_from_latest: bool = False,
    anonymous: bool = False,
    prefill_same_name_only: bool = False,
) -> Respondent:
    """Add a person to an assessment; names are unique within one assessment (ignoring case).

    Pre-filling (`prefill_from_latest=True`) follows one rule. The source assessment is the one
    this assessment carried forward from (`start_assessment(..., carry_forward=True)`), else the
    organisation's latest completed assessment before this period. In it, the respondent with
    the same name (ignoring case) is used or, failing that, the first respondent with the same
    role. Their answers to questions this assessment still asks are copied, each marked
    `needs_reconfirm` until the new respondent saves it again. With no source or no match the
    respondent starts empty.

    `anonymous` marks a respondent answering through an anonymous link: `name` is then a neutral
    label. With `prefill_same_name_only` (personal links, where nobody may see another person's
    answers) only the earlier respondent of the same name is a source, never one of the same
    role; an anonymous respondent is never pre-filled.
    """
    clean = naming.check_name(name, what=RESPONDENT_NAME)
    row = session.execute(
        select(assessments).where(assessments.c.id == assessment_id)
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"There is no assessment with id {assessment_id}.")
    taken = session.execute(
        select(respondents.c.name).where(
            respondents.c.assessment_id == assessment_id,
            func.lower(respondents.c.name) == clean.lower(),
        )
    ).first()
    if taken is not None:
        raise ValidationProblem(f"This assessment already has a respondent called '{taken[0]}'.")
    now = now_utc()
    respondent_id = int(
        session.execute(
            insert(respondents)
            .values(
                assessment_id=assessment_id,
                name=clean,
                role=Role(role).value,
                created_at=now,
                anonymous=anonymous,
            )
            .returning(respondents.c.id)
        ).scalar_one()
    )
    given: dict[str, Answer] = {}
    if prefill_from_latest and not anonymous:
        source = _prefill_source(
            session,
            assessment_row=row,
            name=clean,
            role=Role(role),
            same_name_only=prefill_same_name_only,
        )
        if source is not None:
            asked = stored_questionnaire(session, row.questionnaire_row_id)
            earlier = session.execute(
                select(answers).where(answers.c.respondent_id == source)
            ).all()
            for previous in earlier:
                if asked.has_question(previous.question_id):
                    answer = answer_from_row(previous).model_copy(
                        update={"needs_reconfirm": True, "updated_at": now}
                    )
                    given[answer.question_id] = answer
            if given:
                session.execute(
                    insert(answers),
                    [answer_values(respondent_id, a, now=now) for a in given.values()],
                )
    return Respondent(
        id=respondent_id, name=clean, role=Role(role), answers=given, anonymous=anonymous
    )


_people = respondents
"""The respondents table, by a name that `add_respondents`' own argument does not hide."""


@writes
def add_respondents(
    session: Session, *, assessment_id: int, respondents: Sequence[Respondent]
) -> list[Respondent]:
    """Add several people with their answers to an assessment, all in one transaction.

    For entering a paper round or a spreadsheet at once: either every respondent and answer is
    kept or, when one is refused (an empty or repeated name, a question this assessment does
    not ask), nothing is. Answers are saved as given, confirmed; a completed assessment's score
    snapshot is refreshed. Returns the respondents with their new ids, in the order given.
    """
    now = now_utc()
    new_ids, clean_names = _write_people(session, assessment_id, respondents, now)
    # The answers were validated when they were made; only the two stored fields change.
    answer = trusted_factory(Answer)
    person_with = trusted_factory(Respondent)
    stored = {"needs_reconfirm": False, "updated_at": now}
    return [
        person_with(
            id=new_id,
            name=clean,
            role=Role(person.role),
            answers={qid: answer(**(a.__dict__ | stored)) for qid, a in person.answers.items()},
            anonymous=person.anonymous,
            finished_at=None,
        )
        for new_id, clean, person in zip(new_ids, clean_names, respondents, strict=True)
    ]


@writes
def write_respondents(
    session: Session, *, assessment_id: int, respondents: Sequence[Respondent]
) -> list[int]:
    """`add_respondents` for callers that keep nothing but the new ids (an import of thousands,
    the demo): the same checks and the same rows, without building the stored objects again."""
    new_ids, _names = _write_people(session, assessment_id, respondents, now_utc())
    return new_ids


def _write_people(
    session: Session, assessment_id: int, people: Sequence[Respondent], now: datetime
) -> tuple[list[int], list[str]]:
    """Check and write the people and their answers (confirmed, saved at `now`); refresh a
    completed assessment's snapshot. Their new ids and cleaned names, in the order given."""
    row = session.execute(
        select(
            assessments.c.status,
            assessments.c.questionnaire_row_id,
        ).where(assessments.c.id == assessment_id)
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"There is no assessment with id {assessment_id}.")
    asked = stored_questionnaire(session, row.questionnaire_row_id)
    taken = {
        str(name).lower(): str(name)
        for name in session.execute(
            select(_people.c.name).where(_people.c.assessment_id == assessment_id)
        ).scalars()
    }
    clean_names: list[str] = []
    for person in people:
        clean = naming.check_name(person.name, what=RESPONDENT_NAME)
        if clean.lower() in taken:
            raise ValidationProblem(
                f"This assessment already has a respondent called '{taken[clean.lower()]}'."
            )
        taken[clean.lower()] = clean
        for question_id in person.answers:
            if not asked.has_question(question_id):
                raise ValidationProblem(
                    f"Question '{question_id}' is not in this assessment's questionnaire."
                )
        clean_names.append(clean)
    if not people:
        return [], []
    new_ids = [
        int(i)
        for i in session.execute(
            insert(_people).returning(_people.c.id, sort_by_parameter_order=True),
            [
                {
                    "assessment_id": assessment_id,
                    "name": clean,
                    "role": Role(person.role).value,
                    "created_at": now,
                    "anonymous": bool(person.anonymous),
                }
                for clean, person in zip(clean_names, people, strict=True)
            ],
        ).scalars()
    ]
    rows = ((i, a) for i, p in zip(new_ids, people, strict=True) for a in p.answers.values())
    insert_answers(session, rows, now=now, confirmed=True)
    if row.status == COMPLETE:
        refresh_snapshot(session, assessment_id)
    return new_ids, clean_names


@writes
def mark_finished(session: Session, *, respondent_id: int, now: datetime) -> datetime:
    """Record that a respondent said they had finished; the first time counts (kept after)."""
    row = session.execute(
        select(respondents.c.finished_at).where(respondents.c.id == respondent_id)
    ).one_or_none()
    if row is None:
        raise NotFoundError("That respondent is no longer part of this assessment.")
    if row.finished_at is not None:
        stamped = aware(row.finished_at)
        assert stamped is not None
        return stamped
    session.execute(
        update(respondents).where(respondents.c.id == respondent_id).values(finished_at=now)
    )
    return now


def respondent_names(session: Session, *, assessment_id: int) -> dict[int, str]:
    """Each respondent's name (or an anonymous respondent's label) by id, oldest first."""
    rows = session.execute(
        select(respondents.c.id, respondents.c.name)
        .where(respondents.c.assessment_id == assessment_id)
        .order_by(respondents.c.id)
    ).all()
    return {int(row.id): str(row.name) for row in rows}


def respondent_marks(
    session: Session, *, assessment_id: int
) -> dict[int, tuple[bool, datetime | None]]:
    """Each respondent's (anonymous, finished_at) by id: what the whole-assessment load leaves
    out."""
    rows = session.execute(
        select(respondents.c.id, respondents.c.anonymous, respondents.c.finished_at).where(
            respondents.c.assessment_id == assessment_id
        )
    ).all()
    return {int(row.id): (bool(row.anonymous), aware(row.finished_at)) for row in rows}
