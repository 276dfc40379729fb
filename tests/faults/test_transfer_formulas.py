"""Spreadsheet formula injection (CWE-1236): user text is data in every file, never a formula.

Names, notes, N/A reasons, owners and action text that start with `=`, `+`, `-`, `@`, a tab or a
carriage return are written into xlsx as string cells and into CSV behind a leading `'` (which
the CSV importer removes again, so a round trip is exact). A formula found in an imported
workbook is an error naming its cell, never a silent drop.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxaudit.domain.scoring import scored
from cxaudit.errors import DataImportError
from cxaudit.transfer.cells import read_text
from cxaudit.transfer.exports import write_answers_csv, write_workbook
from cxaudit.transfer.packs import read_pack, write_pack
from cxaudit.transfer.response_rows import Destination
from cxaudit.transfer.responses import parse_response_csv, read_response_files
from tests.transfer.crafted import MINI, mini_assessment

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

DANGEROUS = ("=", "+", "-", "@")
"""What a spreadsheet reads as the start of a formula (names cannot hold a tab or a CR)."""
PAYLOADS = ("=1+1", '=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "=")

_BODY = st.text(
    alphabet=st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=12
).filter(lambda text: text == text.strip())
NAMES = st.one_of(
    st.sampled_from(PAYLOADS),
    st.builds(lambda p, b: p + b, st.sampled_from(DANGEROUS + ("'=", "''+")), _BODY),
)
"""Names as people could type them, each starting the way a formula does."""
TEXTS = st.one_of(
    NAMES,
    st.builds(lambda p, b: p + b, st.sampled_from(("\t", "\r", "\t=", "\r@")), _BODY),
)
"""Notes, reasons, owners and action text: names' prefixes, and a tab or a CR too."""


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    return [n for n in names if not (n.casefold() in seen or seen.add(n.casefold()))]


def _reasons(error: DataImportError) -> dict[str, str]:
    """Each problem's reason by where it is (`line 3, column C`), the file's name left out."""
    found: dict[str, str] = {}
    for problem in error.problems:
        where, reason = problem.split(": ", 1)
        found[where.split(", ", 1)[1]] = reason
    return found


def _is_plain_number(text: str) -> bool:
    return re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text) is not None


@EXAMPLES
@given(
    org=NAMES,
    names=st.lists(NAMES, min_size=1, max_size=3),
    notes=st.lists(TEXTS, min_size=3, max_size=3),
    reasons=st.lists(TEXTS, min_size=3, max_size=3),
)
def test_csv_export_escapes_formulas_and_imports_back_exactly(
    tmp_path: Path, org: str, names: list[str], notes: list[str], reasons: list[str]
) -> None:
    people = list(zip(_unique(names), notes, reasons, strict=False))
    path = tmp_path / "answers.csv"
    write_answers_csv(path, [scored(MINI, mini_assessment(org, people))])
    text = read_text(path)
    for row in csv.reader(io.StringIO(text, newline="")):
        for field in row:
            if field[:1] in (*DANGEROUS, "\t", "\r"):
                assert _is_plain_number(field), f"{field!r} reaches a spreadsheet as a formula"
    back = parse_response_csv(
        text,
        MINI,
        str(path),
        Destination(organisation=frozenset({org.casefold()}), period="2026-Q1"),
    )
    assert [
        (r.name, r.answers["alpha.one"].note, r.answers["beta.one"].na_reason) for r in back
    ] == [(name, note, reason) for name, note, reason in people]


def test_csv_leaves_numbers_alone_and_escapes_what_only_looks_like_one(tmp_path: Path) -> None:
    people = [("Ann", "-1", "+2.5"), ("Bo", "-1+2", "-")]
    path = tmp_path / "answers.csv"
    write_answers_csv(path, [scored(MINI, mini_assessment("Acme", people))])
    rows = list(csv.DictReader(io.StringIO(read_text(path), newline="")))
    assert [(r["note"], r["na_reason"]) for r in rows] == [
        ("-1", ""),
        ("", "+2.5"),
        ("'-1+2", ""),
        ("", "'-"),
    ]


