"""The PDF action plan assembled: the sections in order, laid out on the report's pages.

The sections (`cxaudit.report.sections`) each make their own flowables and know nothing of one
another; this module decides their order and the page breaks between them, and lays the story
out on the page template (`cxaudit.report.template`). Every number comes from the domain and is
written with `cxaudit.domain.format`.
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, NextPageTemplate, PageBreak
from reportlab.platypus.doctemplate import LayoutError

from cxaudit.report.context import Context
from cxaudit.report.data import ReportData
from cxaudit.report.flowables import guard_headings
from cxaudit.report.fonts import FontSet
from cxaudit.report.sections.appendices import (
    ANSWERS,
    METHOD,
    NA_AND_UNKNOWN,
    NOTES,
    appendix_answers,
    appendix_method,
    appendix_na,
    appendix_notes,
    appendix_titles,
)
from cxaudit.report.sections.area import area_section
from cxaudit.report.sections.comparison import comparison_section, comparison_title
from cxaudit.report.sections.cover import cover
from cxaudit.report.sections.plan import ACTION_PLAN, action_plan
from cxaudit.report.sections.summary import EXECUTIVE_SUMMARY, executive_summary
from cxaudit.report.sections.trend import TREND, trend_section
from cxaudit.report.styles import Styles, make_styles
from cxaudit.report.template import ReportTemplate


def section_titles(data: ReportData) -> list[str]:
    """The titles of the report's top-level sections, in order (the PDF's outline)."""
    titles = [EXECUTIVE_SUMMARY]
    if data.trend is not None and len(data.trend.periods) >= 2:
        titles.append(TREND)
    titles.extend(area.title for area in data.questionnaire.areas)
    titles.append(ACTION_PLAN)
    if data.side_by_side and data.previous is not None:
        titles.append(comparison_title(data.previous.assessment.period))
    titles.extend(appendix_titles(with_answers=data.appendix).values())
    return titles


def build_story(ctx: Context) -> list[Flowable]:
    """Every section in order, each starting on a new page (short appendices may share one)."""
    story: list[Flowable] = [NextPageTemplate("body")]
    story += cover(ctx)
    story += [PageBreak()]
    story += executive_summary(ctx)
    trend = ctx.data.trend
    if trend is not None and len(trend.periods) >= 2:
        story += [PageBreak()]
        story += trend_section(ctx)
    for area in ctx.result.areas:
        story += [PageBreak()]
        story += area_section(ctx, area)
    story += [PageBreak()]
    story += action_plan(ctx)
    if ctx.data.side_by_side and ctx.data.previous is not None:
        story += [PageBreak()]
        story += comparison_section(ctx)
    appendix = appendix_titles(with_answers=ctx.data.appendix)
    story += [PageBreak()]
    if ctx.data.appendix:
        story += appendix_answers(ctx, appendix[ANSWERS])
        story += [CondPageBreak(70 * mm)]
    story += appendix_na(ctx, appendix[NA_AND_UNKNOWN])
    story += [CondPageBreak(70 * mm)]
    story += appendix_notes(ctx, appendix[NOTES])
    story += [PageBreak()]
    story += appendix_method(ctx, appendix[METHOD])
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
    doc.write(build_story(Context(data, styles, split_rows=split_rows)))
    return buffer.getvalue(), int(doc.page)


def render(data: ReportData, fonts: FontSet, *, deterministic: bool) -> tuple[bytes, int]:
    """The finished PDF, laid out once with "page X of Y" on every page.

    A table row taller than a page (a very long typed answer) cannot move to the next page,
    so the layout is then redone with rows allowed to split.
    """
    styles = make_styles(fonts)
    try:
        return build_document(data, styles, deterministic=deterministic)
    except LayoutError:
        return build_document(data, styles, deterministic=deterministic, split_rows=True)
