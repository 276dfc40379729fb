"""`cxaudit delete-org`, `delete-assessment` and `db-info` against a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cxaudit.cli import cli
from cxaudit.domain.model import Role, make_answer
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.storage import (
    add_respondent,
    create_organisation,
    list_organisations,
    open_database,
    save_answer,
    start_assessment,
)
from cxaudit.storage.glance import HEAD_REVISION


@pytest.fixture
def url(tmp_path: Path, mini: Questionnaire) -> str:
    """A database with Acme (two assessments) and Globex (one)."""
    url = f"sqlite:///{tmp_path / 'cxaudit.db'}"
    db = open_database(url)
    with db.session() as session:
        for name, quarters in (("Acme", ("2026-Q1", "2026-Q2")), ("Globex", ("2026-Q1",))):
            org = create_organisation(session, name=name)
            assert org.id is not None
            for period in quarters:
                a = start_assessment(
                    session, organisation_id=org.id, period=period, questionnaire=mini
                )
                assert a.id is not None
                r = add_respondent(session, assessment_id=a.id, name="Ann", role=Role.LEADER)
                assert r.id is not None
                save_answer(session, respondent_id=r.id, answer=make_answer("alpha.one", 2))
    db.dispose()
    return url


def _counts(url: str) -> dict[str, int]:
    db = open_database(url)
    with db.session() as session:
        found = {s.organisation.name: s.assessment_count for s in list_organisations(session)}
    db.dispose()
    return found


def test_delete_org_asks_first(url: str) -> None:
    refused = CliRunner().invoke(cli, ["--db", url, "delete-org", "acme"], input="n\n")
    assert refused.exit_code != 0
    assert _counts(url) == {"Acme": 2, "Globex": 1}
    done = CliRunner().invoke(cli, ["--db", url, "delete-org", "acme"], input="y\n")
    assert done.exit_code == 0, done.output
    assert "Deleted Acme" in done.output
    assert _counts(url) == {"Globex": 1}


def test_delete_org_with_yes(url: str) -> None:
    done = CliRunner().invoke(cli, ["--db", url, "delete-org", "Globex", "--yes"])
    assert done.exit_code == 0, done.output
    assert _counts(url) == {"Acme": 2}


def test_delete_assessment(url: str) -> None:
    done = CliRunner().invoke(cli, ["--db", url, "delete-assessment", "acme", "2026-q2", "--yes"])
    assert done.exit_code == 0, done.output
    assert "Deleted the 2026-Q2 assessment of Acme." in done.output
    assert _counts(url) == {"Acme": 1, "Globex": 1}


def test_unknown_organisation_is_one_line(url: str) -> None:
    result = CliRunner().invoke(cli, ["--db", url, "delete-org", "Initech", "--yes"])
    assert result.exit_code == 2
    assert result.output.strip() == "Error: There is no organisation called 'Initech'."


def test_db_info_shows_revision_and_counts(url: str) -> None:
    result = CliRunner().invoke(cli, ["--db", url, "db-info"])
    assert result.exit_code == 0, result.output
    assert f"{HEAD_REVISION} (up to date)" in result.output
    assert "Organisations 2" in result.output
    assert "Assessments   3 (3 in progress)" in result.output


def test_db_info_never_shows_a_password() -> None:
    url = "postgresql+psycopg://alice:hunter2-secret@127.0.0.1:1/cxaudit"
    result = CliRunner().invoke(cli, ["--db", url, "db-info"])
    assert result.exit_code == 2
    assert "hunter2-secret" not in result.output
    assert "alice:***@127.0.0.1:1/cxaudit" in result.output
