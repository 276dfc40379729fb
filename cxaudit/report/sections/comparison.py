"""The side-by-side comparison with an earlier assessment (a report made with `--compare`).

Area by area and question by question, on the questions both assessments share, with the
notes behind the largest rises and falls.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether

from cxaudit.domain.format import fmt_score
from cxaudit.report.context import Context
from cxaudit.report.flowables import span
from cxaudit.report.styles import NAVY


def comparison_title(period: str) -> str:
    """The title of the side-by-side section of a comparison report."""
    return f"Comparison with {period}"


def comparison_section(ctx: Context) -> list[Flowable]:
    """Both periods' area scores, the most improved and declined questions, then every one."""
    previous, comparison = ctx.data.previous, ctx.data.comparison
    assert previous is not None
    s = ctx.styles
    earlier, later = previous.assessment.period, ctx.data.assessment.period
    out: list[Flowable] = [ctx.h1(comparison_title(earlier))]
    if comparison is None:
        return out + [ctx.none_line("The two assessments have no questions in common.")]
    out.append(
        ctx.text(
            f"{later} set against {earlier}, compared on the {comparison.compared_count} "
            f"questions both assessments share; {comparison.only_earlier_count} only in "
            f"{earlier} and {comparison.only_later_count} only in {later} are left out.",
            s.muted,
        )
    )
    rows: list[list[Any]] = [ctx.head("Area", earlier, later, "Change", right_from=1)]
    for delta in (*comparison.areas, comparison.overall):
        bold = delta.area_id == "overall"
        name = ctx.lit(ctx.area_title(delta.area_id))
        rows.append(
            [
                ctx.markup(f"<b>{name}</b>" if bold else name, s.cell),
                ctx.fixed(fmt_score(delta.before), right=True),
                ctx.fixed(fmt_score(delta.after), right=True),
                ctx.markup(ctx.delta_markup(delta.delta), s.cell_right),
            ]
        )
    last = len(rows) - 1
    out.append(
        ctx.table(rows, [70, 30, 30, 32], extra=[("LINEABOVE", (0, last), (-1, last), 0.8, NAVY)])
    )
    for title, deltas in (
        ("Most improved", comparison.most_improved),
        ("Most declined", comparison.most_declined),
    ):
        out.append(ctx.h2(title))
        if not deltas:
            out.append(ctx.none_line("None."))
            continue
        for qd in deltas:
            block: list[Flowable] = [
                ctx.markup(
                    f"<b>{ctx.lit(ctx.question_label(qd.question_id))}</b>: "
                    f"{fmt_score(qd.before)} → {fmt_score(qd.after)} "
                    f"({ctx.delta_markup(qd.delta)})",
                    s.small,
                )
            ]
            for period, notes in ((earlier, qd.notes_before), (later, qd.notes_after)):
                for note in notes:
                    block.append(ctx.markup(f"{span(ctx.lit(period))}<br/>{ctx.lit(note)}", s.note))
            out.append(KeepTogether(block[:2]))
            out.extend(block[2:])
    out.append(ctx.h2("Question by question"))
    rows = [ctx.head("Question", "Area", earlier, later, "Change", right_from=2)]
    for qd in comparison.questions:
        rows.append(
            [
                ctx.cell(ctx.question_label(qd.question_id)),
                ctx.cell(ctx.area_title(qd.area_id)),
                ctx.fixed(fmt_score(qd.before), right=True),
                ctx.fixed(fmt_score(qd.after), right=True),
                ctx.markup(ctx.delta_markup(qd.delta), s.cell_right),
            ]
        )
    out.append(ctx.table(rows, [76, 20, 20, 20, 26]))
    return out
