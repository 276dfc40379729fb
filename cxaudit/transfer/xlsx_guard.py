"""Checking a workbook before openpyxl opens it: its zip directory, then its XML, streamed.

An xlsx is a zip of XML parts, and openpyxl trusts both: a 13 MB zip bomb once ran for five
minutes and took 7.5 GB. So, before openpyxl sees the file:

1. the zip's central directory is read (nothing is unpacked): too many parts, too many
   unpacked bytes in all, or a part packed far tighter than any real workbook, is refused;
2. every XML part is streamed once through expat, counting as it goes: rows (and the highest
   row number), cells in a row and in all (and the highest column), shared strings, the
   elements inside one cell, and every other element. A DOCTYPE (entity tricks) is refused.

Python's zipfile never unpacks more than a part declares, so the declared sizes bound what
either pass unpacks. Past the first limit reached, the file is refused with one sentence.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import IO, NoReturn
from xml.parsers import expat

from cxaudit.errors import DataImportError
from cxaudit.transfer.limits import (
    CELLS_MAX,
    COLUMNS_MAX,
    MB,
    ROWS_MAX,
    XLSX_CELL_ELEMENTS_MAX,
    XLSX_OTHER_ELEMENTS_MAX,
    XLSX_PARTS_MAX,
    XLSX_RATIO_FLOOR,
    XLSX_RATIO_MAX,
    XLSX_UNPACKED_MAX,
    check_file,
    megabytes,
)

_UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    RuntimeError,  # an encrypted part
    NotImplementedError,  # a compression method zipfile does not know
    ValueError,
)


class _Refused(Exception):
    """Raised inside the expat handlers to stop at the first limit reached."""


def check_workbook(path: Path) -> None:
    """Refuse `path` unless its size, zip directory and XML are within the limits."""
    origin = str(path)
    check_file(path)
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            _check_directory(origin, parts)
            counts = _Counts()
            for part in parts:
                with archive.open(part) as stream:
                    if _looks_like_xml(stream.read(64)):
                        with archive.open(part) as again:
                            _scan(again, part.filename, counts)
    except _Refused as exc:
        raise DataImportError(f"{origin} {exc}") from None
    except expat.ExpatError as exc:
        raise DataImportError(
            f"{origin} is not a readable xlsx workbook (a part is not well-formed XML: {exc})."
        ) from None
    except _UNREADABLE as exc:
        raise DataImportError(
            f"{origin} is not a readable xlsx workbook ({type(exc).__name__})."
        ) from None


def _fail(reason: str) -> NoReturn:
    raise _Refused(reason)


def _check_directory(origin: str, parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > XLSX_PARTS_MAX:
        _fail(f"has more than {XLSX_PARTS_MAX:,} parts; a real workbook has a few dozen.")
    unpacked = sum(part.file_size for part in parts)
    if unpacked > XLSX_UNPACKED_MAX:
        _fail(
            f"would unpack to {megabytes(unpacked)}; cxaudit reads workbooks that unpack to at "
            f"most {XLSX_UNPACKED_MAX // MB} MB."
        )
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > XLSX_RATIO_FLOOR and ratio > XLSX_RATIO_MAX:
            _fail(
                f"looks like a zip bomb: its part {part.filename} unpacks to {ratio:,.0f} times "
                f"its packed size, where a real workbook stays under {XLSX_RATIO_MAX}."
            )


def _looks_like_xml(start: bytes) -> bool:
    text = start.removeprefix(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"<")


class _Counts:
    """What the scan has seen so far, across every part of one workbook."""

    def __init__(self) -> None:
        self.cells = 0
        self.strings = 0


def _column_number(reference: str) -> int:
    number = 0
    for ch in reference:
        if not "A" <= ch.upper() <= "Z":
            break
        number = number * 26 + ord(ch.upper()) - 64
    return number


def _scan(stream: IO[bytes], name: str, counts: _Counts) -> None:
    """Stream one XML part through expat, refusing it at the first limit it passes.

    Only depths are kept (not a stack of names), so the scan costs about a fifth of what
    openpyxl's own reading of the part does.
    """
    parser = expat.ParserCreate()
    depth = 0
    sheet_data = row = cell = -1  # the depth of the open <sheetData>, <row>, <c> or <si>
    rows = row_cells = inner = other = 0

    def doctype(*_args: object) -> None:
        _fail(f"holds a DOCTYPE (XML entity declarations) in {name}, which no workbook needs.")

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal depth, sheet_data, row, cell, rows, row_cells, inner, other
        depth += 1
        if cell >= 0:
            inner += 1
            if inner > XLSX_CELL_ELEMENTS_MAX:
                _fail(f"has a cell of more than {XLSX_CELL_ELEMENTS_MAX} XML elements.")
            return
        local = tag.rpartition(":")[2]
        if local == "c" and row == depth - 1:
            cell, inner = depth, 0
            row_cells += 1
            counts.cells += 1
            if row_cells > COLUMNS_MAX:
                _fail(
                    f"has a row of {COLUMNS_MAX + 1:,} cells or more; the most is {COLUMNS_MAX:,}."
                )
            if counts.cells > CELLS_MAX:
                _fail(f"has more than {CELLS_MAX:,} cells; split it into smaller files.")
            column = _column_number(attrs.get("r", ""))
            if column > COLUMNS_MAX:
                _fail(f"reaches {column:,} columns; the most is {COLUMNS_MAX:,}.")
        elif local == "row" and sheet_data == depth - 1:
            row, row_cells = depth, 0
            rows += 1
            number = attrs.get("r", "")
            if rows > ROWS_MAX or (number.isdigit() and int(number) > ROWS_MAX):
                _fail(f"has more than {ROWS_MAX:,} rows; split it into smaller files.")
        elif local == "si" and depth == 2:
            cell, inner = depth, 0
            counts.strings += 1
            if counts.strings > CELLS_MAX:
                _fail(f"has more than {CELLS_MAX:,} shared strings.")
        else:
            if local == "sheetData":
                sheet_data = depth
            other += 1
            if other > XLSX_OTHER_ELEMENTS_MAX:
                _fail(
                    f"has more than {XLSX_OTHER_ELEMENTS_MAX:,} XML elements in {name} "
                    "besides its cells."
                )

    def end(_tag: str) -> None:
        nonlocal depth, sheet_data, row, cell
        if depth == cell:
            cell = -1
        elif depth == row:
            row = -1
        elif depth == sheet_data:
            sheet_data = -1
        depth -= 1

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.ParseFile(stream)
