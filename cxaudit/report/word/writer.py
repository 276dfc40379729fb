"""The Word document's layout of the report's blocks: paragraphs, tables and pictures.

The same blocks the PDF lays out (`cxaudit.report.blocks`), set with Word's own means so that a
consultant can edit the result: each heading a Heading 1–3 paragraph, each table a real table
whose header row repeats on every page, each chart a picture. A page break becomes "page break
before" on the next heading, so no empty paragraph opens a page.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from cxaudit.report import blocks as b
from cxaudit.report.flowables import fit_header_words, header_word_width
from cxaudit.report.layout import Layout
from cxaudit.report.text import clean
from cxaudit.report.word.ooxml import (
    TBL_PR,
    TC_PR,
    Piece,
    borders,
    fill_paragraph,
    margins,
    row_flag,
    shade,
)
from cxaudit.report.word.pictures import (
    CHARTS_UNAVAILABLE,
    LOGO_HEIGHT,
    LOGO_WIDTH,
    chart_png,
    chart_width,
    fit,
)
from cxaudit.report.word.styles import (
    CONTENT_WIDTH,
    PARAGRAPH_STYLES,
    TABLE_HEADING,
    TABLE_TEXT,
    WordPalette,
)

Container = Document | _Cell
"""Where blocks are written: the document's body, or a table cell."""

SMALL_SIZE = Pt(7.5)
SMALL_HALF_POINTS = 15
HEAD_SIZE = 8.5
"""The size of a table's header text, in points (the "Table Heading" style's)."""


