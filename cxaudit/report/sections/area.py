"""One area's page: its score and how it was reached, its strengths and gaps, and its notes.

A question that does not apply to the organisation shows its automatic reason where its levels
would be, and an area whose levels were mostly given with low confidence says so beside its score.

The document prints one of these per area of the questionnaire, in questionnaire order; each
also shows where respondents disagreed and where leaders and the front line see it differently,
unless a role is too small to show once anyone answered anonymously (`cxaudit.domain.anonymity`):
then a sentence says so where the figures would have been.
"""

from __future__ import annotations

from collections.abc import Sequence

from cxaudit.domain.anonymity import withheld_note
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
from cxaudit.report.blocks import Block, Cell, Fixed, Heading, Run, Style, Table, Text
from cxaudit.report.facts import Facts, delta_run
from cxaudit.report.notes import notes

HOW_COMPUTED = "How the score was computed"
PERCEPTION_GAPS = "Perception gaps (leaders and the front line a level or more apart)"


def area_section(f: Facts, area: AreaResult) -> list[Block]:
    """The area's facts and path to target, then the tables and notes that explain them."""
    q_area = f.questionnaire.area(area.area_id)
    out: list[Block] = [
        Heading(area.title),
        Text(q_area.description, Style.MUTED),
        Text(area_facts(f, area)),
    ]
    line = path_line(f, area)
    if line:
        out.append(Text(line))
    withheld = withheld_note(f.result)
    if withheld:
        # The leaders' and the front line's figures would give an anonymous answer away.
        out.append(Text(withheld, Style.MUTED))
    elif area.role_gap is not None:
        flag = " This is a perception gap." if area.perception_gap else ""
        out.append(
            Text(
                f"Leaders score the area {fmt_score(area.leader_score)}, the front line "
                f"{fmt_score(area.frontline_score)}: a difference of "
                f"{fmt_delta(area.role_gap, arrow=False)}.{flag}"
            )
        )
    out += [Heading(HOW_COMPUTED, level=2, outline=True)]
    out += [contribution_table(f, area)]
    out += [
        Text(
            "Each question's score is the mean of the levels given. The area score is the "
            "weighted mean of the question scores present: each question counts for its "
            "share of the weights, and the contributions add up to the area score.",
            Style.MUTED,
        )
    ]
    out += [Heading("Strengths and gaps", level=2)]
    standings = [x for x in f.result.standings() if x.area_id == area.area_id]
    strong = sorted((x for x in standings if x.on_target), key=lambda x: -x.score)
    weak = sorted((x for x in standings if not x.on_target), key=lambda x: -x.gap)
    out += [Heading("At or above target", level=3)]
    out += [_area_standings(f, strong) if strong else Text("None yet.", Style.MUTED)]
    out += [Heading("Below target", level=3)]
    out += [_area_standings(f, weak) if weak else Text("None.", Style.MUTED)]
    out += [Heading("Disagreements and perception gaps", level=2)]
    out += _disagreements(f, area.area_id)
    out += [Heading("Respondents' notes", level=2)]
    out += notes(f, area.area_id, include_evidence=False)
    return out


def area_facts(f: Facts, area: AreaResult) -> tuple[Run, ...]:
    """Score (percent) · coverage · target · gap · change: the line under the area's title."""
    parts: list[tuple[Run, ...]] = [
        (Run(fmt_score(area.score), bold=True), Run(f" ({fmt_percent(area.percent)})")),
        (Run(area.coverage_text),),
        (Run(f"target {fmt_score(area.target)}"),),
        (Run(fmt_gap(area.gap_to_target)),),
    ]
    if area.confidence_note:
        parts.append((Run(area.confidence_note, bold=True),))
    delta = f.area_delta(area.area_id)
    if delta is not None and f.data.previous is not None:
        since = f" since {f.data.previous.assessment.period}"
        parts.append((delta_run(delta.delta), Run(since)))
    runs: list[Run] = []
    for index, part in enumerate(parts):
        if index:
            runs.append(Run(" · "))
        runs.extend(part)
    return tuple(runs)


