"""One area's page: its score and how it was reached, its strengths and gaps, and its notes.

The document prints one of these per area of the questionnaire, in questionnaire order; each
also shows where respondents disagreed and where leaders and the front line see it differently.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable, Table

from cxaudit.domain.format import (
    DASH,
    fmt_delta,
    fmt_gap,
    fmt_percent,
    fmt_score,
    fmt_share,
    fmt_weight,
)
from cxaudit.domain.results import AreaResult, QuestionStanding
from cxaudit.report.context import Context
from cxaudit.report.notes import notes
from cxaudit.report.styles import NAVY, WHITE


def area_section(ctx: Context, area: AreaResult) -> list[Flowable]:
    """The area's facts and path to target, then the tables and notes that explain them."""
    s = ctx.styles
    q_area = ctx.questionnaire.area(area.area_id)
    delta = ctx.area_delta(area.area_id)
    facts = [
        f"<b>{fmt_score(area.score)}</b> ({fmt_percent(area.percent)})",
        ctx.lit(area.coverage_text),
        f"target {fmt_score(area.target)}",
        fmt_gap(area.gap_to_target),
    ]
    if delta is not None and ctx.data.previous is not None:
        facts.append(
            f"{ctx.delta_markup(delta.delta)} since {ctx.lit(ctx.data.previous.assessment.period)}"
        )
    out: list[Flowable] = [
        ctx.h1(area.title),
        ctx.text(q_area.description, s.muted),
        ctx.markup(" · ".join(facts), s.body),
    ]
    path = ctx.data.paths.get(area.area_id)
    if path is not None and area.score is not None:
        if path.steps == 0:
            line = "The area already meets its target."
        elif path.reachable:
            noun = "raise" if path.steps == 1 else "raises"
            line = (
                f"Path to target: {path.steps} one-level {noun} across {len(path.raises)} "
                f"question{'s' if len(path.raises) != 1 else ''} lift the area to "
                f"{fmt_score(path.end_score)}."
            )
        else:
            line = (
                f"The target cannot be reached with the questions scored: even with every "
                f"one at 5 the area reaches {fmt_score(path.end_score)}."
            )
        out.append(ctx.text(line, s.body))
    if area.role_gap is not None:
        flag = " This is a perception gap." if area.perception_gap else ""
        out.append(
            ctx.text(
                f"Leaders score the area {fmt_score(area.leader_score)}, the front line "
                f"{fmt_score(area.frontline_score)}: a difference of "
                f"{fmt_delta(area.role_gap, arrow=False)}.{flag}",
                s.body,
            )
        )
    out += [ctx.h2("How the score was computed", outline=True)]
    out += [_contribution_table(ctx, area)]
    out += [
        ctx.text(
            "Each question's score is the mean of the levels given. The area score is the "
            "weighted mean of the question scores present: each question counts for its "
            "share of the weights, and the contributions add up to the area score.",
            s.muted,
        )
    ]
    out += [ctx.h2("Strengths and gaps")]
    standings = [x for x in ctx.result.standings() if x.area_id == area.area_id]
    strong = sorted((x for x in standings if x.on_target), key=lambda x: -x.score)
    weak = sorted((x for x in standings if not x.on_target), key=lambda x: -x.gap)
    out += [ctx.h3("At or above target")]
    out += [_area_standings(ctx, strong) if strong else ctx.none_line("None yet.")]
    out += [ctx.h3("Below target")]
    out += [_area_standings(ctx, weak) if weak else ctx.none_line("None.")]
    out += [ctx.h2("Disagreements and perception gaps")]
    out += _disagreements(ctx, area.area_id)
    out += [ctx.h2("Respondents' notes")]
    out += notes(ctx, area.area_id, include_evidence=False)
    return out


