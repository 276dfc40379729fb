"""`-o -` means standard output, as for every Unix tool; the "Wrote …" line goes to stderr.

The formats scripts read (`--format json|csv` of `orgs` and `history`) are pinned here too:
their header lines are documented in docs/data-formats.md and must not change.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cxaudit.cli import cli, output
from tests.transfer import conftest as shared

demo_master = shared.demo_master
demo_db_path = shared.demo_db_path


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", *args])


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder, so a file named `-` would be seen."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_csv_export_to_stdout_is_the_file_export(demo_db_path: Path, tmp_path: Path) -> None:
    to_file = run(demo_db_path, "export", "--format", "csv", "-o", str(tmp_path / "all.csv"))
    assert to_file.exit_code == 0 and to_file.stderr == ""
    piped = run(demo_db_path, "export", "--format", "csv", "-o", "-")
    assert piped.exit_code == 0, piped.stderr
    assert piped.stdout_bytes == (tmp_path / "all.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(piped.stdout)))
    assert piped.stderr == f"Wrote {len(rows)} answers to standard output.\n"
    assert list(Path.cwd().iterdir()) == [], "no file named '-'"


def test_json_export_to_stdout_is_the_backup(demo_db_path: Path, tmp_path: Path) -> None:
    assert run(demo_db_path, "export", "-o", str(tmp_path / "all.json")).exit_code == 0
    piped = run(demo_db_path, "export", "northwind-energy", "--format", "json", "-o", "-")
    assert piped.exit_code == 0, piped.stderr
    backup = json.loads(piped.stdout)
    assert [o["name"] for o in backup["organisations"]] == ["Northwind Energy"]
    assert piped.stderr.startswith("Wrote ") and "standard output" in piped.stderr
    whole = run(demo_db_path, "export", "--format", "json", "-o", "-")
    assert whole.stdout_bytes == (tmp_path / "all.json").read_bytes()


def test_xlsx_goes_to_stdout_when_it_is_not_a_terminal(demo_db_path: Path) -> None:
    from openpyxl import load_workbook

    piped = run(demo_db_path, "export", "--format", "xlsx", "-o", "-")
    assert piped.exit_code == 0, piped.stderr
    workbook = load_workbook(io.BytesIO(piped.stdout_bytes))
    assert workbook.sheetnames == ["Summary", "Answers", "Actions"]
    assert piped.stderr == "Wrote 24 assessments to standard output.\n"


def test_xlsx_is_refused_on_a_terminal_before_any_work(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    for args in (
        ("export", "--format", "xlsx", "-o", "-"),
        ("pack", "northwind-energy", "--period", "2026-Q2", "-o", "-"),
    ):
        refused = run(demo_db_path, *args)
        assert refused.exit_code == 2
        assert refused.stdout == ""
        assert refused.stderr == (
            "Error: Standard output is a terminal, which cannot show an xlsx workbook: "
            "redirect it to a file (> file) or give a file name with -o.\n"
        )


def test_csv_and_json_may_go_to_a_terminal(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Text is readable, so it is shown (tests/faults/test_cli_control_characters.py checks it
    is shown safely)."""
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)
    shown = run(demo_db_path, "export", "--format", "csv", "-o", "-")
    assert shown.exit_code == 0
    assert shown.stdout.startswith("organisation,period,status")


def test_a_pack_goes_to_stdout(demo_db_path: Path) -> None:
    from openpyxl import load_workbook

    piped = run(demo_db_path, "pack", "northwind-energy", "--period", "2026-Q2", "-o", "-")
    assert piped.exit_code == 0, piped.stderr
    workbook = load_workbook(io.BytesIO(piped.stdout_bytes))
    assert "Responses" in workbook.sheetnames
    assert piped.stderr.startswith("Wrote a response pack for Northwind Energy 2026-Q2 to ")
    assert "standard output" in piped.stderr and "cxaudit-" not in piped.stderr


def test_a_failed_export_writes_nothing_to_stdout(demo_db_path: Path) -> None:
    failed = run(demo_db_path, "export", "nobody", "--format", "csv", "-o", "-")
    assert failed.exit_code == 2
    assert failed.stdout == ""
    assert failed.stderr.startswith("Error: ")


def test_stdout_needs_a_format(demo_db_path: Path) -> None:
    result = run(demo_db_path, "export", "-o", "-")
    assert result.exit_code == 2
    assert "Cannot tell the format of -: use --format json, csv or xlsx." in result.stderr


def test_output_file_passes_a_real_path_through(tmp_path: Path) -> None:
    target = tmp_path / "a.csv"
    with output.output_file(target, suffix=".csv", binary=False, what="a csv") as out:
        assert out.path == target and not out.to_stdout and out.label == str(target)
        out.path.write_text("x\n")
    assert target.read_text() == "x\n"


def test_orgs_and_history_csv_headers_are_the_documented_ones(demo_db_path: Path) -> None:
    orgs = run(demo_db_path, "orgs", "--format", "csv").stdout.splitlines()
    assert orgs[0] == (
        "name,slug,sector,latest_period,latest_overall,latest_percent,latest_stage,trend,"
        "next_due,overdue,assessments,drafts"
    )
    assert orgs[1].startswith(
        "Cedar Lane Credit Union,cedar-lane-credit-union,Financial services,2025-H2,3.25,56,"
        "Defined,,"  # one completed assessment: not enough history for a trend
    )
    history = run(demo_db_path, "history", "cedar-lane-credit-union", "--format", "csv")
    assert history.stdout == (
        "period,status,respondents,leadership,leadership_coverage,process,process_coverage,"
        "skills,skills_coverage,culture,culture_coverage,overall,percent,stage,coverage,"
        "actions_done,actions_total\n"
        "2025-H2,complete,4,2.99,12 of 12,3.47,12 of 12,3.55,12 of 12,3.01,12 of 12,3.25,56,"
        "Defined,48 of 48,17,28\n"
    )
    as_json = run(demo_db_path, "history", "cedar-lane-credit-union", "--format", "json")
    data = json.loads(as_json.stdout)
    assert list(data) == ["organisation", "assessments"]
    assert list(data["assessments"][0]) == [
        "period", "status", "questionnaire_version", "respondents", "overall", "percent", "stage",
        "covered", "applicable", "areas", "actions",
    ]  # fmt: skip
