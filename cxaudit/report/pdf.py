"""The PDF: the report's story laid out on its pages, once, with "page X of Y" on every page.

The story (`cxaudit.report.document`) is turned into flowables (`cxaudit.report.layout`) and
laid out on the page template (`cxaudit.report.template`) in the brand's palette.
"""

from __future__ import annotations

import io

from reportlab.platypus import Flowable, NextPageTemplate
from reportlab.platypus.doctemplate import LayoutError

from cxaudit.report.context import Context
from cxaudit.report.data import ReportData
from cxaudit.report.document import build_story
from cxaudit.report.flowables import guard_headings
from cxaudit.report.fonts import FontSet
from cxaudit.report.layout import Layout
from cxaudit.report.styles import Styles, make_styles, palette_for
from cxaudit.report.template import ReportTemplate


def story_flowables(
    data: ReportData, styles: Styles, *, split_rows: bool = False
) -> list[Flowable]:
    """The report's story as flowables, the cover on the cover page and the rest on the body's."""
    layout = Layout(Context(data, styles, split_rows=split_rows))
    story: list[Flowable] = [NextPageTemplate("body"), *layout.flowables(build_story(data))]
    return guard_headings(story)


def build_document(
    data: ReportData,
    styles: Styles,
    *,
    deterministic: bool,
    split_rows: bool = False,
) -> tuple[bytes, int]:
    """One layout pass: the PDF's bytes and its page count."""
    buffer = io.BytesIO()
    doc = ReportTemplate(buffer, data=data, styles=styles, deterministic=deterministic)
    doc.write(story_flowables(data, styles, split_rows=split_rows))
    return buffer.getvalue(), int(doc.page)


def render(data: ReportData, fonts: FontSet, *, deterministic: bool) -> tuple[bytes, int]:
    """The finished PDF, laid out once with "page X of Y" on every page.

    A table row taller than a page (a very long typed answer) cannot move to the next page,
    so the layout is then redone with rows allowed to split.
    """
    styles = make_styles(fonts, palette_for(data.brand))
    try:
        return build_document(data, styles, deterministic=deterministic)
    except LayoutError:
        return build_document(data, styles, deterministic=deterministic, split_rows=True)
