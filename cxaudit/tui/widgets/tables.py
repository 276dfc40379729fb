"""Data tables that fit the width they have, and the row under the cursor found by its key.

A `FitTable` never lets one long cell push the other columns off screen: a fixed column is as
wide as its widest cell up to a cap, the flexible columns (a question, an action, a name) share
whatever width is left, and a cell too long for its column ends in "…". Its label is never cut.
The table lays itself out again when its width changes, and keeps every cell whole, so the
screen can show the full text of the row under the cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowDoesNotExist

Cell = str | Text

FLEX_MIN = 12
"""The narrowest a flexible column is made, room allowing."""


@dataclass(frozen=True)
class Column:
    """One column of a `FitTable`."""

    label: str
    key: str = ""
    """How the column is found again (the label when empty)."""
    flex: bool = False
    """Takes its share of the width the fixed columns leave."""
    cap: int = 30
    """The widest a fixed column grows; longer cells are cut."""
    drop_below: int = 0
    """Leave the column out while the table is narrower than this (the screen shows its value
    another way, for instance for the selected row)."""

    @property
    def id(self) -> str:
        """The column's key."""
        return self.key or self.label


def cell_width(cell: Cell) -> int:
    """How many terminal cells the longest line of `cell` takes."""
    plain = cell.plain if isinstance(cell, Text) else cell
    return max((cell_len(line) for line in plain.split("\n")), default=0)


def fit_cell(cell: Cell, width: int) -> Cell:
    """`cell` cut to `width` terminal cells, ending in "…" when it was longer."""
    if cell_width(cell) <= width:
        return cell
    cut = cell.copy() if isinstance(cell, Text) else Text(cell)
    cut.truncate(width, overflow="ellipsis")
    return cut


def widths(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], available: int) -> list[int]:
    """Each column's width for a table `available` cells wide (cell padding included)."""
    widest = [
        max([cell_width(column.label), *(cell_width(cells[i]) for cells in rows)])
        for i, column in enumerate(columns)
    ]
    labels = [cell_width(column.label) for column in columns]
    result = [max(labels[i], min(widest[i], column.cap)) for i, column in enumerate(columns)]
    flexible = [i for i, column in enumerate(columns) if column.flex]
    if flexible:
        fixed = sum(w for i, w in enumerate(result) if i not in flexible)
        left = available - fixed - 2 * len(columns)
        share = max(left // len(flexible), FLEX_MIN)
        for i in flexible:
            result[i] = max(labels[i], min(widest[i], share))
    return result


class FitTable(DataTable[Cell]):
    """A row-cursor table whose columns fit its width; see the module's description."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "first_row", "First row", show=False),
        Binding("end", "last_row", "Last row", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
        self._spec: tuple[Column, ...] = ()
        self._cells: dict[str, tuple[Cell, ...]] = {}
        """Every row's whole cells, by row key, in order."""
        self._laid_out_for = -1
        self._plan: tuple[tuple[int, ...], tuple[int, ...]] | None = None
        """The columns shown (by position) and their widths, as last laid out."""

    def fill(self, columns: Sequence[Column], rows: Sequence[tuple[str, Sequence[Cell]]]) -> None:
        """Show `rows` (key, one cell per column) under `columns`; the cursor stays on its row."""
        self._spec = tuple(columns)
        self._cells = {key: tuple(cells) for key, cells in rows}
        self._lay_out()

    def action_first_row(self) -> None:
        """The cursor to the first row."""
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        """The cursor to the last row (its text, notes and detail one key away)."""
        self.move_cursor(row=max(self.row_count - 1, 0))

    def cells(self, key: str) -> tuple[Cell, ...]:
        """A row's cells, whole."""
        return self._cells[key]

    def update_row(self, key: str, cells: Sequence[Cell]) -> None:
        """Show new cells in one row (fitted to the widths already laid out)."""
        self._cells[key] = tuple(cells)
        for spec, cell in zip(self._spec, cells, strict=True):
            column = self.columns.get(ColumnKey(spec.id))
            if column is not None:
                self.update_cell(key, spec.id, fit_cell(cell, column.width))

    def _available(self) -> int:
        width = self.size.width or max(self.app.size.width - 4, 20)
        return width - self.styles.scrollbar_size_vertical

    def on_resize(self) -> None:
        # A table filled before its first layout (from a first look) was fitted to a guessed
        # width: it is laid out again only if the real width changes the columns shown or their
        # widths, so a right guess does not draw every cell twice.
        if self._spec and self.size.width != self._laid_out_for:
            if self._layout_plan() == self._plan:
                self._laid_out_for = self.size.width
            else:
                self._lay_out()

    def _layout_plan(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The columns shown (by position) and their widths at the width available now."""
        available = self._available()
        shown = [i for i, column in enumerate(self._spec) if available >= column.drop_below]
        rows = [tuple(cells[i] for i in shown) for cells in self._cells.values()]
        return tuple(shown), tuple(widths([self._spec[i] for i in shown], rows, available))

    def _lay_out(self) -> None:
        self._laid_out_for = self.size.width
        selected = cursor_key(self)
        shown_at, sizes_at = self._plan = self._layout_plan()
        shown = list(shown_at)
        columns = [self._spec[i] for i in shown]
        rows = [tuple(cells[i] for i in shown) for cells in self._cells.values()]
        sizes = list(sizes_at)
        self.clear(columns=True)
        for column, width in zip(columns, sizes, strict=True):
            self.add_column(column.label, width=width, key=column.id)
        for key, cells in zip(self._cells, rows, strict=True):
            self.add_row(
                *(fit_cell(cell, width) for cell, width in zip(cells, sizes, strict=True)),
                key=key,
            )
        move_cursor_to(self, selected)


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
