"""Whole assessments loaded set-based: four selects for any number of them.

Loading, history, completion and the timeline's drafts all need assessments with their
respondents, answers and actions. They are read with one select per table (per
`IDS_PER_SELECT` assessments), never one query per respondent: the assessments with their
organisation and questionnaire hash, then the respondents, answers and actions of those
assessments, in the session's transaction, built without validating again what was validated
when it was saved.

An organisation's record is thousands of answers, so its selects are built once per process,
an answer's two marks and confidence come back as one number, and rows are taken as the driver
gives them: `_convert` reads both drivers' forms (SQLite hands back times as text, PostgreSQL
typed values), so SQLite and PostgreSQL go through this one path.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, case, select
from sqlalchemy.engine import Connection
from sqlmodel import Session

from cxaudit.domain.model import (
    ActionItem,
    Answer,
    Assessment,
    AssessmentStatus,
    Confidence,
    Respondent,
)
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import NotFoundError
from cxaudit.storage.repository._convert import (
    ACTION_COLUMNS,
    LOADED_ANSWER_COLUMNS,
    MARK_OF_RECONFIRM,
    MARK_OF_UNVERIFIED,
    MARKS_OF_CONFIDENCE,
    ORGANISATION_COLUMNS,
    RESPONDENT_COLUMNS,
    STATUSES,
    action_fields,
    fill_answers,
    respondent_fields,
    trusted_organisation,
)
from cxaudit.storage.repository._questionnaires import PARSED, questionnaires_by_row
from cxaudit.storage.rows import (
    build_trusted,
    stored_flags,
    stored_moment,
    stored_targets,
    trusted_factory,
)
from cxaudit.storage.tables import (
    action_items,
    answers,
    assessments,
    organisations,
    questionnaires,
    respondents,
)

IDS_PER_SELECT = 500
"""Assessments whose respondents, answers and actions are read by one select (a driver takes a
limited number of parameters)."""


@contextmanager
def _no_collection_pauses() -> Iterator[None]:
    """Hold off the cyclic garbage collector while thousands of objects are built at once, then
    file them with the long-lived objects.

    Every object built here stays alive in the result, so collecting in the middle only walks
    them again and again, and the young generation's next collection would walk them all once
    more only to find them alive. `gc.freeze()` then `gc.unfreeze()` moves every tracked object
    to the oldest generation in one step, walking none; a full collection still finds any
    garbage there. Skipped when the process keeps objects frozen (unfreezing would let them go).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


_HEAD_COLUMNS = (
    "id",
    "period",
    "questionnaire_id",
    "questionnaire_version",
    "questionnaire_hash",
    "status",
    "created_at",
    "completed_at",
    "targets",
    "profile",
    "questionnaire_row_id",
)


def head_select(condition: ColumnElement[bool]) -> Select[Any]:
    """The assessments matching `condition`, by period start, with their questionnaire's
    content hash and their organisation's columns (`ORGANISATION_COLUMNS`), in that order."""
    return (
        select(
            *(assessments.c[name] for name in _HEAD_COLUMNS),
            questionnaires.c.content_hash,
            *(organisations.c[name] for name in ORGANISATION_COLUMNS),
        )
        .select_from(
            assessments.join(
                organisations, organisations.c.id == assessments.c.organisation_id
            ).join(questionnaires, questionnaires.c.id == assessments.c.questionnaire_row_id)
        )
        .where(condition)
        .order_by(assessments.c.period_start, assessments.c.id)
    )


@functools.cache
def _part_selects() -> tuple[Select[Any], Select[Any], Select[Any]]:
    """The respondents, answers and actions of the assessments in the `ids` parameter."""
    ids: Any = bindparam("ids", expanding=True)
    of_respondents = (
        select(*(respondents.c[name] for name in RESPONDENT_COLUMNS))
        .where(respondents.c.assessment_id.in_(ids))
        .order_by(respondents.c.id)
    )
    of_answers = (
        select(*(answers.c[name] for name in LOADED_ANSWER_COLUMNS), _answer_marks())
        .join(respondents, respondents.c.id == answers.c.respondent_id)
        .where(respondents.c.assessment_id.in_(ids))
    )
    of_actions = (
        select(*(action_items.c[name] for name in ACTION_COLUMNS))
        .where(action_items.c.assessment_id.in_(ids))
        .order_by(action_items.c.position, action_items.c.id)
    )
    return of_respondents, of_answers, of_actions


