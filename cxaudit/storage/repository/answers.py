"""Answers: autosave of one answer at a time, and clearing one.

Autosave runs on every key press that picks a level, so it is the hottest write in the app. On
SQLite it goes straight through a pooled driver connection with its SQL written once (see
`_save_sqlite_fast`); elsewhere, whenever a completed assessment's snapshot must be refreshed
with it, and inside a caller's `one_transaction`, it runs as an ordinary write. Saving an
answer confirms it: its `needs_reconfirm` mark is cleared, so a carried answer becomes settled.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from cxaudit.domain.model import Answer
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import NotFoundError, StorageError, ValidationProblem
from cxaudit.storage.repository._convert import (
    ANSWER_COLUMNS,
    COMPLETE,
    answer_values,
    value_text,
)
from cxaudit.storage.repository._questionnaires import (
    QUESTION_IDS,
    parse_stored,
    question_ids,
    remember_question_ids,
    stored_questionnaire,
)
from cxaudit.storage.repository._sqlite import driver_error, sqlite_utc_text
from cxaudit.storage.repository._tx import (
    LOCK_RETRIES,
    STAYED_BUSY,
    back_off,
    in_one_transaction,
    is_lock_error,
    now_utc,
    writes,
)
from cxaudit.storage.repository.snapshots import refresh_snapshot
from cxaudit.storage.rows import trusted_factory
from cxaudit.storage.tables import answers, assessments, questionnaires, respondents


def _respondent_context(session: Session, respondent_id: int) -> Any:
    """The respondent's assessment, its status and questionnaire; NotFoundError if unknown."""
    row = session.execute(
        select(
            respondents.c.id,
            respondents.c.assessment_id,
            assessments.c.status,
            assessments.c.questionnaire_row_id,
            assessments.c.questionnaire_hash,
        )
        .join(assessments, assessments.c.id == respondents.c.assessment_id)
        .where(respondents.c.id == respondent_id)
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"There is no respondent with id {respondent_id}.")
    return row


_ANSWER_SET = (
    "value",
    "na_reason",
    "note",
    "evidence",
    "updated_at",
    "needs_reconfirm",
    "confidence",
    "unverified",
)

_SQLITE_CONTEXT = (
    f"SELECT r.assessment_id, a.status, a.questionnaire_row_id, a.questionnaire_hash "
    f"FROM {respondents.name} AS r JOIN {assessments.name} AS a ON a.id = r.assessment_id "
    f"WHERE r.id = ?"
)
_SQLITE_UPSERT = (
    f"INSERT INTO {answers.name} ({', '.join(ANSWER_COLUMNS)}) "
    f"VALUES ({', '.join(['?'] * len(ANSWER_COLUMNS))}) "
    f"ON CONFLICT (respondent_id, question_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _ANSWER_SET)
)
"""Autosave runs on every keystroke that picks a level, so on SQLite its two statements are
written once here and run straight on the driver: no statement building or compiling per save."""

_SQLITE_QUESTIONNAIRE = (
    f"SELECT questionnaire_id, version, content FROM {questionnaires.name} WHERE id = ?"
)


@functools.cache
def _postgres_upsert() -> Any:
    """The PostgreSQL upsert, built once per process and reused with new parameters."""
    from sqlalchemy.dialects import postgresql

    statement = postgresql.insert(answers)
    return statement.on_conflict_do_update(
        index_elements=[answers.c.respondent_id, answers.c.question_id],
        set_={k: statement.excluded[k] for k in _ANSWER_SET},
    )


