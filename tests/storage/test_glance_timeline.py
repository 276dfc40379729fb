"""The first look at one organisation's timeline: the repository's own query, or nothing.

`cxaudit history` reads a trusted SQLite file through `glance_timeline` without SQLAlchemy;
it must run exactly the timeline select the repository runs, and stand aside whenever it
could not say what the repository would (tests/cli/test_listing_fast_path.py compares what the
two print).
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from sqlalchemy.dialects import sqlite as sqlite_dialect

from cxaudit.services import Workspace
from cxaudit.services.demo import load_demo
from cxaudit.storage import open_database
from cxaudit.storage.glance import TIMELINE_PARAMS, TIMELINE_SQL, glance_timeline
from cxaudit.storage.repository import history

TODAY = date(2026, 11, 23)


def test_the_first_look_runs_the_repository_timeline_sql() -> None:
    compiled = history._timeline_select(False).compile(dialect=sqlite_dialect.dialect())
    names = list(compiled.positiontup or ())

    assert str(compiled) == TIMELINE_SQL
    assert names[-2:] == ["organisation_id", "organisation_id"]
    assert tuple(compiled.params[name] for name in names[:-2]) == TIMELINE_PARAMS


def test_no_first_look_without_every_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    db = open_database(f"sqlite:///{path}")
    load_demo(Workspace(db), today=TODAY)
    db.dispose()
    url = f"sqlite:///{path}"
    seen = glance_timeline(url, ref="northwind-energy")
    assert seen is not None and len(seen.records) > 1

    with sqlite3.connect(path) as connection:
        connection.execute(
            "DELETE FROM assessment_scores WHERE assessment_id = (SELECT min(a.id) FROM "
            "assessments AS a JOIN organisations AS o ON o.id = a.organisation_id "
            "WHERE o.slug = 'northwind-energy' AND a.status = 'complete')"
        )
    connection.close()

    assert glance_timeline(url, ref="northwind-energy") is None, "the domain must score it"
    assert glance_timeline(url, ref="harbour-health-clinics") is not None