class Writer:
    """Writes blocks into a python-docx document, in the brand's palette."""

    def __init__(self, doc: Document, palette: WordPalette, layout: Layout) -> None:
        self.doc = doc
        self.palette = palette
        self.layout = layout
        self.notes: list[str] = []
        """What the reader should know about the document (a chart that could not be drawn)."""
        self._break = False
        self._space: float = 0.0
        self._style_ids = {
            name: doc.styles[name].style_id
            for name in (*PARAGRAPH_STYLES.values(), TABLE_TEXT, TABLE_HEADING)
        }
        self._style_ids.update({f"h{n}": doc.styles[f"Heading {n}"].style_id for n in (1, 2, 3)})

    # -- paragraphs ------------------------------------------------------------------------------

    def paragraph(self, container: Container, style: str) -> Paragraph:
        """A new paragraph in `style` (a style's name or `h1`…`h3`), taking any pending page
        break or space before it."""
        paragraph: Paragraph
        if isinstance(container, _Cell) and _unused(container):
            paragraph = container.paragraphs[0]
        else:
            paragraph = container.add_paragraph()
        paragraph._p.get_or_add_pPr().style = self._style_ids[style]
        if container is self.doc:
            if self._break:
                paragraph.paragraph_format.page_break_before = True
                self._break = False
            if self._space:
                paragraph.paragraph_format.space_before = Mm(self._space)
                self._space = 0.0
        return paragraph

    def runs(self, paragraph: Paragraph, content: str | b.Rich) -> None:
        """Typed text as written (its line breaks kept), or rich text piece by piece."""
        if isinstance(content, str):
            paragraph.add_run(clean(content))
            return
        for piece in content:
            if piece.newline:
                paragraph.add_run().add_break()
            run = paragraph.add_run(clean(piece.text))
            if piece.bold:
                run.bold = True
            if piece.tone is not None:
                run.font.color.rgb = self.palette.tone(piece.tone)
            if piece.small:
                run.font.size = SMALL_SIZE

    # -- blocks ----------------------------------------------------------------------------------

    def write(self, story: Iterable[b.Block], container: Container | None = None) -> None:
        """Every block, in order."""
        for block in story:
            self.block(block, container if container is not None else self.doc)

    def block(self, block: b.Block, container: Container) -> Paragraph | None:
        """One block; the paragraph it made, when it made one."""
        if isinstance(block, b.Heading):
            paragraph = self.paragraph(container, f"h{block.level}")
            if block.tight:
                paragraph.paragraph_format.space_before = Pt(6 if block.level > 1 else 0)
            self.runs(paragraph, block.text)
            return paragraph
        if isinstance(block, b.Text):
            paragraph = self.paragraph(container, PARAGRAPH_STYLES[block.style])
            self.runs(paragraph, block.content)
            return paragraph
        if isinstance(block, b.Table):
            self.table(block, container)
        elif isinstance(block, b.FactTable):
            self.fact_table(block, container)
        elif isinstance(block, b.Chart | b.BoxChart):
            return self.chart(block, container)
        elif isinstance(block, b.Space):
            self._space += block.mm
        elif isinstance(block, b.Together):
            self.together(block.blocks, container)
        elif isinstance(block, b.OnePage):
            # Word lays pages out itself; the blocks simply follow one another.
            self.write(block.blocks, container)
        elif isinstance(block, b.Columns):
            self.columns(block, container)
        elif isinstance(block, b.Logos):
            self.logos(block, container)
        elif isinstance(block, b.PageBreak):
            self._break = True
        # A conditional break is Word's to make: headings keep with what follows them.
        return None

    def together(self, group: Sequence[b.Block], container: Container) -> None:
        """Blocks kept on one page: each paragraph but the last keeps with the next."""
        for index, block in enumerate(group):
            paragraph = self.block(block, container)
            if paragraph is not None and index < len(group) - 1:
                paragraph.paragraph_format.keep_with_next = True

    def chart(self, block: b.Chart | b.BoxChart, container: Container) -> Paragraph | None:
        """The chart as the PDF draws it, as a picture."""
        png = chart_png(self.layout, block)
        if png is None:
            if CHARTS_UNAVAILABLE not in self.notes:
                self.notes.append(CHARTS_UNAVAILABLE)
            return None
        paragraph = self.paragraph(container, PARAGRAPH_STYLES[b.Style.BODY])
        paragraph.add_run().add_picture(io.BytesIO(png), width=chart_width(block))
        return paragraph

    # -- tables ----------------------------------------------------------------------------------

    def new_table(
        self,
        container: Container,
        widths: Sequence[float],
        lines: dict[str, Any],
        needs: Sequence[float] = (),
    ) -> Table:
        """An empty table of one row with columns in proportion to `widths`, each at least as
        wide as it `needs` (in points)."""
        if (self._break and container is self.doc) or _ends_with_table(container):
            # Word and LibreOffice join two tables with nothing between them into one.
            spacer = self.paragraph(container, PARAGRAPH_STYLES[b.Style.SMALL])
            spacer.paragraph_format.space_after = Pt(0)
        self._space = 0.0
        total = _width(container) / Pt(1)
        points = fit_header_words([w * total / sum(widths) for w in widths], needs)
        table = container.add_table(rows=1, cols=len(widths))
        table.autofit = False
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        for column, width in zip(table.columns, points, strict=True):
            column.width = Pt(width)
        for cell, width in zip(table.rows[0].cells, points, strict=True):
            cell.width = Pt(width)
        tbl_pr = table._tbl.tblPr
        borders(tbl_pr, "w:tblBorders", lines, TBL_PR)
        return table

    def pieces(self, value: b.Cell) -> list[Piece]:
        """A cell's text as runs to write: typed text as it is, rich text piece by piece."""
        if isinstance(value, str):
            return [(clean(value), False, None, None, False)]
        tone = self.palette.tone
        return [
            (
                clean(piece.text),
                piece.bold,
                str(tone(piece.tone)) if piece.tone is not None else None,
                SMALL_HALF_POINTS if piece.small else None,
                piece.newline,
            )
            for piece in value
        ]

    def cell(self, tc: CT_Tc, value: b.Cell, *, right: bool, style: str = TABLE_TEXT) -> None:
        """A cell's text, in the paragraph every new cell holds, aligned right for a figure."""
        fill_paragraph(tc.p_lst[0], self._style_ids[style], self.pieces(value), right=right)

    def table(self, block: b.Table, container: Container) -> Table:
        """A table whose header row repeats on every page, in faint stripes."""
        palette = self.palette
        side = 60 if block.narrow else 100
        bold = self.layout.ctx.fonts.bold
        needs = [header_word_width(title, bold, HEAD_SIZE) + side / 10 for title in block.head]
        lines = {**_NO_BORDERS, "bottom": (0.6, palette.rule), "insideH": (0.4, palette.rule)}
        table = self.new_table(container, block.widths, lines, needs)
        vertical = 40 if block.compact else 60
        margins(table._tbl.tblPr, top=vertical, bottom=vertical, left=side, right=side)
        start = len(block.head) if block.right_from is None else block.right_from
        header = table.rows[0]
        row_flag(header._tr.get_or_add_trPr(), "w:tblHeader")
        row_flag(header._tr.get_or_add_trPr(), "w:cantSplit")
        for index, (tc, title) in enumerate(zip(header._tr.tc_lst, block.head, strict=True)):
            self.cell(tc, title, right=index >= start, style=TABLE_HEADING)
            tc_pr = tc.get_or_add_tcPr()
            borders(tc_pr, "w:tcBorders", {"bottom": (0.8, palette.primary)}, TC_PR)
            shade(tc_pr, palette.head_fill)
        last = len(block.rows) - 1
        for number, values in enumerate(block.rows):
            row = table.add_row()  # type: ignore[no-untyped-call]
            total = block.total and number == last
            for index, (tc, value) in enumerate(zip(row._tr.tc_lst, values, strict=True)):
                self.cell(tc, value, right=index >= start)
                tc_pr = tc.get_or_add_tcPr()
                if total:
                    borders(tc_pr, "w:tcBorders", {"top": (0.8, palette.primary)}, TC_PR)
                elif number % 2:
                    shade(tc_pr, palette.stripe)
        return table

    def fact_table(self, block: b.FactTable, container: Container) -> None:
        """The cover's facts: a small capitalised label beside each value."""
        palette = self.palette
        table = self.new_table(
            container,
            (38, 132),
            {
                "top": (0.8, palette.primary),
                "bottom": (0.4, palette.rule),
                "insideH": (0.4, palette.rule),
                "left": None,
                "right": None,
                "insideV": None,
            },
        )
        margins(table._tbl.tblPr, top=110, bottom=110, left=0, right=100)
        for index, (label, value) in enumerate(block.rows):
            cells = table.rows[0].cells if index == 0 else _new_row(table)
            self.runs(self.paragraph(cells[0], PARAGRAPH_STYLES[b.Style.LABEL]), label.upper())
            self.runs(self.paragraph(cells[1], PARAGRAPH_STYLES[b.Style.BODY]), value)

    def columns(self, block: b.Columns, container: Container) -> None:
        """Blocks on the left, a chart on the right, in a table with no lines."""
        chart_mm = chart_width(block.side) / Mm(1)
        table = self.new_table(container, (170 - chart_mm - 4, chart_mm + 4), _NO_BORDERS)
        margins(table._tbl.tblPr, top=0, bottom=0, left=0, right=0)
        main, side = table.rows[0].cells
        self.write(block.main, main)
        self.chart(block.side, side)

    def logos(self, block: b.Logos, container: Container) -> None:
        """The client's logo on the left and the consultant's on the right, scaled to fit."""
        table = self.new_table(container, (1, 1), _NO_BORDERS)
        margins(table._tbl.tblPr, top=0, bottom=0, left=0, right=0)
        for cell, path, align in zip(
            table.rows[0].cells,
            (block.client, block.firm),
            (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT),
            strict=True,
        ):
            paragraph = self.paragraph(cell, PARAGRAPH_STYLES[b.Style.BODY])
            paragraph.alignment = align
            if path is not None:
                width, height = fit(path, LOGO_WIDTH, LOGO_HEIGHT)
                paragraph.add_run().add_picture(str(path), width=width, height=height)

    def band(self, kicker: str, headline: str, strapline: str, colours: Band) -> None:
        """The cover's band: the report's title in white on the primary colour."""
        palette = self.palette
        table = self.new_table(self.doc, (1,), _NO_BORDERS)
        margins(table._tbl.tblPr, top=400, bottom=400, left=280, right=280)
        cell = table.rows[0].cells[0]
        shade(cell._tc.get_or_add_tcPr(), palette.primary)
        borders(cell._tc.get_or_add_tcPr(), "w:tcBorders", {"bottom": (6.0, palette.accent)}, TC_PR)
        for text, size, colour, bold in (
            (kicker, 9, colours.kicker, True),
            (headline, 26, colours.headline, True),
            (strapline, 11, colours.strapline, False),
        ):
            paragraph = self.paragraph(cell, PARAGRAPH_STYLES[b.Style.BODY])
            paragraph.paragraph_format.space_after = Pt(6)
            run = paragraph.add_run(text)
            run.bold = bold
            run.font.size = Pt(size)
            run.font.color.rgb = colour
        self._space = 8.0