def _save_sqlite_fast(session: Session, respondent_id: int, answer: Answer, now: datetime) -> bool:
    """Save one answer on SQLite straight through a pooled driver connection.

    One `BEGIN IMMEDIATE` transaction holds a lookup of the respondent and the upsert, and
    commits at once; a lock that outlasts the busy timeout is retried with backoff like every
    other write. Returns False, having written nothing, when the assessment is complete: its
    score snapshot must be refreshed in the same transaction, which the general path does.
    """
    import sqlite3

    if session.in_transaction():
        # Whatever was read before belongs to an older snapshot; start afresh.
        session.commit()
    bind = session.get_bind()
    if not isinstance(bind, Engine):
        return False
    pooled = bind.raw_connection()
    try:
        driver = pooled.driver_connection
        assert driver is not None
        for attempt in range(LOCK_RETRIES + 1):
            statement: str = "BEGIN IMMEDIATE"
            params: Sequence[Any] = ()
            try:
                driver.execute(statement)
                try:
                    statement, params = _SQLITE_CONTEXT, (respondent_id,)
                    context = driver.execute(statement, params).fetchone()
                    if context is None:
                        raise NotFoundError(f"There is no respondent with id {respondent_id}.")
                    _assessment_id, status, row_id, digest = context
                    if status == COMPLETE:
                        return False
                    asked = QUESTION_IDS.get(digest)
                    if asked is None:
                        statement, params = _SQLITE_QUESTIONNAIRE, (row_id,)
                        stored = driver.execute(statement, params).fetchone()
                        parsed = parse_stored(stored[0], stored[1], json.loads(stored[2]))
                        asked = remember_question_ids(digest, parsed)
                    if answer.question_id not in asked:
                        raise ValidationProblem(
                            f"Question '{answer.question_id}' is not in this assessment's "
                            "questionnaire."
                        )
                    statement = _SQLITE_UPSERT
                    params = (
                        respondent_id,
                        answer.question_id,
                        value_text(answer.value),
                        answer.na_reason,
                        answer.note,
                        answer.evidence,
                        sqlite_utc_text(now),
                        0,
                        answer.confidence.value,
                        answer.unverified,
                    )
                    driver.execute(statement, params)
                    statement, params = "COMMIT", ()
                    driver.execute(statement)
                    return True
                finally:
                    if driver.in_transaction:
                        driver.execute("ROLLBACK")
            except sqlite3.Error as exc:
                wrapped = driver_error(statement, params, exc)
                if not isinstance(wrapped, OperationalError) or not is_lock_error(wrapped):
                    raise wrapped from exc
                if attempt == LOCK_RETRIES:
                    raise wrapped from exc
                back_off(attempt)
        raise StorageError(STAYED_BUSY)
    finally:
        pooled.close()


def _save_other(session: Session, respondent_id: int, answer: Answer, now: datetime) -> Any:
    context = _respondent_context(session, respondent_id)
    assessment_id, status = context.assessment_id, context.status
    asked = question_ids(
        session, row_id=context.questionnaire_row_id, digest=context.questionnaire_hash
    )
    if answer.question_id not in asked:
        raise ValidationProblem(
            f"Question '{answer.question_id}' is not in this assessment's questionnaire."
        )
    session.connection().execute(_postgres_upsert(), answer_values(respondent_id, answer, now=now))
    return assessment_id, status


@writes
def _save_answer_in_session(
    session: Session, respondent_id: int, answer: Answer, now: datetime
) -> None:
    assessment_id, status = _save_other(session, respondent_id, answer, now)
    if status == COMPLETE:
        refresh_snapshot(session, int(assessment_id))


def save_answer(session: Session, *, respondent_id: int, answer: Answer) -> Answer:
    """Save (or replace) one answer at once; saving clears its needs-reconfirm mark.

    A change to a completed assessment refreshes its score snapshot straight away.
    """
    now = now_utc()
    # The answer was validated when it was made; only the two stored fields change.
    saved: Answer = trusted_factory(Answer)(
        **(answer.__dict__ | {"needs_reconfirm": False, "updated_at": now})
    )
    if (
        session.get_bind().dialect.name == "sqlite"
        and not in_one_transaction(session)
        and _save_sqlite_fast(session, respondent_id, saved, now)
    ):
        return saved
    _save_answer_in_session(session, respondent_id, saved, now)
    return saved


def respondent_questionnaire(session: Session, *, respondent_id: int) -> Questionnaire:
    """The questionnaire of the respondent's assessment (parsed once per process)."""
    context = _respondent_context(session, respondent_id)
    return stored_questionnaire(session, int(context.questionnaire_row_id))


@writes
def clear_answer(session: Session, *, respondent_id: int, question_id: str) -> None:
    """Remove a respondent's answer to one question (it becomes unanswered)."""
    context = _respondent_context(session, respondent_id)
    session.execute(
        delete(answers).where(
            answers.c.respondent_id == respondent_id, answers.c.question_id == question_id
        )
    )
    if context.status == COMPLETE:
        refresh_snapshot(session, int(context.assessment_id))
