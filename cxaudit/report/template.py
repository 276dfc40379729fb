"""The report's pages: A4 with a cover and a body template, a running header and a footer.

Modelled on reportlab's `tools/docco/rltemplate.py`: a `BaseDocTemplate` whose page templates
draw around the story, which is built separately. The document is laid out once: a "numbered
canvas" holds every finished page back and draws the running header and the "page X of Y"
footer on all of them when the file is saved, once the page count is known.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, KeepInFrame, Paragraph
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate

from cxaudit.report.data import ReportData
from cxaudit.report.output import CREATOR
from cxaudit.report.styles import (
    FOOTER_HEIGHT,
    HEADER_HEIGHT,
    PAGE_HEIGHT,
    PAGE_MARGIN,
    PAGE_WIDTH,
    RULE,
    SLATE,
    WHITE,
    Styles,
)
from cxaudit.report.text import clean
from cxaudit.report.titles import (
    COVER_HEADLINE,
    COVER_KICKER,
    DRAFT_HEADLINE,
    DRAFT_LABEL,
    cover_headline,
    document_title,
    running_footer,
    running_header,
)

__all__ = ["COVER_HEADLINE", "DRAFT_HEADLINE", "ReportTemplate"]

COVER_BAND = 88 * mm
"""The height of the navy band across the top of the cover."""

DRAFT_WATERMARK = "DRAFT"
DRAFT_COLOUR = colors.HexColor("#B23B3B")
DRAFT_ON_BAND = colors.HexColor("#F2B8B8")
"""The draft label on the cover's navy band, where the red would not read."""
HEADER_LOGO_HEIGHT = 5.5 * mm
"""The consultant's logo in the running header (with `logo_in_header`), scaled to this height."""
HEADER_LOGO_WIDTH = 30 * mm


def _draw_watermark(canv: Canvas, font: str) -> None:
    """A large, faint DRAFT across the middle of the page, over whatever the page shows."""
    canv.saveState()
    canv.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canv.rotate(50)
    canv.setFillColor(DRAFT_COLOUR)
    canv.setFillAlpha(0.11)
    canv.setFont(font, 130)
    canv.drawCentredString(0, -45, DRAFT_WATERMARK)
    canv.restoreState()


def _header_logo(data: ReportData) -> tuple[str, float, float] | None:
    """The consultant's logo for the running header, scaled to fit it; None without one."""
    brand = data.brand
    if brand.logo is None or not brand.logo_in_header:
        return None
    width, height = ImageReader(str(brand.logo)).getSize()
    scale = min(HEADER_LOGO_WIDTH / width, HEADER_LOGO_HEIGHT / height)
    return str(brand.logo), width * scale, height * scale