def _string_cells(path: Path) -> list[tuple[str, Any, str]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    return [
        (f"{sheet.title}!{cell.coordinate}", cell.value, cell.data_type)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


@EXAMPLES
@given(org=NAMES, name=NAMES, note=TEXTS, reason=TEXTS, owner=TEXTS, action=TEXTS)
def test_xlsx_export_writes_user_text_as_string_cells(
    tmp_path: Path, org: str, name: str, note: str, reason: str, owner: str, action: str
) -> None:
    path = tmp_path / "export.xlsx"
    write_workbook(
        path,
        [scored(MINI, mini_assessment(org, [(name, note, reason)], owner=owner, action=action))],
    )
    cells = _string_cells(path)
    formulas = [(where, value) for where, value, kind in cells if kind == "f"]
    assert formulas == []
    values = {value for _where, value, _kind in cells}
    assert {org, name, note, reason, owner, action} <= values


def _fill(blank: Path, out: Path, cells: dict[tuple[int, int], tuple[Any, str]]) -> Path:
    """Type into a pack: each cell gets its value with openpyxl's data type (`s` text, `f`
    formula, `n` number), as a spreadsheet program would save it."""
    from openpyxl import load_workbook

    workbook = load_workbook(blank)
    sheet = workbook["Responses"]
    for (row, column), (value, kind) in cells.items():
        cell = sheet.cell(row, column)
        cell.value = value
        cell.data_type = kind
    workbook.save(out)
    return out


def _rows(path: Path) -> dict[str, int]:
    """The row of the name cell, the role cell and each question, by label or question id."""
    from openpyxl import load_workbook

    sheet = load_workbook(path)["Responses"]
    return {str(row[0].value): row[0].row for row in sheet.iter_rows(max_col=1) if row[0].value}


@EXAMPLES
@given(org=NAMES, name=NAMES, note=TEXTS, reason=TEXTS)
def test_pack_written_filled_and_imported_keeps_text_exactly(
    tmp_path: Path, org: str, name: str, note: str, reason: str
) -> None:
    blank = write_pack(
        tmp_path / "pack.xlsx", questionnaire=MINI, organisation=org, period="2026-Q1"
    )
    assert [(w, v) for w, v, kind in _string_cells(blank) if kind == "f"] == []
    rows = _rows(blank)
    filled = _fill(
        blank,
        tmp_path / "filled.xlsx",
        {
            (rows["Your name"], 2): (name, "s"),
            (rows["Your role"], 2): ("leader", "s"),
            (rows["alpha.one"], 9): (4, "n"),
            (rows["alpha.one"], 10): (note, "s"),
            (rows["beta.one"], 9): ("N/A", "s"),
            (rows["beta.one"], 10): (reason, "s"),
        },
    )
    pack = read_pack(filled, MINI)
    assert (pack.organisation, pack.respondent.name) == (org, name)
    assert pack.respondent.answers["alpha.one"].note == note.strip()
    assert pack.respondent.answers["beta.one"].na_reason == reason.strip()
    assert read_response_files([filled], MINI).organisation == org


@pytest.mark.parametrize(
    ("label", "column", "value"),
    [
        ("alpha.one", 9, "=2+1"),
        ("alpha.two", 10, '=HYPERLINK("http://evil","click")'),
        ("Your name", 2, "=A1"),
        ("Your role", 2, '="leader"'),
    ],
)
def test_a_formula_typed_into_a_pack_is_an_error_naming_its_cell(
    tmp_path: Path, label: str, column: int, value: str
) -> None:
    blank = write_pack(
        tmp_path / "pack.xlsx", questionnaire=MINI, organisation="Acme", period="2026-Q1"
    )
    rows = _rows(blank)
    cells = {
        (rows["Your name"], 2): ("Dee", "s"),
        (rows["Your role"], 2): ("leader", "s"),
        **{(rows[q.id], 9): (3, "n") for q in MINI.questions},
        (rows["alpha.two"], 10): ("a note", "s"),
    }
    cells[(rows[label], column)] = (value, "f")
    filled = _fill(blank, tmp_path / "filled.xlsx", cells)
    with pytest.raises(DataImportError) as caught:
        read_pack(filled, MINI)
    letter = "ABCDEFGHIJ"[column - 1]
    assert "formula" in _reasons(caught.value)[f"line {rows[label]}, column {letter}"]


def test_a_formula_in_the_packs_hidden_sheet_is_an_error(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    blank = write_pack(
        tmp_path / "pack.xlsx", questionnaire=MINI, organisation="Acme", period="2026-Q1"
    )
    workbook = load_workbook(blank)
    workbook["cxaudit"]["B3"] = '="Ac"&"me"'
    workbook.save(blank)
    with pytest.raises(DataImportError) as caught:
        read_pack(blank, MINI)
    assert "formula" in _reasons(caught.value)["sheet cxaudit, line 3, column B"]


def test_a_formula_in_a_wide_workbook_is_an_error_naming_its_cell(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["respondent", "role", "alpha.one", "beta.one", "beta.one_note"])
    sheet.append(["Ann", "leader", 4, 3, "fine"])
    sheet.append(['=CONCAT("B","o")', "manager", "=1+2", 2, None])
    path = tmp_path / "wide.xlsx"
    workbook.save(path)
    with pytest.raises(DataImportError) as caught:
        read_response_files([path], MINI)
    reasons = _reasons(caught.value)
    assert "formula" in reasons["line 3, column A"] and "formula" in reasons["line 3, column C"]


def test_json_backup_text_is_unchanged_by_the_csv_escape() -> None:
    """The backup is JSON, read by cxaudit only: its text is stored exactly as typed."""
    from cxaudit.transfer.backup_writer import backup_data

    assessment = mini_assessment("=Acme", [("=Ann", "+note", "@reason")], owner="-owner")
    data = backup_data([(assessment.organisation, [(MINI, assessment)])])
    org = data["organisations"][0]
    respondent = org["assessments"][0]["respondents"][0]
    assert (org["name"], respondent["name"]) == ("=Acme", "=Ann")
    assert respondent["answers"][0]["note"] == "+note"
    assert org["assessments"][0]["actions"][0]["owner"] == "-owner"