def path_line(f: Facts, area: AreaResult) -> str:
    """What it takes to reach the target, in a sentence ("" for an area with no score)."""
    path = f.data.paths.get(area.area_id)
    if path is None or area.score is None:
        return ""
    if path.steps == 0:
        return "The area already meets its target."
    if path.reachable:
        noun = "raise" if path.steps == 1 else "raises"
        return (
            f"Path to target: {path.steps} one-level {noun} across {len(path.raises)} "
            f"question{'s' if len(path.raises) != 1 else ''} lift the area to "
            f"{fmt_score(path.end_score)}."
        )
    return (
        f"The target cannot be reached with the questions scored: even with every "
        f"one at 5 the area reaches {fmt_score(path.end_score)}."
    )


def contribution_table(f: Facts, area: AreaResult) -> Table:
    """Each question's levels, score, weight, share and points, adding up to the area score."""
    contributions = {c.question_id: c for c in area.contributions}
    rows: list[tuple[Cell, ...]] = []
    for question in f.questionnaire.area(area.area_id).questions:
        qr = f.result.questions.get(question.id)
        contribution = contributions.get(question.id)
        rows.append(
            (
                Fixed(f.numbers[question.id]),
                question.prompt,
                _levels_given(f, question.id),
                Fixed(fmt_score(qr.score if qr else None)),
                Fixed(fmt_weight(question.weight)),
                Fixed(fmt_share(contribution.share if contribution else None)),
                Fixed(fmt_score(contribution.points if contribution else None)),
            )
        )
    total = (Run(fmt_score(area.score), bold=True),)
    rows.append(
        (
            Fixed(""),
            (Run("Area score", bold=True), Run(f" ({area.coverage_text})")),
            Fixed(""),
            total,
            Fixed(""),
            Fixed(""),
            total,
        )
    )
    return Table(
        ("#", "Question", "Levels given", "Score", "Weight", "Share", "Points"),
        rows,
        (11, 78, 26, 14, 15, 13, 14),
        right_from=3,
        total=True,
    )


def _levels_given(f: Facts, question_id: str) -> str:
    """The levels given to a question, with counts of N/A, don't know and no answer."""
    qr = f.result.questions.get(question_id)
    if qr is None:
        return DASH
    if qr.not_applying_reason is not None:
        return qr.not_applying_reason
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


def _area_standings(f: Facts, standings: Sequence[QuestionStanding]) -> Table:
    """Questions with their score and how far they are above or below target."""
    rows: list[tuple[Cell, ...]] = [
        (
            f.question_label(item.question_id),
            (Run(fmt_score(item.score), bold=True),),
            Fixed(fmt_gap(item.gap)),
        )
        for item in standings
    ]
    return Table(("Question", "Score", "Against target"), rows, (110, 18, 34), right_from=1)


def _disagreements(f: Facts, area_id: str) -> list[Block]:
    """Questions respondents answered far apart, and where leaders and the front line differ."""
    out: list[Block] = []
    disagreements = [q for q in f.result.disagreements if q.area_id == area_id]
    gaps = [q for q in f.result.perception_gaps if q.area_id == area_id]
    withheld = withheld_note(f.result)
    if not disagreements and not gaps:
        if withheld:
            return [
                Text(
                    "Respondents broadly agree: no question has a spread of 2 levels or more.",
                    Style.MUTED,
                ),
                Heading(PERCEPTION_GAPS, level=3),
                Text(withheld, Style.MUTED),
            ]
        return [
            Text(
                "Respondents broadly agree: no question has a spread of 2 levels or more, "
                "and leaders and the front line see no question differently by a level or more.",
                Style.MUTED,
            )
        ]
    if disagreements:
        rows: list[tuple[Cell, ...]] = [
            (
                f.question_label(q.question_id),
                ", ".join(str(v) for v in q.levels),
                Fixed(str(q.spread) if q.spread is not None else DASH),
            )
            for q in disagreements
        ]
        out += [Heading("Disagreements (a spread of 2 levels or more)", level=3)]
        out += [Table(("Question", "Levels given", "Spread"), rows, (104, 40, 18), right_from=2)]
    if withheld:
        out += [Heading(PERCEPTION_GAPS, level=3), Text(withheld, Style.MUTED)]
    elif gaps:
        rows = [
            (
                f.question_label(q.question_id),
                Fixed(fmt_score(q.leader_mean)),
                Fixed(fmt_score(q.frontline_mean)),
                Fixed(fmt_delta(q.role_gap, arrow=False)),
            )
            for q in gaps
        ]
        out += [Heading(PERCEPTION_GAPS, level=3)]
        out += [
            Table(
                ("Question", "Leaders", "Front line", "Gap"), rows, (104, 20, 20, 18), right_from=1
            )
        ]
    return out
