"""Score series over an organisation's assessments, and the one-line charts drawn from them."""

from __future__ import annotations

from datetime import date

import pytest

from cxaudit.domain.compare import OVERALL
from cxaudit.domain.model import Role
from cxaudit.domain.spark import sparkline
from cxaudit.domain.trend import build_trend
from tests.domain.test_compare import assessment
from tests.domain.test_scoring import build_questionnaire, person


def test_series_are_ordered_by_period_start_whatever_the_label_kind() -> None:
    v1 = build_questionnaire({"a": [1.0], "b": [1.0]}, version="1.0")
    v2 = build_questionnaire({"a": [1.0], "c": [1.0]}, version="2.0")
    history = [
        (v2, assessment(v2, "2026-Q3", [person("P", Role.OTHER, {"a.q1": 4, "c.q1": 2})])),
        (v1, assessment(v1, "2025-Q4", [person("P", Role.OTHER, {"a.q1": 2, "b.q1": 3})])),
        (v1, assessment(v1, "2026-H1", [person("P", Role.OTHER, {"a.q1": 3, "b.q1": "na"})])),
    ]
    trend = build_trend(history)
    assert trend.periods == ("2025-Q4", "2026-H1", "2026-Q3")
    assert [p.start for p in trend.series["a"]] == [
        date(2025, 10, 1),
        date(2026, 1, 1),
        date(2026, 7, 1),
    ]
    assert [p.score for p in trend.series["a"]] == [2.0, 3.0, 4.0]
    # b is gone from the newest version and had no score in 2026-H1; c is new.
    assert [p.score for p in trend.series["b"]] == [3.0, None, None]
    assert [p.score for p in trend.series["c"]] == [None, None, 2.0]
    assert list(trend.series) == ["a", "c", "b", OVERALL]
    assert [p.score for p in trend.series[OVERALL]] == pytest.approx([2.5, 3.0, 3.0])
    assert trend.direction("a") == 1
    assert trend.direction(OVERALL) == 0


def test_no_history_is_an_empty_trend() -> None:
    trend = build_trend([])
    assert trend.periods == () and trend.series[OVERALL] == ()


def test_sparkline_draws_one_bar_per_score() -> None:
    assert sparkline([1.0, 2.0, 3.0, 4.0, 5.0]) == "▁▃▅▆█"
    assert sparkline([3.0, None, 3.5]) == "▅ ▅"
    assert sparkline([]) == ""


def test_sparkline_holds_values_outside_its_range_at_the_ends() -> None:
    assert sparkline([0.0, 9.0]) == "▁█"
    assert sparkline([0.0, 50.0, 100.0], lo=0.0, hi=100.0) == "▁▅█"
    assert sparkline([3.0], lo=3.0, hi=3.0) == "▁"


def test_snapshots_draw_the_same_trend_as_scoring_every_answer() -> None:
    from cxaudit.domain.results import ScoreSnapshot
    from cxaudit.domain.scoring import score_assessment
    from cxaudit.domain.trend import trend_of_snapshots

    v1 = build_questionnaire({"a": [1.0], "b": [1.0]}, version="1.0")
    v2 = build_questionnaire({"a": [1.0], "c": [1.0]}, version="2.0")
    history = [
        (v2, assessment(v2, "2026-Q3", [person("P", Role.OTHER, {"a.q1": 4, "c.q1": 2})])),
        (v1, assessment(v1, "2025-Q4", [person("P", Role.OTHER, {"a.q1": 2, "b.q1": 3})])),
    ]
    snapshots = [
        (q, a.period, ScoreSnapshot.of(score_assessment(q, a.respondents))) for q, a in history
    ]
    assert trend_of_snapshots(snapshots) == build_trend(history)
    first = snapshots[1][2]
    assert first.area("c") is None and first.area("b") is not None
    assert (first.covered, first.applicable) == (2, 2)


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        (2.0, 2.5, 1),
        (2.5, 2.0, -1),
        (2.0, 2.04, 0),
        (2.0, 1.951, 0),
        (2.0, 2.05, 1),
        (None, 3.0, 0),
        (3.0, None, 0),
    ],
)
def test_a_change_under_five_hundredths_is_flat(
    earlier: float | None, later: float | None, expected: int
) -> None:
    from cxaudit.domain.results import score_direction

    assert score_direction(earlier, later) == expected


def test_an_action_tally_counts_each_status() -> None:
    from cxaudit.domain.model import ActionStatus
    from cxaudit.domain.results import ActionTally

    statuses = [ActionStatus.DONE, ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.DROPPED]
    tally = ActionTally.of(statuses)
    assert tally == ActionTally(open=1, in_progress=0, done=2, dropped=1)
    assert tally.total == 4 and ActionTally().total == 0
