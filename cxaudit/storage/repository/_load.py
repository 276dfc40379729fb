"""Whole assessments loaded set-based: four selects for any number of them.

Loading, history, completion and the timeline's drafts all need assessments with their
respondents, answers and actions; they are read with one select per table whatever the number
of assessments, never one query per respondent, and built without validating again what was
validated when it was saved.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlmodel import Session

from cxaudit.domain.model import (
    ActionItem,
    Assessment,
    AssessmentStatus,
    Respondent,
    Role,
)
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import NotFoundError
from cxaudit.storage.repository._convert import (
    ORGANISATION_COLUMNS,
    action_from_row,
    organisation_from_row,
    trusted_answers,
)
from cxaudit.storage.repository._questionnaires import questionnaires_by_row
from cxaudit.storage.rows import aware, stored_flags
from cxaudit.storage.tables import action_items, answers, assessments, organisations, respondents


@contextmanager
def _no_collection_pauses() -> Iterator[None]:
    """Hold off the cyclic garbage collector while thousands of objects are built at once.

    Every object built here stays alive in the result, so collecting in the middle only walks
    them again and again; the collector runs as usual once the load is over.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_assessments(
    session: Session, condition: ColumnElement[bool]
) -> list[tuple[Questionnaire, Assessment]]:
    """Every assessment matching `condition` with its respondents, answers and actions.

    Four selects whatever the number of assessments: assessments, respondents, answers, actions.
    """
    with _no_collection_pauses():
        return _load_assessments_now(session, condition)


def _load_assessments_now(
    session: Session, condition: ColumnElement[bool]
) -> list[tuple[Questionnaire, Assessment]]:
    head_rows = session.execute(
        select(
            assessments,
            *(organisations.c[name].label(f"org_{name}") for name in ORGANISATION_COLUMNS),
        )
        .join(organisations, organisations.c.id == assessments.c.organisation_id)
        .where(condition)
        .order_by(assessments.c.period_start, assessments.c.id)
    ).all()
    if not head_rows:
        return []
    ids = [row.id for row in head_rows]
    by_assessment: dict[int, list[Respondent]] = {i: [] for i in ids}
    by_respondent: dict[int, Respondent] = {}
    respondent_rows = session.execute(
        select(
            respondents.c.id,
            respondents.c.assessment_id,
            respondents.c.name,
            respondents.c.role,
            respondents.c.anonymous,
            respondents.c.finished_at,
        )
        .join(assessments, assessments.c.id == respondents.c.assessment_id)
        .where(condition)
        .order_by(respondents.c.id)
    ).all()
    for row in respondent_rows:
        respondent = Respondent.model_construct(
            id=row.id,
            name=row.name,
            role=Role(row.role),
            answers={},
            anonymous=bool(row.anonymous),
            finished_at=aware(row.finished_at),
        )
        by_assessment[row.assessment_id].append(respondent)
        by_respondent[row.id] = respondent
    answer_result = session.connection().execute(
        select(
            answers.c.respondent_id,
            answers.c.question_id,
            answers.c.value,
            answers.c.na_reason,
            answers.c.note,
            answers.c.evidence,
            answers.c.needs_reconfirm,
            answers.c.updated_at,
            answers.c.confidence,
            answers.c.unverified,
        )
        .join(respondents, respondents.c.id == answers.c.respondent_id)
        .join(assessments, assessments.c.id == respondents.c.assessment_id)
        .where(condition)
    )
    with answer_result:
        if session.get_bind().dialect.name == "sqlite":
            # Thousands of rows: fetched as the driver gives them; times are parsed below,
            # once per distinct value, rather than per row by the result's type processing.
            answer_rows: Sequence[Any] = answer_result.cursor.fetchall()
        else:
            answer_rows = answer_result.all()
    for respondent_id, answer in trusted_answers(answer_rows):
        by_respondent[respondent_id].answers[answer.question_id] = answer
    actions_by_assessment: dict[int, list[ActionItem]] = {i: [] for i in ids}
    action_rows = session.execute(
        select(action_items)
        .join(assessments, assessments.c.id == action_items.c.assessment_id)
        .where(condition)
        .order_by(action_items.c.position, action_items.c.id)
    ).all()
    for row in action_rows:
        actions_by_assessment[row.assessment_id].append(action_from_row(row, trusted=True))
    questionnaire_map = questionnaires_by_row(session, {r.questionnaire_row_id for r in head_rows})
    loaded: list[tuple[Questionnaire, Assessment]] = []
    for row in head_rows:
        organisation = organisation_from_row(row, prefix="org_")
        assessment = Assessment(
            id=row.id,
            organisation=organisation,
            period=row.period,
            questionnaire_id=row.questionnaire_id,
            questionnaire_version=row.questionnaire_version,
            questionnaire_hash=row.questionnaire_hash,
            status=AssessmentStatus(row.status),
            created_at=aware(row.created_at),
            completed_at=aware(row.completed_at),
            targets=dict(row.targets or {}),
            profile=stored_flags(row.profile),
            respondents=by_assessment[row.id],
            actions=actions_by_assessment[row.id],
        )
        loaded.append((questionnaire_map[row.questionnaire_row_id], assessment))
    return loaded


def load_one(session: Session, assessment_id: int) -> tuple[Questionnaire, Assessment]:
    """One assessment with the questionnaire it used; NotFoundError if there is none."""
    found = load_assessments(session, assessments.c.id == assessment_id)
    if not found:
        raise NotFoundError(f"There is no assessment with id {assessment_id}.")
    return found[0]
