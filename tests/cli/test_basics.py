"""The command line's skeleton: version, help and the one-line error contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cxaudit import __version__
from cxaudit.cli import cli


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_lists_every_subcommand_with_a_line() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    commands = sorted(cli.commands)
    assert commands, "no subcommands registered"
    for name in commands:
        line = next(line for line in result.output.splitlines() if line.strip().startswith(name))
        assert len(line.split(None, 1)) == 2, f"{name} has no help line"


def test_user_error_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    proc = subprocess.run(
        [sys.executable, "-m", "cxaudit", "questionnaire", "check", str(missing)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("Error: ")
    assert "Traceback" not in proc.stderr
    assert str(missing) in proc.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "cxaudit",
            "--debug",
            "questionnaire",
            "check",
            str(tmp_path / "x.toml"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr


def test_db_takes_a_plain_file_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    loaded = runner.invoke(cli, ["--db", "portfolio.db", "demo"])
    assert loaded.exit_code == 0, loaded.output
    assert (tmp_path / "portfolio.db").is_file()
    monkeypatch.setenv("CXAUDIT_DB", "portfolio.db")
    listed = runner.invoke(cli, ["orgs", "--format", "csv"])
    assert listed.exit_code == 0 and "Northwind Energy" in listed.output


def test_a_mistyped_database_url_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--db", "postgresql:/db.example.com/audits", "orgs"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Error: 'postgresql:/db.example.com/audits' is not a database URL: give a SQLite file "
        "path such as ~/cxaudit.db (or sqlite:////home/me/cxaudit.db), or "
        "postgresql+psycopg://user:password@host/database."
    ]
    assert list(tmp_path.iterdir()) == [], "nothing is created for a bad URL"
    hidden = CliRunner().invoke(cli, ["--db", "postgresql:/me:secret@db/audits", "orgs"])
    assert hidden.exit_code == 2 and "secret" not in hidden.output


@pytest.mark.parametrize("name", ["what?.db", "x%20y.db", "a#b.db", "two words.db"])
def test_a_file_name_is_kept_exactly_as_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--db", name, "demo"])
    assert result.exit_code == 0, result.output
    # In-process the engine stays open, so its write-ahead files are still beside the file.
    files = {p.name.removesuffix("-wal").removesuffix("-shm") for p in tmp_path.iterdir()}
    assert files == {name}


@pytest.mark.parametrize(
    "typed",
    ["postgresql//cx:s3cret@localhost/cxaudit", "host=db user=cx password=s3cret"],
)
def test_a_connection_string_is_not_taken_for_a_file_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--db", typed, "orgs"])
    assert result.exit_code == 2
    assert "is not a database URL" in result.output and "s3cret" not in result.output
    assert list(tmp_path.iterdir()) == []
