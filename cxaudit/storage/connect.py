"""Engines with the settings every connection needs, and database failures told in one sentence.

Kept apart from opening and migrating a database because the repository and the migrations
use it too: the repository to take SQLite's write lock up front (`IMMEDIATE`), the migrations
to reach a database at any revision. SQLAlchemy is imported only when an engine is made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxaudit.errors import StorageError

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy.engine import URL, Connection, Engine

BUSY_TIMEOUT_MS = 10_000
"""How long a SQLite connection waits for another writer before giving up."""

IMMEDIATE = "cxaudit_immediate"
"""Execution option: begin the SQLite transaction with `BEGIN IMMEDIATE` (take the write lock
first), so a write never fails half-way because another process wrote in between."""


def mask_url(url: str | URL) -> str:
    """The URL with its password replaced by `***`, safe to print or log."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        # Shown as typed unless it may hold a password (user:password@… or password=…).
        text = str(url)
        return "(an unreadable database URL)" if "@" in text or "=" in text else text


def _sqlite_on_connect(in_memory: bool) -> Any:
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Take transaction control away from the driver: SQLAlchemy's "begin" event below emits
        # BEGIN itself, so reads are consistent and writes can take the lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
            if not in_memory and (mode is None or str(mode[0]).lower() != "wal"):
                raise StorageError(
                    "The database could not switch to write-ahead logging, which cxaudit needs "
                    "to save answers safely; check that its folder is writable."
                )
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    return on_connect


def _sqlite_on_begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(IMMEDIATE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: URL) -> Engine:
    """An engine for a SQLite file (with its pragmas and explicit BEGIN) or a PostgreSQL server."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import StaticPool

    backend = url.get_backend_name()
    if backend == "sqlite":
        in_memory = url.database in (None, "", ":memory:")
        kwargs: dict[str, Any] = {
            "connect_args": {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        }
        if in_memory:
            kwargs["poolclass"] = StaticPool
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect(in_memory))
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    if backend == "postgresql":
        return create_engine(url, pool_pre_ping=True)
    raise StorageError(
        f"cxaudit cannot use a '{backend}' database: use a SQLite file or "
        "postgresql+psycopg://user:password@host/database."
    )


def describe_db_error(exc: BaseException, display_url: str) -> str:
    """One sentence saying what went wrong with the database, for the person using cxaudit."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return (
            "The database is busy with another cxaudit for longer than expected; "
            "nothing was lost, try again in a moment."
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return f"The database {display_url} is damaged; restore it from a backup."
    if "readonly" in text or "read-only" in text or "read only" in text:
        return f"The database {display_url} is read-only, so nothing can be saved to it."
    if "connect" in text and ("fail" in text or "refused" in text or "timeout" in text):
        return (
            f"cxaudit could not connect to the database {display_url}; check that the server "
            "is running and that the URL, user and password are right."
        )
    if "disk" in text and "full" in text:
        return "The disk holding the database is full; free some space and try again."
    kind = type(getattr(exc, "orig", exc)).__name__
    return f"The database {display_url} could not complete a request ({kind})."
