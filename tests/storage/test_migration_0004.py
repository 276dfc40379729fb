"""The demo database of the last release (schema 0003) opens in this cxaudit with nothing lost.

`tests/fixtures/schema_0003_demo.sql` is that release's demo database; `schema_0003_shown.json`
is what that release's own code read from it (see `release_0003`). Opened here, the file is
backed up and migrated to 0004, and every organisation's history (scores, answers with their
notes and evidence, plans) reads exactly as it did. Every answer comes out medium-confidence
and verified, and every profile is empty, so every question still applies.
"""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

from click.testing import CliRunner

from cxaudit.cli import cli
from cxaudit.domain.model import Confidence
from cxaudit.domain.scoring import score_stored
from cxaudit.storage import list_organisations, open_database, organisation_history
from cxaudit.storage.engine import HEAD_REVISION
from tests.storage.release_0003 import everything

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PREVIOUS = "0003_organisation_archive"

NORTHWIND_AS_SHOWN = """\
Northwind Energy
Period   Leadership  Process  Skills  Culture  Overall  Stage
----------------------------------------------------------------
2025-Q2        2.54     2.30    2.32     2.42     2.40  Emerging
2025-Q3        2.71     2.37    2.35     2.50     2.48  Emerging
2025-Q4        3.11     2.57    2.58     2.95     2.80  Defined
2026-Q1        3.29     2.53    2.83     2.95     2.90  Defined
2026-Q2        3.30     2.75    2.92     3.19     3.04  Defined
2026-Q3        3.45     2.91    3.14     3.58     3.27  Defined
"""
"""`cxaudit history "Northwind Energy"` as the 0003 release printed it for this file."""


def _old_file(folder: Path) -> Path:
    path = folder / "cxaudit.db"
    with sqlite3.connect(path) as connection:
        connection.executescript((FIXTURES / "schema_0003_demo.sql").read_text(encoding="utf-8"))
    connection.close()
    return path


def _revision(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        (found,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    connection.close()
    return str(found)


def test_the_last_release_s_demo_is_backed_up_migrated_and_reads_the_same(
    tmp_path: Path,
) -> None:
    path = _old_file(tmp_path)
    assert _revision(path) == PREVIOUS
    url = f"sqlite:///{path}"
    shown_then = json.loads((FIXTURES / "schema_0003_shown.json").read_text(encoding="utf-8"))

    shown_now = everything(url)

    assert _revision(path) == HEAD_REVISION == "0005_question_scores"
    (backup,) = path.parent.glob("cxaudit.db.backup-*")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert _revision(backup) == PREVIOUS
    assert sorted(shown_now) == [
        "Cedar Lane Credit Union",
        "Harbour Health Clinics",
        "Northwind Energy",
    ]
    for name, then in shown_then.items():
        assert shown_now[name] == then, name
    answers = sum(
        len(r["answers"])
        for org in shown_now.values()
        for a in org["assessments"]
        for r in a["respondents"]
    )
    assert answers > 1000  # the comparison covered the whole history, not an empty read


def test_old_answers_are_medium_and_verified_and_every_question_applies(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{_old_file(tmp_path)}")
    try:
        with database.session() as session:
            summaries = list_organisations(session, include_archived=True)
            seen = 0
            for summary in summaries:
                assert summary.organisation.profile == {}
                assert summary.organisation.id is not None
                for questionnaire, assessment in organisation_history(
                    session, organisation_id=summary.organisation.id, include_drafts=True
                ):
                    assert assessment.profile == {}
                    assert assessment.organisation.profile == {}
                    assert questionnaire.profile == () and questionnaire.evidence_from_level == 0
                    result = score_stored(questionnaire, assessment)
                    assert dict(result.not_applying) == {}
                    assert result.unverified_count == 0
                    assert not result.low_confidence_areas
                    for respondent in assessment.respondents:
                        for answer in respondent.answers.values():
                            assert answer.confidence == Confidence.MEDIUM
                            assert answer.unverified is False
                            seen += 1
    finally:
        database.dispose()
    assert seen > 1000


def test_history_prints_what_the_last_release_printed(tmp_path: Path) -> None:
    path = _old_file(tmp_path)
    result = CliRunner().invoke(
        cli, ["--db", str(path), "history", "Northwind Energy"], env={"COLUMNS": "120"}
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == NORTHWIND_AS_SHOWN
