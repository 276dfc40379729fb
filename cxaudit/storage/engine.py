"""Opening a database: the engine factory, the SQLite safety checks and automatic migrations.

Nothing is created at import time. `open_database` is the one way in: it checks a SQLite file
before touching it (a damaged, foreign, read-only or newer file is refused with one sentence
and left byte-for-byte as it was), copies an existing file aside before migrating it, sets the
pragmas every SQLite connection needs and brings the schema up to date with alembic.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from cxaudit.errors import StorageError
from cxaudit.storage.glance import HEAD_REVISION as HEAD_REVISION

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection, Engine
    from sqlmodel import Session

BUSY_TIMEOUT_MS = 10_000
"""How long a SQLite connection waits for another writer before giving up."""

IMMEDIATE = "cxaudit_immediate"
"""Execution option: begin the SQLite transaction with `BEGIN IMMEDIATE` (take the write lock
first), so a write never fails half-way because another process wrote in between."""

SQLITE_MAGIC = b"SQLite format 3\x00"
QUICK_CHECK_LIMIT = 32 * 1024 * 1024
"""Files up to this size get a full `PRAGMA quick_check` before they are opened; larger ones
(benchmark-sized portfolios) get the cheaper header and schema checks only, so opening stays
fast. Damage found later still surfaces as a `StorageError`."""

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def mask_url(url: str | URL) -> str:
    """The URL with its password replaced by `***`, safe to print or log."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        # Shown as typed unless it may hold a password (user:password@… or password=…).
        text = str(url)
        return "(an unreadable database URL)" if "@" in text or "=" in text else text


def _now_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _alembic_config(connection: Connection | None = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _is_at_head(engine: Engine) -> bool:
    """Whether the schema is already current, read with one plain query and no alembic import."""
    from sqlalchemy import inspect

    with engine.connect() as connection:
        if "alembic_version" not in inspect(connection).get_table_names():
            return False
        row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return row is not None and row[0] == HEAD_REVISION


def head_revision() -> str:
    """The schema revision this cxaudit writes."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None, "cxaudit ships at least one migration"
    return head


def known_revisions() -> set[str]:
    """Every schema revision this cxaudit knows how to read or upgrade."""
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


# --------------------------------------------------------------------------------------------
# SQLite files: checked read-only before anything may write to them
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _FileState:
    """What a read-only look at a SQLite file found."""

    is_new: bool
    revision: str | None
    has_tables: bool


def _is_marked_read_only(path: Path) -> bool:
    # Mode bits as well as access(): root may write anything, but a file or folder someone
    # marked read-only is a clear statement that cxaudit must not change it.
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


def _read_only_connect(path: Path) -> sqlite3.Connection:
    """A read-only connection that leaves the folder exactly as it was.

    A WAL-mode file opened read-only still gets empty `-wal`/`-shm` files created beside it;
    with no `-wal` present there is nothing uncommitted to read, so the file is opened as
    immutable, which creates nothing and takes no locks.
    """
    wal = path.with_name(f"{path.name}-wal")
    options = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    return sqlite3.connect(f"file:{quote(str(path))}?{options}", uri=True, timeout=10)


def _inspect_sqlite_file(path: Path) -> _FileState:
    """Look at an existing SQLite file without changing a byte of it."""
    where = str(path)
    if path.is_dir():
        raise StorageError(f"{where} is a folder, not a database file.")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StorageError(f"The database {where} cannot be read ({exc.strerror}).") from None
    if not header:
        return _FileState(is_new=True, revision=None, has_tables=False)
    if not header.startswith(SQLITE_MAGIC):
        raise StorageError(f"{where} is not a cxaudit database (it is not a SQLite file).")
    if _is_marked_read_only(path) or _is_marked_read_only(path.parent):
        folder = path.parent if not _is_marked_read_only(path) else None
        what = f"its folder {folder}" if folder is not None else "the file"
        raise StorageError(
            f"The database {where} cannot be opened because {what} is read-only; "
            "cxaudit saves every answer as it is given, so it needs write access."
        )
    try:
        with closing(_read_only_connect(path)) as con:
            if path.stat().st_size <= QUICK_CHECK_LIMIT:
                verdict = con.execute("PRAGMA quick_check").fetchone()
                if verdict is None or verdict[0] != "ok":
                    raise sqlite3.DatabaseError("quick_check failed")
            names = {row[0] for row in con.execute("SELECT name FROM sqlite_master")}
            revision: str | None = None
            if "alembic_version" in names:
                row = con.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except sqlite3.DatabaseError:
        raise StorageError(
            f"The database {where} is damaged and cannot be opened; restore it from a backup "
            f"(cxaudit keeps copies named {path.name}.backup-… next to it)."
        ) from None
    user_tables = {n for n in names if not n.startswith("sqlite_")}
    if user_tables and revision is None and user_tables != {"alembic_version"}:
        raise StorageError(f"{where} is a SQLite file but not a cxaudit database.")
    if revision is not None and revision != HEAD_REVISION and revision not in known_revisions():
        raise StorageError(
            f"The database {where} was written by a newer cxaudit (schema {revision}); "
            "upgrade cxaudit to open it."
        )
    return _FileState(is_new=False, revision=revision, has_tables=bool(user_tables))


def _create_sqlite_file(path: Path) -> None:
    """Create an empty database file only its owner can read (mode 0600)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise StorageError(
            f"The database {path} cannot be created ({exc.strerror or exc}); "
            "choose a folder you can write to with --db or CXAUDIT_DB."
        ) from None
    os.close(fd)


def backup_sqlite_file(path: Path) -> Path:
    """Copy the database to `<name>.backup-<UTC timestamp>` (mode 0600) and return the copy.

    SQLite's online backup is used rather than a byte copy, so committed changes still in the
    write-ahead log are part of the copy.
    """
    target = path.with_name(f"{path.name}.backup-{_now_stamp()}")
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        with closing(_read_only_connect(path)) as source, closing(sqlite3.connect(target)) as dest:
            source.backup(dest)
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise StorageError(
            f"cxaudit could not back up {path} before upgrading it ({exc})."
        ) from None
    return target


# --------------------------------------------------------------------------------------------
# Engines
# --------------------------------------------------------------------------------------------


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


def _make_engine(url: URL) -> Engine:
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


def _current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _has_user_tables(connection: Connection) -> bool:
    from sqlalchemy import inspect

    return any(name != "alembic_version" for name in inspect(connection).get_table_names())


def _migrate(engine: Engine, sqlite_path: Path | None, display_url: str) -> None:
    """Bring the schema to the head revision, under the write lock, backing up first."""
    # A schema never moves backwards, so a database already at head needs neither the lock nor
    # alembic; anything else is decided again under the lock below.
    if _is_at_head(engine):
        return
    from alembic import command

    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection = connection.execution_options(**{IMMEDIATE: True})
            # Batch migrations rebuild tables; foreign keys must be off while they do.
            raw = connection.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                if engine.dialect.name == "postgresql":
                    # Two app instances starting together must not both create the tables.
                    connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7461203)")
                # Checked again under the lock: another process may have just migrated.
                current = _current_revision(connection)
                head = head_revision()
                if current == head:
                    return
                if current is not None and current not in known_revisions():
                    raise StorageError(
                        f"The database {display_url} was written by a newer cxaudit "
                        f"(schema {current}); upgrade cxaudit to open it."
                    )
                if sqlite_path is not None and (
                    current is not None or _has_user_tables(connection)
                ):
                    backup_sqlite_file(sqlite_path)
                command.upgrade(_alembic_config(connection), "head")
        finally:
            if engine.dialect.name == "sqlite":
                raw = connection.connection.dbapi_connection
                assert raw is not None
                raw.execute("PRAGMA foreign_keys = ON")


