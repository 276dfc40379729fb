"""Bounded resources: files past the documented limits are refused with one sentence, quickly
and without loading them; files within them import in bounded memory.

The limits live in `cxaudit.transfer.limits` and docs/reliability.md ("Limits").
"""

from __future__ import annotations

import os
import threading
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from cxaudit.domain.naming import NAME_MAX
from cxaudit.domain.questionnaire import load_questionnaire
from cxaudit.domain.texts import NOTE_MAX
from cxaudit.errors import DataImportError
from cxaudit.transfer.backup_reader import read_backup
from cxaudit.transfer.limits import (
    BACKUP_MAX,
    CELLS_MAX,
    COLUMNS_MAX,
    CSV_MAX,
    FILE_MAX,
    LONG_CELLS_MAX,
    LONG_ROWS_MAX,
    RESPONDENTS_MAX,
    ROWS_MAX,
    XLSX_PARTS_MAX,
    XLSX_UNPACKED_MAX,
)
from cxaudit.transfer.packs import write_pack
from cxaudit.transfer.responses import read_response_files
from tests.conftest import FIXTURES
from tests.transfer.crafted import (
    SHARED_STRINGS,
    SHEET,
    forge_declared_size,
    repeated,
    replace_part,
    sheet_xml,
    workbook,
)

MINI = load_questionnaire(FIXTURES / "mini.toml")
HEADER = "respondent,role,question_id,answer,note\n"