class _Page(PageTemplate):  # type: ignore[misc]
    """A page template that draws the running header and footer after the page's content."""

    def __init__(self, template_id: str, frame: Frame, report: ReportTemplate) -> None:
        super().__init__(template_id, [frame])
        self.report = report

    def beforeDrawPage(self, canv: Canvas, doc: BaseDocTemplate) -> None:  # noqa: N802
        if self.id == "cover":
            palette = self.report.styles.palette
            canv.saveState()
            canv.setFillColor(palette.primary)
            canv.rect(0, PAGE_HEIGHT - COVER_BAND, PAGE_WIDTH, COVER_BAND, stroke=0, fill=1)
            canv.setFillColor(palette.accent)
            canv.rect(
                0, PAGE_HEIGHT - COVER_BAND - 2.2 * mm, PAGE_WIDTH, 2.2 * mm, stroke=0, fill=1
            )
            fonts = self.report.styles.fonts
            base = PAGE_HEIGHT - COVER_BAND
            canv.setFillColor(palette.band_kicker)
            canv.setFont(fonts.bold, 9)
            canv.drawString(PAGE_MARGIN, base + 40 * mm, COVER_KICKER, charSpace=1.2)
            data = self.report.data
            headline, strapline = cover_headline(data)
            canv.setFillColor(DRAFT_ON_BAND if data.draft else WHITE)
            canv.setFont(fonts.bold, 26)
            canv.drawString(PAGE_MARGIN, base + 26 * mm, headline)
            canv.setFont(fonts.regular, 11)
            canv.setFillColor(palette.band_strapline)
            canv.drawString(PAGE_MARGIN, base + 16 * mm, strapline)
            canv.restoreState()

    def afterDrawPage(self, canv: Canvas, doc: BaseDocTemplate) -> None:  # noqa: N802
        # The header and footer are drawn when the canvas is saved; remember which kind of page.
        canv.cx_cover = self.id == "cover"


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that defers every page until `save`, so each footer can say "page X of Y".

    The page count is only known once layout ends; keeping each page's drawing state and
    replaying it at the end costs far less than laying the whole document out a second time.
    """

    def __init__(self, *args: Any, report: ReportTemplate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cx_report = report
        self.cx_cover = False
        self.cx_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802
        self.cx_pages.append(dict(self.__dict__))
        # Bookmarks made on the next page must name it, although no page has been written yet.
        self._doc.pageCounter += 1
        self._startPage()
        self.cx_cover = False

    def save(self) -> None:
        total = len(self.cx_pages)
        self._doc.pageCounter = 1
        for number, state in enumerate(self.cx_pages, start=1):
            self.__dict__.update(state)
            self.cx_report.draw_header_footer(self, number, total, cover=state["cx_cover"])
            super().showPage()
        super().save()


class ReportTemplate(BaseDocTemplate):  # type: ignore[misc]
    """A4 pages with a running header (organisation, period) and footer (page X of Y)."""

    def __init__(
        self,
        target: io.BytesIO,
        *,
        data: ReportData,
        styles: Styles,
        deterministic: bool,
    ) -> None:
        self.data = data
        self.styles = styles
        self._outline_count = 0
        self._running: tuple[str, str, str] | None = None
        self._header_logo = _header_logo(data)
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=PAGE_MARGIN,
            rightMargin=PAGE_MARGIN,
            topMargin=PAGE_MARGIN + HEADER_HEIGHT,
            bottomMargin=PAGE_MARGIN + FOOTER_HEIGHT,
            title=clean(document_title(data)),
            author=clean(data.prepared_by) or "cxaudit",
            subject="Scores, gaps and prioritised actions",
            creator=CREATOR,
            invariant=1 if deterministic else 0,
        )
        body = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        cover_top = PAGE_HEIGHT - COVER_BAND - 16 * mm
        cover = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            cover_top - self.bottomMargin,
            id="cover",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([_Page("cover", cover, self), _Page("body", body, self)])

    def write(self, story: list[Flowable]) -> None:
        """Lay the story out once, then draw every page's header and footer and save."""

        def canvas_maker(*args: Any, **kwargs: Any) -> _NumberedCanvas:
            return _NumberedCanvas(*args, report=self, **kwargs)

        self.build(story, canvasmaker=canvas_maker)

    def _fit(self, text: str, font: str, size: float, width: float) -> str:
        """`text` on one line, cut short with "…" when it is wider than `width`."""
        fonts = self.styles.fonts
        text = " ".join(clean(text).split())
        if fonts.width(text, font, size) <= width:
            return text
        while text and fonts.width(text + "…", font, size) > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def _draw(
        self,
        canv: Canvas,
        x: float,
        y: float,
        text: str,
        font: str,
        size: float,
        *,
        right: bool = False,
    ) -> None:
        """Draw one line of text, each character in a font that has its glyph."""
        fonts = self.styles.fonts
        if right:
            x -= fonts.width(text, font, size)
        # One text object for the whole line, so a reader copies it as one line.
        line = canv.beginText(x, y)
        for name, run in fonts.runs(text, font):
            line.setFont(name or font, size)
            line.textOut(run)
        canv.drawText(line)

    def _running_text(self) -> tuple[str, str, str]:
        """The header's organisation and period and the footer's left text, fitted once."""
        if self._running is None:
            fonts, data = self.styles.fonts, self.data
            width = PAGE_WIDTH - 2 * PAGE_MARGIN
            if self._header_logo is not None:
                width -= self._header_logo[1] + 3 * mm
            period_text = running_header(data)
            period_width = stringWidth(period_text, fonts.regular, 8)
            if data.draft:
                period_width += stringWidth(DRAFT_LABEL, fonts.bold, 8)
            org = self._fit(data.organisation.name, fonts.bold, 8, width - period_width - 12)
            footer_left = running_footer(data)
            self._running = (org, period_text, footer_left)
        return self._running

    def draw_header_footer(self, canv: Canvas, page: int, total: int, *, cover: bool) -> None:
        """The organisation and period at the top, "page X of Y" at the bottom of every page;
        on a draft, a DRAFT mark across the page and in the header and footer too."""
        fonts = self.styles.fonts
        org, period_text, footer_left = self._running_text()
        canv.saveState()
        if self.data.draft:
            _draw_watermark(canv, fonts.bold)
        left, right = PAGE_MARGIN, PAGE_WIDTH - PAGE_MARGIN
        top = PAGE_HEIGHT - PAGE_MARGIN + 4 * mm
        org_left = left
        if not cover and self._header_logo is not None:
            path, width, height = self._header_logo
            canv.drawImage(path, left, top - 1.5 * mm, width, height, mask="auto")
            org_left += width + 3 * mm
        canv.setFillColor(WHITE if cover else self.styles.palette.primary)
        self._draw(canv, org_left, top, org, fonts.bold, 8)
        canv.setFont(fonts.regular, 8)
        canv.setFillColor(WHITE if cover else SLATE)
        canv.drawRightString(right, top, period_text)
        if self.data.draft:
            canv.setFont(fonts.bold, 8)
            canv.setFillColor(DRAFT_ON_BAND if cover else DRAFT_COLOUR)
            canv.drawRightString(
                right - stringWidth(period_text, fonts.regular, 8), top, DRAFT_LABEL
            )
        if not cover:
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.6)
            canv.line(left, top - 2.5 * mm, right, top - 2.5 * mm)
        bottom = PAGE_MARGIN - 2 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(left, bottom + 4.5 * mm, right, bottom + 4.5 * mm)
        canv.setFont(fonts.regular, 7.5)
        canv.setFillColor(SLATE)
        page_text = f"Page {page} of {total}"
        canv.drawRightString(right, bottom, page_text)
        width = right - left - stringWidth(page_text, fonts.regular, 7.5) - 12
        if self.data.draft:
            canv.setFillColor(DRAFT_COLOUR)
        self._draw(
            canv,
            left,
            bottom,
            self._fit(footer_left, fonts.regular, 7.5, width),
            fonts.regular,
            7.5,
        )
        canv.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802
        """Top-level section titles become entries in the PDF's outline.

        A title inside a one-page frame (the executive summary's) is found inside that frame,
        so every top-level section is in the outline whatever wraps it.
        """
        if isinstance(flowable, KeepInFrame):
            for inner in flowable._content:
                self.afterFlowable(inner)
            return
        if isinstance(flowable, Paragraph) and flowable.style.name in ("h1", "h1_top", "h2"):
            level = 1 if flowable.style.name == "h2" else 0
            if level == 1 and not getattr(flowable, "_cx_outline", False):
                return
            self._outline_count += 1
            key = f"section-{self._outline_count}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=True)
