"""The board report's lists: the largest gaps, the most important open actions and last
quarter's plan area by area."""

from __future__ import annotations

from datetime import date

from cxaudit.domain.board import (
    BOARD_ACTIONS,
    board_summary,
    is_overdue,
    most_important_open,
    recent_scores,
    review_previous_plan,
)
from cxaudit.domain.compare import compare_assessments
from cxaudit.domain.model import ActionItem, ActionStatus, Role
from cxaudit.domain.plan import build_action_plan
from cxaudit.domain.scoring import score_stored
from cxaudit.domain.trend import build_trend
from tests.domain.test_compare import assessment
from tests.domain.test_scoring import build_questionnaire, person

TODAY = date(2026, 7, 2)


def item(n: int, area: str = "a", **kw: object) -> ActionItem:
    return ActionItem(id=n, question_id=f"{area}.q1", area_id=area, text=f"Action {n}", **kw)


def test_open_actions_keep_their_plan_number_and_the_first_ten_are_kept() -> None:
    plan = [
        item(n, status=ActionStatus.DONE if n % 3 == 0 else ActionStatus.OPEN) for n in range(1, 20)
    ]
    chosen = most_important_open(plan, today=TODAY)
    assert len(chosen) == BOARD_ACTIONS
    assert [c.rank for c in chosen] == [1, 2, 4, 5, 7, 8, 10, 11, 13, 14]
    assert all(c.item.status is ActionStatus.OPEN for c in chosen)


def test_overdue_is_past_due_and_still_open_on_the_report_date() -> None:
    late = item(1, due=date(2026, 7, 1), status=ActionStatus.IN_PROGRESS)
    due_today = item(2, due=TODAY)
    late_but_done = item(3, due=date(2026, 1, 1), status=ActionStatus.DONE)
    late_but_dropped = item(4, due=date(2026, 1, 1), status=ActionStatus.DROPPED)
    no_date = item(5)
    assert is_overdue(late, TODAY)
    assert not any(is_overdue(i, TODAY) for i in (due_today, late_but_done, late_but_dropped))
    assert not is_overdue(no_date, TODAY)
    chosen = most_important_open([late, due_today, late_but_done, no_date], today=TODAY)
    assert [(c.rank, c.overdue) for c in chosen] == [(1, True), (2, False), (4, False)]


def test_previous_plan_is_one_entry_per_area_with_its_change() -> None:
    q = build_questionnaire({"a": [1.0], "b": [1.0], "c": [1.0]})
    previous_plan = [
        item(1, "a", status=ActionStatus.DONE),
        item(2, "a", status=ActionStatus.OPEN, due=date(2026, 3, 31)),
        item(3, "b", status=ActionStatus.DROPPED),
        item(4, "gone", status=ActionStatus.IN_PROGRESS),
    ]
    earlier = assessment(
        q, "2026-Q1", [person("P", Role.OTHER, {"a.q1": 2, "b.q1": 3, "c.q1": 3})], previous_plan
    )
    later = assessment(q, "2026-Q2", [person("P", Role.OTHER, {"a.q1": 3, "b.q1": 3, "c.q1": 2})])
    comparison = compare_assessments(q, earlier, q, later)
    reviews = review_previous_plan(
        previous_plan, area_ids=["a", "b", "c"], comparison=comparison, today=TODAY
    )
    assert [r.area_id for r in reviews] == ["a", "b", "c", "gone"]
    a, b, c, gone = reviews
    assert (a.tally.done, a.tally.open, a.overdue, a.area_delta) == (1, 1, 1, 1.0)
    assert (b.tally.dropped, b.tally.total, b.area_delta) == (1, 1, 0.0)
    assert (c.tally.total, c.area_delta) == (0, -1.0)
    assert (gone.tally.in_progress, gone.area_delta) == (1, None)


def test_summary_of_an_assessment_from_the_domain() -> None:
    q = build_questionnaire({"a": [1.0, 1.0, 1.0], "b": [1.0, 1.0, 1.0]})
    people = [person("P", Role.OTHER, {f"{x}.q{n}": n for x in "ab" for n in (1, 2, 3)})]
    current = assessment(q, "2026-Q2", people)
    result = score_stored(q, current)
    plan = build_action_plan(q, result)
    plan[0] = plan[0].model_copy(update={"due": date(2026, 6, 30)})
    summary = board_summary(q, result, plan, today=TODAY)
    assert summary.gaps == result.largest_gaps(5)
    assert len(summary.gaps) == 5  # six questions are below target; five are listed
    assert summary.open_count == len(plan)
    assert summary.overdue_count == 1 and summary.actions[0].overdue
    assert summary.plan_review is None and summary.previous_period is None
    with_previous = board_summary(
        q, result, plan, today=TODAY, previous_actions=[], previous_period="2026-Q1"
    )
    assert with_previous.plan_review is not None
    assert [r.area_id for r in with_previous.plan_review] == ["a", "b"]
    assert with_previous.previous_period == "2026-Q1"


def test_recent_scores_are_the_latest_periods_oldest_first() -> None:
    q = build_questionnaire({"a": [1.0]})
    periods = ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
    levels = [1, 2, 3, 4, 5, 4, 5]
    history = [
        (q, assessment(q, period, [person("P", Role.OTHER, {"a.q1": level})]))
        for period, level in zip(periods, levels, strict=True)
    ]
    trend = build_trend(history)
    assert recent_scores(trend, "a") == (2.0, 3.0, 4.0, 5.0, 4.0, 5.0)
    assert recent_scores(trend, "a", 2) == (4.0, 5.0)
    assert recent_scores(trend, "missing") == ()
    assert recent_scores(None, "a") == ()
