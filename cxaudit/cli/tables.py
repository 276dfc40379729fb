"""Tables for people at a terminal, drawn by Rich to the terminal's width.

A table is a list of `Column`s and rows of text. On a terminal it is sized to the window (long
names fold inside their cell) with a bold header; written to a pipe or a file it is plain text:
no colour, no box-drawing, only spaces and a dashed rule under the header, at the width `COLUMNS`
gives (80 when unset). A wide table (`--wide`) keeps every column at its natural width, nothing
folded; when that is wider than the terminal's window it is shown in a pager that scrolls
sideways (`less -S`), so no line is broken at the window's edge.

Every cell passes through `printable`, so a name cannot send control sequences to the terminal,
and cells are Rich `Text`, never markup: a `[bold]` in a name is printed as typed. Rich is
imported by this module, which the commands import only when they draw a table.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import click
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from cxaudit.cli.output import printable, stdout_is_terminal

PLAIN = box.Box(
    "    \n    \n -- \n    \n    \n    \n    \n    \n",
    ascii=True,
)
"""Plain text: columns apart by spaces, a dashed rule under the header, nothing else."""


@dataclass(frozen=True)
class Column:
    """One column: its header as a person reads it, and how its cells sit."""

    header: str
    justify: Literal["left", "right"] = "left"
    fold: bool = False
    """Whether long cells may wrap onto more lines (names, titles); others never wrap."""


def console() -> Console:
    """The console tables are drawn on: standard output, plain unless it is a terminal."""
    terminal = stdout_is_terminal()
    return Console(
        file=sys.stdout,
        force_terminal=terminal,
        no_color=not terminal,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )


def build(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], *, terminal: bool, wide: bool
) -> Table:
    """A Rich table of `rows` under `columns`, each cell made printable.

    A wide table never wraps a cell: it is as wide as its content.
    """
    table = Table(
        box=box.SIMPLE_HEAD if terminal else PLAIN,
        show_edge=False,
        pad_edge=False,
        # One space after each cell and the box's blank divider: columns two spaces apart.
        padding=(0, 1, 0, 0),
        header_style="bold" if terminal else "",
        expand=False,
    )
    for column in columns:
        table.add_column(
            Text(printable(column.header)),
            justify=column.justify,
            no_wrap=wide or not column.fold,
            overflow="fold",
        )
    for row in rows:
        table.add_row(*(Text(printable(cell)) for cell in row))
    return table


def print_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    wide: bool = False,
    title: str | None = None,
) -> None:
    """Draw a table on standard output; `title` (user text, made printable) goes above it."""
    out = console()
    table = build(columns, rows, terminal=out.is_terminal, wide=wide)
    window = out.width
    if wide:
        # As wide as its content: every column at its natural width, nothing folded.
        needed = out.measure(table, options=out.options.update(width=10_000)).maximum
        out.width = max(window, needed)
    if not out.is_terminal:
        # Plain text for files and pipes: the padding Rich leaves at the end of a line goes.
        with out.capture() as captured:
            _draw(out, table, title)
        lines = captured.get().splitlines()
        sys.stdout.write("".join(line.rstrip() + "\n" for line in lines))
    elif out.width > window:
        # Wider than the window: a pager that scrolls sideways, rather than lines the terminal
        # breaks wherever its edge falls (`less -S`, unless LESS or PAGER say otherwise).
        os.environ.setdefault("LESS", "-RSX")
        with out.capture() as captured:
            _draw(out, table, title)
        click.echo_via_pager(captured.get(), color=True)
    else:
        _draw(out, table, title)


def _draw(out: Console, table: Table, title: str | None) -> None:
    if title is not None:
        out.print(Text(printable(title)), overflow="fold")
    out.print(table, overflow="fold", crop=False)
