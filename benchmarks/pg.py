"""A throwaway PostgreSQL schema for the benchmarks that need a server (`CXAUDIT_TEST_PG_URL`).

Each run gets a fresh schema on the server the tests use, dropped afterwards, and two ways in:
the SQLAlchemy URL cxaudit opens, and the libpq connection string a raw psycopg baseline opens.
Both set the same `search_path`, so they see the same tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

PG_ENV = "CXAUDIT_TEST_PG_URL"


@dataclass(frozen=True)
class PgSchema:
    """A fresh schema: the URL cxaudit opens and the conninfo raw psycopg opens."""

    url: str
    conninfo: str
    schema: str


def pg_base_url() -> str | None:
    """The server named in `CXAUDIT_TEST_PG_URL`, or None when no server is available."""
    return os.environ.get(PG_ENV) or None


@contextmanager
def pg_schema(prefix: str = "cxaudit_bench") -> Iterator[PgSchema]:
    """A fresh, empty schema on the test server, dropped on the way out."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = pg_base_url()
    if base is None:
        raise RuntimeError(f"{PG_ENV} is not set")
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    plain = url.set(drivername="postgresql").difference_update_query(["options"])
    conninfo = plain.render_as_string(hide_password=False)
    try:
        yield PgSchema(url.render_as_string(hide_password=False), conninfo, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def raw_connect(schema: PgSchema) -> object:
    """A plain psycopg connection whose search path is the schema (not autocommitting)."""
    import psycopg

    return psycopg.connect(schema.conninfo, options=f"-csearch_path={schema.schema}")
