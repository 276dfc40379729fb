"""Properties every assessment must have, whatever the questionnaire and answers.

Hypothesis builds questionnaires (1–3 areas of 1–4 weighted questions) and up to six
respondents in any role answering each question with a level, N/A, "don't know" or nothing.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cxaudit.domain.compare import compare_assessments
from cxaudit.domain.model import Respondent, Role
from cxaudit.domain.plan import path_to_target
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.results import AssessmentResult
from cxaudit.domain.scoring import EPSILON, score_assessment, weighted_mean
from tests.domain.test_compare import assessment
from tests.domain.test_scoring import build_questionnaire, person

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)

WEIGHTS = st.sampled_from([0.5, 1.0, 1.0, 1.5, 2.0, 3.0, 0.3])
ANSWER = st.one_of(st.none(), st.integers(1, 5), st.sampled_from(["na", "unknown"]))


@st.composite
def questionnaires(draw: st.DrawFn) -> Questionnaire:
    area_count = draw(st.integers(1, 3))
    areas = {f"area{n}": draw(st.lists(WEIGHTS, min_size=1, max_size=4)) for n in range(area_count)}
    area_weights = {area_id: draw(WEIGHTS) for area_id in areas}
    return build_questionnaire(areas, area_weights=area_weights)


@st.composite
def assessments(draw: st.DrawFn) -> tuple[Questionnaire, list[Respondent]]:
    questionnaire = draw(questionnaires())
    ids = [q.id for q in questionnaire.questions]
    people: list[Respondent] = []
    for n in range(draw(st.integers(0, 6))):
        answers = {qid: value for qid in ids if (value := draw(ANSWER)) is not None}
        people.append(person(f"R{n}", draw(st.sampled_from(list(Role))), answers))
    return questionnaire, people


def scores(result: AssessmentResult) -> dict[str, float | None]:
    """Every score in a result, by a name saying where it comes from."""
    found: dict[str, float | None] = {"overall": result.overall}
    for area in result.areas:
        found[f"{area.area_id}"] = area.score
        found[f"{area.area_id}/leaders"] = area.leader_score
        found[f"{area.area_id}/frontline"] = area.frontline_score
    for q in result.questions.values():
        found[q.question_id] = q.score
        found[f"{q.question_id}/leaders"] = q.leader_mean
        found[f"{q.question_id}/frontline"] = q.frontline_mean
    return found


def without_respondent_order(result: AssessmentResult) -> Any:
    """The result with each question's levels sorted: the only field that lists respondents."""
    questions = {
        qid: dataclasses.replace(q, levels=tuple(sorted(q.levels)))
        for qid, q in result.questions.items()
    }
    return dataclasses.replace(result, questions=questions)


@PROPERTY_SETTINGS
@given(assessments())
def test_scores_stay_within_one_to_five_and_percent_within_0_to_100(
    case: tuple[Questionnaire, list[Respondent]],
) -> None:
    questionnaire, people = case
    result = score_assessment(questionnaire, people)
    for name, score in scores(result).items():
        assert score is None or 1.0 <= score <= 5.0, name
    for value in [result.percent, *(a.percent for a in result.areas)]:
        assert value is None or 0.0 <= value <= 100.0
    for area in result.areas:
        assert (
            0 <= area.covered <= area.applicable <= len(questionnaire.area(area.area_id).questions)
        )
        if area.score is not None:
            assert abs(sum(c.points for c in area.contributions) - area.score) < 1e-9


