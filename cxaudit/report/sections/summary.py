"""The executive summary: the whole assessment on one page.

The overall score and stage beside a radar of the areas against their targets, then each area's
score (with the areas whose score rests mostly on low-confidence answers flagged, and how many
answers lack the evidence their level needs), the largest gaps and the strengths. It is the
page most readers stop at, so it never spills onto a second page.
"""

from __future__ import annotations

from cxaudit.domain.format import fmt_percent, fmt_score
from cxaudit.domain.results import LOW_CONFIDENCE_NOTE
from cxaudit.report.blocks import Block, Columns, Fixed, Heading, OnePage, Style, Table, Text
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
            area.coverage_text + (f"; {area.confidence_note}" if area.confidence_note else ""),
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


def trust_lines(f: Facts) -> list[str]:
    """What the reader should weigh the scores with: how many answers are unverified (when the
    questionnaire asks for evidence) and which areas rest mostly on low-confidence answers."""
    result, questionnaire = f.result, f.questionnaire
    lines: list[str] = []
    gated = any(questionnaire.evidence_gate(q.id) > 0 for q in questionnaire.questions)
    count = result.unverified_count
    if count:
        noun = "answer is" if count == 1 else "answers are"
        lines.append(
            f"{count} {noun} unverified: given at a level that needs evidence, without it. "
            "They count in the scores as given and are marked in the appendix of every answer."
        )
    elif gated:
        lines.append("No answer is unverified: every level that needs evidence has it.")
    flagged = [area.title for area in result.low_confidence_areas]
    if flagged:
        lines.append(
            f"{LOW_CONFIDENCE_NOTE[:1].upper()}{LOW_CONFIDENCE_NOTE[1:]}: {', '.join(flagged)}."
        )
    return lines


def executive_summary(f: Facts) -> list[Block]:
    """The summary page, shrunk to fit on one page when it would overflow."""
    result = f.result
    content: list[Block] = [
        Heading(EXECUTIVE_SUMMARY, tight=True),
        Columns(tuple(overall_blocks(f)), radar(f)),
        Heading("Areas", level=2, tight=True),
        areas_table(f),
        *(Text(line, Style.MUTED) for line in trust_lines(f)),
        Heading(LARGEST_GAPS, level=2, tight=True),
        standings_table(f, result.largest_gaps(5), gap=True),
        Heading("Strengths", level=2, tight=True),
        standings_table(f, result.strengths(3), gap=False),
    ]
    return [OnePage(tuple(content))]
