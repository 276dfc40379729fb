"""Period labels: what they mean, how history orders them and which period comes next."""

from __future__ import annotations

from datetime import date

import pytest

from cxaudit.domain.periods import (
    Period,
    current_period,
    next_free_period,
    next_period,
    parse_period,
    period_sort_key,
    sort_periods,
)
from cxaudit.errors import ValidationProblem


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-H1", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-10", date(2026, 10, 1), date(2026, 10, 31)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_each_kind_of_label_covers_its_days(label: str, start: date, end: date) -> None:
    assert parse_period(label) == Period(start=start, end=end, label=label)


def test_labels_are_read_in_any_case_and_written_canonically() -> None:
    assert parse_period(" 2026-q3 ").label == "2026-Q3"
    assert parse_period("2026-h2").label == "2026-H2"


@pytest.mark.parametrize("label", ["2026-Q5", "2026-Q0", "2026-H3", "2026-13", "26-Q1", "Q1", ""])
def test_a_label_that_is_not_a_period_is_refused_in_one_sentence(label: str) -> None:
    with pytest.raises(ValidationProblem) as caught:
        parse_period(label)
    message = str(caught.value)
    assert message.startswith(f"'{label}' is not a period")
    assert "2026-Q1" in message and message.count(".") == 1 and message.endswith(".")


def test_periods_of_every_kind_sort_by_start_date() -> None:
    labels = ["2026-Q3", "2026-10", "2025", "2026-H1", "2025-Q4", "2026-Q2"]
    assert sort_periods(labels) == ["2025", "2025-Q4", "2026-H1", "2026-Q2", "2026-Q3", "2026-10"]


def test_periods_sort_by_date_not_by_text() -> None:
    # As text "2026-10" < "2026-Q1"; by date October comes after the first quarter.
    assert sort_periods(["2026-10", "2026-Q1"]) == ["2026-Q1", "2026-10"]
    assert parse_period("2026-Q1") < parse_period("2026-10")


def test_a_label_from_before_labels_were_checked_sorts_last_instead_of_failing() -> None:
    assert sort_periods(["spring audit", "2026-Q1"]) == ["2026-Q1", "spring audit"]
    assert period_sort_key("spring audit") == (date.max, "spring audit")


@pytest.mark.parametrize(
    ("today", "label"),
    [
        (date(2026, 1, 1), "2026-Q1"),
        (date(2026, 3, 31), "2026-Q1"),
        (date(2026, 4, 1), "2026-Q2"),
        (date(2026, 11, 23), "2026-Q4"),
    ],
)
def test_the_current_period_is_todays_quarter(today: date, label: str) -> None:
    assert current_period(today) == label


@pytest.mark.parametrize(
    ("label", "following"),
    [
        ("2026-Q1", "2026-Q2"),
        ("2026-Q4", "2027-Q1"),
        ("2026-H1", "2026-H2"),
        ("2026-H2", "2027-H1"),
        ("2026-09", "2026-10"),
        ("2026-12", "2027-01"),
        ("2026", "2027"),
        ("2026-q4", "2027-Q1"),
    ],
)
def test_the_next_period_is_of_the_same_kind(label: str, following: str) -> None:
    assert next_period(label) == following
    assert parse_period(following).start > parse_period(label).end


def test_there_is_no_period_after_the_year_9999() -> None:
    with pytest.raises(ValidationProblem, match="last one"):
        next_period("9999-Q4")


@pytest.mark.parametrize(
    "typed", ["Q1 2026", "2026 Q1", "2026q1", "q1-2026", "2026/Q1", " 2026  q1 "]
)
def test_a_quarter_may_be_written_the_other_way_round_or_without_its_hyphen(typed: str) -> None:
    assert parse_period(typed).label == "2026-Q1"


def test_a_half_may_be_written_the_same_ways() -> None:
    assert parse_period("H2 2026").label == "2026-H2"
    assert parse_period("2026h2").label == "2026-H2"


@pytest.mark.parametrize(
    ("taken", "expected"),
    [
        ([], "2026-Q2"),
        (["2026-Q1", "2026-Q2"], "2026-Q3"),
        (["2025-Q4"], "2026-Q2"),
        (["2025-Q2", "2026-Q4"], "2027-Q1"),
        (["2026-Q2", "2026-Q3", "not a period"], "2026-Q4"),
        (["2025-H2"], "2026-H1"),
        (["2026-H1"], "2026-H2"),
    ],
)
def test_a_new_assessment_defaults_to_the_next_period_with_none(
    taken: list[str], expected: str
) -> None:
    assert next_free_period(date(2026, 5, 14), taken) == expected
