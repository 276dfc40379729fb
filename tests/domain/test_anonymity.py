"""Anonymity rules: a role's breakdown only for groups of three once anyone is anonymous, and
anonymous respondents' notes without attribution."""

from __future__ import annotations

import pytest

from cxaudit.domain.anonymity import (
    ANONYMOUS_HEADING,
    MIN_ROLE_GROUP,
    attributed_notes,
    note_attribution,
    protect_role_breakdown,
    role_breakdown_shown,
    shown_roles,
)
from cxaudit.domain.model import Respondent, Role, make_answer
from cxaudit.domain.scoring import score_assessment
from tests.domain.test_scoring import build_questionnaire

Q = build_questionnaire({"alpha": [1.0, 1.0]})


def _person(
    name: str, role: Role, level: int, *, anonymous: bool = False, note: str = ""
) -> Respondent:
    return Respondent(
        name=name,
        role=role,
        anonymous=anonymous,
        answers={
            "alpha.q1": make_answer("alpha.q1", level, note=note),
            "alpha.q2": make_answer("alpha.q2", level),
        },
    )


def _leaders(count: int) -> list[Respondent]:
    return [_person(f"Leader {n}", Role.LEADER, 5) for n in range(count)]


def test_with_nobody_anonymous_every_breakdown_stays() -> None:
    people = [*_leaders(1), _person("Bo", Role.FRONTLINE, 1)]
    result = score_assessment(Q, people)
    assert role_breakdown_shown(people, Role.FRONTLINE)
    assert shown_roles(people) == frozenset(Role)
    assert protect_role_breakdown(result, people) is result
    assert result.areas[0].role_gap == pytest.approx(4.0)


def test_a_small_role_is_withheld_once_anyone_is_anonymous() -> None:
    people = [
        *_leaders(MIN_ROLE_GROUP),
        _person("Bo", Role.FRONTLINE, 1),
        _person("Anonymous front line 1", Role.FRONTLINE, 2, anonymous=True),
    ]
    assert role_breakdown_shown(people, Role.LEADER)
    assert not role_breakdown_shown(people, Role.FRONTLINE)
    result = score_assessment(Q, people)
    assert result.areas[0].frontline_score == pytest.approx(1.5)
    assert result.questions["alpha.q1"].perception_gap
    shown = protect_role_breakdown(result, people)
    area = shown.areas[0]
    assert area.leader_score == pytest.approx(5.0)
    assert (area.frontline_score, area.role_gap, area.perception_gap) == (None, None, False)
    question = shown.questions["alpha.q1"]
    assert (question.frontline_mean, question.role_gap, question.perception_gap) == (
        None,
        None,
        False,
    )
    assert question.leader_mean == pytest.approx(5.0)
    assert shown.perception_gaps == ()
    # What mixes every role is not touched.
    assert (shown.overall, area.score, question.score) == (
        result.overall,
        result.areas[0].score,
        result.questions["alpha.q1"].score,
    )


def test_three_sharing_a_role_are_shown_even_when_one_is_anonymous() -> None:
    people = [
        *_leaders(MIN_ROLE_GROUP),
        _person("Bo", Role.FRONTLINE, 1),
        _person("Cy", Role.FRONTLINE, 1),
        _person("Anonymous front line 1", Role.FRONTLINE, 2, anonymous=True),
    ]
    result = score_assessment(Q, people)
    assert protect_role_breakdown(result, people) is result
    # Two leaders and an anonymous front line: now the leaders are too few.
    fewer = people[1:]
    shown = protect_role_breakdown(score_assessment(Q, fewer), fewer)
    assert shown.areas[0].leader_score is None
    assert shown.areas[0].frontline_score is not None


def test_anonymous_notes_carry_no_attribution_and_come_last() -> None:
    people = [
        _person("Anonymous front line 1", Role.FRONTLINE, 2, anonymous=True, note="Too slow."),
        _person("Ana", Role.LEADER, 4, note="  Checked weekly. "),
        _person("Anonymous front line 2", Role.FRONTLINE, 3, anonymous=True, note="   "),
        _person("Bo", Role.FRONTLINE, 3),
        _person("Anonymous leader 1", Role.LEADER, 3, anonymous=True, note="Nobody owns it."),
    ]
    labels = [f"{p.name} ({p.role.value})" for p in people]
    assert attributed_notes(people, labels, "alpha.q1") == [
        ("Ana (leader)", "Checked weekly."),
        (ANONYMOUS_HEADING, "Too slow."),
        (ANONYMOUS_HEADING, "Nobody owns it."),
    ]
    assert attributed_notes(people, labels, "alpha.q2") == []
    assert note_attribution(people[0], "Respondent 1 (front line)") == ANONYMOUS_HEADING
    assert note_attribution(people[1], "Respondent 2 (leader)") == "Respondent 2 (leader)"
    with pytest.raises(ValueError):
        attributed_notes(people, labels[:2], "alpha.q1")
