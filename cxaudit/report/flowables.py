"""The building blocks every section lays out: paragraphs, table cells, tables and heading guards.

Kept apart from the sections so that each section is only its own content, and so that the
report's speed tricks (a paragraph that remembers its line breaking, plain-string cells) and its
page-break rules are written once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table

from cxaudit.report.styles import (
    CONTENT_WIDTH,
    DEFAULT_PALETTE,
    PAGE_HEIGHT,
    SLATE,
    Palette,
    table_style,
)


class Para(Paragraph):  # type: ignore[misc]
    """A paragraph that remembers its last line breaking.

    Tables, `KeepTogether` and `KeepInFrame` ask the same paragraph for its size at the same
    width several times (to measure, to split, to draw); breaking the lines again each time
    was the largest single cost of the report.
    """

    _cx_wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        last = self._cx_wrapped
        # A failed split drops the line breaking (`blPara`), so then it is done again.
        if last is not None and last[0] == availWidth and "blPara" in self.__dict__:
            return last[1]
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._cx_wrapped = (availWidth, size)
        return size


class FixedText(str):
    """A plain-string table cell, drawn in the cell paragraph style's font and colour."""

    __slots__ = ()


class RightText(FixedText):
    """A plain-string table cell aligned to the right (figures in a column of figures)."""

    __slots__ = ()


def _hex(colour: Color) -> str:
    """A colour as `#rrggbb` for Paragraph markup."""
    return "#" + str(colour.hexval())[2:]


def span(markup: str, colour: Color = SLATE) -> str:
    """Markup in a colour (muted slate by default)."""
    return f'<font color="{_hex(colour)}">{markup}</font>'


def fit_header_words(widths: Sequence[float], needs: Sequence[float]) -> list[float]:
    """Widen any column narrower than it `needs`, taking from the widest.

    A header breaks a word that does not fit its column mid-word ("Weigh/t"), so each column
    is made at least as wide as its header's longest word and the cell padding need; the
    PDF and the Word document both size their tables so.
    """
    out = list(widths)
    for index, need in enumerate(needs[: len(out)]):
        deficit = need + 0.5 - out[index]
        if deficit <= 0:
            continue
        widest = max(range(len(out)), key=lambda i: out[i])
        if widest == index or out[widest] - deficit < out[index]:
            continue
        out[widest] -= deficit
        out[index] += deficit
    return out


def header_word_width(title: str, font: str, size: float) -> float:
    """The width of a header's longest word."""
    return max((stringWidth(w, font, size) for w in title.split()), default=0.0)


def _header_needs(header: Sequence[Any], padding: float) -> list[float]:
    """How wide each header cell's longest word and its padding need its column to be."""
    needs = []
    for cell in header:
        if isinstance(cell, Paragraph):
            style = cell.style
            needs.append(
                header_word_width(cell.getPlainText(), style.fontName, style.fontSize) + padding
            )
        else:
            needs.append(0.0)
    return needs


