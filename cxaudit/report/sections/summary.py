"""The executive summary: the whole assessment on one page.

The overall score and stage beside a radar of the areas against their targets, then each area's
score, the largest gaps and the strengths. It is the page most readers stop at, so it never
spills onto a second page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Spacer, Table

from cxaudit.domain.format import DASH, fmt_gap, fmt_percent, fmt_score
from cxaudit.domain.results import QuestionStanding
from cxaudit.report.charts import Series, radar_chart
from cxaudit.report.context import Context
from cxaudit.report.flowables import span
from cxaudit.report.styles import (
    AMBER,
    CONTENT_WIDTH,
    FOOTER_HEIGHT,
    HEADER_HEIGHT,
    MUTED,
    NAVY,
    PAGE_HEIGHT,
    PAGE_MARGIN,
)
from cxaudit.report.text import literal

EXECUTIVE_SUMMARY = "Executive summary"


def executive_summary(ctx: Context) -> list[Flowable]:
    """The summary page, shrunk to fit on one page when it would overflow."""
    s, result, data = ctx.styles, ctx.result, ctx.data
    previous = data.previous
    stage = result.stage
    overall = [
        ctx.para("OVERALL SCORE", s.label),
        ctx.para(fmt_score(result.overall), s.big_number),
        ctx.markup(f"{fmt_percent(result.percent)} of the way from 1 to 5", s.muted),
        Spacer(1, 2.5 * mm),
        ctx.para("STAGE", s.label),
        ctx.markup(f"<b>{ctx.lit(stage.name) if stage else DASH}</b>", s.h3),
        ctx.text(stage.description if stage else "No score yet.", s.small),
    ]
    overall_delta = ctx.area_delta("overall")
    if previous is not None and overall_delta is not None:
        overall += [
            Spacer(1, 2 * mm),
            ctx.para(f"CHANGE SINCE {ctx.lit(previous.assessment.period)}", s.label),
            ctx.markup(ctx.delta_markup(overall_delta.delta), s.body),
        ]
    chart = radar_chart(
        [a.title for a in result.areas], _radar_series(ctx), ctx.fonts, width=230, height=170
    )
    top = Table(
        [[overall, chart]],
        colWidths=[CONTENT_WIDTH - chart.width - 4 * mm, chart.width + 4 * mm],
    )
    top.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    change_title = f"Change since {previous.assessment.period}" if previous else "Change"
    rows: list[list[Any]] = [
        ctx.head("Area", "Score", "Percent", "Coverage", "Target", change_title, right_from=1)
    ]
    for area in result.areas:
        delta = ctx.area_delta(area.area_id)
        rows.append(
            [
                ctx.markup(f"<b>{ctx.lit(area.title)}</b>", s.cell),
                ctx.markup(f"<b>{fmt_score(area.score)}</b>", s.cell_right),
                ctx.fixed(fmt_percent(area.percent), right=True),
                ctx.cell(area.coverage_text, right=True),
                ctx.fixed(fmt_score(area.target), right=True),
                ctx.markup(ctx.delta_markup(delta.delta if delta else None), s.cell_right),
            ]
        )
    areas = ctx.table(rows, [26, 14, 17, 48, 15, 40])
    h1 = ctx.para(literal(EXECUTIVE_SUMMARY, ctx.fonts), s.h1_top)
    content: list[Flowable] = [
        h1,
        top,
        ctx.para("Areas", s.h2_tight),
        areas,
        ctx.para("The five largest gaps", s.h2_tight),
        _standings(ctx, result.largest_gaps(5), gap=True),
        ctx.para("Strengths", s.h2_tight),
        _standings(ctx, result.strengths(3), gap=False),
    ]
    # The summary is one page: on the rare page that overflows, shrink rather than spill.
    height = PAGE_HEIGHT - 2 * PAGE_MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT
    return [KeepInFrame(CONTENT_WIDTH, height, content, mode="shrink", vAlign="TOP")]


def _radar_series(ctx: Context) -> list[Series]:
    """The radar's rings: the targets, the previous assessment's scores, then this one's."""
    result = ctx.result
    series = [Series("Target", [a.target for a in result.areas], AMBER, dashed=True)]
    previous = ctx.data.previous
    if previous is not None:
        values: list[float | None] = []
        for area in result.areas:
            delta = ctx.area_delta(area.area_id)
            values.append(delta.before if delta is not None else None)
        series.append(Series(previous.assessment.period, values, MUTED, width=1.2))
    series.append(
        Series(
            ctx.data.assessment.period,
            [a.score for a in result.areas],
            NAVY,
            filled=True,
            width=1.8,
        )
    )
    return series


def _standings(ctx: Context, standings: Sequence[QuestionStanding], *, gap: bool) -> Flowable:
    """A compact list of questions for the summary page."""
    if not standings:
        return ctx.none_line(
            "No question is below its target." if gap else "No question has a score yet."
        )
    s = ctx.styles
    rows: list[list[Any]] = [
        ctx.head("Area", "Question", "Score", "Target" if gap else "Against target", right_from=2)
    ]
    for item in standings:
        number = ctx.numbers.get(item.question_id, "")
        question = ctx.question(item.question_id)
        prompt = question.prompt if question is not None else item.question_id
        rows.append(
            [
                ctx.markup(
                    f"{ctx.lit(ctx.area_title(item.area_id))} {span(ctx.lit(number))}",
                    s.cell,
                ),
                ctx.text(prompt, s.cell),
                ctx.markup(f"<b>{fmt_score(item.score)}</b>", s.cell_right),
                ctx.fixed(fmt_score(item.target) if gap else fmt_gap(item.gap), right=True),
            ]
        )
    table = ctx.table(rows, [25, 110, 13, 14] if gap else [25, 96, 13, 28])
    table.setStyle(
        [("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]
    )
    return table
