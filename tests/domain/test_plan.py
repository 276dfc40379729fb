"""The path to target and the action plan, with the steps worked out by hand."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from cxaudit.domain.model import ActionItem, ActionStatus, Role
from cxaudit.domain.plan import (
    build_action_plan,
    carry_forward_actions,
    merge_plan,
    path_to_target,
    raise_one_level,
)
from cxaudit.domain.questionnaire import Questionnaire, load_questionnaire
from cxaudit.domain.scoring import score_assessment
from tests.domain.test_scoring import build_questionnaire, person, three_roles


@pytest.fixture
def mini(mini_questionnaire_path: Path) -> Questionnaire:
    return load_questionnaire(mini_questionnaire_path)


@pytest.mark.parametrize(
    ("score", "level"), [(1.0, 2), (2.0, 3), (2.5, 3), (11 / 3, 4), (4.0, 5), (4.5, 5), (5.0, 5)]
)
def test_one_raise_goes_to_the_next_whole_level(score: float, level: int) -> None:
    assert raise_one_level(score) == level


def test_worked_path_heaviest_question_first_then_lowest_score(mini: Questionnaire) -> None:
    result = score_assessment(mini, three_roles())
    path = path_to_target(mini, result, "alpha")
    # Start 35/12 = 2.92. alpha.one (weight 2) goes 3 → 4: (8 + 11/3 + 2) / 4 = 3.42,
    # then 4 → 5: (10 + 11/3 + 2) / 4 = 3.92. Then, among weight 1, the lowest score is
    # alpha.three at 2 → 3: (10 + 11/3 + 3) / 4 = 4.17, which reaches 4.0.
    assert path.reachable and path.steps == 3
    assert path.start_score == pytest.approx(35 / 12)
    assert path.end_score == pytest.approx(50 / 12)
    assert [(r.question_id, r.current_level, r.path_level) for r in path.raises] == [
        ("alpha.one", 3, 5),
        ("alpha.three", 2, 3),
    ]


def test_fractional_scores_rise_to_the_next_whole_level_and_4_reaches_4() -> None:
    q = build_questionnaire({"a": [1.0]})
    people = [person("P", Role.OTHER, {"a.q1": 2}), person("Q", Role.OTHER, {"a.q1": 3})]
    path = path_to_target(q, score_assessment(q, people), "a")
    # 2.5 → 3 (one raise), 3 → 4 (another): the target of exactly 4.0 is reached.
    assert path.steps == 2 and path.reachable
    assert path.end_score == 4.0
    (step,) = path.raises
    assert (step.current_score, step.current_level, step.path_level) == (2.5, 2, 4)


def test_equal_weights_and_scores_follow_questionnaire_order() -> None:
    q = build_questionnaire({"a": [1.0, 1.0, 1.0]}, default_target=3.0)
    people = [person("P", Role.OTHER, {"a.q1": 4, "a.q2": 2, "a.q3": 2})]
    path = path_to_target(q, score_assessment(q, people), "a")
    # (4 + 2 + 2) / 3 = 2.67; raising a.q2 (first of the two at 2) gives 3.0.
    assert [(r.question_id, r.path_level) for r in path.raises] == [("a.q2", 3)]


def test_an_area_on_target_needs_no_raise() -> None:
    q = build_questionnaire({"a": [1.0]})
    path = path_to_target(q, score_assessment(q, [person("P", Role.OTHER, {"a.q1": 4})]), "a")
    assert path.reachable and path.raises == () and path.steps == 0


def test_an_area_without_a_score_has_no_path(mini: Questionnaire) -> None:
    path = path_to_target(mini, score_assessment(mini, three_roles()), "beta")
    assert path.start_score is None and path.raises == () and not path.reachable


def test_an_unreachable_target_takes_every_question_to_5_and_says_so() -> None:
    q = build_questionnaire({"a": [1.0, 2.0]})
    result = score_assessment(q, [person("P", Role.OTHER, {"a.q1": 2, "a.q2": 4})])
    # Targets are checked to lie in 1–5, so only a damaged record can ask for more than 5.
    impossible = dataclasses.replace(
        result, areas=(dataclasses.replace(result.area("a"), target=5.5),)
    )
    path = path_to_target(q, impossible, "a")
    assert not path.reachable
    assert path.end_score == 5.0
    assert {(r.question_id, r.path_level) for r in path.raises} == {("a.q1", 5), ("a.q2", 5)}
    assert path.steps == 3 + 1


def test_the_action_plan_of_the_worked_example(mini: Questionnaire) -> None:
    plan = build_action_plan(mini, score_assessment(mini, three_roles()))
    assert [(i.kind, i.question_id, i.text, i.current_level, i.target_level) for i in plan] == [
        ("improve", "alpha.one", "A1 from 3", 3, 5),
        ("improve", "alpha.three", "A3 from 2", 2, 3),
        ("find_out", "alpha.three", "Find out: Question three?", None, None),
    ]
    # weight × (path level − current score): 2 × (5 − 3) = 4; 1 × (3 − 2) = 1.
    # The find-out item: weight 1 × 1 "don't know" of 2 answers (Fay's 2, Lee's "don't know").
    assert [i.priority for i in plan] == pytest.approx([4.0, 1.0, 0.5])
    for item in plan:
        assert (item.owner, item.due, item.status, item.id) == ("", None, ActionStatus.OPEN, None)
        assert item.area_id == "alpha"


def test_plan_items_with_equal_priority_follow_area_then_question_order() -> None:
    q = build_questionnaire({"a": [1.0, 1.0], "b": [1.0]}, default_target=2.0)
    people = [person("P", Role.OTHER, {"b.q1": 1, "a.q1": 1, "a.q2": 1})]
    plan = build_action_plan(q, score_assessment(q, people))
    # a: (1 + 1) / 2 = 1 → one raise of a.q1 gives 1.5, another of a.q2 gives 2.0.
    assert [(i.question_id, i.priority) for i in plan] == [
        ("a.q1", 1.0),
        ("a.q2", 1.0),
        ("b.q1", 1.0),
    ]


def test_only_dont_know_answers_make_find_out_items() -> None:
    q = build_questionnaire({"a": [2.0, 1.0]})
    people = [
        person("P", Role.OTHER, {"a.q1": "unknown", "a.q2": 4}),
        person("Q", Role.OTHER, {"a.q1": "unknown", "a.q2": "na"}),
    ]
    plan = build_action_plan(q, score_assessment(q, people))
    # a.q1: nobody could rate it, so its find-out ranks as weight 2 × 1.
    assert [(i.kind, i.question_id, i.priority) for i in plan] == [("find_out", "a.q1", 2.0)]
    assert plan[0].text == "Find out: a question 1?"


def _item(question_id: str, status: ActionStatus, item_id: int, **extra: object) -> ActionItem:
    return ActionItem.model_validate(
        {
            "id": item_id,
            "question_id": question_id,
            "area_id": question_id.split(".")[0],
            "text": f"Do {question_id}",
            "status": status,
            **extra,
        }
    )


def test_open_and_in_progress_items_carry_forward_with_their_owner() -> None:
    previous = [
        _item("a.q1", ActionStatus.OPEN, 11, owner="Ana"),
        _item("a.q2", ActionStatus.IN_PROGRESS, 12, owner="Bo"),
        _item("a.q3", ActionStatus.DONE, 13),
        _item("a.q4", ActionStatus.DROPPED, 14),
    ]
    carried = carry_forward_actions(previous)
    assert [(i.question_id, i.id, i.carried_from, i.status, i.owner) for i in carried] == [
        ("a.q1", None, 11, ActionStatus.OPEN, "Ana"),
        ("a.q2", None, 12, ActionStatus.IN_PROGRESS, "Bo"),
    ]
    assert previous[0].id == 11  # the earlier plan is left as it was


def test_merge_keeps_the_carried_item_with_fresh_levels_and_priority() -> None:
    carried = [
        _item("a.q1", ActionStatus.IN_PROGRESS, 0, owner="Ana", current_level=1, priority=9.0),
        _item("a.q3", ActionStatus.OPEN, 0, owner="Cy", priority=0.1),
    ]
    carried = [i.model_copy(update={"id": None, "carried_from": 7}) for i in carried]
    fresh = [
        _item("a.q2", ActionStatus.OPEN, 0, priority=2.0),
        _item("a.q1", ActionStatus.OPEN, 0, current_level=2, target_level=3, priority=1.0),
        _item("a.q1", ActionStatus.OPEN, 0, kind="find_out", priority=0.5),
    ]
    merged = merge_plan(carried, fresh)
    assert [(i.question_id, i.kind, i.owner, i.priority) for i in merged] == [
        ("a.q2", "improve", "", 2.0),
        ("a.q1", "improve", "Ana", 1.0),
        ("a.q1", "find_out", "", 0.5),
        ("a.q3", "improve", "Cy", 0.1),
    ]
    kept = merged[1]
    assert (kept.status, kept.carried_from, kept.text) == (ActionStatus.IN_PROGRESS, 7, "Do a.q1")
    assert (kept.current_level, kept.target_level) == (2, 3)


def test_merge_orders_ties_by_questionnaire_when_given_one() -> None:
    q = build_questionnaire({"a": [1.0, 1.0]})
    fresh = [
        _item("a.q2", ActionStatus.OPEN, 0, priority=1.0),
        _item("a.q1", ActionStatus.OPEN, 0, priority=1.0),
    ]
    assert [i.question_id for i in merge_plan([], fresh)] == ["a.q2", "a.q1"]
    assert [i.question_id for i in merge_plan([], fresh, questionnaire=q)] == ["a.q1", "a.q2"]
