"""Text written into files people open in a spreadsheet: always data, never a formula.

Names, notes, reasons, owners and action text are typed by people, and a spreadsheet runs what
starts like a formula (CWE-1236). So:

- **xlsx**: text is written as a string cell whatever it starts with, and the control
  characters XML 1.0 cannot hold (BEL, ESC, NUL…) are shown as U+FFFD, so old data that holds
  one still exports instead of crashing.
- **CSV**: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
  leading `'`, as OWASP advises, unless it is a plain number such as `-1`. `csv_unescape`
  removes exactly that `'` again, so an export imports back unchanged. Text that already starts
  with `'` before such a character gets one more, so the two are told apart.

Reading is the other half: a CSV holds no formulas (a spreadsheet saves their results), so text
that starts with `=` in an imported CSV is kept as the text it is; a formula cell in an imported
workbook is an error naming the cell (`cxaudit.transfer.cells`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a CSV cell as a formula."""

_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_XML_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
"""The characters XML 1.0 cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE, without the import)."""
SHOWN_INSTEAD = "\ufffd"
"""What an xlsx shows in place of a character it cannot hold."""


def _needs_quote(text: str) -> bool:
    core = text.lstrip("'")
    return core.startswith(FORMULA_STARTS) and _PLAIN_NUMBER.fullmatch(core) is None


def csv_escape(value: Any) -> Any:
    """`value` as a CSV cell a spreadsheet will not run: text that starts like a formula gets
    a leading `'`; numbers, plain-number text and everything else is left as it is."""
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def csv_unescape(text: str) -> str:
    """The text `csv_escape` was given: its leading `'` removed again, and nothing else."""
    if text.startswith("'") and _needs_quote(text[1:]):
        return text[1:]
    return text


def csv_field(value: Any) -> str:
    """One value as CSV text: empty for None, `true`/`false`, two decimals for a float, and
    formula-like text behind a `'`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(csv_escape(value))


def _quoted(text: str) -> str:
    # The csv module quotes a lone carriage return only when it is part of the line ending, so
    # a note holding one would start a new row; every line break is quoted here.
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_document(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> str:
    """Rows as CSV text with a header, every value through `csv_field` (missing ones empty),
    lines ending in `\\n`, a field quoted when it holds a comma, a quote or any line break."""
    lines = [",".join(_quoted(column) for column in columns)]
    lines += [",".join(_quoted(csv_field(row.get(c))) for c in columns) or '""' for row in rows]
    return "\n".join(lines) + "\n"


def xlsx_text(text: str) -> str:
    """`text` with every character XML cannot hold shown as U+FFFD."""
    return _XML_ILLEGAL.sub(SHOWN_INSTEAD, text)


def text_cell(sheet: Any, value: Any) -> Any:
    """What to give `sheet.append` or a cell for `value`: text as a string cell (never a
    formula, whatever it starts with), anything else as it is."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import Cell

    cell = Cell(sheet, value=xlsx_text(value))
    cell.data_type = "s"
    return cell


def append_row(sheet: Any, values: list[Any]) -> None:
    """Add a row to `sheet`, its text as string cells."""
    sheet.append([text_cell(sheet, value) for value in values])


def put(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Set one cell of `sheet` (1-based), text as a string cell; returns the cell."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = xlsx_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell
