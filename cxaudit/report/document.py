"""The report assembled: its sections in order, with the page breaks between them.

The sections (`cxaudit.report.sections`) each say what they hold and know nothing of one
another; this module decides which sections a profile holds, their order and the page breaks
between them. Both formats lay out this one story, so the PDF and the Word document always
hold the same content in the same order.
"""

from __future__ import annotations

from cxaudit.report.blocks import Block, CondBreak, PageBreak
from cxaudit.report.data import ReportData
from cxaudit.report.facts import Facts
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
from cxaudit.report.sections.board import board_report, board_titles
from cxaudit.report.sections.comparison import comparison_section, comparison_title
from cxaudit.report.sections.cover import cover
from cxaudit.report.sections.peers import COMPARED_WITH_PEERS, has_peers, peers_section
from cxaudit.report.sections.plan import ACTION_PLAN, action_plan
from cxaudit.report.sections.summary import EXECUTIVE_SUMMARY, executive_summary
from cxaudit.report.sections.trend import TREND, has_trend, trend_section

SHORT_APPENDIX = 70
"""Millimetres left on a page for a short appendix to start there rather than on a new page."""


def section_titles(data: ReportData) -> list[str]:
    """The titles of the report's top-level sections, in order (the PDF's outline)."""
    peers = [COMPARED_WITH_PEERS] if data.benchmark is not None else []
    if data.profile == "board":
        where_we_stand, *rest = board_titles(data.board)
        return [where_we_stand, *peers, *rest]
    titles = [EXECUTIVE_SUMMARY, *peers]
    if data.trend is not None and len(data.trend.periods) >= 2:
        titles.append(TREND)
    titles.extend(area.title for area in data.questionnaire.areas)
    titles.append(ACTION_PLAN)
    if data.side_by_side and data.previous is not None:
        titles.append(comparison_title(data.previous.assessment.period))
    titles.extend(appendix_titles(with_answers=data.appendix).values())
    return titles


def full_story(f: Facts) -> list[Block]:
    """Every section in order, each starting on a new page (short appendices may share one)."""
    story: list[Block] = [*cover(f), PageBreak(), *executive_summary(f)]
    if has_peers(f):
        story += [PageBreak(), *peers_section(f)]
    if has_trend(f):
        story += [PageBreak(), *trend_section(f)]
    for area in f.result.areas:
        story += [PageBreak(), *area_section(f, area)]
    story += [PageBreak(), *action_plan(f)]
    if f.data.side_by_side and f.data.previous is not None:
        story += [PageBreak(), *comparison_section(f)]
    appendix = appendix_titles(with_answers=f.data.appendix)
    story += [PageBreak()]
    if f.data.appendix:
        story += [*appendix_answers(f, appendix[ANSWERS]), CondBreak(SHORT_APPENDIX)]
    story += [*appendix_na(f, appendix[NA_AND_UNKNOWN]), CondBreak(SHORT_APPENDIX)]
    story += [*appendix_notes(f, appendix[NOTES]), PageBreak()]
    story += appendix_method(f, appendix[METHOD])
    return story


def build_story(data: ReportData) -> list[Block]:
    """The report of `data`'s profile: the full report, or the board's four pages."""
    facts = Facts(data)
    if data.profile == "board":
        peers = peers_section(facts, board=True) if has_peers(facts) else []
        return board_report(facts, peers=peers)
    return full_story(facts)
