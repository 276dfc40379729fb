"""Storage fixtures: real SQLite files, and a real PostgreSQL server when one is named.

Every repository test runs twice: against a SQLite file in a temporary folder and against the
PostgreSQL server in `CXAUDIT_TEST_PG_URL` (each test in a fresh schema, dropped afterwards).
Without that variable the PostgreSQL runs are skipped with the reason shown in the summary.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxaudit.domain.questionnaire import Questionnaire, load_questionnaire
from cxaudit.services import Workspace
from cxaudit.storage import Database, open_database

PG_ENV = "CXAUDIT_TEST_PG_URL"
PG_SKIP_REASON = (
    f"{PG_ENV} is not set: PostgreSQL tests need a server (.ci/run starts one and sets it)"
)


@pytest.fixture
def mini(mini_questionnaire_path: Path) -> Questionnaire:
    """The small two-area questionnaire."""
    return load_questionnaire(mini_questionnaire_path)


def _pg_schema_url(schema: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = os.environ[PG_ENV]
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search path is a fresh, empty schema."""
    if not os.environ.get(PG_ENV):
        pytest.skip(PG_SKIP_REASON)
    yield from _pg_schema_url(f"cxaudit_test_{uuid.uuid4().hex[:12]}")


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database URL: a SQLite file, then (when available) a PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'cxaudit.db'}"
        return
    if not os.environ.get(PG_ENV):
        pytest.skip(PG_SKIP_REASON)
    yield from _pg_schema_url(f"cxaudit_test_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """An open, migrated database."""
    database = open_database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    """A workspace on a fresh database, for the use-cases (import it with `db_url`)."""
    opened = Workspace(open_database(db_url))
    yield opened
    opened.close()
