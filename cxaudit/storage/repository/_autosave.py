"""Autosave in one statement: a save that checks its own rules as it writes.

Autosave runs on every key press that picks a level. Once this process knows a respondent's
questionnaire (by its content hash, `KNOWN_QUESTIONNAIRES`), and the question is in it, the
save is one `INSERT … SELECT … ON CONFLICT DO UPDATE` that commits by itself: it writes only
where the respondent exists and their assessment is not complete and still has that
questionnaire. When it writes nothing, `cxaudit.storage.repository.answers` runs the ordinary
write, which looks everything up and decides (not found, not in the questionnaire, or a
completed assessment whose score snapshot is refreshed in the same transaction).

On SQLite the statement runs on a connection each engine keeps for its autosaves, so a save
checks nothing out of the pool; on PostgreSQL on a pooled connection, checked by the pool's
pre-ping, in autocommit: one round trip.
"""

from __future__ import annotations

import os
import threading
import weakref
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from cxaudit.domain.model import Answer
from cxaudit.storage.repository._convert import ANSWER_COLUMNS, COMPLETE, value_text
from cxaudit.storage.repository._questionnaires import QUESTION_IDS
from cxaudit.storage.repository._sqlite import driver_error, sqlite_utc_text
from cxaudit.storage.repository._tx import LOCK_RETRIES, back_off, is_lock_error
from cxaudit.storage.tables import answers, assessments, respondents

KNOWN_LIMIT = 4096
"""How many respondents' questionnaires a process keeps in mind (the oldest goes when full)."""

KNOWN_QUESTIONNAIRES: dict[int, str] = {}
"""The questionnaire content hash last seen for each respondent id, oldest first.

Only a hint: the one-statement save writes only where the respondent's assessment still has
this questionnaire, so a respondent deleted and its id given to someone else (SQLite may reuse
the highest id), or the same id in another database, is never checked against the wrong
questions."""

_KNOWN_LOCK = threading.Lock()
"""Saves run from several worker threads; only changes to the hints need the lock."""

ANSWER_SET = ANSWER_COLUMNS[2:]
"""The columns a save replaces when the answer is already there: all but its key."""


def _one_statement_sql(mark: str) -> str:
    """The whole save as one upsert that writes only for an existing respondent whose
    assessment is not complete and still has the questionnaire the question was checked in."""
    given = ", ".join([mark] * (len(ANSWER_COLUMNS) - 1))
    return (
        f"INSERT INTO {answers.name} ({', '.join(ANSWER_COLUMNS)}) "
        f"SELECT r.id, {given} "
        f"FROM {respondents.name} AS r JOIN {assessments.name} AS a ON a.id = r.assessment_id "
        f"WHERE r.id = {mark} AND a.status <> '{COMPLETE}' AND a.questionnaire_hash = {mark} "
        "ON CONFLICT (respondent_id, question_id) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in ANSWER_SET)
    )


_SQLITE_SAVE = _one_statement_sql("?")
"""Written once: nothing is built or compiled per save, and the driver keeps its plan."""
_POSTGRES_SAVE = _one_statement_sql("%s")
"""Written once; psycopg prepares it on the server after a few runs on one connection."""


def utc_text(moment: datetime) -> str:
    """`sqlite_utc_text`, the naive UTC text with microseconds SQLite keeps, made in a third of
    the time when the moment is already in UTC, as `now_utc` gives it (a test proves they
    agree)."""
    if moment.tzinfo is UTC:
        return moment.isoformat(" ", "microseconds")[:26]
    return sqlite_utc_text(moment)


def remember_respondent(respondent_id: int, digest: str) -> None:
    """Keep the hash of the respondent's questionnaire for their next save."""
    with _KNOWN_LOCK:
        if respondent_id not in KNOWN_QUESTIONNAIRES:
            while len(KNOWN_QUESTIONNAIRES) >= KNOWN_LIMIT:
                KNOWN_QUESTIONNAIRES.pop(next(iter(KNOWN_QUESTIONNAIRES)), None)
        KNOWN_QUESTIONNAIRES[respondent_id] = digest


class _Line:
    """A SQLite connection an engine's autosaves keep open, so a save checks nothing out.

    Taken from the engine's pool (with the pragmas every connection gets) and detached from
    it, and closed when the engine is disposed (or dropped: only the driver's connection is
    kept, which holds nothing of the engine). One save at a time uses it: a save that finds it
    busy takes an ordinary pooled connection instead.
    """

    __slots__ = ("closed", "driver", "lock")

    def __init__(self, engine: Engine) -> None:
        pooled = engine.raw_connection()
        self.driver: Any = pooled.driver_connection
        pooled.detach()
        self.lock = threading.Lock()
        self.closed = False


_LINES: weakref.WeakKeyDictionary[Engine, _Line | None] = weakref.WeakKeyDictionary()
"""Each engine's autosave connection; None where its pool must keep every connection (an
in-memory database lives and dies with its one connection)."""
_LINES_LOCK = threading.Lock()
_UNKNOWN: Any = object()
_INHERITED: list[_Line | None] = []
"""Lines a forked child inherited: never used or closed there (SQLite forbids it)."""


