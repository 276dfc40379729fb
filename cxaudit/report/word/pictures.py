"""Pictures in the Word document: the PDF's own charts as PNG images, and logos scaled to fit.

A chart is drawn once, by the same code and in the same fonts and colours as the PDF's
(`cxaudit.report.layout`), then rasterised with PDFium (pypdfium2): a small self-contained wheel,
where reportlab's own bitmap renderer needs pycairo built against the system's cairo, and
matplotlib would mean drawing every chart a second time with another library.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx.shared import Emu, Length, Mm, Pt

from cxaudit.report.blocks import BoxChart, Chart
from cxaudit.report.layout import Layout
from cxaudit.report.styles import CONTENT_WIDTH

CHART_DPI = 200
"""Sharp in print and on a high-density screen, and still a small file."""

CHARTS_UNAVAILABLE = (
    "The Word document's charts were left out: drawing them needs the pypdfium2 package "
    "(pip install pypdfium2)."
)


def chart_png(layout: Layout, chart: Chart | BoxChart) -> bytes | None:
    """The chart as a PNG image, exactly as the PDF draws it; None without pypdfium2."""
    try:
        import pypdfium2
    except ImportError:
        return None
    from reportlab.graphics import renderPDF

    drawing = layout.chart(chart)
    document = pypdfium2.PdfDocument(renderPDF.drawToString(drawing))
    try:
        page = document[0]
        bitmap = page.render(scale=CHART_DPI / 72)
        image = bitmap.to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, "PNG", dpi=(CHART_DPI, CHART_DPI))
    return buffer.getvalue()


def chart_width(chart: Chart | BoxChart) -> Length:
    """The chart's width on the page: the same as in the PDF."""
    return Pt(CONTENT_WIDTH if chart.width is None else chart.width)


def fit(path: Path, width: Length, height: Length) -> tuple[Length, Length]:
    """A logo's size scaled to fit `width` × `height`, keeping its proportions."""
    from PIL import Image

    with Image.open(path) as image:
        pixels_w, pixels_h = image.size
    scale = min(width / pixels_w, height / pixels_h)
    return Emu(int(pixels_w * scale)), Emu(int(pixels_h * scale))


LOGO_WIDTH, LOGO_HEIGHT = Mm(55), Mm(16)
