"""Answers: autosave of one answer at a time, and clearing one.

Autosave runs on every key press that picks a level, so it is the hottest write in the app.
Once this process knows a respondent's questionnaire, a save is one statement that checks its
own rules as it writes (`_autosave`). A save that statement cannot decide alone (the first for
a respondent, an unknown respondent, a question from elsewhere, a completed assessment whose
score snapshot must be refreshed with it), and every save inside a caller's `one_transaction`,
runs as the ordinary write here, which looks everything up and decides. Saving an answer
confirms it: its `needs_reconfirm` mark is cleared, so a carried answer becomes settled.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from cxaudit.domain.model import Answer
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import NotFoundError, StorageError, ValidationProblem
from cxaudit.storage.connect import describe_db_error
from cxaudit.storage.repository._autosave import (
    ANSWER_SET,
    KNOWN_QUESTIONNAIRES,
    remember_respondent,
    save_in_one_statement,
    save_on_engine,
)
from cxaudit.storage.repository._convert import COMPLETE, answer_values
from cxaudit.storage.repository._questionnaires import (
    PARSED,
    QUESTION_IDS,
    question_ids,
    remember_question_ids,
    stored_questionnaire,
)
from cxaudit.storage.repository._tx import in_one_transaction, now_utc, writes
from cxaudit.storage.repository.snapshots import refresh_snapshot
from cxaudit.storage.rows import trusted_factory
from cxaudit.storage.tables import answers, assessments, respondents

_saved_answer = trusted_factory(Answer)
"""Makes the answer as saved: it was validated when made; only two stored fields change."""


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


@functools.cache
def _postgres_upsert() -> Any:
    """The ordinary write's upsert, built once per process and reused with new parameters."""
    from sqlalchemy.dialects import postgresql

    statement = postgresql.insert(answers)
    return statement.on_conflict_do_update(
        index_elements=[answers.c.respondent_id, answers.c.question_id],
        set_={k: statement.excluded[k] for k in ANSWER_SET},
    )


@writes
def _save_answer_in_session(
    session: Session, respondent_id: int, answer: Answer, now: datetime
) -> None:
    """The ordinary write: look the respondent up, check the question, upsert, and refresh a
    completed assessment's score snapshot, all in one transaction."""
    context = _respondent_context(session, respondent_id)
    digest = context.questionnaire_hash
    asked = question_ids(session, row_id=context.questionnaire_row_id, digest=digest)
    if answer.question_id not in asked:
        raise ValidationProblem(
            f"Question '{answer.question_id}' is not in this assessment's questionnaire."
        )
    session.connection().execute(_postgres_upsert(), answer_values(respondent_id, answer, now=now))
    if context.status == COMPLETE:
        refresh_snapshot(session, int(context.assessment_id))
    remember_respondent(respondent_id, digest)


def _as_saved(answer: Answer, now: datetime) -> Answer:
    saved: Answer = _saved_answer(
        **(answer.__dict__ | {"needs_reconfirm": False, "updated_at": now})
    )
    return saved


def save_answer(session: Session, *, respondent_id: int, answer: Answer) -> Answer:
    """Save (or replace) one answer at once; saving clears its needs-reconfirm mark.

    A change to a completed assessment refreshes its score snapshot straight away.
    """
    now = now_utc()
    saved = _as_saved(answer, now)
    if not in_one_transaction(session) and save_in_one_statement(
        session, respondent_id, saved, now
    ):
        return saved
    _save_answer_in_session(session, respondent_id, saved, now)
    return saved


def save_answer_at_once(
    engine: Engine, *, respondent_id: int, answer: Answer, display_url: str
) -> Answer | None:
    """The autosave without a session: the one self-committing statement, straight on the
    engine. None, having written nothing, when that statement cannot decide alone; the caller
    then runs `save_answer` in a session, which checks, refreshes or refuses. A database
    failure comes out as the same one-sentence `StorageError` a session gives."""
    now = now_utc()
    saved = _as_saved(answer, now)
    try:
        written = save_on_engine(engine, respondent_id, saved, now)
    except DBAPIError as exc:
        raise StorageError(describe_db_error(exc, display_url)) from exc
    return saved if written else None


def known_questionnaire(respondent_id: int) -> Questionnaire | None:
    """The questionnaire this process last saw the respondent answer, if it still has it
    parsed; no database read. Only a hint, like the one-statement save's: whatever is decided
    from it must be confirmed by the save itself (which checks the questionnaire's hash) or,
    for a refusal, by the respondent's stored questionnaire."""
    digest = KNOWN_QUESTIONNAIRES.get(respondent_id)
    return PARSED.get(digest) if digest is not None else None


def respondent_questionnaire(session: Session, *, respondent_id: int) -> Questionnaire:
    """The questionnaire of the respondent's assessment (parsed once per process)."""
    context = _respondent_context(session, respondent_id)
    questionnaire = stored_questionnaire(session, int(context.questionnaire_row_id))
    digest = context.questionnaire_hash
    if digest not in QUESTION_IDS:
        remember_question_ids(digest, questionnaire)
    remember_respondent(respondent_id, digest)
    return questionnaire


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
