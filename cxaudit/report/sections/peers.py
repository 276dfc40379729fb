"""Compared with peers: where the client stands among the consultant's other clients, on one page.

A box-and-whisker chart per area (and overall) with the client's marker, then the figures in a
table and the questions in the peers' bottom quartile. The page says how many peers there are,
which sector they were chosen from and when they were assessed; it never names one. Every
figure is the domain's (`cxaudit.domain.benchmark`): boxes run from the 25th to the 75th
percentile, whiskers from the 10th to the 90th, never to the lowest or highest peer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Spacer

from cxaudit.domain.benchmark import (
    Benchmark,
    Standing,
    describe_peers,
    fmt_peer_dates,
    fmt_percentile,
)
from cxaudit.domain.format import DASH, fmt_score
from cxaudit.domain.questionnaire import SCORE_MAX, SCORE_MIN
from cxaudit.report.charts import label
from cxaudit.report.context import Context
from cxaudit.report.flowables import span
from cxaudit.report.fonts import FontSet
from cxaudit.report.styles import (
    AMBER,
    CONTENT_WIDTH,
    FOOTER_HEIGHT,
    HEADER_HEIGHT,
    INK,
    MUTED,
    NAVY,
    PAGE_HEIGHT,
    PAGE_MARGIN,
    RULE,
    TEAL,
)

COMPARED_WITH_PEERS = "Compared with peers"
"""The section's title (and its entry in the PDF's outline)."""

BEHIND_SHOWN = 8
"""Bottom-quartile questions listed before the rest are counted."""

_ROW = 24.0
_LABEL_WIDTH = 120.0
_AXIS = 18.0
_BOX = colors.Color(TEAL.red, TEAL.green, TEAL.blue, alpha=0.22)


def _fit(title: str, fonts: FontSet, room: float, size: float = 8) -> str:
    """A title shortened with an ellipsis to fit `room` points."""
    if fonts.width(title, fonts.regular, size) <= room:
        return title
    while title and fonts.width(title + "…", fonts.regular, size) > room:
        title = title[:-1]
    return title.rstrip() + "…"


def box_chart(
    rows: Sequence[tuple[str, Standing]], fonts: FontSet, *, width: float = CONTENT_WIDTH
) -> Drawing:
    """One horizontal box and whiskers per row on the fixed 1–5 scale, with the client's
    score as a diamond; a row fewer peers than the minimum have says so instead."""
    height = _AXIS + _ROW * len(rows) + 4
    drawing = Drawing(width, height)
    left, right = _LABEL_WIDTH, width - 16

    def x(score: float) -> float:
        clamped = min(max(score, SCORE_MIN), SCORE_MAX)
        return left + (right - left) * (clamped - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)

    def write(at: float, y: float, value: str, *, size: float, colour: Any, anchor: str) -> None:
        label(
            drawing,
            at,
            y,
            value,
            fonts,
            font=fonts.regular,
            size=size,
            colour=colour,
            anchor=anchor,
        )

    for level in range(int(SCORE_MIN), int(SCORE_MAX) + 1):
        drawing.add(Line(x(level), _AXIS - 3, x(level), height, strokeColor=RULE, strokeWidth=0.5))
        write(x(level), 6, str(level), size=7, colour=MUTED, anchor="middle")
    for index, (title, standing) in enumerate(rows):
        middle = height - (index + 0.5) * _ROW
        write(left - 8, middle - 3, _fit(title, fonts, left - 12), size=8, colour=INK, anchor="end")
        spread = standing.peers
        if spread is None:
            write(
                x(3.0),
                middle - 3,
                "too few peers to compare",
                size=7.5,
                colour=MUTED,
                anchor="middle",
            )
        else:
            stroke = {"strokeColor": NAVY, "strokeWidth": 0.9}
            drawing.add(Line(x(spread.low), middle, x(spread.q1), middle, **stroke))
            drawing.add(Line(x(spread.q3), middle, x(spread.high), middle, **stroke))
            for end in (spread.low, spread.high):
                drawing.add(Line(x(end), middle - 4, x(end), middle + 4, **stroke))
            drawing.add(
                Rect(
                    x(spread.q1),
                    middle - 7,
                    max(x(spread.q3) - x(spread.q1), 0.8),
                    14,
                    fillColor=_BOX,
                    strokeColor=NAVY,
                    strokeWidth=0.9,
                )
            )
            drawing.add(
                Line(
                    x(spread.median),
                    middle - 7,
                    x(spread.median),
                    middle + 7,
                    strokeColor=NAVY,
                    strokeWidth=1.8,
                )
            )
        if standing.score is not None:
            cx = x(standing.score)
            drawing.add(
                Polygon(
                    [cx, middle + 6, cx + 5, middle, cx, middle - 6, cx - 5, middle],
                    fillColor=AMBER,
                    strokeColor=colors.white,
                    strokeWidth=0.8,
                )
            )
    return drawing


def _legend(ctx: Context) -> Any:
    return ctx.markup(
        f"{span(ctx.lit('◆'), AMBER)} this assessment · the box runs from the peers' 25th to "
        "their 75th percentile, with the median as a bar · the whiskers reach the 10th and "
        "90th percentiles",
        ctx.styles.muted,
    )


def _quartile_cells(ctx: Context, standing: Standing) -> list[Any]:
    spread = standing.peers
    values = (
        [DASH] * 4
        if spread is None
        else [
            fmt_score(spread.q1),
            fmt_score(spread.median),
            fmt_score(spread.q3),
            str(spread.peers),
        ]
    )
    return [ctx.fixed(value, right=True) for value in values]


def _figures_table(ctx: Context, rows: Sequence[tuple[str, Standing]]) -> Any:
    table: list[list[Any]] = [
        ctx.head("Area", "Score", "Percentile", "25th", "Median", "75th", "Peers", right_from=1)
    ]
    for index, (title, standing) in enumerate(rows):
        name = ctx.markup(f"<b>{ctx.lit(title)}</b>") if index == 0 else ctx.cell(title)
        table.append(
            [
                name,
                ctx.fixed(fmt_score(standing.score), right=True),
                ctx.fixed(fmt_percentile(standing.percentile), right=True),
                *_quartile_cells(ctx, standing),
            ]
        )
    return ctx.table(table, [34, 11, 13, 11, 11, 11, 9])


def _behind(ctx: Context, result: Benchmark) -> list[Flowable]:
    questionnaire = ctx.data.questionnaire
    numbers = {
        q.id: f"{a}.{n}"
        for a, area in enumerate(questionnaire.areas, start=1)
        for n, q in enumerate(area.questions, start=1)
    }
    out: list[Flowable] = [ctx.h2("In the peers' bottom quartile")]
    if not result.behind:
        out.append(ctx.text("No question is below the peers' 25th percentile.", ctx.styles.muted))
        return out
    out.append(
        ctx.text(
            "Questions where this assessment's level is below the peers' 25th percentile, "
            "largest weighted gap (question weight × the peers' median − the level) first.",
            ctx.styles.muted,
        )
    )
    rows: list[list[Any]] = [
        ctx.head("Question", "Level", "Percentile", "25th", "Median", "Weighted gap", right_from=1)
    ]
    for item in result.behind[:BEHIND_SHOWN]:
        prompt = questionnaire.question(item.question_id).prompt
        rows.append(
            [
                ctx.cell(f"{numbers.get(item.question_id, '')}  {prompt}"),
                ctx.fixed(str(item.level), right=True),
                ctx.fixed(fmt_percentile(item.percentile), right=True),
                ctx.fixed(fmt_score(item.peers.q1), right=True),
                ctx.fixed(fmt_score(item.peers.median), right=True),
                ctx.fixed(fmt_score(item.weighted_gap), right=True),
            ]
        )
    out.append(ctx.table(rows, [52, 9, 12, 9, 10, 14]))
    more = len(result.behind) - BEHIND_SHOWN
    if more > 0:
        out.append(ctx.text(f"And {more} more.", ctx.styles.muted))
    return out


def peers_section(ctx: Context, result: Benchmark) -> list[Flowable]:
    """The "Compared with peers" page, shrunk to fit on one page when it would overflow."""
    questionnaire = ctx.data.questionnaire
    rows = [("Overall", result.overall)]
    rows += [(questionnaire.area(s.area_id).title, s) for s in result.areas]
    sector = result.sector or "every sector"
    facts = (
        f"<b>Peers:</b> {result.peers} · <b>Sector:</b> {ctx.lit(sector)} · "
        f"<b>Assessed:</b> {fmt_peer_dates(result.first, result.last)}"
    )
    content: list[Flowable] = [
        ctx.h1(COMPARED_WITH_PEERS),
        ctx.text(
            f"Where the {result.period} assessment stands among {describe_peers(result)}: the "
            "latest completed assessment of each other organisation on the same "
            "questionnaire. No peer is named, and a figure fewer than "
            f"{result.minimum} peers have is left out.",
            ctx.styles.muted,
        ),
        ctx.markup(facts, ctx.styles.body),
        Spacer(1, 2 * mm),
        box_chart(rows, ctx.fonts),
        _legend(ctx),
        Spacer(1, 3 * mm),
        _figures_table(ctx, rows),
        Spacer(1, 4 * mm),
        *_behind(ctx, result),
    ]
    if result.questions_withheld:
        content.append(Spacer(1, 2 * mm))
        content.append(
            ctx.text(
                f"{result.questions_withheld} of {len(questionnaire.questions)} questions are "
                f"left out: fewer than {result.minimum} peers answered them.",
                ctx.styles.muted,
            )
        )
    height = PAGE_HEIGHT - 2 * PAGE_MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT
    return [KeepInFrame(CONTENT_WIDTH, height, content, mode="shrink", vAlign="TOP")]
