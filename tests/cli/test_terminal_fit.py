"""The CLI fits an 80-column terminal: tables, help and command descriptions.

Every test here runs with `COLUMNS=80` (tests/cli/conftest.py). Output to a pipe (as CliRunner
captures it) is plain text: no colour codes, no box-drawing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from cxaudit.cli import cli
from cxaudit.cli.help import short_help
from tests.cli.conftest import WIDTH
from tests.cli.ptyrun import run_on_terminal
from tests.transfer import conftest as shared

demo_master = shared.demo_master
demo_db_path = shared.demo_db_path

LONG_NAME = "The Extraordinarily Long-Named Regional Customer Experience Cooperative of Greater Northumberland"  # noqa: E501
SGR = re.compile("\x1b\\[[0-9;]*m")
BOX_DRAWING = set("─━│┃┌┐└┘├┤┬┴┼╭╮╯╰═║")


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", *args])


def assert_fits(result: Result) -> None:
    assert result.exit_code == 0, result.output
    too_long = [line for line in result.output.splitlines() if len(line) > WIDTH]
    assert not too_long, f"lines wider than {WIDTH} columns:\n" + "\n".join(too_long)


def assert_plain(result: Result) -> None:
    assert "\x1b" not in result.output, "no colour codes when the output is not a terminal"
    assert not BOX_DRAWING & set(result.output), "no box-drawing when the output is not a terminal"


def every_command(
    group: click.Group = cli, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command and group below `group`, with the words that name it."""
    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from every_command(command, (*path, name))


COMMANDS = [pytest.param(path, command, id=" ".join(path)) for path, command in every_command()]


@pytest.mark.parametrize(
    "args",
    [
        ("orgs",),
        ("orgs", "--wide"),
        ("history", "northwind-energy"),
        ("history", "northwind-energy", "--drafts"),
    ],
    ids=" ".join,
)
def test_the_tables_fit_80_columns_as_plain_text(demo_db_path: Path, args: tuple[str, ...]) -> None:
    result = run(demo_db_path, *args)
    if "--wide" not in args:
        assert_fits(result)
    assert_plain(result)


def test_a_long_name_folds_inside_its_cell(demo_db_path: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "respondent,role,question_id,answer,note,evidence\n"
        "Zoe,leader,leadership.cx_direction,4,,The written aim and its review\n"
    )
    imported = run(demo_db_path, "import", str(answers), "--org", LONG_NAME, "--period", "2026-Q2")
    assert imported.exit_code == 0, imported.output
    listed = run(demo_db_path, "orgs")
    assert_fits(listed)
    words = " ".join(line.split("  ")[0].strip() for line in listed.output.splitlines())
    assert "Greater Northumberland" in words, "the whole name is shown, folded over lines"
    history = run(demo_db_path, "history", LONG_NAME, "--drafts")
    assert_fits(history)


def test_the_compact_tables_name_their_columns_for_people(demo_db_path: Path) -> None:
    orgs = run(demo_db_path, "orgs").output.splitlines()
    assert orgs[0].split() == ["Name", "Latest", "Score", "Stage", "Trend", "Next", "due"]
    history = run(demo_db_path, "history", "northwind-energy", "--drafts").output.splitlines()
    assert history[0] == "Northwind Energy"
    assert history[1].split() == [
        "Period", "Leadership", "Process", "Skills", "Culture", "Overall", "Stage",
    ]  # fmt: skip
    assert history[-1].startswith("2026-Q2 draft"), "a draft says so"
    assert "_" not in "".join(orgs[:1] + history[:2]), "no raw field names"


def test_wide_shows_every_field(demo_db_path: Path) -> None:
    orgs = run(demo_db_path, "orgs", "--wide").output
    for header in ("Slug", "Sector", "%", "Overdue", "Assessments", "Drafts"):
        assert header in orgs.splitlines()[0]
    assert "northwind-energy" in orgs and "Energy retail" in orgs
    history = run(demo_db_path, "history", "northwind-energy", "--wide").output.splitlines()
    for header in ("Status", "Respondents", "Culture coverage", "Coverage", "Actions total"):
        assert header in history[1]
    assert len(history[3].split()) == 3 + 4 * 4 + 8, "every field on one line, none folded"


