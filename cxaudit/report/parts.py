"""Pieces more than one section prints: the overall score, the radar, a list of questions,
and an action's text, owner, due date and status.

The full report's summary and action plan and the board report print these the same way; the
sections stay independent of one another, so what they share lives here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from cxaudit.domain.format import DASH, fmt_gap, fmt_percent, fmt_score
from cxaudit.domain.model import ActionItem
from cxaudit.domain.readiness import respondents_progress
from cxaudit.domain.results import AreaResult, QuestionStanding
from cxaudit.report.blocks import (
    Block,
    Cell,
    Chart,
    ChartSeries,
    FactTable,
    Fixed,
    Logos,
    Rich,
    Run,
    Space,
    Style,
    Table,
    Text,
    Tone,
)
from cxaudit.report.facts import Facts, delta_run

OVERDUE = "overdue"

STATUS_TONES = {"done": Tone.GOOD, "dropped": Tone.MUTED, "in progress": Tone.ACCENT}
"""The colour of each status in a plan's table ("open" is plain ink)."""


def overall_blocks(f: Facts) -> list[Block]:
    """The overall score, its stage and its change since the previous assessment."""
    result, previous = f.result, f.data.previous
    stage = result.stage
    out: list[Block] = [
        Text((Run("OVERALL SCORE"),), Style.LABEL),
        Text((Run(fmt_score(result.overall)),), Style.BIG_NUMBER),
        Text((Run(f"{fmt_percent(result.percent)} of the way from 1 to 5"),), Style.MUTED),
        Space(2.5),
        Text((Run("STAGE"),), Style.LABEL),
        Text((Run(stage.name if stage else DASH, bold=True),), Style.STAGE),
        Text(stage.description if stage else "No score yet.", Style.SMALL),
    ]
    overall_delta = f.area_delta("overall")
    if previous is not None and overall_delta is not None:
        out += [
            Space(2),
            Text((Run(f"CHANGE SINCE {previous.assessment.period}"),), Style.LABEL),
            Text((delta_run(overall_delta.delta),)),
        ]
    return out


def change_title(f: Facts) -> str:
    """The heading of a column of changes: "Change since 2026-Q1", or "Change"."""
    previous = f.data.previous
    return f"Change since {previous.assessment.period}" if previous else "Change"


def area_row(f: Facts, area: AreaResult, *middle: Cell) -> tuple[Cell, ...]:
    """An area's row of an areas table: its name and score, `middle`, then its change."""
    delta = f.area_delta(area.area_id)
    return (
        (Run(area.title, bold=True),),
        (Run(fmt_score(area.score), bold=True),),
        *middle,
        (delta_run(delta.delta if delta else None),),
    )


def radar(f: Facts, *, width: float = 230, height: float = 170) -> Chart:
    """The areas against their targets: the targets, the previous scores, then this period's."""
    result = f.result
    series = [ChartSeries("Target", tuple(a.target for a in result.areas), Tone.AMBER, dashed=True)]
    previous = f.data.previous
    if previous is not None:
        values: list[float | None] = []
        for area in result.areas:
            delta = f.area_delta(area.area_id)
            values.append(delta.before if delta is not None else None)
        series.append(ChartSeries(previous.assessment.period, tuple(values), Tone.MUTED, width=1.2))
    series.append(
        ChartSeries(
            f.data.assessment.period,
            tuple(a.score for a in result.areas),
            Tone.PRIMARY,
            filled=True,
            width=1.8,
        )
    )
    return Chart(
        "radar", tuple(a.title for a in result.areas), tuple(series), width=width, height=height
    )


def standings_table(f: Facts, standings: Sequence[QuestionStanding], *, gap: bool) -> Block:
    """A compact list of questions: the largest gaps (with their target) or the strengths."""
    if not standings:
        return Text(
            "No question is below its target." if gap else "No question has a score yet.",
            Style.MUTED,
        )
    rows: list[tuple[Cell, ...]] = []
    for item in standings:
        number = f.numbers.get(item.question_id, "")
        question = f.question(item.question_id)
        prompt = question.prompt if question is not None else item.question_id
        rows.append(
            (
                (Run(f.area_title(item.area_id)), Run(f" {number}", tone=Tone.SLATE)),
                prompt,
                (Run(fmt_score(item.score), bold=True),),
                Fixed(fmt_score(item.target) if gap else fmt_gap(item.gap)),
            )
        )
    return Table(
        ("Area", "Question", "Score", "Target" if gap else "Against target"),
        rows,
        (25, 110, 13, 14) if gap else (25, 96, 13, 28),
        right_from=2,
        compact=True,
    )