def _contribution_table(ctx: Context, area: AreaResult) -> Table:
    """Each question's levels, score, weight, share and points, adding up to the area score."""
    s = ctx.styles
    contributions = {c.question_id: c for c in area.contributions}
    rows: list[list[Any]] = [
        ctx.head(
            "#", "Question", "Levels given", "Score", "Weight", "Share", "Points", right_from=3
        )
    ]
    for question in ctx.questionnaire.area(area.area_id).questions:
        qr = ctx.result.questions.get(question.id)
        contribution = contributions.get(question.id)
        given = _levels_given(ctx, question.id)
        rows.append(
            [
                ctx.fixed(ctx.numbers[question.id]),
                ctx.cell(question.prompt),
                ctx.cell(given),
                ctx.fixed(fmt_score(qr.score if qr else None), right=True),
                ctx.fixed(fmt_weight(question.weight), right=True),
                ctx.fixed(fmt_share(contribution.share if contribution else None), right=True),
                ctx.fixed(fmt_score(contribution.points if contribution else None), right=True),
            ]
        )
    rows.append(
        [
            "",
            ctx.markup(f"<b>Area score</b> ({ctx.lit(area.coverage_text)})", s.cell),
            "",
            ctx.markup(f"<b>{fmt_score(area.score)}</b>", s.cell_right),
            "",
            "",
            ctx.markup(f"<b>{fmt_score(area.score)}</b>", s.cell_right),
        ]
    )
    last = len(rows) - 1
    return ctx.table(
        rows,
        [11, 78, 26, 14, 15, 13, 14],
        extra=[
            ("LINEABOVE", (0, last), (-1, last), 0.8, NAVY),
            ("BACKGROUND", (0, last), (-1, last), WHITE),
        ],
    )


def _levels_given(ctx: Context, question_id: str) -> str:
    """The levels given to a question, with counts of N/A, don't know and no answer."""
    qr = ctx.result.questions.get(question_id)
    if qr is None:
        return DASH
    parts = []
    if qr.levels:
        parts.append(", ".join(str(level) for level in qr.levels))
    if qr.na_count:
        parts.append(f"N/A ×{qr.na_count}")
    if qr.unknown_count:
        parts.append(f"don't know ×{qr.unknown_count}")
    if qr.unanswered_count:
        parts.append(f"no answer ×{qr.unanswered_count}")
    return "; ".join(parts) if parts else DASH


def _area_standings(ctx: Context, standings: Sequence[QuestionStanding]) -> Table:
    """Questions with their score and how far they are above or below target."""
    rows: list[list[Any]] = [ctx.head("Question", "Score", "Against target", right_from=1)]
    for item in standings:
        rows.append(
            [
                ctx.cell(ctx.question_label(item.question_id)),
                ctx.markup(f"<b>{fmt_score(item.score)}</b>", ctx.styles.cell_right),
                ctx.fixed(fmt_gap(item.gap), right=True),
            ]
        )
    return ctx.table(rows, [110, 18, 34])


def _disagreements(ctx: Context, area_id: str) -> list[Flowable]:
    """Questions respondents answered far apart, and where leaders and the front line differ."""
    out: list[Flowable] = []
    disagreements = [q for q in ctx.result.disagreements if q.area_id == area_id]
    gaps = [q for q in ctx.result.perception_gaps if q.area_id == area_id]
    if not disagreements and not gaps:
        return [
            ctx.none_line(
                "Respondents broadly agree: no question has a spread of 2 levels or more, "
                "and leaders and the front line see no question differently by a level or more."
            )
        ]
    if disagreements:
        rows: list[list[Any]] = [ctx.head("Question", "Levels given", "Spread", right_from=2)]
        for q in disagreements:
            rows.append(
                [
                    ctx.cell(ctx.question_label(q.question_id)),
                    ctx.cell(", ".join(str(v) for v in q.levels)),
                    ctx.fixed(str(q.spread) if q.spread is not None else DASH, right=True),
                ]
            )
        out += [ctx.h3("Disagreements (a spread of 2 levels or more)")]
        out += [ctx.table(rows, [104, 40, 18])]
    if gaps:
        rows = [ctx.head("Question", "Leaders", "Front line", "Gap", right_from=1)]
        for q in gaps:
            rows.append(
                [
                    ctx.cell(ctx.question_label(q.question_id)),
                    ctx.fixed(fmt_score(q.leader_mean), right=True),
                    ctx.fixed(fmt_score(q.frontline_mean), right=True),
                    ctx.fixed(fmt_delta(q.role_gap, arrow=False), right=True),
                ]
            )
        out += [ctx.h3("Perception gaps (leaders and the front line a level or more apart)")]
        out += [ctx.table(rows, [104, 20, 20, 18])]
    return out