def test_questionnaire_list_fits_80_columns() -> None:
    result = CliRunner().invoke(cli, ["questionnaire", "list"])
    assert_fits(result)
    assert_plain(result)


def test_the_main_help_fits_80_columns() -> None:
    assert_fits(CliRunner().invoke(cli, ["--help"]))


@pytest.mark.parametrize(("path", "command"), COMMANDS)
def test_every_help_fits_80_columns(path: tuple[str, ...], command: click.Command) -> None:
    assert_fits(CliRunner().invoke(cli, [*path, "--help"]))


@pytest.mark.parametrize(("path", "command"), COMMANDS)
def test_every_description_starts_with_a_whole_sentence(
    path: tuple[str, ...], command: click.Command
) -> None:
    """Click lists a command by its docstring's first sentence; it must be a whole one."""
    assert command.help, f"{' '.join(path)} has no docstring"
    first_line = command.help.strip().splitlines()[0]
    assert first_line.endswith("."), f"{first_line!r} is not a whole sentence"
    assert short_help(command) == first_line, "the first sentence is the whole first line"


def test_the_command_lists_never_cut_a_description() -> None:
    for args in ([], ["questionnaire"]):
        output = CliRunner().invoke(cli, [*args, "--help"]).output
        commands = output.split("Commands:", 1)[1]
        assert "..." not in commands
        assert "(e.g." not in commands


@pytest.mark.parametrize(
    ("path", "command"),
    [
        pytest.param(
            path,
            command,
            id=" ".join(path),
        )
        for path, command in every_command()
    ],
)
def test_every_description_fits_on_its_line_of_the_list(
    path: tuple[str, ...], command: click.Command
) -> None:
    """At 80 columns click wraps help at 78; the list indents by 2 and spaces names by 2."""
    group = cli if len(path) == 1 else cli.commands[path[0]]
    assert isinstance(group, click.Group)
    room = (WIDTH - 2) - 2 - max(len(name) for name in group.commands) - 2
    assert len(short_help(command)) <= room


def test_help_draws_no_table_so_loads_no_rich() -> None:
    """Rich is imported by the commands that draw, never by `cxaudit --help`."""
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from cxaudit.cli import cli\n"
        "assert CliRunner().invoke(cli, ['--help']).exit_code == 0\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'rich', 'textual'}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_messages_wrap_between_words_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxaudit.cli import output

    piped = CliRunner().invoke(cli, ["--db", str(tmp_path / "d.db"), "demo"])
    assert len(piped.output.splitlines()) == 1, "a pipe gets the message on one line"
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    result = run(tmp_path / "d.db", "demo", "--force")
    assert_fits(result)
    assert "respondents" in result.output.split(), "no word is cut at the window's edge"


def test_on_a_terminal_tables_fit_the_window_and_a_wide_one_is_paged(
    demo_db_path: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "CXAUDIT_HOME": str(tmp_path / "home"), "PAGER": "cat"}
    db = ["--db", str(demo_db_path)]
    compact = run_on_terminal([*db, "history", "northwind-energy"], env, stdout=True, stderr=True)
    assert compact.code == 0
    lines = SGR.sub("", compact.drawn.decode()).splitlines()
    assert "─" in lines[2], "a terminal gets a drawn rule"
    assert max(len(line) for line in lines) <= WIDTH
    wide = [*db, "history", "northwind-energy", "--wide"]
    paged = run_on_terminal(wide, env, stdout=True, stderr=True)
    assert paged.code == 0
    shown = SGR.sub("", paged.drawn.decode()).splitlines()
    header = next(line for line in shown if "Period" in line)
    assert header.split()[0] == "Period" and header.split()[-2:] == ["Actions", "total"], (
        "the pager gets each line whole, as wide as the table"
    )