def owner_due_status(f: Facts, item: ActionItem) -> tuple[Cell, Cell, Cell]:
    """An action's owner, due date and coloured status: the last cells of every plan's rows.

    An overdue action has its due date and an "overdue" mark in red.
    """
    status = item.status.label
    due: Cell = item.due.isoformat() if item.due else DASH
    status_cell: Rich = (Run(status, tone=STATUS_TONES.get(status)),)
    if f.overdue(item):
        assert item.due is not None
        due = (Run(item.due.isoformat(), bold=True, tone=Tone.BAD),)
        status_cell += (Run(OVERDUE, bold=True, tone=Tone.BAD, newline=True),)
    owner: Cell = item.owner if item.owner.strip() else (Run(DASH, tone=Tone.SLATE),)
    return owner, due, status_cell


def action_text(f: Facts, item: ActionItem, *, detail: bool = True) -> Rich:
    """What to do, and under it which question and the levels it climbs (unless `detail` is
    off: the board report leaves that to the full plan)."""
    question = f.question(item.question_id)
    runs = [Run(item.text)]
    if not detail:
        pass
    elif item.kind == "improve" and item.current_level is not None and item.target_level:
        number = f.numbers.get(item.question_id, item.question_id)
        steps = f"question {number} · level {item.current_level} → {item.target_level}"
        count = item.target_level - item.current_level
        if count > 1:
            steps += f" ({count} levels)"
        runs.append(Run(steps, tone=Tone.SLATE, newline=True))
    elif question is not None:
        number = f.numbers.get(item.question_id, item.question_id)
        runs.append(Run(f"question {number}", tone=Tone.SLATE, newline=True))
    if item.carried_from is not None:
        runs.append(Run("carried over from the previous plan", tone=Tone.ACCENT, newline=True))
    return tuple(runs)


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(value: date) -> str:
    """A date as people write it ("14 March 2026"), whatever the system's locale."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def _lines(lines: list[str]) -> Rich:
    """Several lines in one fact."""
    return tuple(Run(line, newline=index > 0) for index, line in enumerate(lines))


def title_blocks(f: Facts, subtitle: str) -> list[Block]:
    """The logos (when the brand has any), the organisation's name and what the report is."""
    brand = f.data.brand
    out: list[Block] = []
    if brand.logo is not None or brand.client_logo is not None:
        out += [Logos(client=brand.client_logo, firm=brand.logo), Space(6)]
    return out + [
        Text(f.data.organisation.name, Style.COVER_ORG),
        Text((Run(subtitle),), Style.COVER_TITLE),
        Space(8),
    ]


def cover_facts(f: Facts, *, board: bool = False) -> FactTable:
    """The cover's table of facts: period, date, questionnaire, respondents, who prepared it.

    The board report's title page gives the same facts without the respondents' names or
    progress.
    """
    data = f.data
    brand = data.brand
    count = f.result.respondent_count
    noun = "respondent" if count == 1 else "respondents"
    rows: list[tuple[str, Rich]] = [
        ("Period", (Run(data.assessment.period),)),
        ("Date", (Run(long_date(data.generated)),)),
        (
            "Questionnaire",
            (Run(f"{f.questionnaire.title} (version {f.questionnaire.version})"),),
        ),
        ("Respondents", (Run(f"{count} {noun}: {f.roles_text()}"),)),
    ]
    if data.draft and not board:
        lines = progress_lines(f) or ["Nobody has been added to answer yet."]
        rows.append(("Progress", _lines(lines)))
    elif data.include_names and data.assessment.respondents and not board:
        rows.append(("Names", _lines(list(f.labels.values()))))
    if data.previous is not None:
        rows.append(("Compared with", (Run(data.previous.assessment.period),)))
    prepared = [part for part in (data.prepared_by.strip(), brand.firm.strip()) if part]
    rows.append(("Prepared by", _lines(prepared) if prepared else (Run(DASH),)))
    if brand.contact.strip():
        rows.append(("Contact", _lines(brand.contact.strip().splitlines())))
    return FactTable(tuple(rows))


def progress_lines(f: Facts) -> list[str]:
    """Each respondent's progress: "Priya Shah, leader: 18 of 48 answered" (names only when
    the report includes them)."""
    lines = []
    for index, entry in enumerate(respondents_progress(f.questionnaire, f.data.assessment)):
        name, role = f.people[index]
        progress = entry.progress
        line = f"{name}, {role}: {progress.settled} of {progress.total} answered"
        if progress.to_reconfirm:
            line += f", {progress.to_reconfirm} carried over to reconfirm"
        lines.append(line)
    return lines
