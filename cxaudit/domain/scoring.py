"""Scores, coverage, disagreements and leader/front-line gaps, computed once for everyone.

The TUI, the CLI and the PDF show what this module returns and never recompute it, so every
figure a consultant presents can be traced back to the definitions in `docs/scoring.md`.
Numbers are kept at full precision here; only the formatting helpers round, at the edge.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from cxaudit.domain.anonymity import protect_role_breakdown
from cxaudit.domain.applicability import not_applying
from cxaudit.domain.evidence import unverified_answers
from cxaudit.domain.model import Assessment, Confidence, Respondent, Role
from cxaudit.domain.questionnaire import SCORE_MAX, SCORE_MIN, Area, Question, Questionnaire
from cxaudit.domain.results import (
    DISAGREEMENT_SPREAD,
    PERCEPTION_GAP_THRESHOLD,
    AreaResult,
    AssessmentResult,
    Contribution,
    QuestionResult,
    percent,
)
from cxaudit.domain.results import EPSILON as EPSILON
from cxaudit.errors import ValidationProblem


def reaches(score: float | None, target: float) -> bool:
    """Whether `score` is at or above `target`, allowing for floating-point noise."""
    return score is not None and score >= target - EPSILON


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """The mean of `(value, weight)` pairs weighted by weight; None when there are none.

    The result is held between the smallest and largest value, which a mean always is, so
    rounding noise can never push a score outside 1–5.
    """
    items = list(pairs)
    if not items:
        return None
    total_weight = sum(weight for _, weight in items)
    mean = sum(value * weight for value, weight in items) / total_weight
    return min(max(mean, min(v for v, _ in items)), max(v for v, _ in items))


def _mean_level(levels: Sequence[int]) -> float | None:
    # Levels are integers, so their sum is exact and the mean does not depend on their order.
    return sum(levels) / len(levels) if levels else None


def resolve_targets(
    questionnaire: Questionnaire,
    *,
    organisation_targets: Mapping[str, float] | None = None,
    assessment_targets: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Each area's target: the assessment's, else the organisation's, else the questionnaire's.

    Targets for areas the questionnaire does not have are ignored, so an organisation's targets
    keep working across questionnaire versions.
    """
    targets: dict[str, float] = {}
    for area in questionnaire.areas:
        target = questionnaire.default_target
        for source in (organisation_targets, assessment_targets):
            if source is not None and area.id in source:
                target = float(source[area.id])
        if not SCORE_MIN <= target <= SCORE_MAX:
            raise ValidationProblem(
                f"The target for {area.title} must be between 1.0 and 5.0, not {target:g}."
            )
        targets[area.id] = target
    return targets


def _not_applying_result(question_id: str, area_id: str, reason: str, count: int) -> QuestionResult:
    """A question that does not apply: every respondent counts as N/A, whatever they gave."""
    return QuestionResult(
        question_id=question_id,
        area_id=area_id,
        score=None,
        levels=(),
        na_count=count,
        unknown_count=0,
        unanswered_count=0,
        # It leaves the coverage denominator even before anyone has answered: it cannot apply.
        all_na=True,
        spread=None,
        disagreement=False,
        leader_mean=None,
        frontline_mean=None,
        role_gap=None,
        perception_gap=False,
        not_applying_reason=reason,
    )


def _score_question(
    question_id: str, area_id: str, respondents: Sequence[Respondent]
) -> QuestionResult:
    # One pass over the respondents gathers everything: the levels, the counts and each role's
    # levels (in respondent order, so every mean is the same sum over the same count).
    levels: list[int] = []
    leader_levels: list[int] = []
    frontline_levels: list[int] = []
    na_count = unknown_count = unanswered_count = low_count = 0
    for respondent in respondents:
        answer = respondent.answers.get(question_id)
        if answer is None:
            unanswered_count += 1
            continue
        value = answer.value
        if value == "na":
            na_count += 1
        elif value == "unknown":
            unknown_count += 1
        elif isinstance(value, int):
            levels.append(value)
            if answer.confidence == Confidence.LOW:
                low_count += 1
            if respondent.role == Role.LEADER:
                leader_levels.append(value)
            elif respondent.role == Role.FRONTLINE:
                frontline_levels.append(value)
    spread = max(levels) - min(levels) if levels else None
    leader_mean = _mean_level(leader_levels)
    frontline_mean = _mean_level(frontline_levels)
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
        # A question nobody has answered yet is still to be covered, not "all N/A".
        all_na=bool(respondents) and na_count == len(respondents),
        spread=spread,
        disagreement=spread is not None and spread >= DISAGREEMENT_SPREAD,
        leader_mean=leader_mean,
        frontline_mean=frontline_mean,
        role_gap=role_gap,
        perception_gap=_is_perception_gap(role_gap),
        low_confidence_count=low_count,
    )


