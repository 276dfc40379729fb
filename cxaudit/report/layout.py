"""The PDF's layout of the report's blocks: each block becomes reportlab flowables.

The sections say what the report holds (`cxaudit.report.blocks`); this module says how the PDF
sets it: which paragraph style each kind of text takes, how a table's cells are drawn (a
generated value as a plain string, typed text as a wrapping paragraph), and how charts, logos
and the one-page summary are placed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepInFrame,
    KeepTogether,
    PageBreak,
    Spacer,
)
from reportlab.platypus import Table as RLTable

from cxaudit.report import blocks as b
from cxaudit.report.boxes import box_chart
from cxaudit.report.charts import Series, radar_chart, trend_chart
from cxaudit.report.context import Context
from cxaudit.report.flowables import span_table
from cxaudit.report.styles import (
    CONTENT_WIDTH,
    FOOTER_HEIGHT,
    HEADER_HEIGHT,
    PAGE_HEIGHT,
    PAGE_MARGIN,
    RULE,
    WHITE,
    table_style,
)

LOGO_HEIGHT = 16 * mm
"""The most a logo on the cover may rise; it is scaled to fit, never stretched."""
LOGO_WIDTH = 55 * mm


def _scaled(path: Path, width: float, height: float) -> Image:
    """An image scaled to fit `width` × `height`, keeping its proportions."""
    pixels_w, pixels_h = ImageReader(str(path)).getSize()
    scale = min(width / pixels_w, height / pixels_h)
    return Image(str(path), width=pixels_w * scale, height=pixels_h * scale)


class Layout:
    """Turns blocks into flowables with one layout pass's context."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        s = ctx.styles
        self.paragraph_styles = {
            b.Style.BODY: s.body,
            b.Style.SMALL: s.small,
            b.Style.MUTED: s.muted,
            b.Style.NOTE: s.note,
            b.Style.LABEL: s.label,
            b.Style.BIG_NUMBER: s.big_number,
            b.Style.STAGE: s.h3,
            b.Style.COVER_ORG: s.cover_org,
            b.Style.COVER_TITLE: s.cover_title,
        }

    def flowables(self, story: Iterable[b.Block]) -> list[Flowable]:
        """Every block of a story, in order."""
        out: list[Flowable] = []
        for block in story:
            out.extend(self.block(block))
        return out

    def block(self, block: b.Block) -> list[Flowable]:
        """One block's flowables."""
        if isinstance(block, b.Heading):
            return [self.heading(block)]
        if isinstance(block, b.Text):
            return [self.text(block)]
        if isinstance(block, b.Table):
            return [self.table(block)]
        if isinstance(block, b.FactTable):
            return [self.fact_table(block)]
        if isinstance(block, b.Chart | b.BoxChart):
            return [self.chart(block)]
        if isinstance(block, b.Space):
            return [Spacer(1, block.mm * mm)]
        if isinstance(block, b.Together):
            return [KeepTogether(self.flowables(block.blocks))]
        if isinstance(block, b.Columns):
            return [self.columns(block)]
        if isinstance(block, b.OnePage):
            # A page that must stay one page shrinks rather than spills.
            height = PAGE_HEIGHT - 2 * PAGE_MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT
            content = self.flowables(block.blocks)
            return [KeepInFrame(CONTENT_WIDTH, height, content, mode="shrink", vAlign="TOP")]
        if isinstance(block, b.Logos):
            return self.logos(block)
        if isinstance(block, b.PageBreak):
            return [PageBreak()]
        if isinstance(block, b.CondBreak):
            return [CondPageBreak(block.mm * mm)]
        raise TypeError(f"no layout for {block!r}")  # pragma: no cover

    def heading(self, block: b.Heading) -> Flowable:
        ctx, s = self.ctx, self.ctx.styles
        if block.level == 1:
            return ctx.text(block.text, s.h1_top) if block.tight else ctx.h1(block.text)
        if block.level == 2:
            if block.tight:
                return ctx.text(block.text, s.h2_tight)
            return ctx.h2(block.text, outline=block.outline)
        return ctx.h3(block.text)

    def text(self, block: b.Text) -> Flowable:
        style = self.paragraph_styles[block.style]
        if isinstance(block.content, str):
            return self.ctx.text(block.content, style)
        return self.ctx.markup(self.ctx.rich(block.content), style)

    def cell(self, value: b.Cell, *, right: bool) -> Any:
        """A generated value as a plain string, typed text as a paragraph, rich text marked up."""
        ctx = self.ctx
        if isinstance(value, b.Fixed):
            return ctx.fixed(value, right=right)
        if isinstance(value, str):
            return ctx.cell(value, right=right)
        style = ctx.styles.cell_right if right else ctx.styles.cell
        return ctx.markup(ctx.rich(value), style)

    def table(self, block: b.Table) -> RLTable:
        ctx = self.ctx
        start = len(block.head) if block.right_from is None else block.right_from
        rows: list[Sequence[Any]] = [ctx.head(*block.head, right_from=block.right_from)]
        for row in block.rows:
            rows.append([self.cell(v, right=i >= start) for i, v in enumerate(row)])
        extra: list[tuple[Any, ...]] = []
        if block.total:
            last = len(rows) - 1
            extra += [
                ("LINEABOVE", (0, last), (-1, last), 0.8, ctx.styles.palette.primary),
                ("BACKGROUND", (0, last), (-1, last), WHITE),
            ]
        if block.compact:
            extra += [
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        return ctx.table(rows, block.widths, extra=extra, narrow=block.narrow)

    def fact_table(self, block: b.FactTable) -> RLTable:
        """The cover's facts: a small capitalised label beside each value."""
        ctx, s = self.ctx, self.ctx.styles
        rows = [
            [ctx.text(label.upper(), s.label), ctx.markup(ctx.rich(value), s.cover_meta)]
            for label, value in block.rows
        ]
        table = RLTable(rows, colWidths=[38 * mm, CONTENT_WIDTH - 38 * mm], hAlign="LEFT")
        table.setStyle(
            table_style(header_rows=0, zebra=False, palette=s.palette).getCommands()
            + [
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, s.palette.primary),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("VALIGN", (0, 0), (0, -1), "MIDDLE"),
            ]
        )
        return table

    def chart(self, block: b.Chart | b.BoxChart) -> Drawing:
        """The radar, trend or box chart, its series in this report's palette."""
        ctx = self.ctx
        if isinstance(block, b.BoxChart):
            return box_chart(
                block.rows,
                block.legend,
                ctx.fonts,
                width=CONTENT_WIDTH if block.width is None else block.width,
                colour=ctx.styles.palette.primary,
                marker=ctx.tones[b.Tone.AMBER],
            )
        areas = ctx.styles.palette.areas
        series = [
            Series(
                s.name,
                s.values,
                areas[s.colour % len(areas)] if isinstance(s.colour, int) else ctx.tones[s.colour],
                dashed=s.dashed,
                filled=s.filled,
                width=s.width,
            )
            for s in block.series
        ]
        width = CONTENT_WIDTH if block.width is None else block.width
        if block.kind == "radar":
            return radar_chart(block.labels, series, ctx.fonts, width=width, height=block.height)
        return trend_chart(block.labels, series, ctx.fonts, width=width, height=block.height)

    def columns(self, block: b.Columns) -> RLTable:
        """Blocks on the left, a chart on the right."""
        chart = self.chart(block.side)
        top = span_table(
            [[self.flowables(block.main), chart]],
            [CONTENT_WIDTH - chart.width - 4 * mm, chart.width + 4 * mm],
        )
        top.setStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
        return top

    def logos(self, block: b.Logos) -> list[Flowable]:
        """The client's logo on the left and the consultant's on the right, each scaled to fit."""
        cells: list[Any] = [
            _scaled(path, LOGO_WIDTH, LOGO_HEIGHT) if path is not None else ""
            for path in (block.client, block.firm)
        ]
        table = RLTable([cells], colWidths=[CONTENT_WIDTH / 2] * 2, hAlign="LEFT")
        table.setStyle(
            [
                ("ALIGN", (0, 0), (0, 0), "LEFT"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
        return [table]
