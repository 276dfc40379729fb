"""What the PDF is laid out with: the styles and the makers of paragraphs, cells and tables.

One `Context` is made per layout pass and used for every block (`cxaudit.report.layout`). It
makes paragraphs, cells, headings and tables so that every section prints them the same way,
turns rich text into paragraph markup in the report's palette, and parses each piece of
paragraph markup once per pass, however many sections repeat it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Paragraph, Table

from cxaudit.report.blocks import Rich, Tone
from cxaudit.report.data import ReportData
from cxaudit.report.flowables import FixedText, Para, RightText, data_table, span
from cxaudit.report.fonts import FontSet
from cxaudit.report.styles import AMBER, BAD, GOOD, INK, MUTED, SLATE, Styles
from cxaudit.report.text import literal

SMALL_SIZE = 7.5
"""The size of text set smaller than the text around it (a source under a reason)."""


class Context:
    """The report data and styles, with the makers every block is laid out with."""

    def __init__(self, data: ReportData, styles: Styles, *, split_rows: bool = False) -> None:
        self.data = data
        self.split_rows = split_rows
        """Let a table row split across pages: only needed when one row is taller than a page,
        since reportlab then also repeats the header above the row's continuation."""
        self.styles = styles
        self.fonts: FontSet = styles.fonts
        palette = styles.palette
        self.tones: dict[Tone, Color] = {
            Tone.INK: INK,
            Tone.SLATE: SLATE,
            Tone.MUTED: MUTED,
            Tone.PRIMARY: palette.primary,
            Tone.ACCENT: palette.accent,
            Tone.AMBER: AMBER,
            Tone.GOOD: GOOD,
            Tone.BAD: BAD,
        }
        """Each tone's colour in this report's palette."""
        self._parsed: dict[tuple[str, int], tuple[str, Any, list[Any]]] = {}

    # -- paragraphs, cells and tables ---------------------------------------------------------

    def para(self, markup: str, style: Any) -> Paragraph:
        """A paragraph of markup, parsed once per build however often the same text recurs.

        Respondent labels, answers and level descriptions repeat hundreds of times in the
        appendix; reusing the parsed fragments skips the markup parser for every repeat.
        """
        key = (markup, id(style))
        parsed = self._parsed.get(key)
        if parsed is None:
            para = Para(markup, style)
            self._parsed[key] = (para.text, para.style, para.frags)
            return para
        text, parsed_style, frags = parsed
        return Para(text, parsed_style, frags=list(frags))

    def text(self, value: str, style: Any = None) -> Paragraph:
        """A paragraph printing `value` literally (typed or questionnaire text)."""
        return self.para(literal(value, self.fonts), style or self.styles.body)

    def markup(self, value: str, style: Any = None) -> Paragraph:
        """A paragraph of trusted markup built here (every typed part already escaped)."""
        return self.para(value, style or self.styles.body)

    def lit(self, value: str) -> str:
        """Escaped markup for a piece of typed text, to embed in a larger paragraph."""
        return literal(value, self.fonts)

    def cell(self, value: str, *, right: bool = False, muted: bool = False) -> Paragraph:
        """A table cell printing `value` literally; it wraps within its column."""
        style = self.styles.cell_right if right else self.styles.cell
        if muted:
            style = self.styles.muted
        return self.para(literal(value, self.fonts), style)

    def fixed(self, value: str, *, right: bool = False) -> str | Paragraph:
        """A short value the report generates itself (a score, a date, a rank, an answer).

        It never wraps and holds no markup, so the table draws it as a plain string in the
        cell font instead of paying for a paragraph's parsing, line breaking and drawing; a
        value that needs a fallback font for some character is a paragraph after all.
        """
        if not self.fonts.covers(value):
            return self.cell(value, right=right)
        return RightText(value) if right else FixedText(value)

    def head(self, *titles: str, right_from: int | None = None) -> list[Paragraph]:
        """A table's header row; the columns from `right_from` on are aligned right."""
        row = []
        for index, title in enumerate(titles):
            right = right_from is not None and index >= right_from
            style = self.styles.cell_head_right if right else self.styles.cell_head
            row.append(self.para(literal(title, self.fonts), style))
        return row

    def table(
        self,
        rows: Sequence[Sequence[Any]],
        widths: Sequence[float],
        *,
        extra: Iterable[tuple[Any, ...]] = (),
        zebra: bool = True,
        narrow: bool = False,
    ) -> Table:
        """A table whose header repeats on every page it spans and whose rows may split."""
        return data_table(
            rows,
            widths,
            cell=self.styles.cell,
            split_rows=self.split_rows,
            extra=extra,
            zebra=zebra,
            narrow=narrow,
            palette=self.styles.palette,
        )

    def h1(self, title: str) -> Paragraph:
        """A top-level section title (an entry in the PDF's outline)."""
        return self.para(literal(title, self.fonts), self.styles.h1)

    def h2(self, title: str, *, outline: bool = False) -> Paragraph:
        """A sub-heading; `outline` puts it in the PDF's outline under its section."""
        para = self.para(literal(title, self.fonts), self.styles.h2)
        para._cx_outline = outline
        return para

    def h3(self, title: str) -> Paragraph:
        """A minor heading."""
        return self.para(literal(title, self.fonts), self.styles.h3)

    def rich(self, runs: Rich) -> str:
        """Paragraph markup for rich text: each piece escaped, then bold, coloured or small."""
        parts = []
        for run in runs:
            markup = literal(run.text, self.fonts)
            if run.bold:
                markup = f"<b>{markup}</b>"
            if run.tone is not None:
                markup = span(markup, self.tones[run.tone])
            if run.small:
                markup = f'<font size="{SMALL_SIZE}">{markup}</font>'
            parts.append(("<br/>" if run.newline else "") + markup)
        return "".join(parts)