def migrate_to(url: str, revision: str) -> None:
    """Upgrade or downgrade a database to one revision; used by tests and by support tooling."""
    from alembic import command
    from sqlalchemy.engine import make_url

    engine = _make_engine(make_url(url))
    try:
        with engine.connect() as connection, connection.begin():
            current = _current_revision(connection)
            config = _alembic_config(connection)
            if current is not None and revision in _ancestors(revision=current):
                command.downgrade(config, revision)
            else:
                command.upgrade(config, revision)
    finally:
        engine.dispose()


def _ancestors(*, revision: str) -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return {s.revision for s in script.iterate_revisions(revision, "base")} - {revision}


# --------------------------------------------------------------------------------------------
# The database handle
# --------------------------------------------------------------------------------------------


def _describe_db_error(exc: BaseException, display_url: str) -> str:
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


class Database:
    """An open database: hands out short-lived sessions and knows how to describe itself."""

    def __init__(self, *, url: str, engine: Engine, sqlite_path: Path | None) -> None:
        self.url = url
        """The URL as given (it may hold a password: never print it; use `display_url`)."""
        self.display_url = mask_url(url)
        """The URL with any password shown as `***`."""
        self.engine = engine
        self.sqlite_path = sqlite_path
        """The database file, for SQLite files; None for PostgreSQL and in-memory databases."""

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        return str(self.engine.dialect.name)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A short-lived session; database failures come out as one-sentence `StorageError`s."""
        from sqlalchemy.exc import DBAPIError
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
            except DBAPIError as exc:
                session.rollback()
                raise StorageError(_describe_db_error(exc, self.display_url)) from exc

    def schema_revision(self) -> str | None:
        """The alembic revision the database is at."""
        with self.engine.connect() as connection:
            return _current_revision(connection)

    def dispose(self) -> None:
        """Close every pooled connection (the last one checkpoints SQLite's write-ahead log)."""
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.display_url!r})"


def _sqlite_file(url: URL) -> Path | None:
    database = url.database
    if database in (None, "", ":memory:") or url.query.get("mode") == "memory":
        return None
    assert database is not None
    if database.startswith("file:"):
        database = database[len("file:") :]
    return Path(database).expanduser()


def open_database(url: str | None = None) -> Database:
    """Open (creating and migrating as needed) the database at `url`.

    With no URL, the one in force: `CXAUDIT_DB`, else the SQLite file in the user data folder.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, DBAPIError

    from cxaudit.paths import database_url, default_db_url

    url = database_url(url) if url else default_db_url()
    display = mask_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StorageError(
            f"'{display}' is not a database URL: give a SQLite file path such as "
            "~/cxaudit.db (or sqlite:////home/me/cxaudit.db), or "
            "postgresql+psycopg://user:password@host/database."
        ) from None
    sqlite_path = _sqlite_file(parsed) if parsed.get_backend_name() == "sqlite" else None
    if sqlite_path is not None:
        if sqlite_path.exists():
            _inspect_sqlite_file(sqlite_path)
        else:
            _create_sqlite_file(sqlite_path)
    engine = _make_engine(parsed)
    try:
        _migrate(engine, sqlite_path, display)
    except StorageError:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        raise StorageError(_describe_db_error(exc, display)) from exc
    except Exception:
        engine.dispose()
        raise
    return Database(url=url, engine=engine, sqlite_path=sqlite_path)
