"""What the report says, before a format lays it out: headings, text, tables and charts.

The sections (`cxaudit.report.sections`) write the report once, as these blocks; the PDF
(`cxaudit.report.layout`) and the Word document (`cxaudit.report.word`) each lay the same
blocks out in their own way, so both formats always hold the same content in the same order.
Nothing here knows reportlab or python-docx.

Text comes in three kinds. A plain `str` is text someone typed (a name, a note): it is printed
literally and wraps. A `Fixed` is a short value the report generates (a score, a date): it never
wraps. A `Rich` is a run of pieces with emphasis (bold, a colour, a smaller size, a new line).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Literal


class Tone(StrEnum):
    """A colour by its meaning; each format maps it to the report's palette."""

    INK = "ink"
    """Body text."""
    SLATE = "slate"
    """Secondary text: sub-lines, labels, an unchanged score."""
    MUTED = "muted"
    """Faint: a dropped action, an earlier period's line on a chart."""
    PRIMARY = "primary"
    """The brand's primary colour: headings, table headers, this period's scores."""
    ACCENT = "accent"
    """The brand's accent colour: minor headings, an action in progress or carried over."""
    AMBER = "amber"
    """Targets on charts."""
    GOOD = "good"
    """A rise, an action done."""
    BAD = "bad"
    """A fall, an overdue action, a draft's warning."""


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text with its emphasis."""

    text: str
    bold: bool = False
    tone: Tone | None = None
    small: bool = False
    """Set smaller than the text around it (a source under a reason)."""
    newline: bool = False
    """Starts on a new line."""


Rich = tuple[Run, ...]
"""Text made of pieces with different emphasis."""


class Fixed(str):
    """A short value the report generates (a score, a date, a rank): it never wraps."""

    __slots__ = ()


Cell = str | Rich
"""A table cell: typed text (`str`), a generated value (`Fixed`) or `Rich` text."""


def plain(cell: Cell) -> str:
    """A cell's text without its emphasis, lines joined by a space."""
    if isinstance(cell, str):
        return cell
    return "".join((" " if run.newline else "") + run.text for run in cell)


class Style(StrEnum):
    """How a paragraph is set."""

    BODY = "body"
    SMALL = "small"
    MUTED = "muted"
    """Explanations in secondary colour, smaller than body text."""
    NOTE = "note"
    """A respondent's note, indented."""
    LABEL = "label"
    """A small capitalised label over a figure ("OVERALL SCORE")."""
    BIG_NUMBER = "big_number"
    STAGE = "stage"
    """The stage's name next to the overall score."""
    COVER_ORG = "cover_org"
    COVER_TITLE = "cover_title"


@dataclass(frozen=True, slots=True)
class Heading:
    """A section (level 1), sub-section (2) or minor (3) heading."""

    text: str
    level: Literal[1, 2, 3] = 1
    outline: bool = False
    """A level-2 heading listed in the PDF's outline under its section (level 1 always is)."""
    tight: bool = False
    """Less space around it: a heading on a page that must fit on one page."""


@dataclass(frozen=True, slots=True)
class Text:
    """A paragraph: typed text printed literally (`str`) or `Rich` text."""

    content: str | Rich
    style: Style = Style.BODY


@dataclass(frozen=True, slots=True)
class Table:
    """A table whose header row repeats on every page it spans."""

    head: tuple[str, ...]
    rows: Sequence[tuple[Cell, ...]]
    widths: tuple[float, ...]
    """Relative column widths; each format scales them to its page."""
    right_from: int | None = None
    """Columns from this one on are figures, aligned right."""
    total: bool = False
    """The last row is a total: set off by a rule above it."""
    narrow: bool = False
    """Many columns: thinner cell padding."""
    compact: bool = False
    """Less space above and below each row."""


@dataclass(frozen=True, slots=True)
class FactTable:
    """Labelled facts, one a row (the cover's period, date, respondents…)."""

    rows: tuple[tuple[str, Rich], ...]


SeriesColour = Tone | int
"""A chart series' colour: a tone, or the index of an area in the area palette."""


@dataclass(frozen=True, slots=True)
class ChartSeries:
    """One line of a chart: its name in the legend, its values and how it is drawn."""

    name: str
    values: tuple[float | None, ...]
    colour: SeriesColour
    dashed: bool = False
    filled: bool = False
    width: float = 1.6


@dataclass(frozen=True, slots=True)
class Chart:
    """A radar of the areas or a trend across periods, on the fixed 1–5 scale."""

    kind: Literal["radar", "trend"]
    labels: tuple[str, ...]
    """The areas (radar) or the periods (trend)."""
    series: tuple[ChartSeries, ...]
    width: float | None
    """In points; None for the full width of the page."""
    height: float


@dataclass(frozen=True, slots=True)
class Box:
    """One row of a box chart: a label, how a group's values spread, and one value marked."""

    label: str
    spread: tuple[float, float, float, float, float] | None
    """Where the lower whisker ends, the lower quartile, the median, the upper quartile and
    where the upper whisker ends; None when there is nothing to draw (`missing` says why)."""
    marker: float | None
    """The value marked with a diamond (the client's score); None for no marker."""
    bold: bool = False
    """A row set off from the others (the overall score above the areas)."""
    missing: str = ""
    """What the row says instead of a box when `spread` is None."""


@dataclass(frozen=True, slots=True)
class BoxChart:
    """Horizontal boxes and whiskers on the fixed 1–5 scale, one row each, with a marker."""

    rows: tuple[Box, ...]
    legend: tuple[str, str, str, str]
    """The legend's words for the marker, the box, the median and the whiskers, in that order."""
    width: float | None = None
    """In points; None for the full width of the page. The height follows from the rows."""


@dataclass(frozen=True, slots=True)
class Space:
    """Vertical space, in millimetres."""

    mm: float


@dataclass(frozen=True, slots=True)
class Together:
    """Blocks kept on one page (a question's title with its first note)."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Columns:
    """Blocks beside a chart (the summary's overall score beside its radar)."""

    main: tuple[Block, ...]
    side: Chart


@dataclass(frozen=True, slots=True)
class OnePage:
    """Blocks that must fit on one page: a format that can shrinks them to fit."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Logos:
    """The client's and the consultant's logos side by side (either may be missing)."""

    client: Path | None
    firm: Path | None


@dataclass(frozen=True, slots=True)
class PageBreak:
    """The next block starts a new page."""


@dataclass(frozen=True, slots=True)
class CondBreak:
    """A new page unless this much space (in millimetres) is left on the current one."""

    mm: float


Block = (
    Heading
    | Text
    | Table
    | FactTable
    | Chart
    | BoxChart
    | Space
    | Together
    | Columns
    | OnePage
    | Logos
    | PageBreak
    | CondBreak
)
"""Anything a section says."""
