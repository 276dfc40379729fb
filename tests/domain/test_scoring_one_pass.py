"""The one-pass scoring gives exactly what the original, pass-per-figure scoring gave.

`cxaudit.domain.scoring` reads each question's answers once (levels, counts and both roles'
levels together) and builds each area's role scores from its questions' role means. The
functions below are the scoring as it was before that change, kept as the reference: for any
questionnaire and answers Hypothesis can build, the two results are equal, float for float.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence

from hypothesis import given

from cxaudit.catalogue import default_questionnaire
from cxaudit.domain.evidence import unverified_answers
from cxaudit.domain.model import Confidence, Respondent, Role
from cxaudit.domain.questionnaire import Area, Question, Questionnaire
from cxaudit.domain.results import (
    DISAGREEMENT_SPREAD,
    AreaResult,
    AssessmentResult,
    Contribution,
    QuestionResult,
    percent,
)
from cxaudit.domain.scoring import (
    resolve_targets,
    score_assessment,
    weighted_mean,
)
from cxaudit.domain.tally import is_perception_gap as _is_perception_gap
from cxaudit.domain.tally import mean_level as _mean_level
from tests.domain.test_properties import PROPERTY_SETTINGS, assessments
from tests.domain.test_scoring import person


def _question_levels(
    question_id: str, respondents: Sequence[Respondent], roles: Collection[Role] | None = None
) -> list[int]:
    levels: list[int] = []
    for respondent in respondents:
        if roles is not None and respondent.role not in roles:
            continue
        answer = respondent.answers.get(question_id)
        if answer is not None and answer.level is not None:
            levels.append(answer.level)
    return levels


def _score_question(
    question_id: str, area_id: str, respondents: Sequence[Respondent]
) -> QuestionResult:
    levels: list[int] = []
    na_count = unknown_count = unanswered_count = 0
    for respondent in respondents:
        answer = respondent.answers.get(question_id)
        if answer is None:
            unanswered_count += 1
        elif answer.is_na:
            na_count += 1
        elif answer.is_unknown:
            unknown_count += 1
        elif answer.level is not None:
            levels.append(answer.level)
    spread = max(levels) - min(levels) if levels else None
    leader_mean = _mean_level(_question_levels(question_id, respondents, {Role.LEADER}))
    frontline_mean = _mean_level(_question_levels(question_id, respondents, {Role.FRONTLINE}))
    role_gap = (
        leader_mean - frontline_mean
        if leader_mean is not None and frontline_mean is not None
        else None
    )
    return QuestionResult(
        question_id=question_id,
        area_id=area_id,
        score=_mean_level(levels),
        levels=tuple(levels),
        na_count=na_count,
        unknown_count=unknown_count,
        unanswered_count=unanswered_count,
        all_na=bool(respondents) and na_count == len(respondents),
        spread=spread,
        disagreement=spread is not None and spread >= DISAGREEMENT_SPREAD,
        leader_mean=leader_mean,
        frontline_mean=frontline_mean,
        role_gap=role_gap,
        perception_gap=_is_perception_gap(role_gap),
        low_confidence_count=sum(
            1
            for r in respondents
            if (answer := r.answers.get(question_id)) is not None
            and answer.level is not None
            and answer.confidence == Confidence.LOW
        ),
    )


def _area_score_for_roles(
    area: Area, respondents: Sequence[Respondent], roles: Collection[Role]
) -> float | None:
    pairs: list[tuple[float, float]] = []
    for question in area.questions:
        score = _mean_level(_question_levels(question.id, respondents, roles))
        if score is not None:
            pairs.append((score, question.weight))
    return weighted_mean(pairs)


def _score_area(
    area: Area,
    questions: Mapping[str, QuestionResult],
    respondents: Sequence[Respondent],
    target: float,
) -> AreaResult:
    present: list[tuple[float, Question]] = []
    for question in area.questions:
        question_score = questions[question.id].score
        if question_score is not None:
            present.append((question_score, question))
    pairs = [(s, q.weight) for s, q in present]
    score = weighted_mean(pairs)
    total_weight = sum(weight for _, weight in pairs)
    contributions = tuple(
        Contribution(
            question_id=q.id,
            score=s,
            weight=q.weight,
            share=q.weight / total_weight,
            points=q.weight / total_weight * s,
        )
        for s, q in present
    )
    leader_score = _area_score_for_roles(area, respondents, {Role.LEADER})
    frontline_score = _area_score_for_roles(area, respondents, {Role.FRONTLINE})
    role_gap = (
        leader_score - frontline_score
        if leader_score is not None and frontline_score is not None
        else None
    )
    return AreaResult(
        area_id=area.id,
        title=area.title,
        weight=area.weight,
        score=score,
        percent=percent(score),
        covered=len(pairs),
        applicable=sum(1 for q in area.questions if not questions[q.id].all_na),
        target=target,
        gap_to_target=None if score is None else target - score,
        contributions=contributions,
        leader_score=leader_score,
        frontline_score=frontline_score,
        role_gap=role_gap,
        perception_gap=_is_perception_gap(role_gap),
        levels_given=sum(len(questions[q.id].levels) for q in area.questions),
        low_confidence=sum(questions[q.id].low_confidence_count for q in area.questions),
    )


def reference_score(
    questionnaire: Questionnaire,
    respondents: Sequence[Respondent],
    targets: Mapping[str, float] | None = None,
) -> AssessmentResult:
    """`score_assessment` as it was, one pass over the respondents per figure (with the
    confidence and unverified figures added since, for questionnaires without profile flags)."""
    resolved = resolve_targets(questionnaire, assessment_targets=targets)
    questions = {
        q.id: _score_question(q.id, area.id, respondents)
        for area in questionnaire.areas
        for q in area.questions
    }
    areas = tuple(
        _score_area(area, questions, respondents, resolved[area.id]) for area in questionnaire.areas
    )
    overall = weighted_mean((a.score, a.weight) for a in areas if a.score is not None)
    roles = {role: sum(1 for r in respondents if r.role == role) for role in Role}
    return AssessmentResult(
        overall=overall,
        percent=percent(overall),
        stage=questionnaire.stage_for(overall),
        areas=areas,
        questions=questions,
        respondent_count=len(respondents),
        roles=roles,
        targets=resolved,
        unverified=unverified_answers(questionnaire, respondents),
    )


@PROPERTY_SETTINGS
@given(assessments())
def test_one_pass_scoring_equals_the_reference(
    case: tuple[Questionnaire, list[Respondent]],
) -> None:
    questionnaire, people = case

    assert score_assessment(questionnaire, people) == reference_score(questionnaire, people)


def test_the_built_in_questionnaire_scores_the_same_for_many_people() -> None:
    questionnaire = default_questionnaire()
    values: list[int | str | None] = [None, 1, 2, 3, 4, 5, 5, 4, 3, "na", "unknown"]
    for seed in range(12):
        rng = random.Random(seed)
        people = [
            person(
                f"R{n}",
                rng.choice(list(Role)),
                {
                    q.id: value
                    for q in questionnaire.questions
                    if (value := rng.choice(values)) is not None
                },
            )
            for n in range(rng.randint(0, 40))
        ]
        targets = {area.id: rng.choice([2.5, 3.0, 4.0]) for area in questionnaire.areas}

        assert score_assessment(questionnaire, people, targets) == reference_score(
            questionnaire, people, targets
        )
