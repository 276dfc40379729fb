"""Each question's result from every respondent's answers, gathered in one pass.

The first step of `cxaudit.domain.scoring`: a question's levels, counts and each role's levels,
read once from each respondent's answers. Kept apart so the scoring of areas and of the whole
assessment reads on its own; `scoring.score_stored_many` shares one `QuestionLayout` across a
whole portfolio.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cxaudit.domain.model import Confidence, Respondent, Role
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.results import (
    DISAGREEMENT_SPREAD,
    EPSILON,
    PERCEPTION_GAP_THRESHOLD,
    QuestionResult,
)


def mean_level(levels: Sequence[int]) -> float | None:
    """The mean of whole levels; None when there are none."""
    # Levels are integers, so their sum is exact and the mean does not depend on their order.
    return sum(levels) / len(levels) if levels else None


def is_perception_gap(gap: float | None) -> bool:
    """Whether a gap between leaders and the front line is wide enough to show (±1.0)."""
    return gap is not None and abs(gap) >= PERCEPTION_GAP_THRESHOLD - EPSILON


def not_applying_result(question_id: str, area_id: str, reason: str, count: int) -> QuestionResult:
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


@dataclass(frozen=True, slots=True)
class QuestionLayout:
    """Where each question of a questionnaire sits, in questionnaire order: worked out once and
    shared by every assessment scored with it (`score_stored_many`)."""

    question_ids: tuple[str, ...]
    area_ids: tuple[str, ...]
    """The area each question is scored in, position for position."""
    position: Mapping[str, int]
    """Question id to its place in `question_ids`."""

    @classmethod
    def of(cls, questionnaire: Questionnaire) -> QuestionLayout:
        """The layout of `questionnaire`."""
        pairs = [(q.id, area.id) for area in questionnaire.areas for q in area.questions]
        return cls(
            question_ids=tuple(qid for qid, _ in pairs),
            area_ids=tuple(area_id for _, area_id in pairs),
            position={qid: index for index, (qid, _) in enumerate(pairs)},
        )


def score_questions(
    layout: QuestionLayout, respondents: Sequence[Respondent], skipped: Mapping[str, str]
) -> tuple[dict[str, QuestionResult], bool]:
    """Every question's result, and whether any answer to a question asked is unverified.

    One pass over each respondent's answers gathers everything: each question's levels, its
    counts and each role's levels, in respondent order, so every mean is the same sum over the
    same count as a question-by-question pass would take.
    """
    count = len(layout.question_ids)
    levels: list[list[int]] = [[] for _ in range(count)]
    leader_levels: list[list[int]] = [[] for _ in range(count)]
    frontline_levels: list[list[int]] = [[] for _ in range(count)]
    answered = [0] * count
    na_counts = [0] * count
    unknown_counts = [0] * count
    low_counts = [0] * count
    position = layout.position
    unverified = False
    low = Confidence.LOW
    for respondent in respondents:
        role = respondent.role
        by_role = (
            leader_levels
            if role == Role.LEADER
            else frontline_levels
            if role == Role.FRONTLINE
            else None
        )
        for question_id, answer in respondent.answers.items():
            index = position.get(question_id)
            if index is None:
                continue
            answered[index] += 1
            value = answer.value
            # Levels first, as most answers are: a level is neither "na" nor "unknown".
            if isinstance(value, int):
                levels[index].append(value)
                if answer.confidence == low:
                    low_counts[index] += 1
                if by_role is not None:
                    by_role[index].append(value)
            elif value == "na":
                na_counts[index] += 1
            elif value == "unknown":
                unknown_counts[index] += 1
            if answer.unverified:
                unverified = True
    total = len(respondents)
    questions: dict[str, QuestionResult] = {}
    for index, question_id in enumerate(layout.question_ids):
        area_id = layout.area_ids[index]
        if question_id in skipped:
            questions[question_id] = not_applying_result(
                question_id, area_id, skipped[question_id], total
            )
            continue
        given = levels[index]
        spread = max(given) - min(given) if given else None
        leader_mean = mean_level(leader_levels[index])
        frontline_mean = mean_level(frontline_levels[index])
        role_gap = (
            leader_mean - frontline_mean
            if leader_mean is not None and frontline_mean is not None
            else None
        )
        na_count = na_counts[index]
        questions[question_id] = QuestionResult(
            question_id=question_id,
            area_id=area_id,
            score=mean_level(given),
            levels=tuple(given),
            na_count=na_count,
            unknown_count=unknown_counts[index],
            unanswered_count=total - answered[index],
            # A question nobody has answered yet is still to be covered, not "all N/A".
            all_na=bool(respondents) and na_count == total,
            spread=spread,
            disagreement=spread is not None and spread >= DISAGREEMENT_SPREAD,
            leader_mean=leader_mean,
            frontline_mean=frontline_mean,
            role_gap=role_gap,
            perception_gap=is_perception_gap(role_gap),
            low_confidence_count=low_counts[index],
        )
    return questions, unverified
