"""The board report: an assessment in at most four pages, for people who decide.

Page one says where the organisation stands (overall score, stage and change; each area against
its target with its trend); page two the five largest gaps and the ten most important open
actions with owners and due dates; page three what became of last quarter's plan, one line per
area, and who prepared the summary. Each page shrinks rather than spill onto another, so the
board report never runs past its pages whatever was typed. The lists are the domain's
(`cxaudit.domain.board`).
"""

from __future__ import annotations

from collections.abc import Sequence

from cxaudit.domain.board import BoardSummary, recent_scores
from cxaudit.domain.format import ARROW_DOWN, ARROW_FLAT, ARROW_UP, DASH, fmt_gap, fmt_score
from cxaudit.domain.results import ActionTally
from cxaudit.domain.spark import sparkline
from cxaudit.report.blocks import (
    Block,
    Columns,
    Fixed,
    Heading,
    OnePage,
    PageBreak,
    Style,
    Table,
    Text,
)
from cxaudit.report.facts import Facts, delta_run
from cxaudit.report.parts import (
    action_text,
    area_row,
    change_title,
    cover_facts,
    overall_blocks,
    owner_due_status,
    radar,
    standings_table,
    title_blocks,
)

BOARD_SUMMARY = "Board summary"
WHERE_WE_STAND = "Where we stand"
LARGEST_GAPS = "The five largest gaps"
OPEN_ACTIONS = "The ten most important open actions"
ABOUT = "About this summary"


def previous_plan_title(period: str | None) -> str:
    """The title of the board report's last page."""
    return f"What became of the {period} plan" if period else "What became of the previous plan"


def board_titles(summary: BoardSummary | None) -> list[str]:
    """The board report's top-level titles, in order (the PDF's outline)."""
    period = summary.previous_period if summary is not None else None
    return [WHERE_WE_STAND, LARGEST_GAPS, OPEN_ACTIONS, previous_plan_title(period)]


def _summary(f: Facts) -> BoardSummary:
    summary = f.data.board
    if summary is None:
        raise ValueError("a board report needs the board summary (ReportData.board)")
    return summary


def board_report(f: Facts, *, peers: Sequence[Block] = ()) -> list[Block]:
    """Every page of the board report, in order; `peers` (the "Compared with peers" page,
    when there is one) follows where the organisation stands, making the fourth page."""
    return [
        *title_blocks(f, f"{BOARD_SUMMARY} for {f.data.assessment.period}"),
        OnePage(tuple(where_we_stand(f))),
        PageBreak(),
        *([*peers, PageBreak()] if peers else []),
        OnePage(tuple(gaps_and_actions(f))),
        PageBreak(),
        OnePage(tuple(previous_plan(f))),
    ]


def _trend_text(f: Facts, area_id: str) -> str:
    """The area's recent scores as a one-line chart, with the way the last change went."""
    trend = f.data.trend
    scores = recent_scores(trend, area_id)
    if trend is None or sum(1 for s in scores if s is not None) < 2:
        return DASH
    arrow = {1: ARROW_UP, -1: ARROW_DOWN}.get(trend.direction(area_id), ARROW_FLAT)
    return f"{sparkline(scores)} {arrow}"


def where_we_stand(f: Facts) -> list[Block]:
    """The overall score beside the radar, then each area against its target with its trend."""
    rows = [
        area_row(
            f,
            area,
            Fixed(fmt_score(area.target)),
            Fixed(fmt_gap(area.gap_to_target)),
        )
        + (Fixed(_trend_text(f, area.area_id)),)
        for area in f.result.areas
    ]
    return [
        Heading(WHERE_WE_STAND, tight=True),
        Columns(tuple(overall_blocks(f)), radar(f, width=220, height=160)),
        Heading("Areas against their targets", level=2, tight=True),
        Table(
            ("Area", "Score", "Target", "Gap", change_title(f), "Trend"),
            rows,
            (30, 14, 14, 30, 30, 22),
            right_from=1,
        ),
        Text(_trend_note(f), Style.MUTED),
    ]


