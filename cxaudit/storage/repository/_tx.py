"""Autosave's transactions: every change commits on its own, and a busy SQLite file is waited out.

Every repository function that changes something runs in its own short write transaction and
commits before it returns, so a process killed afterwards loses nothing. On SQLite the
transaction takes the write lock first (`BEGIN IMMEDIATE`), waits up to the busy timeout, and is
retried with backoff if a lock still slips through, so two app instances never show "database
is locked". The answer save's SQLite fast path follows the same retry rule with these helpers.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
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


def writes(
    fn: Callable[Concatenate[Session, _P], _T],
) -> Callable[Concatenate[Session, _P], _T]:
    """Run `fn` in its own write transaction, commit it, and retry it if SQLite was busy."""

    @functools.wraps(fn)
    def wrapper(session: Session, /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
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
