"""Scores, coverage, disagreements and leader/front-line gaps, computed once for everyone.

The TUI, the CLI and the PDF show what this module returns and never recompute it, so every
figure a consultant presents can be traced back to the definitions in `docs/scoring.md`.
Numbers are kept at full precision here; only the formatting helpers round, at the edge.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import mul

from cxaudit.domain.anonymity import protect_role_breakdown
from cxaudit.domain.applicability import not_applying
from cxaudit.domain.evidence import unverified_answers
from cxaudit.domain.model import Assessment, Respondent, Role
from cxaudit.domain.questionnaire import SCORE_MAX, SCORE_MIN, Area, Question, Questionnaire
from cxaudit.domain.results import EPSILON as EPSILON
from cxaudit.domain.results import (
    AreaResult,
    AssessmentResult,
    Contribution,
    QuestionResult,
    percent,
)
from cxaudit.domain.tally import QuestionLayout, score_questions
from cxaudit.domain.tally import is_perception_gap as _is_perception_gap
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
    return weighted_mean_of([value for value, _ in items], [weight for _, weight in items])


def weighted_mean_of(values: Sequence[float], weights: Sequence[float]) -> float | None:
    """`weighted_mean` of values and their weights given as two lists, position for position.

    The products are added up in order, as `weighted_mean` always has; this form saves building
    pairs where the values change one at a time (the path to target).
    """
    if not values:
        return None
    mean: float = sum(map(mul, values, weights)) / sum(weights)
    return min(max(mean, min(values)), max(values))


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


def _role_score(area: Area, results: Sequence[QuestionResult], role: Role) -> float | None:
    """An area's score from the answers of one role (leaders or the front line) alone: its
    questions' means for that role (`results`, in the area's order), weighted as the area
    weighs them."""
    leaders = role == Role.LEADER
    values: list[float] = []
    weights: list[float] = []
    for question, result in zip(area.questions, results, strict=True):
        score = result.leader_mean if leaders else result.frontline_mean
        if score is not None:
            values.append(score)
            weights.append(question.weight)
    return weighted_mean_of(values, weights)


def _score_area(area: Area, questions: Mapping[str, QuestionResult], target: float) -> AreaResult:
    results = [questions[question.id] for question in area.questions]
    present: list[tuple[float, Question]] = [
        (result.score, question)
        for question, result in zip(area.questions, results, strict=True)
        if result.score is not None
    ]
    weights = [q.weight for _, q in present]
    score = weighted_mean_of([s for s, _ in present], weights)
    total_weight = sum(weights)
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
    leader_score = _role_score(area, results, Role.LEADER)
    frontline_score = _role_score(area, results, Role.FRONTLINE)
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
        covered=len(present),
        applicable=sum(1 for r in results if not r.all_na),
        target=target,
        gap_to_target=None if score is None else target - score,
        contributions=contributions,
        leader_score=leader_score,
        frontline_score=frontline_score,
        role_gap=role_gap,
        perception_gap=_is_perception_gap(role_gap),
        not_applying=sum(1 for r in results if not r.applies),
        levels_given=sum(len(r.levels) for r in results),
        low_confidence=sum(r.low_confidence_count for r in results),
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
    return _scored(
        questionnaire, QuestionLayout.of(questionnaire), respondents, resolved, profile, skipped
    )


def _scored(
    questionnaire: Questionnaire,
    layout: QuestionLayout,
    respondents: Sequence[Respondent],
    resolved: dict[str, float],
    profile: Mapping[str, bool] | None,
    skipped: dict[str, str],
) -> AssessmentResult:
    """`score_assessment` once its targets are resolved and the questions that do not apply
    are known (shared by `score_stored_many` across a whole portfolio)."""
    questions, any_unverified = score_questions(layout, respondents, skipped)
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
        # Listing unverified answers walks every question and respondent again: with none
        # marked (the usual case) the list is known to be empty.
        unverified=(
            unverified_answers(questionnaire, respondents, profile or {}) if any_unverified else ()
        ),
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


def score_stored_many(
    questionnaire: Questionnaire, assessments: Sequence[Assessment]
) -> list[AssessmentResult]:
    """`score_stored` of each assessment taken with `questionnaire`, in order, in one pass.

    For a whole portfolio (a bulk load scores thousands): the questionnaire's layout, and the
    questions that do not apply under each distinct profile, are worked out once for all of
    them. The results are exactly `score_stored`'s (a test holds them equal).
    """
    layout = QuestionLayout.of(questionnaire)
    skipped_by_profile: dict[tuple[tuple[str, bool], ...], dict[str, str]] = {}
    results: list[AssessmentResult] = []
    for assessment in assessments:
        targets = resolve_targets(
            questionnaire,
            organisation_targets=assessment.organisation.default_targets,
            assessment_targets=assessment.targets,
        )
        profile = assessment.profile
        key = tuple(sorted(profile.items()))
        skipped = skipped_by_profile.get(key)
        if skipped is None:
            skipped = skipped_by_profile[key] = not_applying(questionnaire, profile)
        respondents = assessment.respondents
        result = _scored(questionnaire, layout, respondents, targets, profile, dict(skipped))
        results.append(protect_role_breakdown(result, respondents))
    return results


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
