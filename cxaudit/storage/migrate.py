"""Bringing a database's schema to this version of cxaudit with alembic, safely.

Every open goes through `migrate`: a database already at the newest revision is recognised with
one plain query (alembic costs about 130 ms to import); anything else is upgraded under the
write lock (an advisory lock on PostgreSQL), after a SQLite file has been copied aside. A
database written by a newer cxaudit is refused, never touched.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxaudit.errors import StorageError
from cxaudit.storage.connect import IMMEDIATE, make_engine
from cxaudit.storage.glance import HEAD_REVISION
from cxaudit.storage.sqlite_files import backup_sqlite_file

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


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


def refuse_unknown(revision: str | None, where: str) -> None:
    """Refuse a database at a schema revision this cxaudit does not know (a newer one's)."""
    if revision is not None and revision != HEAD_REVISION and revision not in known_revisions():
        raise StorageError(
            f"The database {where} was written by a newer cxaudit (schema {revision}); "
            "upgrade cxaudit to open it."
        )


def current_revision(connection: Connection) -> str | None:
    """The revision the connected database's schema is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _has_user_tables(connection: Connection) -> bool:
    from sqlalchemy import inspect

    return any(name != "alembic_version" for name in inspect(connection).get_table_names())


def migrate(engine: Engine, sqlite_path: Path | None, display_url: str) -> None:
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
                current = current_revision(connection)
                if current == head_revision():
                    return
                refuse_unknown(current, display_url)
                if sqlite_path is not None and (
                    current is not None or _has_user_tables(connection)
                ):
                    backup_sqlite_file(sqlite_path)
                command.upgrade(_alembic_config(connection), "head")
                _write_missing_snapshots(connection)
        finally:
            if engine.dialect.name == "sqlite":
                raw = connection.connection.dbapi_connection
                assert raw is not None
                raw.execute("PRAGMA foreign_keys = ON")


def _write_missing_snapshots(connection: Connection) -> None:
    """After an upgrade, in its transaction: snapshot the completed assessments kept before
    their snapshots were (question snapshots came in 0005), once, so a benchmark over hundreds
    of peers reads snapshots rather than scoring every peer from its answers each time."""
    from sqlmodel import Session

    from cxaudit.storage.repository.snapshots import write_missing_snapshots

    with Session(bind=connection) as session:
        write_missing_snapshots(session)
        session.flush()


def migrate_to(url: str, revision: str) -> None:
    """Upgrade or downgrade a database to one revision; used by tests and by support tooling."""
    from alembic import command
    from sqlalchemy.engine import make_url

    engine = make_engine(make_url(url))
    try:
        with engine.connect() as connection, connection.begin():
            current = current_revision(connection)
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
