"""Autosave's transactions: every change commits on its own, and a busy SQLite file is waited out.

Every repository function that changes something runs in its own short write transaction and
commits before it returns, so a process killed afterwards loses nothing. On SQLite the
transaction takes the write lock first (`BEGIN IMMEDIATE`), waits up to the busy timeout, and is
retried with backoff if a lock still slips through, so two app instances never show "database
is locked". The answer save's SQLite fast path follows the same retry rule with these helpers.

A use-case that must be all or nothing (an import, the demo) opens `one_transaction` on its
session: every write inside joins that one transaction instead of committing on its own, and
nothing is kept unless the whole block finishes. A process killed part-way leaves the database
as it was.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from cxaudit.errors import StorageError
from cxaudit.storage.connect import IMMEDIATE

_P = ParamSpec("_P")
_T = TypeVar("_T")

LOCK_RETRIES = 12
"""How many times a write is retried when SQLite still reports a lock after its busy timeout."""

STAYED_BUSY = "The database stayed busy; nothing was lost, try again in a moment."
"""What a write says when every retry found the database locked."""

_JOINED = "cxaudit_one_transaction"
"""Session info key: the session is inside `one_transaction`; writes join it."""
_FAILED = "cxaudit_one_transaction_failed"
"""Session info key: a write inside `one_transaction` failed, so the block must not commit."""


def now_utc() -> datetime:
    """The time a change is stamped with: now, in UTC."""
    return datetime.now(UTC)


def is_lock_error(exc: OperationalError) -> bool:
    """Whether SQLite refused because another connection held the lock."""
    text = str(exc.orig).lower()
    return "locked" in text or "busy" in text


def back_off(attempt: int) -> None:
    """Wait before retrying after failed `attempt` (from 0): 20 ms doubling up to 1 s, jittered."""
    delay = min(0.02 * 2**attempt, 1.0)
    time.sleep(delay + random.uniform(0, delay))


def _begin_write(session: Session) -> None:
    """Start a write transaction; on SQLite take the write lock up front."""
    if session.in_transaction():
        # Whatever was read before belongs to an older snapshot; start afresh.
        session.commit()
    if session.get_bind().dialect.name == "sqlite":
        session.connection(execution_options={IMMEDIATE: True})


def in_one_transaction(session: Session) -> bool:
    """Whether the session is inside `one_transaction`, so a write must join it."""
    return bool(session.info.get(_JOINED))


@contextmanager
def one_transaction(session: Session) -> Iterator[Session]:
    """Hold every write made with `session` in this block to one transaction: all or nothing.

    The write lock is taken up front (on SQLite, waiting out another writer as `writes` does);
    each repository write inside joins the transaction rather than committing on its own. The
    block's end commits everything at once; an exception, or a kill, keeps none of it. A write
    that failed inside spoils the block even if its error was caught: nothing is committed.
    Opened again inside itself, it simply joins the outer one.
    """
    if in_one_transaction(session):
        yield session
        return
    for attempt in range(LOCK_RETRIES + 1):
        try:
            _begin_write(session)
            break
        except OperationalError as exc:
            session.rollback()
            if not is_lock_error(exc) or attempt == LOCK_RETRIES:
                raise
            back_off(attempt)
    session.info[_JOINED] = True
    try:
        yield session
        if session.info.get(_FAILED):
            raise StorageError(
                "A change failed part-way, so none of this command's changes were kept."
            )
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.info.pop(_JOINED, None)
        session.info.pop(_FAILED, None)


def writes(
    fn: Callable[Concatenate[Session, _P], _T],
) -> Callable[Concatenate[Session, _P], _T]:
    """Run `fn` in its own write transaction, commit it, and retry it if SQLite was busy.

    Inside `one_transaction` it joins that transaction instead: no commit, no retry.
    """

    @functools.wraps(fn)
    def wrapper(session: Session, /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        if in_one_transaction(session):
            try:
                return fn(session, *args, **kwargs)
            except BaseException:
                session.info[_FAILED] = True
                raise
        for attempt in range(LOCK_RETRIES + 1):
            try:
                _begin_write(session)
                result = fn(session, *args, **kwargs)
                session.commit()
                return result
            except OperationalError as exc:
                session.rollback()
                if not is_lock_error(exc) or attempt == LOCK_RETRIES:
                    raise
                back_off(attempt)
            except BaseException:
                session.rollback()
                raise
        raise StorageError(STAYED_BUSY)

    return wrapper