def _is_perception_gap(gap: float | None) -> bool:
    return gap is not None and abs(gap) >= PERCEPTION_GAP_THRESHOLD - EPSILON


def _role_score(area: Area, questions: Mapping[str, QuestionResult], role: Role) -> float | None:
    """An area's score from the answers of one role (leaders or the front line) alone: its
    questions' means for that role, weighted as the area weighs them."""
    leaders = role == Role.LEADER
    pairs: list[tuple[float, float]] = []
    for question in area.questions:
        result = questions[question.id]
        score = result.leader_mean if leaders else result.frontline_mean
        if score is not None:
            pairs.append((score, question.weight))
    return weighted_mean(pairs)


def _score_area(area: Area, questions: Mapping[str, QuestionResult], target: float) -> AreaResult:
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
    leader_score = _role_score(area, questions, Role.LEADER)
    frontline_score = _role_score(area, questions, Role.FRONTLINE)
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
        not_applying=sum(1 for q in area.questions if not questions[q.id].applies),
        levels_given=sum(len(questions[q.id].levels) for q in area.questions),
        low_confidence=sum(questions[q.id].low_confidence_count for q in area.questions),
    )


def score_assessment(
    questionnaire: Questionnaire,
    respondents: Sequence[Respondent],
    targets: Mapping[str, float] | None = None,
    profile: Mapping[str, bool] | None = None,
) -> AssessmentResult:
    """Score every question, area and the whole assessment from the respondents' answers.

    `targets` holds per-area targets already chosen (see `resolve_targets`); an area it does
    not name gets the questionnaire's default target. Answers to questions the questionnaire
    does not ask are ignored. A question that does not apply under `profile` (the assessment's
    snapshot of its organisation's profile; none: every flag at its default) counts as N/A for
    every respondent, with the automatic reason. Confidence never changes a score, and an
    unverified answer counts as given.
    """
    resolved = resolve_targets(questionnaire, assessment_targets=targets)
    skipped = not_applying(questionnaire, profile or {})
    questions = {
        q.id: (
            _not_applying_result(q.id, area.id, skipped[q.id], len(respondents))
            if q.id in skipped
            else _score_question(q.id, area.id, respondents)
        )
        for area in questionnaire.areas
        for q in area.questions
    }
    areas = tuple(_score_area(area, questions, resolved[area.id]) for area in questionnaire.areas)
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
        unverified=unverified_answers(questionnaire, respondents, profile or {}),
        not_applying=skipped,
    )


def score_by_role(
    questionnaire: Questionnaire,
    respondents: Sequence[Respondent],
    roles: Collection[Role],
    *,
    targets: Mapping[str, float] | None = None,
    profile: Mapping[str, bool] | None = None,
) -> AssessmentResult:
    """The assessment scored from the answers of respondents in `roles` only.

    Scoring leaders alone and the front line alone is how the role gaps are defined, and the
    same view lets a user see, say, what managers think on their own.
    """
    chosen = set(roles)
    return score_assessment(
        questionnaire,
        [r for r in respondents if r.role in chosen],
        targets=targets,
        profile=profile,
    )


def floor_level(score: float) -> int:
    """The whole level a score has fully reached (3.67 → 3), used to pick a question's action."""
    return max(1, min(5, math.floor(score + EPSILON)))


def score_stored(questionnaire: Questionnaire, assessment: Assessment) -> AssessmentResult:
    """An assessment's result with the targets in force for it (its own, else its
    organisation's, else the questionnaire's) and the profile it was taken under.

    This is the one point where a stored assessment is scored for anyone to see, so the role
    breakdown is protected here (`protect_role_breakdown`): once a respondent is anonymous, a
    role fewer than three respondents share has its figures and role gaps withheld, for the
    screens, the report, comparisons and exports alike.
    """
    targets = resolve_targets(
        questionnaire,
        organisation_targets=assessment.organisation.default_targets,
        assessment_targets=assessment.targets,
    )
    respondents = assessment.respondents
    result = score_assessment(questionnaire, respondents, targets, assessment.profile)
    return protect_role_breakdown(result, respondents)


@dataclass(frozen=True)
class ScoredAssessment:
    """An assessment with the questionnaire it was taken with and the result scored from it.

    The one shape in which results, history entries and the previous quarter travel between
    services, screens, exports and the report.
    """

    questionnaire: Questionnaire
    assessment: Assessment
    result: AssessmentResult


def scored(questionnaire: Questionnaire, assessment: Assessment) -> ScoredAssessment:
    """The assessment scored with the targets in force for it (see `score_stored`)."""
    return ScoredAssessment(questionnaire, assessment, score_stored(questionnaire, assessment))