def _trend_note(f: Facts) -> str:
    """How to read the table's trend column."""
    periods = len(recent_scores(f.data.trend, "overall"))
    if periods < 2:
        return "Scores run from 1 to 5. The trend appears once there are two assessments."
    return (
        f"Scores run from 1 to 5. The trend shows each area's score over the last {periods} "
        "assessments, oldest first, and which way the latest change went."
    )


def gaps_and_actions(f: Facts) -> list[Block]:
    """The five largest gaps, then the most important open actions with owner and due date."""
    summary = _summary(f)
    out: list[Block] = [
        Heading(LARGEST_GAPS, tight=True),
        standings_table(f, summary.gaps, gap=True),
        Heading(OPEN_ACTIONS, tight=True),
    ]
    if not summary.actions:
        return out + [
            Text(
                "No open actions: every action of the plan is done or dropped."
                if f.data.actions
                else 'No actions: every area meets its target and no answer is "don\'t know".',
                Style.MUTED,
            )
        ]
    shown, total = len(summary.actions), summary.open_count
    intro = (
        f"{shown} of the plan's {total} open action{'' if total == 1 else 's'}, highest "
        "priority first; # is each action's place in the full action plan, which also says "
        "which question each one lifts and by how many levels."
    )
    if summary.overdue_count:
        many = summary.overdue_count != 1
        intro += (
            f" {summary.overdue_count} open action{'s are' if many else ' is'} overdue: past "
            f"{'their' if many else 'its'} due date on {f.data.generated.isoformat()}."
        )
    rows = [
        (
            Fixed(str(chosen.rank)),
            f.area_title(chosen.item.area_id),
            action_text(f, chosen.item, detail=False),
            *owner_due_status(f, chosen.item),
        )
        for chosen in summary.actions
    ]
    return out + [
        Text(intro, Style.MUTED),
        Table(
            ("#", "Area", "Action", "Owner", "Due", "Status"),
            rows,
            (6, 19, 72, 22, 21.5, 23),
            narrow=True,
            compact=True,
        ),
    ]


def tally_text(tally: ActionTally, overdue: int) -> str:
    """What became of an area's actions: "2 done, 1 in progress (1 overdue)"."""
    if not tally.total:
        return "No action was agreed for this area."
    parts = [
        f"{count} {label}"
        for count, label in (
            (tally.done, "done"),
            (tally.in_progress, "in progress"),
            (tally.open, "still open"),
            (tally.dropped, "dropped"),
        )
        if count
    ]
    text = ", ".join(parts)
    return text + (f" ({overdue} overdue)" if overdue else "")


def previous_plan(f: Facts) -> list[Block]:
    """One line per area for last quarter's plan, then who prepared the summary and when."""
    summary = _summary(f)
    period = summary.previous_period
    out: list[Block] = [Heading(previous_plan_title(period), tight=True)]
    if summary.plan_review is None:
        out.append(
            Text(
                "This is the organisation's first assessment in cxaudit: there is no earlier "
                "plan to review.",
                Style.MUTED,
            )
        )
    else:
        out.append(
            Text(
                f"The actions agreed in {period}, area by area, with their status on "
                f"{f.data.generated.isoformat()} and the change in the area's score since.",
                Style.MUTED,
            )
        )
        rows = [
            (
                f.area_title(review.area_id),
                Fixed(str(review.tally.total)),
                tally_text(review.tally, review.overdue),
                (delta_run(review.area_delta),),
            )
            for review in summary.plan_review
        ]
        out.append(
            Table(
                ("Area", "Agreed", "What became of them", "Area change"),
                rows,
                (30, 16, 88, 26),
                right_from=3,
                narrow=True,
            )
        )
    out += [
        Heading(ABOUT, level=2, tight=True),
        cover_facts(f, board=True),
        Text(
            "This summary is drawn from the full report of the same assessment, which explains "
            "how every score was reached and lists every action.",
            Style.MUTED,
        ),
    ]
    return out
