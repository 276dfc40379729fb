"""Hostile text in names cannot drive the terminal through the CLI's output.

A name holding ESC, BEL, an OSC sequence (which sets the terminal's title), a C1 control or a
right-to-left override could rewrite what a consultant sees. Such a name may already sit in a
database written before names were checked, so it is put there directly. Every line the CLI
prints shows it escaped (`\\x1b`); scripts reading `--format csv|json` through a pipe still get
the stored text exactly.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cxaudit.cli import cli, output, tables
from cxaudit.cli.output import printable
from tests.transfer import conftest as shared

demo_master = shared.demo_master
demo_db_path = shared.demo_db_path

HOSTILE = "Evil\x1b]0;pwned\x07 Corp\x1b[2J\x9b31m\u202eheh\x00"
ESCAPED = "Evil\\x1b]0;pwned\\x07 Corp\\x1b[2J\\x9b31m\\u202eheh\\x00"
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SGR = re.compile("\x1b\\[[0-9;]*m")
"""The colour and weight codes Rich itself writes on a terminal: the only escapes allowed."""


def run(db: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", *args], input=stdin)


def assert_harmless(text: str) -> None:
    left = RAW_CONTROLS.findall(SGR.sub("", text))
    assert not left, f"raw control characters reached the terminal: {left!r}"


@pytest.fixture
def hostile_db(demo_db_path: Path) -> Path:
    """The demo with Northwind Energy renamed to HOSTILE behind the app's back."""
    connection = sqlite3.connect(demo_db_path)
    with connection:
        connection.execute(
            "UPDATE organisations SET name = ? WHERE slug = 'northwind-energy'", (HOSTILE,)
        )
    connection.close()
    return demo_db_path


@pytest.mark.parametrize(
    "text",
    ["\x1b", "\x07", "\x9d", "\x9b", "\x7f", "\x00", "\r", "\u202e", "\u2066", "\u200f"],
    ids=repr,
)
def test_printable_escapes_every_control_character(text: str) -> None:
    shown = printable(f"a{text}b")
    assert shown.startswith("a\\") and shown.endswith("b") and len(shown) > 3


def test_printable_keeps_every_script_and_emoji() -> None:
    for name in ("東京電力", "Ромашка", "شركة الأمل", "🚀 Café", "[bold]x[/]", "back\\slash"):
        assert printable(name) == name


def test_printable_keeps_line_breaks_only_when_asked() -> None:
    assert printable("a\nb\tc") == "a\\x0ab\\x09c"
    assert printable("a\nb\tc\rd", lines=True) == "a\nb\tc\\x0dd"


@pytest.mark.parametrize(
    "args",
    [
        ("orgs",),
        ("orgs", "--wide"),
        ("history", "northwind-energy"),
        ("history", "northwind-energy", "--wide", "--drafts"),
        ("delete-assessment", "northwind-energy", "2026-Q1", "--yes"),
        ("delete-org", "northwind-energy", "--yes"),
    ],
    ids=" ".join,
)
def test_every_view_shows_the_name_escaped(
    hostile_db: Path, args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(hostile_db, *args)
    assert result.exit_code == 0, result.output
    assert_harmless(result.output)
    unfolded = "".join(line.strip() for line in result.output.splitlines())
    assert "Evil\\x1b]0;pwned" in unfolded.replace(" ", "") or ESCAPED in result.output


def test_the_confirmation_question_shows_the_name_escaped(hostile_db: Path) -> None:
    asked = run(hostile_db, "delete-org", "northwind-energy", stdin="n\n")
    assert asked.exit_code == 1
    assert f"Delete {ESCAPED} (id " in asked.output
    assert_harmless(asked.output)


def test_tables_on_a_terminal_carry_only_rich_styles(
    hostile_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "stdout_is_terminal", lambda: True)
    for args in (("orgs",), ("history", "northwind-energy")):
        result = run(hostile_db, *args)
        assert result.exit_code == 0
        assert "\x1b[1m" in result.output, "a terminal gets a bold header"
        assert_harmless(result.output)


def test_scripts_reading_a_pipe_get_the_stored_name_exactly(hostile_db: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run(hostile_db, "orgs", "--format", "csv").output)))
    assert HOSTILE in [row["name"] for row in rows]
    data = json.loads(run(hostile_db, "orgs", "--format", "json").output)
    assert HOSTILE in [row["name"] for row in data]
    history = json.loads(run(hostile_db, "history", "northwind-energy", "--format", "json").output)
    assert history["organisation"] == HOSTILE


def test_csv_and_json_on_a_terminal_are_escaped(
    hostile_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    for args in (
        ("orgs", "--format", "csv"),
        ("orgs", "--format", "json"),
        ("export", "northwind-energy", "--format", "csv", "-o", "-"),
    ):
        result = run(hostile_db, *args)
        assert result.exit_code == 0, result.output
        assert_harmless(result.output)
        assert "\\x1b]0;pwned" in result.output or "\\u001b]0;pwned" in result.output


def test_a_typed_name_in_an_error_is_escaped(demo_db_path: Path) -> None:
    result = run(demo_db_path, "history", HOSTILE)
    assert result.exit_code == 2
    assert_harmless(result.stderr)
    assert result.stderr.startswith("Error: ")


def test_a_hostile_name_given_to_import_never_reaches_the_terminal(
    demo_db_path: Path, tmp_path: Path
) -> None:
    """Refused or accepted (the naming rule decides), whatever is printed is escaped."""
    answers = tmp_path / "a.csv"
    answers.write_text(
        "respondent,role,question_id,answer,note\nZoe,leader,leadership.own_goals,4,\n"
    )
    result = run(demo_db_path, "import", str(answers), "--org", HOSTILE, "--period", "2026-Q3")
    assert result.exit_code in (0, 2), result.output
    assert_harmless(result.output)
    listed = run(demo_db_path, "orgs", "--wide")
    assert_harmless(listed.output)


def test_a_usage_error_quotes_what_was_typed_escaped(demo_db_path: Path) -> None:
    result = run(demo_db_path, "orgs", "--format", "\x1b]0;x\x07")
    assert result.exit_code == 2
    assert_harmless(result.stderr)


def test_rich_markup_in_a_name_is_printed_as_typed(demo_db_path: Path) -> None:
    connection = sqlite3.connect(demo_db_path)
    with connection:
        connection.execute(
            "UPDATE organisations SET name = '[bold red]Loud[/] :rocket:' "
            "WHERE slug = 'northwind-energy'"
        )
    connection.close()
    result = run(demo_db_path, "orgs", "--wide")
    assert "[bold red]Loud[/] :rocket:" in result.output