def refused(
    action: Callable[[], object], *, within: float = 1.0, memory: float = 20
) -> tuple[str, float]:
    """Run `action`, which must be refused with a `DataImportError` within `within` seconds
    (tracemalloc slows allocation-heavy code a few times) while allocating under `memory` MB;
    return the message and the peak in megabytes."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(DataImportError) as caught:
            action()
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
    assert elapsed < within, f"took {elapsed:.2f} s"
    assert peak < memory, f"allocated {peak:.1f} MB"
    return " ".join([caught.value.message, *caught.value.problems]), peak


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


@pytest.mark.parametrize(
    ("suffix", "limit"), [(".csv", CSV_MAX), (".xlsx", FILE_MAX)], ids=[".csv", ".xlsx"]
)
def test_a_response_file_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, suffix: str, limit: int
) -> None:
    big = _sparse(tmp_path / f"big{suffix}", limit + 1)
    message, _peak = refused(lambda: read_response_files([big], MINI))
    # Just past the limit, the size is given in bytes: rounded, it would look like the limit.
    assert message == (
        f"{big} is {limit + 1:,} bytes; cxaudit imports files of at most {limit // 1_000_000} MB."
    )


def test_a_backup_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = _sparse(tmp_path / "big.json", BACKUP_MAX + 1)
    message, _peak = refused(lambda: read_backup(big))
    assert f"at most {BACKUP_MAX // 1_000_000} MB: export one organisation at a time" in message


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path, suffix: str) -> None:
    pipe = tmp_path / f"answers{suffix}"
    os.mkfifo(pipe)
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            (read_backup if suffix == ".json" else lambda p: read_response_files([p], MINI))(pipe)
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():  # it is waiting for a writer: give it one so the thread ends
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(5)
        pytest.fail("reading a pipe waited for a writer")
    assert isinstance(outcome[0], DataImportError)
    assert "not a regular file" in outcome[0].message


@pytest.mark.slow
def test_long_csv_rows_past_the_limit_are_refused_while_streamed(tmp_path: Path) -> None:
    """Blank rows cost time, not memory: two million of them are read and refused (about 40 s
    under tracemalloc, a few seconds without)."""
    path = tmp_path / "rows.csv"
    path.write_text(HEADER + "Ann,leader,alpha.one,3,\n" + ",\n" * LONG_ROWS_MAX)
    message, _peak = refused(lambda: read_response_files([path], MINI), within=300, memory=20)
    assert f"more than {LONG_ROWS_MAX:,} rows" in message


def test_wide_csv_rows_past_the_limit_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("respondent,role,alpha.one\n" + "Ann,leader,3\n" * ROWS_MAX)
    message, _peak = refused(lambda: read_response_files([path], MINI), within=10, memory=100)
    assert f"more than {ROWS_MAX:,} rows" in message


def test_a_long_csv_of_bad_rows_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """Problems past the thousandth are counted, not kept: 200,000 bad rows list 1,000."""
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "Ann,boss,alpha.one,3,\n" * 200_000)
    message, _peak = refused(lambda: read_response_files([path], MINI), within=30, memory=20)
    assert "has 200,000 problems" in message and "and 199,000 more problems" in message


def test_respondents_past_the_limit_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        HEADER + "".join(f"P{n},leader,alpha.one,3,\n" for n in range(RESPONDENTS_MAX + 1))
    )
    message, _peak = refused(lambda: read_response_files([path], MINI), within=30, memory=200)
    assert f"more than {RESPONDENTS_MAX:,} respondents" in message


def test_a_csv_row_past_the_column_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(HEADER + "," * COLUMNS_MAX + "\n")
    message, _peak = refused(lambda: read_response_files([path], MINI))
    assert f"{COLUMNS_MAX + 1:,} columns" in message and f"most is {COLUMNS_MAX:,}" in message


def test_wide_csv_cells_past_the_limit_are_refused(tmp_path: Path) -> None:
    width = COLUMNS_MAX - 1
    path = tmp_path / "cells.csv"
    header = "respondent,role," + ",".join(f"c{n}" for n in range(width - 2)) + "\n"
    path.write_text(header + ("," * (width - 1) + "\n") * (CELLS_MAX // width + 1))
    message, _peak = refused(lambda: read_response_files([path], MINI), within=10, memory=100)
    assert f"more than {CELLS_MAX:,} cells" in message


def test_long_csv_cells_past_the_limit_are_refused_while_streamed(tmp_path: Path) -> None:
    width = COLUMNS_MAX - 1
    path = tmp_path / "cells.csv"
    path.write_text(HEADER + ("," * (width - 1) + "\n") * (LONG_CELLS_MAX // width + 1))
    message, _peak = refused(lambda: read_response_files([path], MINI), within=30, memory=60)
    assert f"more than {LONG_CELLS_MAX:,} cells" in message


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 90 KB workbook whose sheet unpacks to 40 MB: one empty row repeated."""
    path = workbook(tmp_path_factory.mktemp("bomb") / "bomb.xlsx", [["respondent", "role"]])
    return replace_part(path, SHEET, sheet_xml(repeated(b"<row><c/></row>", 40 * 1_000_000)))


def test_a_zip_bomb_is_refused_from_its_directory_quickly_and_without_memory(
    bomb: Path,
) -> None:
    assert bomb.stat().st_size < 200_000
    message, _peak = refused(lambda: read_response_files([bomb], MINI), within=0.5)
    assert "zip bomb" in message


def test_a_directory_declaring_gigabytes_is_refused_without_unpacking(tmp_path: Path) -> None:
    path = workbook(tmp_path / "huge.xlsx", [["respondent", "role", "alpha.one"], ["A", "x", 3]])
    forge_declared_size(path, SHEET, 4_000_000_000)
    message, _peak = refused(lambda: read_response_files([path], MINI), within=0.5)
    assert f"at most {XLSX_UNPACKED_MAX // 1_000_000} MB" in message


def test_a_directory_understating_a_part_is_refused_as_damaged(tmp_path: Path) -> None:
    path = workbook(tmp_path / "liar.xlsx", [["respondent", "role"]])
    replace_part(path, SHEET, sheet_xml(repeated(b"<row><c><v>1</v></c></row>", 5_000_000)))
    forge_declared_size(path, SHEET, 1_000)
    message, _peak = refused(lambda: read_response_files([path], MINI))
    assert "not a readable xlsx workbook" in message


