"""The executive summary: the whole assessment on one page.

The overall score and stage beside a radar of the areas against their targets, then each area's
score, the largest gaps and the strengths. It is the page most readers stop at, so it never
spills onto a second page.
"""

from __future__ import annotations

from cxaudit.domain.format import fmt_percent, fmt_score
from cxaudit.report.blocks import Block, Columns, Fixed, Heading, OnePage, Table
from cxaudit.report.facts import Facts
from cxaudit.report.parts import area_row, change_title, overall_blocks, radar, standings_table

EXECUTIVE_SUMMARY = "Executive summary"
LARGEST_GAPS = "The five largest gaps"


def areas_table(f: Facts) -> Table:
    """Each area's score, percent, coverage, target and change."""
    rows = [
        area_row(
            f,
            area,
            Fixed(fmt_percent(area.percent)),
            area.coverage_text,
            Fixed(fmt_score(area.target)),
        )
        for area in f.result.areas
    ]
    return Table(
        ("Area", "Score", "Percent", "Coverage", "Target", change_title(f)),
        rows,
        (26, 14, 17, 48, 15, 40),
        right_from=1,
    )


def executive_summary(f: Facts) -> list[Block]:
    """The summary page, shrunk to fit on one page when it would overflow."""
    result = f.result
    content: list[Block] = [
        Heading(EXECUTIVE_SUMMARY, tight=True),
        Columns(tuple(overall_blocks(f)), radar(f)),
        Heading("Areas", level=2, tight=True),
        areas_table(f),
        Heading(LARGEST_GAPS, level=2, tight=True),
        standings_table(f, result.largest_gaps(5), gap=True),
        Heading("Strengths", level=2, tight=True),
        standings_table(f, result.strengths(3), gap=False),
    ]
    return [OnePage(tuple(content))]
