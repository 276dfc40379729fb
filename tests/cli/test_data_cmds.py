"""The data commands from the shell: views, exports, imports and packs, with exit code 2 errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cxaudit.cli import cli
from tests.transfer import conftest as shared
from tests.transfer.conftest import database_checksum
from tests.transfer.test_packs import fill_pack

# The demo database fixtures of tests/transfer, shared so the demo is built once per session.
demo_master = shared.demo_master
demo_db_path = shared.demo_db_path


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", *args])


def test_demo_command_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    first = run(db, "demo", "--today", "2026-05-10")
    assert first.exit_code == 0, first.output
    assert first.output.startswith("Loaded the demo: 12 organisations")
    again = run(db, "demo")
    assert "already loaded" in again.output


def test_orgs_in_three_formats(demo_db_path: Path) -> None:
    table = run(demo_db_path, "orgs")
    assert table.exit_code == 0
    assert "Northwind Energy" in table.output and "2026-Q1" in table.output
    rows = json.loads(run(demo_db_path, "orgs", "--format", "json").output)
    northwind = next(r for r in rows if r["name"] == "Northwind Energy")
    assert northwind["latest_period"] == "2026-Q1"
    assert isinstance(northwind["latest_overall"], float)
    assert northwind["drafts"] == 1 and northwind["assessments"] == 7
    parsed = list(csv.DictReader(io.StringIO(run(demo_db_path, "orgs", "--format", "csv").output)))
    assert [r["name"] for r in parsed] == [r["name"] for r in rows]
    assert parsed[0]["latest_overall"] == f"{rows[0]['latest_overall']:.2f}"


def test_history_shows_area_scores_overall_stage_and_coverage(demo_db_path: Path) -> None:
    data = json.loads(run(demo_db_path, "history", "northwind-energy", "--format", "json").output)
    periods = [a["period"] for a in data["assessments"]]
    assert periods == ["2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
    first = data["assessments"][0]
    assert {a["id"] for a in first["areas"]} == {"leadership", "process", "skills", "culture"}
    assert first["stage"] and first["covered"] <= first["applicable"]
    rows = list(
        csv.DictReader(
            io.StringIO(run(demo_db_path, "history", "Northwind Energy", "--format", "csv").output)
        )
    )
    assert rows[-1]["overall"] == f"{data['assessments'][-1]['overall']:.2f}"
    assert rows[0]["leadership_coverage"].endswith("of 12")
    table = run(demo_db_path, "history", "northwind-energy")
    assert "2026-Q1" in table.output and "Leadership" in table.output
    assert "coverage" not in table.output.lower(), "the compact table leaves coverage out"
    wide = run(demo_db_path, "history", "northwind-energy", "--wide")
    assert "Leadership coverage" in wide.output and "12 of 12" in wide.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("history", "nobody"), "There is no organisation called 'nobody'."),
        (("export", "nobody", "-o", "x.json"), "There is no organisation called 'nobody'."),
        (("pack", "northwind-energy", "--period", "2026-Q7", "-o", "p.xlsx"), "not a period"),
        (("export", "-o", "x.txt"), "Cannot tell the format"),
        (("import", "missing.csv", "--org", "x", "--period", "2026-Q1"), "does not exist"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(
    demo_db_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(demo_db_path, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_exports_in_every_format(demo_db_path: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    assert run(demo_db_path, "export", "-o", str(tmp_path / "all.json")).exit_code == 0
    backup = json.loads((tmp_path / "all.json").read_text())
    assert len(backup["organisations"]) == 12
    result = run(demo_db_path, "export", "northwind-energy", "-o", str(tmp_path / "nw.csv"))
    assert result.exit_code == 0
    rows = list(csv.DictReader((tmp_path / "nw.csv").open()))
    assert {r["organisation"] for r in rows} == {"Northwind Energy"}
    assert {"respondent", "role", "question_id", "answer", "note"} <= set(rows[0])
    assert run(demo_db_path, "export", "-o", str(tmp_path / "all.xlsx")).exit_code == 0
    workbook = load_workbook(tmp_path / "all.xlsx")
    assert workbook.sheetnames == ["Summary", "Answers", "Actions"]
    summary = list(workbook["Summary"].iter_rows(values_only=True))
    assert summary[0][:4] == ("organisation", "period", "status", "respondents")
    assert len(summary) == 1 + 24


def test_a_bad_response_file_lists_every_row_and_changes_nothing(
    demo_db_path: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "answers.csv"
    bad.write_text(
        "respondent,role,question_id,answer,note\n"
        "Zoe,leader,leadership.cx_direction,4,\n"
        "Zoe,leader,leadership.own_goals,9,\n"
        "Yan,chief,leadership.own_goals,3,\n"
    )
    before = database_checksum(demo_db_path)
    result = run(demo_db_path, "import", str(bad), "--org", "New Co", "--period", "2026-Q3")
    assert result.exit_code == 2
    assert "line 3, column answer" in result.stderr
    assert "line 4, column role" in result.stderr
    assert database_checksum(demo_db_path) == before


def test_an_exported_csv_of_other_quarters_is_refused_and_changes_nothing(
    demo_db_path: Path, tmp_path: Path
) -> None:
    """A long export names each row's organisation and period; only matching rows may land."""
    exported = tmp_path / "nw.csv"
    assert run(demo_db_path, "export", "northwind-energy", "-o", str(exported)).exit_code == 0
    rows = list(csv.DictReader(exported.open()))
    periods = {r["period"] for r in rows}
    assert len(periods) > 1, "the export holds several quarters"
    before = database_checksum(demo_db_path)
    result = run(
        demo_db_path, "import", str(exported), "--org", "Northwind Energy", "--period", "2027-Q1"
    )
    assert result.exit_code == 2
    assert "column period: this row is for 2025-Q2, but the answers are going to 2027-Q1" in (
        result.stderr
    )
    elsewhere = run(
        demo_db_path, "import", str(exported), "--org", "Cedar Lane Credit Union",
        "--period", "2027-Q1",
    )  # fmt: skip
    assert elsewhere.exit_code == 2
    assert "column organisation: this row is for Northwind Energy" in elsewhere.stderr
    assert database_checksum(demo_db_path) == before

    matching = tmp_path / "matching.csv"
    matching.write_text(
        "organisation,period,respondent,role,question_id,answer,note,evidence\n"
        "Kestrel Freight,2027-Q1,Zoe,leader,leadership.cx_direction,4,,Board minutes of May\n"
        "kestrel freight,2027-q1,Yan,frontline,leadership.cx_direction,2,,\n"
    )
    landed = run(
        demo_db_path, "import", str(matching), "--org", "Kestrel Freight", "--period", "2027-Q1"
    )
    assert landed.exit_code == 0, landed.stderr
    assert "Imported 2 respondents" in landed.output