def test_a_workbook_of_too_many_parts_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "parts.xlsx", [["respondent", "role", "alpha.one"], ["A", "x", 3]])
    replace_part(path, "customXml/x.xml", b"<a/>", extra_parts=XLSX_PARTS_MAX)
    message, _peak = refused(lambda: read_response_files([path], MINI))
    assert f"more than {XLSX_PARTS_MAX:,} parts" in message


def test_entity_expansion_in_a_workbook_is_refused(tmp_path: Path) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">'.encode() for n in range(8)
        )
        + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>&i;</t></si></sst>"
    )
    path = workbook(tmp_path / "laughs.xlsx", [["respondent", "role", "alpha.one"], ["A", "x", 3]])
    replace_part(path, SHARED_STRINGS, laughs)
    message, _peak = refused(lambda: read_response_files([path], MINI))
    assert "DOCTYPE" in message


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>', "row"),
        (b'<row r="1"><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>', "16,384 columns"),
        (b"<row>" + b"<c/>" * (COLUMNS_MAX + 1) + b"</row>", f"{COLUMNS_MAX + 1:,} cells or more"),
    ],
    ids=["row 1048576", "column XFD", "1001 cells in a row"],
)
def test_a_sheet_reaching_past_the_row_or_column_limit_is_refused(
    tmp_path: Path, row: bytes, expected: str
) -> None:
    path = workbook(tmp_path / "far.xlsx", [["respondent", "role"]])
    header = b'<row r="1"><c r="A1" t="inlineStr"><is><t>respondent</t></is></c></row>'
    replace_part(path, SHEET, sheet_xml([header, row]))
    message, _peak = refused(lambda: read_response_files([path], MINI))
    assert expected in message


def test_sheet_cells_past_the_limit_are_refused(tmp_path: Path) -> None:
    """Uncompressed, so that the count and not the ratio is what refuses it."""
    row = b"<row>" + b"<c/>" * 1_000 + b"</row>"
    path = workbook(tmp_path / "cells.xlsx", [["respondent", "role"]])
    replace_part(
        path, SHEET, sheet_xml([row] * (CELLS_MAX // 1_000 + 1)), compression=zipfile.ZIP_STORED
    )
    message, _peak = refused(lambda: read_response_files([path], MINI), within=10)
    assert f"more than {CELLS_MAX:,} cells" in message


def test_names_and_notes_past_their_length_are_refused_naming_the_cell(tmp_path: Path) -> None:
    long_name = "N" * (NAME_MAX + 1)
    long_note = "n" * (NOTE_MAX + 1)
    path = tmp_path / "long.csv"
    path.write_text(
        HEADER + f"{long_name},leader,alpha.one,3,\nBo,leader,alpha.one,3,{long_note}\n"
    )
    with pytest.raises(DataImportError) as caught:
        read_response_files([path], MINI)
    problems = caught.value.problems
    assert any("line 2, column respondent" in p and f"most is {NAME_MAX}" in p for p in problems)
    assert any("line 3, column note" in p and f"most is {NOTE_MAX:,}" in p for p in problems)


def test_a_pack_name_past_its_length_is_refused(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    blank = write_pack(tmp_path / "p.xlsx", questionnaire=MINI, organisation="A", period="2026-Q1")
    book = load_workbook(blank)
    sheet = book["Responses"]
    first = next(c.row for (c,) in sheet.iter_rows(max_col=1) if c.value == MINI.questions[0].id)
    sheet["B4"], sheet["B5"], sheet[f"I{first}"] = "N" * (NAME_MAX + 1), "leader", 3
    book.save(blank)
    with pytest.raises(DataImportError) as caught:
        read_response_files([blank], MINI)
    assert any("line 4, column B" in p and "characters long" in p for p in caught.value.problems)
