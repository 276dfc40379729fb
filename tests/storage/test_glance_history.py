"""The first look at an organisation's history gives exactly what the services give, or nothing.

The History screen shows `history.first_view` (read-only sqlite3, no SQLAlchemy, no pydantic)
while the database is still opening, then `history.history_view` once it is open; these tests
prove the two equal on real SQLite files, drafts included, and that the look stands aside
wherever it could not say the same thing (on PostgreSQL there is no first look at all).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.dialects import sqlite as sqlite_dialect

from cxaudit.domain.compare import OVERALL
from cxaudit.services import history
from cxaudit.services.demo import load_demo
from cxaudit.services.workspace import open_workspace
from cxaudit.storage.glance_history import TIMELINE_ALL_PARAMS, TIMELINE_ALL_SQL
from cxaudit.storage.repository import history as repository_history

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("glance-history") / "demo.db"
    with open_workspace(f"sqlite:///{path}", today=TODAY) as ws:
        load_demo(ws)
    return path


def _ids(url: str) -> list[int]:
    with open_workspace(url, today=TODAY) as ws, ws.session() as session:
        from sqlalchemy import text

        return [int(row[0]) for row in session.execute(text("SELECT id FROM organisations"))]


def test_the_look_runs_the_repository_timeline_with_drafts() -> None:
    compiled = repository_history._timeline_select(True).compile(dialect=sqlite_dialect.dialect())
    names = list(compiled.positiontup or ())

    assert str(compiled) == TIMELINE_ALL_SQL
    assert names[-2:] == ["organisation_id", "organisation_id"]
    assert tuple(compiled.params[name] for name in names[:-2]) == TIMELINE_ALL_PARAMS


def test_the_overall_key_is_the_domains() -> None:
    assert history.OVERALL == OVERALL


def test_every_organisation_of_the_demo_reads_the_same(demo_file: Path) -> None:
    url = f"sqlite:///{demo_file}"
    ids = _ids(url)
    assert len(ids) >= 12
    drafts = 0
    with open_workspace(url, today=TODAY) as ws:
        for organisation_id in ids:
            expected = history.history_view(ws, organisation_id=organisation_id)
            seen = history.first_view(url, organisation_id=organisation_id)
            assert seen is not None, f"the look stood aside for organisation {organisation_id}"
            assert seen == expected
            drafts += sum(line.draft for line in seen.lines)
    assert drafts >= 1, "the demo has a draft, so drafts are compared too"


def test_a_draft_with_more_respondents_and_a_plan_reads_the_same(
    demo_file: Path, tmp_path: Path
) -> None:
    """A draft's respondents are counted and its plan tallied as the services do."""
    path = tmp_path / "copy.db"
    path.write_bytes(demo_file.read_bytes())
    with sqlite3.connect(path) as connection:
        (draft_id, organisation_id) = connection.execute(
            "SELECT id, organisation_id FROM assessments WHERE status = 'draft' LIMIT 1"
        ).fetchone()
        connection.execute(
            "INSERT INTO respondents (assessment_id, name, role, anonymous, created_at) "
            "SELECT assessment_id, 'Extra Person', role, anonymous, created_at "
            "FROM respondents WHERE assessment_id = ? LIMIT 1",
            (draft_id,),
        )
    connection.close()
    url = f"sqlite:///{path}"
    with open_workspace(url, today=TODAY) as ws:
        expected = history.history_view(ws, organisation_id=organisation_id)
    seen = history.first_view(url, organisation_id=organisation_id)
    assert seen is not None and seen == expected
    draft = next(line for line in seen.lines if line.assessment_id == draft_id)
    assert draft.draft and draft.overall is None


def test_the_look_stands_aside_where_it_cannot_say_the_same(
    demo_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "copy.db"
    path.write_bytes(demo_file.read_bytes())
    url = f"sqlite:///{path}"
    assert history.first_view(url, organisation_id=999_999) is None, "no such organisation"
    with sqlite3.connect(path) as connection:
        (organisation_id,) = connection.execute(
            "SELECT organisation_id FROM assessments WHERE status = 'complete' "
            "GROUP BY organisation_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        connection.execute(
            "DELETE FROM assessment_scores WHERE assessment_id = (SELECT min(id) FROM "
            "assessments WHERE organisation_id = ? AND status = 'complete')",
            (organisation_id,),
        )
    connection.close()
    assert history.first_view(url, organisation_id=organisation_id) is None, "must be scored"
    # Scored by the domain, the services still answer (and the screen waits for them).
    with open_workspace(url, today=TODAY) as ws:
        assert history.history_view(ws, organisation_id=organisation_id).lines


def test_no_look_at_postgresql() -> None:
    url = os.environ.get("CXAUDIT_TEST_PG_URL")
    if not url:
        pytest.skip("CXAUDIT_TEST_PG_URL is not set")
    assert history.first_view(url, organisation_id=1) is None


def test_the_look_loads_no_storage_library_or_model(demo_file: Path) -> None:
    """The History screen shows it before SQLAlchemy and the domain models load."""
    script = (
        "import json, sys\n"
        "from cxaudit.services.history import first_view\n"
        "from cxaudit.domain.spark import sparkline\n"
        "from cxaudit.domain.wording import trend_direction\n"
        f"seen = first_view('sqlite:///{demo_file}', organisation_id=1)\n"
        "assert sparkline([s for s in seen.trend[0].scores])\n"
        "assert seen is not None and seen.lines, seen\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    loaded = {name.split(".")[0] for name in json.loads(out.strip().splitlines()[-1])}
    for name in ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "textual"):
        assert name not in loaded, f"the first look at a history imported {name}"
