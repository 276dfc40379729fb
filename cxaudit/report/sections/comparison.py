"""The side-by-side comparison with an earlier assessment (a report made with `--compare`).

Area by area and question by question, on the questions both assessments share, with the
notes behind the largest rises and falls.
"""

from __future__ import annotations

from cxaudit.domain.format import fmt_score
from cxaudit.report.blocks import Block, Cell, Fixed, Heading, Run, Style, Table, Text, Together
from cxaudit.report.facts import Facts, delta_run
from cxaudit.report.notes import note_text


def comparison_title(period: str) -> str:
    """The title of the side-by-side section of a comparison report."""
    return f"Comparison with {period}"


def comparison_section(f: Facts) -> list[Block]:
    """Both periods' area scores, the most improved and declined questions, then every one."""
    previous, comparison = f.data.previous, f.data.comparison
    assert previous is not None
    earlier, later = previous.assessment.period, f.data.assessment.period
    out: list[Block] = [Heading(comparison_title(earlier))]
    if comparison is None:
        return out + [Text("The two assessments have no questions in common.", Style.MUTED)]
    out.append(
        Text(
            f"{later} set against {earlier}, compared on the {comparison.compared_count} "
            f"questions both assessments share; {comparison.only_earlier_count} only in "
            f"{earlier} and {comparison.only_later_count} only in {later} are left out.",
            Style.MUTED,
        )
    )
    rows: list[tuple[Cell, ...]] = []
    for delta in (*comparison.areas, comparison.overall):
        bold = delta.area_id == "overall"
        rows.append(
            (
                (Run(f.area_title(delta.area_id), bold=bold),),
                Fixed(fmt_score(delta.before)),
                Fixed(fmt_score(delta.after)),
                (delta_run(delta.delta),),
            )
        )
    out.append(
        Table(("Area", earlier, later, "Change"), rows, (70, 30, 30, 32), right_from=1, total=True)
    )
    for title, deltas in (
        ("Most improved", comparison.most_improved),
        ("Most declined", comparison.most_declined),
    ):
        out.append(Heading(title, level=2))
        if not deltas:
            out.append(Text("None.", Style.MUTED))
            continue
        for qd in deltas:
            block: list[Block] = [
                Text(
                    (
                        Run(f.question_label(qd.question_id), bold=True),
                        Run(f": {fmt_score(qd.before)} → {fmt_score(qd.after)} ("),
                        delta_run(qd.delta),
                        Run(")"),
                    ),
                    Style.SMALL,
                )
            ]
            for period, notes in ((earlier, qd.notes_before), (later, qd.notes_after)):
                block += [note_text(period, note) for note in notes]
            out.append(Together(tuple(block[:2])))
            out.extend(block[2:])
    out.append(Heading("Question by question", level=2))
    rows = [
        (
            f.question_label(qd.question_id),
            f.area_title(qd.area_id),
            Fixed(fmt_score(qd.before)),
            Fixed(fmt_score(qd.after)),
            (delta_run(qd.delta),),
        )
        for qd in comparison.questions
    ]
    out.append(
        Table(
            ("Question", "Area", earlier, later, "Change"), rows, (76, 20, 20, 20, 26), right_from=2
        )
    )
    return out
