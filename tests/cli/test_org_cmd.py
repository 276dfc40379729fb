"""`cxaudit org …`: the organisation changes the app makes, from the shell, on a real file."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cxaudit.cli import cli

ORG = "Northwind Energy"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("org") / "demo.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "demo", "--today", "2026-11-23"])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def db(demo_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.db"
    copy.write_bytes(demo_file.read_bytes())
    return copy


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def listed(db: Path) -> str:
    return run(db, "orgs", "--format", "csv").stdout


def test_rename_keeps_the_history(db: Path) -> None:
    result = run(db, "org", "rename", ORG, "Northwind Power")
    assert result.exit_code == 0, result.output
    assert "Renamed Northwind Energy (id" in result.stdout
    history = run(db, "history", "Northwind Power")
    assert history.exit_code == 0
    assert "2026-Q3" in history.stdout
    assert "Northwind Energy" not in listed(db)


def test_set_target_changes_one_area_and_refuses_a_bad_value(db: Path) -> None:
    assert run(db, "org", "set-target", ORG, "skills", "3.5").exit_code == 0
    again = run(db, "org", "set-target", ORG, "culture", "4")
    assert again.exit_code == 0
    assert "culture target of Northwind Energy" in again.stdout
    bad = run(db, "org", "set-target", ORG, "skills", "7")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("Error: ")
    unknown = run(db, "org", "set-target", ORG, "nowhere", "3")
    assert unknown.exit_code == 2
    wide = run(db, "history", ORG, "--format", "json")
    assert wide.exit_code == 0


def test_archive_leaves_the_list_and_unarchive_brings_it_back(db: Path) -> None:
    assert ORG in listed(db)
    archived = run(db, "org", "archive", ORG)
    assert archived.exit_code == 0, archived.output
    assert ORG not in listed(db)
    assert run(db, "history", ORG).exit_code == 0, "its history is kept"
    assert run(db, "org", "unarchive", ORG).exit_code == 0
    assert ORG in listed(db)


def test_delete_is_the_same_command_as_delete_org(db: Path) -> None:
    refused = run(db, "org", "delete", ORG)
    assert refused.exit_code != 0
    assert ORG in listed(db)
    deleted = run(db, "org", "delete", ORG, "--yes")
    assert deleted.exit_code == 0
    assert "Deleted Northwind Energy (id" in deleted.stdout
    assert ORG not in listed(db)


def test_a_name_too_close_to_call_changes_nothing(db: Path) -> None:
    result = run(db, "org", "rename", "Northwind", "Other")
    assert result.exit_code == 2
    assert "Did you mean" in result.stderr
    assert ORG in listed(db)
