"""Data tables: filled in one go with every column as wide as its widest cell, and the row
under the cursor found (and found again after a refresh) by its key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist


def _width(cell: str | Text) -> int:
    if isinstance(cell, Text):
        return max((cell_len(line.plain) for line in cell.split("\n")), default=0)
    return max((cell_len(line) for line in cell.split("\n")), default=0)


def fill_table(
    table: DataTable[str | Text],
    labels: Sequence[str],
    rows: Sequence[tuple[str, Sequence[str | Text]]],
) -> None:
    """Replace the table's columns and rows: `rows` are (key, cells), one cell per label.

    Columns get their final widths up front. Left to widen as rows arrive, they can leave the
    header painted at the narrower widths of the labels alone until something else repaints it.
    """
    table.clear(columns=True)
    for index, label in enumerate(labels):
        widest = max([cell_len(label), *(_width(cells[index]) for _, cells in rows)])
        table.add_column(label, width=widest, key=label or f"column-{index}")
    for key, cells in rows:
        table.add_row(*cells, key=key)


def cursor_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the cursor, if the table has rows."""
    if table.row_count == 0:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def move_cursor_to(table: DataTable[Any], key: str | None) -> None:
    """Put the cursor back on the row with `key`, if it is still listed."""
    if key is None:
        return
    try:
        row = table.get_row_index(key)
    except RowDoesNotExist:
        return
    table.move_cursor(row=row, animate=False)
