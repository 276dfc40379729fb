"""The report as a Word document (python-docx): the PDF's content and order, made to be edited.

`render_docx` lays out the same story as the PDF (`cxaudit.report.document`) with Word's own
headings, tables and styles, in the brand's colours, and returns the document's bytes.
python-docx is imported only when a Word document is written.
"""

from __future__ import annotations

from cxaudit.report.data import ReportData
from cxaudit.report.fonts import FontSet

__all__ = ["render_docx"]


def render_docx(
    data: ReportData, fonts: FontSet, *, deterministic: bool
) -> tuple[bytes, list[str]]:
    """The Word document's bytes, and what its reader should know (a chart left out).

    `fonts` draw the charts, as in the PDF. `deterministic` gives the same bytes for the same
    data: the file's dates are the report's date and its parts carry no timestamps.
    """
    import io

    from docx import Document

    from cxaudit.report.context import Context
    from cxaudit.report.document import build_story
    from cxaudit.report.layout import Layout
    from cxaudit.report.styles import make_styles, palette_for
    from cxaudit.report.titles import COVER_KICKER, cover_headline
    from cxaudit.report.word.package import finish
    from cxaudit.report.word.styles import WordPalette, header_and_footer, rgb, set_up
    from cxaudit.report.word.writer import Band, Writer

    brand = data.brand
    palette = WordPalette(
        primary=rgb(brand.primary), accent=rgb(brand.accent), head_fill=rgb(brand.head_fill)
    )
    doc = Document()
    set_up(doc, palette)
    header_and_footer(doc, data, palette)
    layout = Layout(Context(data, make_styles(fonts, palette_for(brand))))
    writer = Writer(doc, palette, layout)
    headline, strapline = cover_headline(data)
    headline_colour = rgb("#F2B8B8") if data.draft else palette.white
    writer.band(
        COVER_KICKER,
        headline,
        strapline,
        Band(rgb(brand.band_kicker), headline_colour, rgb(brand.band_strapline)),
    )
    writer.write(build_story(data))
    buffer = io.BytesIO()
    finish(doc, data, deterministic=deterministic).save(buffer)
    content = buffer.getvalue()
    if deterministic:
        from cxaudit.report.word.package import without_timestamps

        content = without_timestamps(content)
    return content, writer.notes
