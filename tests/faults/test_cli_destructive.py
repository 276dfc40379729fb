"""Commands that destroy data say exactly what they matched, by name and id, and ask first.

`delete-org`, `delete-assessment` and `import --replace` act on the organisation a typed value
resolves to; a wrong match loses data. So each prints the organisation's name and id before it
acts, asks unless `--yes` is given, and changes nothing when the answer is no, or when there is
nobody to answer.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cxaudit.cli import cli
from tests.transfer import conftest as shared
from tests.transfer.conftest import database_checksum

demo_master = shared.demo_master
demo_db_path = shared.demo_db_path


def run(db: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", *args], input=stdin)


def org_id(db: Path, name: str) -> int:
    connection = sqlite3.connect(db)
    try:
        (found,) = connection.execute("SELECT id FROM organisations WHERE name = ?", (name,))
    finally:
        connection.close()
    return int(found[0])


@pytest.fixture
def northwind_backup(demo_db_path: Path, tmp_path: Path) -> Path:
    backup = tmp_path / "northwind.json"
    assert run(demo_db_path, "export", "northwind-energy", "-o", str(backup)).exit_code == 0
    return backup


@pytest.mark.parametrize("answer", ["n\n", None], ids=["declined", "no one to ask"])
def test_delete_org_names_what_it_found_and_keeps_it_unless_confirmed(
    demo_db_path: Path, answer: str | None
) -> None:
    before = database_checksum(demo_db_path)
    found = org_id(demo_db_path, "Northwind Energy")
    result = run(demo_db_path, "delete-org", "northwind-energy", stdin=answer)
    assert result.exit_code == 1
    assert f"Delete Northwind Energy (id {found}) and all of its assessments?" in result.output
    assert database_checksum(demo_db_path) == before


def test_delete_org_with_yes_says_which_it_deleted(demo_db_path: Path) -> None:
    found = org_id(demo_db_path, "Harbour Health Clinics")
    result = run(demo_db_path, "delete-org", "harbour-health-clinics", "--yes")
    assert result.exit_code == 0
    assert result.output == (
        f"Deleted Harbour Health Clinics (id {found}) and all of its assessments.\n"
    )


def test_delete_assessment_names_the_organisation_and_id_before_asking(
    demo_db_path: Path,
) -> None:
    before = database_checksum(demo_db_path)
    found = org_id(demo_db_path, "Northwind Energy")
    result = run(demo_db_path, "delete-assessment", "Northwind Energy", "2026-q1", stdin="n\n")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        f"The 2026-Q1 assessment of Northwind Energy (organisation id {found}) has 3 respondents."
    )
    assert "Delete it with its answers and plan? [y/N]" in result.output
    assert database_checksum(demo_db_path) == before
    done = run(demo_db_path, "delete-assessment", "Northwind Energy", "2026-q1", "--yes")
    assert done.exit_code == 0
    assert f"(organisation id {found})" in done.output
    assert done.output.endswith("Deleted the 2026-Q1 assessment of Northwind Energy.\n")


@pytest.mark.parametrize("answer", ["n\n", None], ids=["declined", "no one to ask"])
def test_replace_lists_what_it_overwrites_and_asks(
    demo_db_path: Path, northwind_backup: Path, answer: str | None
) -> None:
    before = database_checksum(demo_db_path)
    found = org_id(demo_db_path, "Northwind Energy")
    result = run(demo_db_path, "import", str(northwind_backup), "--replace", stdin=answer)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "This import replaces 7 stored assessments:"
    assert lines[1] == (
        f"  Northwind Energy (id {found}): "
        "2024-Q4, 2025-Q1, 2025-Q2, 2025-Q3, 2025-Q4, 2026-Q1, 2026-Q2"
    )
    assert "Replace them? [y/N]" in result.output
    assert database_checksum(demo_db_path) == before


def test_replace_goes_ahead_when_confirmed(demo_db_path: Path, northwind_backup: Path) -> None:
    result = run(demo_db_path, "import", str(northwind_backup), "--replace", stdin="y\n")
    assert result.exit_code == 0, result.output
    assert "7 replaced" in result.output


def test_replace_with_yes_still_names_what_it_overwrites(
    demo_db_path: Path, northwind_backup: Path
) -> None:
    result = run(demo_db_path, "import", str(northwind_backup), "--replace", "--yes")
    assert result.exit_code == 0, result.output
    assert "Northwind Energy (id " in result.output
    assert "Replace them?" not in result.output
    assert "7 replaced" in result.output


def test_without_replace_or_with_nothing_to_replace_nobody_is_asked(
    demo_db_path: Path, northwind_backup: Path, tmp_path: Path
) -> None:
    kept = run(demo_db_path, "import", str(northwind_backup))
    assert kept.exit_code == 0 and "?" not in kept.output
    fresh = run(tmp_path / "empty.db", "import", str(northwind_backup), "--replace")
    assert fresh.exit_code == 0 and "?" not in fresh.output
    assert "replaces" not in fresh.output


def test_a_bad_backup_is_refused_before_anyone_is_asked(demo_db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "cxaudit-backup", "version": 1, "organisations": 3}')
    before = database_checksum(demo_db_path)
    result = run(demo_db_path, "import", str(bad), "--replace", stdin="y\n")
    assert result.exit_code == 2
    assert "Replace them?" not in result.output
    assert database_checksum(demo_db_path) == before
