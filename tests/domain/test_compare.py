"""Comparing two assessments: deltas, the questions compared and what the earlier plan achieved."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from cxaudit.domain.compare import OVERALL, compare_assessments
from cxaudit.domain.model import (
    ActionItem,
    ActionStatus,
    Assessment,
    Organisation,
    Respondent,
    Role,
)
from cxaudit.domain.questionnaire import Questionnaire
from tests.domain.test_scoring import build_questionnaire, person

ACME = Organisation(name="Acme", slug="acme")


def assessment(
    questionnaire: Questionnaire,
    period: str,
    respondents: Sequence[Respondent],
    actions: Sequence[ActionItem] = (),
) -> Assessment:
    """An assessment of Acme for `period` on `questionnaire`."""
    return Assessment(
        organisation=ACME,
        period=period,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        questionnaire_hash=questionnaire.content_hash,
        respondents=list(respondents),
        actions=list(actions),
    )


def test_deltas_per_area_overall_and_question_on_one_questionnaire() -> None:
    q = build_questionnaire({"a": [2.0, 1.0], "b": [1.0]})
    earlier = assessment(
        q,
        "2026-Q1",
        [
            person(
                "P", Role.OTHER, {"a.q1": 2, "a.q2": 3, "b.q1": 4}, notes={"a.q1": "No owner yet."}
            )
        ],
        actions=[
            ActionItem(id=5, question_id="a.q1", area_id="a", text="Name an owner", status="done"),
            ActionItem(id=6, question_id="b.q1", area_id="b", text="Write it down"),
        ],
    )
    later = assessment(
        q,
        "2026-Q2",
        [
            person(
                "P",
                Role.OTHER,
                {"a.q1": 4, "a.q2": 2, "b.q1": 4},
                notes={"a.q1": "Weekly review started."},
            )
        ],
    )
    comparison = compare_assessments(q, earlier, q, later)
    assert (comparison.earlier_period, comparison.later_period) == ("2026-Q1", "2026-Q2")
    # a: (2 × 2 + 3) / 3 = 7/3 → (2 × 4 + 2) / 3 = 10/3, a change of +1.00; b stays at 4.
    a, b = comparison.areas
    assert (a.area_id, a.before, a.after, a.delta) == pytest.approx(("a", 7 / 3, 10 / 3, 1.0))
    assert (b.area_id, b.delta) == ("b", 0.0)
    # overall: (7/3 + 4) / 2 = 19/6 → (10/3 + 4) / 2 = 22/6, +0.50.
    assert comparison.overall.area_id == OVERALL
    assert comparison.overall.delta == pytest.approx(0.5)
    assert [(d.question_id, d.delta) for d in comparison.questions] == [
        ("a.q1", 2.0),
        ("a.q2", -1.0),
        ("b.q1", 0.0),
    ]
    first = comparison.questions[0]
    assert (first.notes_before, first.notes_after) == (
        ("No owner yet.",),
        ("Weekly review started.",),
    )
    assert [d.question_id for d in comparison.most_improved] == ["a.q1"]
    assert [d.question_id for d in comparison.most_declined] == ["a.q2"]
    assert comparison.compared_count == 3
    assert comparison.only_earlier_count == comparison.only_later_count == 0
    outcomes = [(o.item.text, o.item.status, o.area_delta) for o in comparison.action_outcomes]
    assert outcomes == pytest.approx(
        [("Name an owner", ActionStatus.DONE, 1.0), ("Write it down", ActionStatus.OPEN, 0.0)]
    )


def test_most_improved_keeps_the_five_largest_changes_in_questionnaire_order_on_ties() -> None:
    q = build_questionnaire({"a": [1.0] * 7})
    ids = [f"a.q{n}" for n in range(1, 8)]
    earlier = assessment(q, "2026-Q1", [person("P", Role.OTHER, dict.fromkeys(ids, 1))])
    later_levels = dict(zip(ids, [2, 3, 4, 5, 5, 2, 1], strict=True))
    later = assessment(q, "2026-Q2", [person("P", Role.OTHER, later_levels)])
    comparison = compare_assessments(q, earlier, q, later)
    assert [d.question_id for d in comparison.most_improved] == [
        "a.q4",
        "a.q5",
        "a.q3",
        "a.q2",
        "a.q1",
    ]
    assert comparison.most_declined == ()


def test_different_versions_compare_only_the_questions_both_ask() -> None:
    v1 = build_questionnaire({"a": [1.0, 1.0], "b": [1.0]}, version="1.0")
    v2 = build_questionnaire({"a": [1.0, 1.0, 1.0], "c": [1.0]}, version="2.0")
    earlier = assessment(
        v1, "2026-Q1", [person("P", Role.OTHER, {"a.q1": 2, "a.q2": 2, "b.q1": 5})]
    )
    later = assessment(
        v2,
        "2026-Q2",
        [person("P", Role.OTHER, {"a.q1": 3, "a.q2": 3, "a.q3": 1, "c.q1": 1})],
    )
    comparison = compare_assessments(v1, earlier, v2, later)
    assert comparison.compared_count == 2  # a.q1 and a.q2
    assert comparison.only_earlier_count == 1  # b.q1
    assert comparison.only_later_count == 2  # a.q3 and c.q1
    # On the shared questions, a goes from 2 to 3. Counting the new a.q3 (at 1) would have
    # shown (3 + 3 + 1) / 3 = 2.33, a change of only +0.33.
    assert [(d.area_id, d.before, d.after, d.delta) for d in comparison.areas] == [
        ("a", 2.0, 3.0, 1.0)
    ]
    # Areas b and c have no shared question, so the overall is a's on both sides.
    assert (comparison.overall.before, comparison.overall.after) == (2.0, 3.0)
    assert [d.question_id for d in comparison.questions] == ["a.q1", "a.q2"]


def test_versions_with_nothing_in_common_compare_nothing() -> None:
    v1 = build_questionnaire({"a": [1.0]}, version="1.0")
    v2 = build_questionnaire({"z": [1.0]}, version="2.0")
    comparison = compare_assessments(
        v1,
        assessment(v1, "2026-Q1", [person("P", Role.OTHER, {"a.q1": 2})]),
        v2,
        assessment(v2, "2026-Q2", [person("P", Role.OTHER, {"z.q1": 4})]),
    )
    assert comparison.compared_count == 0
    assert (comparison.only_earlier_count, comparison.only_later_count) == (1, 1)
    assert comparison.areas == () and comparison.questions == ()
    assert comparison.overall.delta is None


def test_a_question_scored_on_one_side_only_has_no_delta() -> None:
    q = build_questionnaire({"a": [1.0, 1.0]})
    earlier = assessment(q, "2026-Q1", [person("P", Role.OTHER, {"a.q1": 3, "a.q2": "unknown"})])
    later = assessment(q, "2026-Q2", [person("P", Role.OTHER, {"a.q1": 3, "a.q2": 4})])
    comparison = compare_assessments(q, earlier, q, later)
    assert comparison.questions[1].before is None and comparison.questions[1].delta is None
    assert comparison.most_improved == ()
    # The area moves because a.q2 now counts: 3 → (3 + 4) / 2 = 3.5.
    assert comparison.areas[0].delta == pytest.approx(0.5)