class SpanTable(Table):  # type: ignore[misc]
    """A table laid out for the page's width that keeps its columns' shares of a wider one.

    A page shrunk to fit (`KeepInFrame`) is laid out wider, then scaled down to the page; a
    table whose columns stayed at the page's width would come out narrower than the text around
    it. Its split-off parts (a table across pages) keep the widths they were given.
    """

    _cx_base: list[float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        base = self._cx_base
        if base is not None:
            scale = max(1.0, availWidth / sum(base))
            widths = [width * scale for width in base]
            if widths != getattr(self, "_argW", None):
                self._argW = widths
                # reportlab works a table's column widths out once; these have changed.
                self.__dict__.pop("_width_calculated_once", None)
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        return size


def span_table(rows: Sequence[Sequence[Any]], widths: Sequence[float], **options: Any) -> Table:
    """A `SpanTable` whose columns are `widths` at the page's width."""
    table = SpanTable([list(r) for r in rows], colWidths=list(widths), **options)
    table._cx_base = list(widths)
    return table


def data_table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    cell: Any,
    split_rows: bool,
    extra: Iterable[tuple[Any, ...]] = (),
    zebra: bool = True,
    narrow: bool = False,
    palette: Palette = DEFAULT_PALETTE,
) -> Table:
    """A full-width table whose header repeats on every page it spans.

    `widths` are relative; `cell` is the paragraph style plain-string cells are drawn like;
    `split_rows` lets a row split across pages (see `Context.split_rows`).
    """
    scale = CONTENT_WIDTH / sum(widths)
    padding = 3 if narrow else 5
    col_widths = fit_header_words(
        [w * scale for w in widths], _header_needs(rows[0] if rows else [], 2 * padding)
    )
    table = span_table(
        rows,
        col_widths,
        repeatRows=1,
        splitInRow=1 if split_rows else 0,
        hAlign="LEFT",
    )
    style = table_style(zebra=zebra, palette=palette)
    if narrow:
        # Many columns: thinner side padding so dates and area names stay on one line.
        style.add("LEFTPADDING", (0, 0), (-1, -1), padding)
        style.add("RIGHTPADDING", (0, 0), (-1, -1), padding)
    # Plain-string cells (see `Context.fixed`) are drawn like the `cell` paragraph style.
    font = (cell.fontName, cell.fontSize, cell.leading)
    for row_index, row in enumerate(rows):
        for col_index, value in enumerate(row):
            if isinstance(value, FixedText):
                at = (col_index, row_index)
                style.add("FONT", at, at, *font)
                style.add("TEXTCOLOR", at, at, cell.textColor)
                if isinstance(value, RightText):
                    style.add("ALIGN", at, at, "RIGHT")
    for command in extra:
        style.add(*command)
    table.setStyle(style)
    return table


_HEADINGS = ("h1", "h2", "h3")
_FOLLOWER_MIN = 24 * mm
"""How much of the content after a heading must fit below it (when that content is taller)."""
_GUARD_MAX = 90 * mm
"""The most a heading guard ever asks for, so it can always be met at the top of a page."""


class _HeadingGuard(CondPageBreak):  # type: ignore[misc]
    """Start a new page unless a run of headings fits together with the start of what follows.

    The space needed is measured when the page is laid out: the headings themselves, then the
    header and first row of a following table, or up to `_FOLLOWER_MIN` of anything else. A
    fixed guard per heading missed stacked headings (a section title directly followed by a
    sub-heading) and left the section title alone at the foot of the page.
    """

    def __init__(self, headings: Sequence[Paragraph], follower: Flowable | None) -> None:
        super().__init__(0)
        self.headings = list(headings)
        self.follower = follower

    def __repr__(self) -> str:
        return f"_HeadingGuard({len(self.headings)})"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        need = 0.0
        for heading in self.headings:
            need += heading.getSpaceBefore() + heading.wrap(availWidth, PAGE_HEIGHT)[1]
            need += heading.getSpaceAfter()
        follower = self.follower
        if isinstance(follower, Table):
            follower.wrap(availWidth, PAGE_HEIGHT)
            need += follower.getSpaceBefore() + sum(follower._rowHeights[:2])
        elif isinstance(follower, Paragraph):
            height = follower.wrap(availWidth, PAGE_HEIGHT)[1]
            need += follower.getSpaceBefore() + min(height, _FOLLOWER_MIN)
        elif follower is not None:
            need += _FOLLOWER_MIN
        self.height = min(need, _GUARD_MAX)
        result: tuple[float, float] = super().wrap(availWidth, availHeight)
        return result


def _is_heading(flowable: Flowable) -> bool:
    return isinstance(flowable, Paragraph) and flowable.style.name in _HEADINGS


def guard_headings(story: list[Flowable]) -> list[Flowable]:
    """Start a new page rather than leave a heading (or a run of them) alone at a page's foot."""
    out: list[Flowable] = []
    index = 0
    while index < len(story):
        if not _is_heading(story[index]):
            out.append(story[index])
            index += 1
            continue
        end = index
        while end < len(story) and _is_heading(story[end]):
            end += 1
        headings = story[index:end]
        follower = story[end] if end < len(story) else None
        out.append(_HeadingGuard(headings, follower))
        out.extend(headings)
        index = end
    return out
