"""A whole portfolio scored in one pass gives exactly what scoring each assessment gives.

`scoring.score_stored_many` (what a bulk load and the portfolio generator score with) shares
the questionnaire's layout and each profile's questions that do not apply across every
assessment; its results must be `score_stored`'s, float for float, whatever the targets,
profiles, roles, anonymity, confidence and evidence. The faster arithmetic under every score
(`weighted_mean` over lists, the path to target kept on a heap) is held equal to the
arithmetic as it was, kept here as the reference.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from cxaudit.catalogue import default_questionnaire
from cxaudit.domain.evidence import unverified_answers
from cxaudit.domain.model import (
    Answer,
    Assessment,
    AssessmentStatus,
    Confidence,
    Organisation,
    Respondent,
    Role,
)
from cxaudit.domain.plan import path_to_target, raise_one_level
from cxaudit.domain.questionnaire import SCORE_MAX, Questionnaire
from cxaudit.domain.results import AreaPath, AssessmentResult, QuestionRaise
from cxaudit.domain.scoring import (
    EPSILON,
    floor_level,
    reaches,
    score_assessment,
    score_stored,
    score_stored_many,
    weighted_mean,
    weighted_mean_of,
)
from tests.domain.test_properties import PROPERTY_SETTINGS, questionnaires

BUILT_IN = default_questionnaire()
FLAGS = [flag.id for flag in BUILT_IN.profile]
PORTFOLIO_SETTINGS = settings(max_examples=40, deadline=None)
"""Each example scores up to four assessments of 48 questions twice over: fewer examples."""
TARGETS = st.sampled_from([1.0, 2.0, 2.5, 3.0, 3.4, 4.0, 4.5, 5.0])


# --------------------------------------------------------------------------------------------
# The reference: the arithmetic as it was before the faster forms
# --------------------------------------------------------------------------------------------


def reference_weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    items = list(pairs)
    if not items:
        return None
    total_weight = sum(weight for _, weight in items)
    mean = sum(value * weight for value, weight in items) / total_weight
    return min(max(mean, min(v for v, _ in items)), max(v for v, _ in items))


def reference_path(
    questionnaire: Questionnaire, result: AssessmentResult, area_id: str
) -> AreaPath:
    """`plan.path_to_target` as it was: every candidate looked at on every step."""
    area = questionnaire.area(area_id)
    area_result = result.area(area_id)
    target = area_result.target
    start = area_result.score
    if start is None:
        return AreaPath(area_id, target, None, None, False, (), 0)
    order = {q.id: index for index, q in enumerate(area.questions)}
    weights = {q.id: q.weight for q in area.questions}
    original: dict[str, float] = {}
    for question in area.questions:
        question_score = result.questions[question.id].score
        if question_score is not None:
            original[question.id] = question_score
    current = dict(original)
    first_raised: list[str] = []
    steps = 0
    score: float | None = start
    while not reaches(score, target):
        candidates = [qid for qid, s in current.items() if s < SCORE_MAX - EPSILON]
        if not candidates:
            break
        chosen = min(candidates, key=lambda qid: (-weights[qid], current[qid], order[qid]))
        current[chosen] = float(raise_one_level(current[chosen]))
        if chosen not in first_raised:
            first_raised.append(chosen)
        steps += 1
        score = reference_weighted_mean((current[qid], weights[qid]) for qid in current)
    raises = tuple(
        QuestionRaise(
            question_id=qid,
            current_score=original[qid],
            current_level=floor_level(original[qid]),
            path_level=int(current[qid]),
            weight=weights[qid],
        )
        for qid in first_raised
    )
    return AreaPath(area_id, target, start, score, reaches(score, target), raises, steps)


# --------------------------------------------------------------------------------------------
# Builders: portfolios of the built-in questionnaire with everything that changes a result
# --------------------------------------------------------------------------------------------

ANSWER_VALUES = st.one_of(st.none(), st.integers(1, 5), st.sampled_from(["na", "unknown"]))


@st.composite
def answers(draw: st.DrawFn, question_id: str) -> Answer | None:
    value = draw(ANSWER_VALUES)
    if value is None:
        return None
    level = isinstance(value, int)
    return Answer(
        question_id=question_id,
        value=value,
        na_reason="Not done here." if value == "na" else "",
        note=draw(st.sampled_from(["", "", "Seen it."])),
        confidence=draw(st.sampled_from(list(Confidence))),
        unverified=level and draw(st.integers(0, 9)) == 0,
    )


@st.composite
def respondents(draw: st.DrawFn, questionnaire: Questionnaire, count: int) -> list[Respondent]:
    people: list[Respondent] = []
    for n in range(count):
        given: dict[str, Answer] = {}
        for question in questionnaire.questions:
            answer = draw(answers(question.id))
            if answer is not None:
                given[question.id] = answer
        if draw(st.integers(0, 5)) == 0:
            # An answer to a question this questionnaire does not ask is ignored.
            given["retired.question"] = Answer(question_id="retired.question", value=5)
        people.append(
            Respondent(
                name=f"Respondent {n}",
                role=draw(st.sampled_from(list(Role))),
                answers=given,
                anonymous=draw(st.integers(0, 3)) == 0,
            )
        )
    return people


@st.composite
def portfolios(draw: st.DrawFn) -> list[Assessment]:
    loaded: list[Assessment] = []
    for n in range(draw(st.integers(1, 4))):
        organisation = Organisation(
            name=f"Client {n}",
            slug=f"client-{n}",
            default_targets=draw(
                st.dictionaries(st.sampled_from([a.id for a in BUILT_IN.areas]), TARGETS)
            ),
        )
        loaded.append(
            Assessment(
                organisation=organisation,
                period=f"2025-Q{n % 4 + 1}",
                questionnaire_id=BUILT_IN.id,
                questionnaire_version=BUILT_IN.version,
                questionnaire_hash=BUILT_IN.content_hash,
                status=AssessmentStatus.COMPLETE,
                targets=draw(
                    st.dictionaries(st.sampled_from([a.id for a in BUILT_IN.areas]), TARGETS)
                ),
                profile=draw(st.dictionaries(st.sampled_from(FLAGS), st.booleans())),
                respondents=draw(respondents(BUILT_IN, draw(st.integers(0, 6)))),
            )
        )
    return loaded


# --------------------------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------------------------

VALUES = st.floats(1.0, 5.0, allow_nan=False)
WEIGHTS = st.floats(0.05, 10.0, allow_nan=False)


@PROPERTY_SETTINGS
@given(st.lists(st.tuples(VALUES, WEIGHTS), max_size=12))
def test_the_weighted_mean_is_the_one_it_always_was(pairs: list[tuple[float, float]]) -> None:
    expected = reference_weighted_mean(pairs)

    assert weighted_mean(pairs) == expected
    assert weighted_mean_of([v for v, _ in pairs], [w for _, w in pairs]) == expected


@PORTFOLIO_SETTINGS
@given(portfolios())
def test_a_portfolio_scored_in_one_pass_scores_as_each_assessment_alone(
    portfolio: list[Assessment],
) -> None:
    one_by_one = [score_stored(BUILT_IN, assessment) for assessment in portfolio]

    together = score_stored_many(BUILT_IN, portfolio)

    assert together == one_by_one
    # Each result is its own: nothing is shared between assessments that one could change.
    for result, assessment in zip(together, portfolio, strict=True):
        assert result.not_applying == score_stored(BUILT_IN, assessment).not_applying
    assert len({id(r.not_applying) for r in together}) == len(together)


@PORTFOLIO_SETTINGS
@given(portfolios())
def test_unverified_answers_are_listed_as_the_evidence_rules_list_them(
    portfolio: list[Assessment],
) -> None:
    for assessment in portfolio:
        result = score_assessment(
            BUILT_IN, assessment.respondents, assessment.targets, assessment.profile
        )

        assert result.unverified == unverified_answers(
            BUILT_IN, assessment.respondents, assessment.profile
        )


@PROPERTY_SETTINGS
@given(questionnaires(), st.data())
def test_the_path_to_target_takes_the_steps_it_always_took(
    questionnaire: Questionnaire, data: st.DataObject
) -> None:
    people = data.draw(respondents(questionnaire, data.draw(st.integers(0, 6))))
    targets = {area.id: data.draw(TARGETS) for area in questionnaire.areas}
    result = score_assessment(questionnaire, people, targets)

    for area in questionnaire.areas:
        assert path_to_target(questionnaire, result, area.id) == reference_path(
            questionnaire, result, area.id
        )


def test_the_built_in_questionnaire_plans_as_it_always_did() -> None:
    # Hundreds of steps to target over the built-in questionnaire's weights of 1, 1.5 and 2.
    portfolio = [
        assessment.model_copy(update={"targets": {a.id: target for a in BUILT_IN.areas}})
        for assessment in _spread_portfolio()
        for target in (2.5, 4.0, 5.0)
    ]
    steps = 0
    for assessment, result in zip(portfolio, score_stored_many(BUILT_IN, portfolio), strict=True):
        assert result == score_stored(BUILT_IN, assessment)
        paths = [path_to_target(BUILT_IN, result, a.id) for a in BUILT_IN.areas]
        assert paths == [reference_path(BUILT_IN, result, a.id) for a in BUILT_IN.areas]
        steps += sum(path.steps for path in paths)
    assert steps > 300


def _spread_portfolio() -> list[Assessment]:
    """Ten assessments whose answers run from mostly 1 to mostly 5."""
    loaded: list[Assessment] = []
    for n in range(10):
        people = [
            Respondent(
                name=f"R{seat}",
                role=list(Role)[seat % 4],
                answers={
                    q.id: Answer(
                        question_id=q.id,
                        value=max(1, min(5, math.floor(1 + n / 2 + (i + seat) % 3 - 1))),
                    )
                    for i, q in enumerate(BUILT_IN.questions)
                },
            )
            for seat in range(6)
        ]
        loaded.append(
            Assessment(
                organisation=Organisation(name=f"Client {n}", slug=f"client-{n}"),
                period="2025-Q1",
                questionnaire_id=BUILT_IN.id,
                questionnaire_version=BUILT_IN.version,
                questionnaire_hash=BUILT_IN.content_hash,
                status=AssessmentStatus.COMPLETE,
                respondents=people,
            )
        )
    return loaded