@PROPERTY_SETTINGS
@given(assessments(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_respondent_order(
    case: tuple[Questionnaire, list[Respondent]], random: Any
) -> None:
    questionnaire, people = case
    shuffled = list(people)
    random.shuffle(shuffled)
    before = score_assessment(questionnaire, people)
    after = score_assessment(questionnaire, shuffled)
    assert without_respondent_order(before) == without_respondent_order(after)


@PROPERTY_SETTINGS
@given(assessments(), st.data())
def test_adding_an_na_answer_never_changes_a_score(
    case: tuple[Questionnaire, list[Respondent]], data: st.DataObject
) -> None:
    questionnaire, people = case
    ids = [q.id for q in questionnaire.questions]
    blanks = [(i, qid) for i, r in enumerate(people) for qid in ids if qid not in r.answers]
    if bool(blanks) and data.draw(st.booleans()):
        # A respondent who had left a question blank now marks it N/A.
        index, qid = data.draw(st.sampled_from(blanks))
        changed = list(people)
        answers = {**people[index].answers, qid: person("x", Role.OTHER, {qid: "na"}).answers[qid]}
        changed[index] = people[index].model_copy(update={"answers": answers})
    else:
        # A new respondent marks one question N/A.
        qid = data.draw(st.sampled_from(ids))
        role = data.draw(st.sampled_from(list(Role)))
        changed = [*people, person("New", role, {qid: "na"})]
    assert scores(score_assessment(questionnaire, changed)) == scores(
        score_assessment(questionnaire, people)
    )


@PROPERTY_SETTINGS
@given(assessments(), st.data())
def test_raising_one_answer_never_lowers_any_score(
    case: tuple[Questionnaire, list[Respondent]], data: st.DataObject
) -> None:
    questionnaire, people = case
    raisable = [
        (i, qid)
        for i, r in enumerate(people)
        for qid, answer in r.answers.items()
        if answer.level is not None and answer.level < 5
    ]
    if not raisable:
        return
    index, qid = data.draw(st.sampled_from(raisable))
    new_level = data.draw(st.integers(people[index].answers[qid].level or 1, 5))
    answers = {**people[index].answers, qid: person("x", Role.OTHER, {qid: new_level}).answers[qid]}
    changed = list(people)
    changed[index] = people[index].model_copy(update={"answers": answers})
    before = scores(score_assessment(questionnaire, people))
    after = scores(score_assessment(questionnaire, changed))
    for name, old in before.items():
        if old is not None:
            new = after[name]
            assert new is not None and new >= old, name


@PROPERTY_SETTINGS
@given(assessments(), st.floats(1.0, 5.0))
def test_the_path_to_target_reaches_the_target_whenever_reachable(
    case: tuple[Questionnaire, list[Respondent]], target: float
) -> None:
    questionnaire, people = case
    targets = {area.id: target for area in questionnaire.areas}
    result = score_assessment(questionnaire, people, targets)
    for area in questionnaire.areas:
        path = path_to_target(questionnaire, result, area.id)
        if path.start_score is None:
            continue
        # Targets lie within 1–5, so every scored area can reach its target.
        assert path.reachable
        # Apply the raises to the question scores and score the area again from scratch.
        raised = {r.question_id: float(r.path_level) for r in path.raises}
        pairs = [
            (raised.get(q.id, score), q.weight)
            for q in area.questions
            if (score := result.questions[q.id].score) is not None
        ]
        recomputed = weighted_mean(pairs)
        assert recomputed is not None and recomputed >= target - EPSILON
        assert path.end_score == recomputed
        for step in path.raises:
            assert step.current_score < step.path_level <= 5


@PROPERTY_SETTINGS
@given(assessments())
def test_comparing_an_assessment_with_itself_gives_zero_deltas(
    case: tuple[Questionnaire, list[Respondent]],
) -> None:
    questionnaire, people = case
    same = assessment(questionnaire, "2026-Q1", people)
    comparison = compare_assessments(questionnaire, same, questionnaire, same)
    result = score_assessment(questionnaire, people)
    assert comparison.overall.delta == (None if result.overall is None else 0.0)
    for delta in comparison.areas:
        assert delta.delta == (None if result.area(delta.area_id).score is None else 0.0)
    for q_delta in comparison.questions:
        expected = None if result.questions[q_delta.question_id].score is None else 0.0
        assert q_delta.delta == expected
    assert comparison.most_improved == comparison.most_declined == ()
    assert comparison.compared_count == len(questionnaire.questions)