def _after_fork() -> None:
    """In a forked child: leave the parent's connections alone (new ones open when needed),
    and start with fresh locks, which another thread may have held at the fork."""
    global _KNOWN_LOCK, _LINES_LOCK
    _INHERITED.extend(_LINES.values())
    _LINES.clear()
    _KNOWN_LOCK, _LINES_LOCK = threading.Lock(), threading.Lock()


os.register_at_fork(after_in_child=_after_fork)


def _close_line(engine: Engine) -> None:
    """The engine was disposed: close its autosave connection with its pooled ones."""
    with _LINES_LOCK:
        line = _LINES.pop(engine, None)
    if line is not None:
        with line.lock:
            line.closed = True
            line.driver.close()


def _line(engine: Engine) -> _Line | None:
    """The engine's autosave connection, opened on first use (None: use the pool)."""
    from sqlalchemy.pool import QueuePool

    with _LINES_LOCK:
        if engine in _LINES:
            return _LINES[engine]
        line = None
        if isinstance(engine.pool, QueuePool):
            if not event.contains(engine, "engine_disposed", _close_line):
                event.listen(engine, "engine_disposed", _close_line)
            line = _Line(engine)
        _LINES[engine] = line
        return line


def _run_sqlite(driver: Any, values: tuple[Any, ...]) -> bool:
    """Run the save on a SQLite connection in autocommit mode (`cxaudit.storage.connect`): the
    statement commits by itself, having waited out another writer for the busy timeout; a
    lock that outlasts it is retried with backoff, like every other write."""
    attempt = 0
    while True:
        try:
            return bool(driver.execute(_SQLITE_SAVE, values).rowcount == 1)
        except Exception as exc:
            import sqlite3

            if not isinstance(exc, sqlite3.Error):
                raise
            if driver.in_transaction:
                driver.execute("ROLLBACK")
            wrapped = driver_error(_SQLITE_SAVE, values, exc)
            if (
                not isinstance(wrapped, OperationalError)
                or not is_lock_error(wrapped)
                or attempt == LOCK_RETRIES
            ):
                raise wrapped from exc
        back_off(attempt)
        attempt += 1


def _save_sqlite(engine: Engine, values: tuple[Any, ...]) -> bool:
    """The save on the engine's autosave connection, or on a pooled one while that is busy."""
    line = _LINES.get(engine, _UNKNOWN)
    if line is _UNKNOWN:
        line = _line(engine)
    if line is not None and line.lock.acquire(blocking=False):
        try:
            if not line.closed:  # unless the engine was disposed meanwhile
                return _run_sqlite(line.driver, values)
        finally:
            line.lock.release()
    pooled = engine.raw_connection()
    try:
        return _run_sqlite(pooled.driver_connection, values)
    finally:
        pooled.close()


def _save_postgres(engine: Engine, values: tuple[Any, ...]) -> bool:
    """The save on a pooled psycopg connection (checked by the pool's pre-ping) in autocommit:
    one round trip for the statement, where `execute` + `commit` takes three (BEGIN, the
    statement, COMMIT)."""
    import psycopg

    pooled = engine.raw_connection()
    try:
        driver: Any = pooled.driver_connection
        try:
            driver.autocommit = True
            try:
                return bool(driver.execute(_POSTGRES_SAVE, values).rowcount == 1)
            finally:
                if not driver.closed:
                    driver.autocommit = False
        except psycopg.Error as exc:
            failure: Any = exc
            if driver.closed or engine.dialect.is_disconnect(failure, driver, None):
                pooled.invalidate(exc)
            raise DBAPIError.instance(_POSTGRES_SAVE, values, exc, psycopg.Error) from exc
    finally:
        pooled.close()


def save_in_one_statement(
    session: Session, respondent_id: int, answer: Answer, now: datetime
) -> bool:
    """`save_on_engine` through a caller's session: whatever the session read before belongs
    to an older snapshot, so its transaction is ended first."""
    bind = session.bind
    if not isinstance(bind, Engine) or not can_save_alone(respondent_id, answer.question_id):
        return False
    if session.in_transaction():
        session.commit()
    return save_on_engine(bind, respondent_id, answer, now)


def can_save_alone(respondent_id: int, question_id: str) -> bool:
    """Whether this process knows the respondent's questionnaire and it holds the question."""
    digest = KNOWN_QUESTIONNAIRES.get(respondent_id)
    asked = QUESTION_IDS.get(digest) if digest is not None else None
    return asked is not None and question_id in asked


def save_on_engine(engine: Engine, respondent_id: int, answer: Answer, now: datetime) -> bool:
    """Save with one self-committing statement when this process knows the respondent's
    questionnaire and it holds the question. Returns False, having written nothing, when the
    statement cannot decide alone: the ordinary write then checks, refreshes or refuses."""
    digest = KNOWN_QUESTIONNAIRES.get(respondent_id)
    if digest is None:
        return False
    asked = QUESTION_IDS.get(digest)
    if asked is None or answer.question_id not in asked:
        return False
    name = engine.dialect.name
    stamp: Any
    if name == "sqlite":
        save, stamp = _save_sqlite, utc_text(now)
    elif name == "postgresql":
        save, stamp = _save_postgres, now
    else:
        return False
    values = (
        answer.question_id,
        value_text(answer.value),
        answer.na_reason,
        answer.note,
        answer.evidence,
        stamp,
        answer.needs_reconfirm,
        answer.confidence.value,
        answer.unverified,
        respondent_id,
        digest,
    )
    return save(engine, values)
