"""What a board sees: the few figures and actions a four-page summary of an assessment holds.

The board report leaves out the detail (every question, every answer) and keeps what a board
decides on: the largest gaps, the most important open actions with who owns them and when they
are due, and what became of last quarter's plan, area by area. Which items those are is decided
here, once, so the PDF and the Word document of the board report always agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cxaudit.domain.model import ActionItem, ActionStatus
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.results import (
    ActionTally,
    AssessmentResult,
    Comparison,
    QuestionStanding,
    Trend,
)
from cxaudit.domain.schedule import action_overdue

BOARD_GAPS = 5
"""How many of the largest gaps a board report lists."""
BOARD_ACTIONS = 10
"""How many open actions a board report lists."""
TREND_POINTS = 6
"""How many of the latest periods an area's trend shows on the board report."""

_CLOSED = (ActionStatus.DONE, ActionStatus.DROPPED)


def is_open(item: ActionItem) -> bool:
    """An action still to be done: open or in progress (neither done nor dropped)."""
    return item.status not in _CLOSED


def is_overdue(item: ActionItem, today: date) -> bool:
    """Past its due date on `today` and still open (the schedule's rule for actions)."""
    return action_overdue(item.due, done=not is_open(item), today=today)


@dataclass(frozen=True)
class BoardAction:
    """One open action as the board sees it, with its place in the full plan."""

    rank: int
    """Its number in the full action plan (1 is the highest priority)."""
    item: ActionItem
    overdue: bool


@dataclass(frozen=True)
class AreaPlanReview:
    """What became of the previous plan's actions in one area, with the area's change since."""

    area_id: str
    tally: ActionTally
    """The previous plan's actions in this area, by their status now."""
    overdue: int
    """How many of them are still open past their due date."""
    area_delta: float | None
    """The change in the area's score since the previous assessment (None when unknown)."""


@dataclass(frozen=True)
class BoardSummary:
    """Everything the board report lists beyond the scores themselves."""

    gaps: tuple[QuestionStanding, ...]
    """The questions furthest below their area's target, largest first."""
    actions: tuple[BoardAction, ...]
    """The most important open actions, in plan order."""
    open_count: int
    """Every open action of the plan (the board lists at most `BOARD_ACTIONS` of them)."""
    overdue_count: int
    """Every open action of the plan that is past its due date."""
    plan_review: tuple[AreaPlanReview, ...] | None
    """The previous plan, one entry per area; None when there is no previous assessment."""
    previous_period: str | None


def most_important_open(
    actions: Sequence[ActionItem], *, today: date, count: int = BOARD_ACTIONS
) -> tuple[BoardAction, ...]:
    """The first `count` open actions of a plan, keeping the plan's order and numbering.

    A plan is already ordered by priority (weight × the levels its step climbs; see
    `cxaudit.domain.plan`), so the most important open actions are its first open ones; an
    overdue action keeps its place and is marked rather than jumping the queue, so its number
    reads the same in the board report as in the full plan.
    """
    chosen = [
        BoardAction(rank=rank, item=item, overdue=is_overdue(item, today))
        for rank, item in enumerate(actions, start=1)
        if is_open(item)
    ]
    return tuple(chosen[:count])


def review_previous_plan(
    previous_actions: Sequence[ActionItem],
    *,
    area_ids: Sequence[str],
    comparison: Comparison | None,
    today: date,
) -> tuple[AreaPlanReview, ...]:
    """One entry per area: the previous plan's actions there by status, and the area's change.

    Areas come in `area_ids` order (this assessment's questionnaire), then any area only the
    previous plan names; an area with no previous action still gets its entry, so the board
    sees every area's change.
    """
    deltas = {d.area_id: d.delta for d in comparison.areas} if comparison is not None else {}
    order = list(area_ids)
    order += [item.area_id for item in previous_actions if item.area_id not in order]
    reviews = []
    for area_id in dict.fromkeys(order):
        items = [item for item in previous_actions if item.area_id == area_id]
        reviews.append(
            AreaPlanReview(
                area_id=area_id,
                tally=ActionTally.of(item.status for item in items),
                overdue=sum(1 for item in items if is_overdue(item, today)),
                area_delta=deltas.get(area_id),
            )
        )
    return tuple(reviews)


def recent_scores(
    trend: Trend | None, key: str, count: int = TREND_POINTS
) -> tuple[float | None, ...]:
    """An area's (or "overall") scores over the latest `count` periods on record, oldest first."""
    if trend is None:
        return ()
    return tuple(point.score for point in trend.series.get(key, ())[-count:])


def board_summary(
    questionnaire: Questionnaire,
    result: AssessmentResult,
    actions: Sequence[ActionItem],
    *,
    today: date,
    previous_actions: Sequence[ActionItem] | None = None,
    previous_period: str | None = None,
    comparison: Comparison | None = None,
) -> BoardSummary:
    """The board report's lists for an assessment, as of `today` (the report's date).

    `previous_actions` is the previous assessment's plan (None when there is no previous
    assessment).
    """
    open_items = [item for item in actions if is_open(item)]
    return BoardSummary(
        gaps=result.largest_gaps(BOARD_GAPS),
        actions=most_important_open(actions, today=today),
        open_count=len(open_items),
        overdue_count=sum(1 for item in open_items if is_overdue(item, today)),
        plan_review=None
        if previous_actions is None
        else review_previous_plan(
            previous_actions,
            area_ids=[area.id for area in questionnaire.areas],
            comparison=comparison,
            today=today,
        ),
        previous_period=previous_period,
    )