def test_responses_land_in_a_new_assessment_and_complete(
    demo_db_path: Path, tmp_path: Path
) -> None:
    good = tmp_path / "wide.csv"
    good.write_text(
        "name,role,leadership.cx_direction,leadership.cx_direction_note,"
        "leadership.cx_direction_evidence\n"
        "Zoe,leader,4,Monthly review,The review's minutes\n"
        "Yan,frontline,2,,\n"
    )
    result = run(
        demo_db_path, "import", str(good), "--org", "Cedar Lane Credit Union",
        "--period", "2026-H1", "--complete",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Imported 2 respondents and 2 answers" in result.output
    history = json.loads(
        run(demo_db_path, "history", "cedar-lane-credit-union", "--format", "json").output
    )
    latest = history["assessments"][-1]
    assert latest["period"] == "2026-H1" and latest["respondents"] == 2
    assert latest["covered"] == 1


def test_a_filled_pack_becomes_a_respondent(demo_db_path: Path, tmp_path: Path) -> None:
    blank = tmp_path / "pack.xlsx"
    result = run(demo_db_path, "pack", "northwind-energy", "--period", "2026-Q2", "-o", str(blank))
    assert result.exit_code == 0, result.stderr
    filled = fill_pack(
        blank,
        name="Marek Nowak",
        role="manager",
        answers={
            "leadership.cx_direction": (3, "Discussed at every town hall"),
            "process.handoffs": ("N/A", "We do not hand customers over"),
            "culture.recognition": ("don't know", None),
        },
        out=tmp_path / "marek.xlsx",
    )
    result = run(demo_db_path, "import", str(filled))
    assert result.exit_code == 0, result.stderr
    assert "Northwind Energy 2026-Q2" in result.output
    from cxaudit.storage import find_assessment, open_database

    db = open_database(f"sqlite:///{demo_db_path}")
    with db.session() as session:
        draft = find_assessment(session, organisation_ref="northwind-energy", period="2026-Q2")
    marek = next(r for r in draft.respondents if r.name == "Marek Nowak")
    assert marek.role.value == "manager"
    assert marek.answers["leadership.cx_direction"].note == "Discussed at every town hall"
    assert marek.answers["process.handoffs"].na_reason == "We do not hand customers over"
    again = run(demo_db_path, "import", str(filled))
    assert again.exit_code == 2 and "already has answers from Marek Nowak" in again.stderr