def _answer_marks() -> ColumnElement[int]:
    """The sum of an answer's marks (`_convert.MARKED` reads it back)."""
    confidence = answers.c.confidence
    medium = MARKS_OF_CONFIDENCE[Confidence.MEDIUM]
    return (
        case((answers.c.needs_reconfirm, MARK_OF_RECONFIRM), else_=0)
        + case((answers.c.unverified, MARK_OF_UNVERIFIED), else_=0)
        + case(
            *((confidence == sure.value, mark) for sure, mark in MARKS_OF_CONFIDENCE.items()),
            else_=medium,
        )
    ).label("marks")


def _driver_rows(
    connection: Connection, statement: Select[Any], params: Mapping[str, Any]
) -> Sequence[Sequence[Any]]:
    """The rows of `statement` as the driver gives them (SQLAlchemy compiles the statement once
    per process and runs it in the session's transaction; its per-value processing is skipped,
    as `_convert` reads the driver's values)."""
    result = connection.execute(statement, dict(params))
    with result:
        rows: Sequence[Sequence[Any]] = result.cursor.fetchall()
    return rows


def load_assessments(
    session: Session, condition: ColumnElement[bool]
) -> list[tuple[Questionnaire, Assessment]]:
    """Every assessment matching `condition` with its respondents, answers and actions.

    Four selects whatever the number of assessments: assessments, respondents, answers, actions.
    """
    return load_selected(session, head_select(condition), {})


def load_selected(
    session: Session, statement: Select[Any], params: Mapping[str, Any]
) -> list[tuple[Questionnaire, Assessment]]:
    """The assessments `statement` (a `head_select`, run with `params`) reads, each whole, with
    the questionnaire it used."""
    with _no_collection_pauses():
        return _load_now(session, statement, params)


def _load_now(
    session: Session, statement: Select[Any], params: Mapping[str, Any]
) -> list[tuple[Questionnaire, Assessment]]:
    connection = session.connection()
    heads = _driver_rows(connection, statement, params)
    if not heads:
        return []
    ids = [row[0] for row in heads]
    respondents_of: dict[int, list[Respondent]] = {i: [] for i in ids}
    actions_of: dict[int, list[ActionItem]] = {i: [] for i in ids}
    answers_of: dict[int, dict[str, Answer]] = {}
    of_respondents, of_answers, of_actions = _part_selects()
    for start in range(0, len(ids), IDS_PER_SELECT):
        chosen = {"ids": ids[start : start + IDS_PER_SELECT]}
        rows = _driver_rows(connection, of_respondents, chosen)
        for row, respondent in zip(
            rows, build_trusted(Respondent, [respondent_fields(row) for row in rows]), strict=True
        ):
            respondents_of[row[1]].append(respondent)
            answers_of[row[0]] = respondent.answers
        fill_answers(_driver_rows(connection, of_answers, chosen), answers_of)
        rows = _driver_rows(connection, of_actions, chosen)
        for row, item in zip(
            rows, build_trusted(ActionItem, [action_fields(row) for row in rows]), strict=True
        ):
            actions_of[row[1]].append(item)
    by_row: dict[int, Questionnaire] = {}
    unparsed: set[int] = set()
    for row in heads:
        cached = PARSED.get(row[11])
        if cached is not None:
            by_row[row[10]] = cached
        else:
            unparsed.add(row[10])
    if unparsed:
        by_row.update(questionnaires_by_row(session, unparsed))
    make_assessment = trusted_factory(Assessment)
    loaded: list[tuple[Questionnaire, Assessment]] = []
    for row in heads:
        assessment_id, status = row[0], row[5]
        assessment = make_assessment(
            id=assessment_id,
            organisation=trusted_organisation(row[12:]),
            period=row[1],
            questionnaire_id=row[2],
            questionnaire_version=row[3],
            questionnaire_hash=row[4],
            status=STATUSES.get(status) or AssessmentStatus(status),
            created_at=stored_moment(row[6]),
            completed_at=stored_moment(row[7]),
            targets=stored_targets(row[8]),
            respondents=respondents_of[assessment_id],
            actions=actions_of[assessment_id],
            profile=stored_flags(row[9]),
        )
        loaded.append((by_row[row[10]], assessment))
    return loaded


def load_one(session: Session, assessment_id: int) -> tuple[Questionnaire, Assessment]:
    """One assessment with the questionnaire it used; NotFoundError if there is none."""
    found = load_assessments(session, assessments.c.id == assessment_id)
    if not found:
        raise NotFoundError(f"There is no assessment with id {assessment_id}.")
    return found[0]
