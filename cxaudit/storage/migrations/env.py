"""Alembic environment: runs on the connection `open_database` hands over.

cxaudit builds its alembic configuration in code, so no `alembic.ini` is needed at run time.
For developers, `alembic -x url=sqlite:///dev.db revision --autogenerate` also works: with no
connection handed over, one is made from the `url` argument.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

from cxaudit.storage.tables import metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Migrate over the connection given in the config, or one made from `-x url=…`."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url")
    if not url:
        raise SystemExit("pass the database with: alembic -x url=sqlite:///path.db …")
    engine = create_engine(url)
    with engine.begin() as new_connection:
        _run(new_connection)
    engine.dispose()


run_migrations_online()
