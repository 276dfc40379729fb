"""Opening a database: the one way in, and the handle that hands out sessions.

Nothing is created at import time. `open_database` checks a SQLite file before touching it
(`cxaudit.storage.sqlite_files`), makes the engine with the settings every connection needs
(`cxaudit.storage.connect`) and brings the schema up to date (`cxaudit.storage.migrate`);
those modules' public names are importable from here too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from cxaudit.errors import StorageError
from cxaudit.storage.connect import BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS
from cxaudit.storage.connect import IMMEDIATE as IMMEDIATE
from cxaudit.storage.connect import describe_db_error, make_engine
from cxaudit.storage.connect import mask_url as mask_url
from cxaudit.storage.glance import HEAD_REVISION as HEAD_REVISION
from cxaudit.storage.migrate import MIGRATIONS_DIR as MIGRATIONS_DIR
from cxaudit.storage.migrate import current_revision, migrate, refuse_unknown
from cxaudit.storage.migrate import head_revision as head_revision
from cxaudit.storage.migrate import known_revisions as known_revisions
from cxaudit.storage.migrate import migrate_to as migrate_to
from cxaudit.storage.sqlite_files import QUICK_CHECK_LIMIT as QUICK_CHECK_LIMIT
from cxaudit.storage.sqlite_files import SQLITE_MAGIC as SQLITE_MAGIC
from cxaudit.storage.sqlite_files import backup_sqlite_file as backup_sqlite_file
from cxaudit.storage.sqlite_files import (
    create_sqlite_file,
    inspect_sqlite_file,
    make_private,
    sqlite_path,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session


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
                raise StorageError(describe_db_error(exc, self.display_url)) from exc

    def schema_revision(self) -> str | None:
        """The alembic revision the database is at."""
        with self.engine.connect() as connection:
            return current_revision(connection)

    def dispose(self) -> None:
        """Close every pooled connection (the last one checkpoints SQLite's write-ahead log)."""
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.display_url!r})"


def open_database(url: str | None = None) -> Database:
    """Open (creating and migrating as needed) the database at `url`.

    With no URL, the one in force: `CXAUDIT_DB`, else the SQLite file in the user data folder.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, DBAPIError

    from cxaudit.paths import database_url, default_db_url

    url = database_url(url) if url else default_db_url()
    display = mask_url(url)
    bad_port = (
        f"'{display}' is not a database URL: its port must be a number from 1 to 65535, "
        "as in postgresql+psycopg://user:password@host:5432/database."
    )
    try:
        parsed = make_url(url)
    except ValueError:
        raise StorageError(bad_port) from None  # `host:notaport`
    except ArgumentError:
        raise StorageError(
            f"'{display}' is not a database URL: give a SQLite file path such as "
            "~/cxaudit.db (or sqlite:////home/me/cxaudit.db), or "
            "postgresql+psycopg://user:password@host/database."
        ) from None
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise StorageError(bad_port)
    path = sqlite_path(parsed) if parsed.get_backend_name() == "sqlite" else None
    if path is not None:
        if path.exists():
            state = inspect_sqlite_file(path)
            refuse_unknown(state.revision, str(path))
            if state.is_new:
                make_private(path)
        else:
            create_sqlite_file(path)
    engine = make_engine(parsed)
    try:
        migrate(engine, path, display)
    except StorageError:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        raise StorageError(describe_db_error(exc, display)) from exc
    except Exception:
        engine.dispose()
        raise
    return Database(url=url, engine=engine, sqlite_path=path)
