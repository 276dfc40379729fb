"""A database written at the previous schema (0002) opens in this cxaudit with nothing lost.

The archive migration (0003) adds one column to the organisations. A database filled before
it is backed up (SQLite), upgraded, and shows every organisation, assessment, answer, plan and
kept score exactly as before, with no organisation archived.
"""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path
from typing import Any

from sqlalchemy import inspect

from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.storage import (
    Database,
    create_organisation,
    list_organisations,
    load_assessment,
    open_database,
    organisation_timeline,
)
from cxaudit.storage.engine import HEAD_REVISION, migrate_to
from tests.storage.test_timeline import _organisation_with_history

PREVIOUS = "0002_score_snapshots"


def _shown(db: Database) -> Any:
    """Every organisation as listed, and Acme's history with each assessment loaded whole."""
    with db.session() as session:
        listed = [
            (s.organisation, s.latest_period, s.latest_overall, s.assessment_count, s.archived)
            for s in list_organisations(session)
        ]
        acme = next(s.organisation.id for s in list_organisations(session) if s.assessment_count)
        assert acme is not None
        timeline = organisation_timeline(session, organisation_id=acme, include_drafts=True)
        loaded = [load_assessment(session, assessment_id=r.assessment_id) for r in timeline.records]
    return listed, timeline, loaded


def _filled_then_downgraded(url: str, mini: Questionnaire) -> Any:
    """Acme's two completed quarters and a draft, Globex empty, at the previous schema; what
    this cxaudit showed of them before the downgrade."""
    db = open_database(url)
    try:
        _organisation_with_history(db, mini)
        with db.session() as session:
            create_organisation(session, name="Globex", sector="Energy")
        shown = _shown(db)
    finally:
        db.dispose()
    migrate_to(url, PREVIOUS)
    return shown


def _reopened(url: str) -> Any:
    """What this cxaudit shows after opening (and so upgrading) the database."""
    db = open_database(url)
    try:
        assert db.schema_revision() == HEAD_REVISION
        with db.engine.connect() as connection:
            columns = {c["name"] for c in inspect(connection).get_columns("organisations")}
        assert "archived_at" in columns
        return _shown(db)
    finally:
        db.dispose()


def test_a_sqlite_file_at_the_previous_schema_is_backed_up_and_upgraded(
    tmp_path: Path, mini: Questionnaire
) -> None:
    path = tmp_path / "data" / "cxaudit.db"
    url = f"sqlite:///{path}"
    before = _filled_then_downgraded(url, mini)
    with sqlite3.connect(path) as connection:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        columns = {row[1] for row in connection.execute("PRAGMA table_info(organisations)")}
    connection.close()
    assert revision == [(PREVIOUS,)] and "archived_at" not in columns

    assert _reopened(url) == before

    (backup,) = path.parent.glob("cxaudit.db.backup-*")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with sqlite3.connect(backup) as connection:
        kept = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        names = connection.execute("SELECT name FROM organisations ORDER BY name").fetchall()
        answers = connection.execute("SELECT count(*) FROM answers").fetchone()
    connection.close()
    assert kept == [(PREVIOUS,)] and names == [("Acme",), ("Globex",)]
    assert answers == (21,)


def test_a_database_at_the_previous_schema_is_upgraded_on_every_engine(
    db_url: str, mini: Questionnaire
) -> None:
    before = _filled_then_downgraded(db_url, mini)
    assert _reopened(db_url) == before