class Band:
    """The colours of the text on the cover's band."""

    def __init__(self, kicker: RGBColor, headline: RGBColor, strapline: RGBColor) -> None:
        self.kicker, self.headline, self.strapline = kicker, headline, strapline


_NO_BORDERS: dict[str, Any] = {
    side: None for side in ("top", "left", "bottom", "right", "insideH", "insideV")
}


def _new_row(table: Table) -> tuple[_Cell, ...]:
    """A new row's cells."""
    return tuple(table.add_row().cells)  # type: ignore[no-untyped-call]


def _ends_with_table(container: Container) -> bool:
    """Whether the last thing in `container` is a table."""
    parent = container.element.body if isinstance(container, Document) else container._tc
    last = [child for child in parent if child.tag != qn("w:sectPr")][-1:]
    return bool(last) and last[0].tag == qn("w:tbl")


def _unused(cell: _Cell) -> bool:
    """A cell still holding only the empty paragraph every new cell starts with."""
    paragraphs = cell.paragraphs
    return len(paragraphs) == 1 and not paragraphs[0]._p.r_lst and len(cell.tables) == 0


def _width(container: Container) -> Length:
    """The width blocks in `container` may take."""
    width = container.width if isinstance(container, _Cell) else None
    return Length(width) if width is not None else CONTENT_WIDTH
