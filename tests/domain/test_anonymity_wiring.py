"""The anonymity rules where results are made for display: `score_stored` protects the role
breakdown and says which roles it withheld, the sentence shown in their place, and the order
anonymous answers are listed in."""

from __future__ import annotations

import pytest

from cxaudit.domain.anonymity import (
    ANONYMOUS_HEADING,
    attributed_answers,
    protect_role_breakdown,
    withheld_note,
)
from cxaudit.domain.model import Assessment, Organisation, Respondent, Role, make_answer
from cxaudit.domain.scoring import score_assessment, score_stored, scored
from cxaudit.domain.wording import withheld_breakdown_text
from tests.domain.test_scoring import build_questionnaire

Q = build_questionnaire({"alpha": [1.0, 1.0]})


def _person(name: str, role: Role, level: int, *, anonymous: bool = False) -> Respondent:
    return Respondent(
        name=name,
        role=role,
        anonymous=anonymous,
        answers={q: make_answer(q, level, note=f"{name} says") for q in ("alpha.q1", "alpha.q2")},
    )


def _assessment(people: list[Respondent]) -> Assessment:
    return Assessment(
        organisation=Organisation(name="Acme", slug="acme"),
        period="2026-Q1",
        questionnaire_id=Q.id,
        questionnaire_version=Q.version,
        questionnaire_hash="x",
        respondents=people,
    )


LEADERS = [_person(f"Leader {n}", Role.LEADER, 5) for n in range(1, 4)]


def test_score_stored_withholds_a_small_front_line_and_says_so() -> None:
    people = [
        *LEADERS,
        _person("Anonymous front line 1", Role.FRONTLINE, 1, anonymous=True),
        _person("Anonymous front line 2", Role.FRONTLINE, 2, anonymous=True),
    ]
    entry = scored(Q, _assessment(people))
    assert entry.result == score_stored(Q, entry.assessment)
    area = entry.result.areas[0]
    assert (area.leader_score, area.frontline_score, area.role_gap) == (5.0, None, None)
    assert entry.result.withheld_roles == frozenset({Role.FRONTLINE})
    assert withheld_note(entry.result) == (
        "Fewer than 3 front-line respondents: not shown, to protect anonymous answers."
    )
    # The raw score still has them: only what is shown is protected.
    raw = score_assessment(Q, people)
    assert raw.areas[0].frontline_score == pytest.approx(1.5)
    assert withheld_note(raw) == ""


def test_only_roles_that_have_respondents_are_named_as_withheld() -> None:
    # Two anonymous leaders, no front line at all: the leaders are withheld, and the missing
    # front line is simply absent, not "withheld".
    people = [
        _person("Anonymous leader 1", Role.LEADER, 4, anonymous=True),
        _person("Anonymous leader 2", Role.LEADER, 4, anonymous=True),
        _person("Mo", Role.MANAGER, 3),
    ]
    result = score_stored(Q, _assessment(people))
    assert result.withheld_roles == frozenset({Role.LEADER})
    assert result.areas[0].leader_score is None
    assert withheld_note(result) == (
        "Fewer than 3 leaders: not shown, to protect anonymous answers."
    )
    both = [people[0], _person("Fay", Role.FRONTLINE, 2)]
    assert withheld_note(protect_role_breakdown(score_assessment(Q, both), both)) == (
        "Fewer than 3 leaders and fewer than 3 front-line respondents: not shown, "
        "to protect anonymous answers."
    )
    assert withheld_breakdown_text([]) == ""


def test_with_nobody_anonymous_a_small_role_is_shown_as_before() -> None:
    people = [*LEADERS, _person("Bo", Role.FRONTLINE, 1)]
    result = score_stored(Q, _assessment(people))
    assert result.withheld_roles == frozenset()
    assert result.areas[0].role_gap == pytest.approx(4.0)
    assert withheld_note(result) == ""


def test_anonymous_answers_are_ordered_by_what_they_say_not_by_who_gave_them() -> None:
    high = _person("Anonymous front line 1", Role.FRONTLINE, 4, anonymous=True)
    low = _person("Anonymous front line 2", Role.FRONTLINE, 2, anonymous=True)
    silent = Respondent(name="Anonymous front line 3", role=Role.FRONTLINE, anonymous=True)
    named = _person("Ana", Role.LEADER, 3)
    people = [high, silent, named, low]
    labels = [f"{p.name} (x)" for p in people]
    given = attributed_answers(people, labels, "alpha.q1", unanswered=True)
    assert [(heading, a.level if a else None) for heading, a in given] == [
        ("Ana (x)", 3),
        (ANONYMOUS_HEADING, 2),
        (ANONYMOUS_HEADING, 4),
        (ANONYMOUS_HEADING, None),
    ]
    # Without `unanswered` the one who has not answered is left out.
    assert len(attributed_answers(people, labels, "alpha.q1")) == 3


def test_an_anonymous_unverified_answer_is_listed_without_its_label() -> None:
    def unverified(name: str, role: Role, level: int, *, anonymous: bool) -> Respondent:
        answers = {
            q: make_answer(q, level, unverified=True, note="x") for q in ("alpha.q1", "alpha.q2")
        }
        return Respondent(name=name, role=role, anonymous=anonymous, answers=answers)

    people = [
        unverified("Anonymous front line 1", Role.FRONTLINE, 5, anonymous=True),
        unverified("Ana", Role.LEADER, 4, anonymous=False),
        unverified("Anonymous front line 2", Role.FRONTLINE, 4, anonymous=True),
    ]
    result = score_stored(Q, _assessment(people))
    listed = [(u.question_id, u.respondent, u.level) for u in result.unverified]
    assert listed == [
        ("alpha.q1", "Ana", 4),
        ("alpha.q1", ANONYMOUS_HEADING, 4),
        ("alpha.q1", ANONYMOUS_HEADING, 5),
        ("alpha.q2", "Ana", 4),
        ("alpha.q2", ANONYMOUS_HEADING, 4),
        ("alpha.q2", ANONYMOUS_HEADING, 5),
    ]
    assert not any("Anonymous front line" in u.respondent for u in result.unverified)
    # With nobody anonymous the list is as the domain made it.
    named = [unverified("Bo", Role.FRONTLINE, 5, anonymous=False), people[1]]
    plain = score_assessment(Q, named)
    assert protect_role_breakdown(plain, named) is plain
