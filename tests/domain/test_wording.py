"""One word and one figure per idea: role names, shown changes, trends and joined notes."""

from __future__ import annotations

import pytest

from cxaudit.domain.format import fmt_delta, fmt_score
from cxaudit.domain.model import Role
from cxaudit.domain.wording import (
    join_notes,
    known_trend,
    role_label,
    shown_delta,
    trend_direction,
    trend_word,
)


def test_every_role_has_one_label() -> None:
    assert [role_label(role) for role in Role] == ["Leader", "Manager", "Front line", "Other"]


@pytest.mark.parametrize(
    ("before", "after", "shown"),
    [(2.404, 3.2666, "+0.87 ↑"), (2.4166, 3.575, "+1.16 ↑"), (3.005, 3.004, "0.00 →")],
)
def test_the_change_shown_is_the_difference_of_the_two_scores_shown(
    before: float, after: float, shown: str
) -> None:
    assert fmt_delta(shown_delta(before, after)) == shown
    difference = float(fmt_score(after)) - float(fmt_score(before))
    assert fmt_delta(difference) == shown


def test_a_change_needs_both_scores() -> None:
    assert shown_delta(None, 3.0) is None
    assert shown_delta(3.0, None) is None


def test_fewer_than_two_scores_is_not_enough_history_never_flat() -> None:
    assert trend_direction([]) is None
    assert trend_direction([3.1]) is None
    assert trend_direction([None, 3.1, None]) is None
    assert trend_direction([3.0, None, 3.5]) == 1
    assert trend_direction([3.0, 3.02]) == 0
    assert known_trend(0, completed=0) is None
    assert known_trend(1, completed=1) is None
    assert known_trend(-1, completed=2) == -1
    assert trend_word(None) is None
    assert [trend_word(d) for d in (1, -1, 0)] == ["rising", "falling", "flat"]


def test_notes_join_without_doubled_punctuation() -> None:
    assert (
        join_notes(["Checked in every one-to-one.", "Front-line staff agree", "", " Yes "])
        == "Checked in every one-to-one. Front-line staff agree; Yes"
    )
    assert join_notes([]) == ""
