"""Two assessments of one organisation side by side: what changed and what the plan achieved.

Questionnaires evolve between audits, so a comparison only ever sets like against like: when
the two assessments used different questionnaire content, both are scored again on the
questions they share, and the comparison says how many that is.
"""

from __future__ import annotations

from collections.abc import Sequence

from cxaudit.domain.model import Assessment, Respondent
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.results import (
    ActionOutcome,
    AreaDelta,
    AssessmentResult,
    Comparison,
    QuestionDelta,
)
from cxaudit.domain.scoring import EPSILON, score_stored

OVERALL = "overall"
"""The key of the overall score among area deltas and trend series."""

TOP_CHANGES = 5
"""How many questions the most improved and most declined lists hold."""


def restrict_questionnaire(questionnaire: Questionnaire, question_ids: set[str]) -> Questionnaire:
    """The questionnaire with only the questions in `question_ids`; areas left empty are dropped.

    `question_ids` must name at least one of its questions.

    Weights, stages and targets are kept, so scores on the restricted questionnaire follow the
    same definitions as on the whole one.
    """
    areas = []
    for area in questionnaire.areas:
        kept = tuple(q for q in area.questions if q.id in question_ids)
        if kept:
            areas.append(area.model_copy(update={"questions": kept}))
    data = questionnaire.model_dump()
    data["areas"] = [area.model_dump() for area in areas]
    return Questionnaire.model_validate(data)


def _delta(before: float | None, after: float | None) -> float | None:
    return after - before if before is not None and after is not None else None


def _notes(respondents: Sequence[Respondent], question_id: str) -> tuple[str, ...]:
    """The notes respondents left on a question, in respondent order: they explain a change."""
    notes: list[str] = []
    for respondent in respondents:
        answer = respondent.answers.get(question_id)
        if answer is not None and answer.note.strip():
            notes.append(answer.note.strip())
    return tuple(notes)


def _question_delta(
    question_id: str,
    area_id: str,
    earlier: Assessment,
    before: AssessmentResult | None,
    later: Assessment,
    after: AssessmentResult | None,
) -> QuestionDelta:
    score_before = before.questions[question_id].score if before is not None else None
    score_after = after.questions[question_id].score if after is not None else None
    return QuestionDelta(
        question_id=question_id,
        area_id=area_id,
        before=score_before,
        after=score_after,
        delta=_delta(score_before, score_after),
        notes_before=_notes(earlier.respondents, question_id),
        notes_after=_notes(later.respondents, question_id),
    )


def compare_assessments(
    earlier_questionnaire: Questionnaire,
    earlier: Assessment,
    later_questionnaire: Questionnaire,
    later: Assessment,
) -> Comparison:
    """Deltas per area, overall and per question between an earlier and a later assessment.

    With the same questionnaire content (same hash) every question is compared. With different
    versions, only the question ids both ask are compared, and the area and overall scores on
    both sides are recomputed on those shared questions alone (each side keeps its own weights),
    so a question added or removed cannot pass for an improvement or a decline.
    """
    earlier_ids = {q.id for q in earlier_questionnaire.questions}
    later_ids = {q.id for q in later_questionnaire.questions}
    shared = earlier_ids & later_ids
    before: AssessmentResult | None = None
    after: AssessmentResult | None = None
    if earlier_questionnaire.content_hash == later_questionnaire.content_hash:
        before = score_stored(earlier_questionnaire, earlier)
        after = score_stored(later_questionnaire, later)
    elif shared:
        before = score_stored(restrict_questionnaire(earlier_questionnaire, shared), earlier)
        after = score_stored(restrict_questionnaire(later_questionnaire, shared), later)

    areas: tuple[AreaDelta, ...] = ()
    overall = AreaDelta(OVERALL, None, None, None)
    if before is not None and after is not None:
        before_areas = {a.area_id: a.score for a in before.areas}
        after_areas = {a.area_id: a.score for a in after.areas}
        area_ids = list(after_areas) + [a for a in before_areas if a not in after_areas]
        areas = tuple(
            AreaDelta(
                area_id=area_id,
                before=before_areas.get(area_id),
                after=after_areas.get(area_id),
                delta=_delta(before_areas.get(area_id), after_areas.get(area_id)),
            )
            for area_id in area_ids
        )
        overall = AreaDelta(
            OVERALL, before.overall, after.overall, _delta(before.overall, after.overall)
        )

    questions = tuple(
        _question_delta(q.id, q.area_id, earlier, before, later, after)
        for q in later_questionnaire.questions
        if q.id in shared
    )
    # sorted() is stable, so equal changes stay in questionnaire order.
    improved = sorted(
        (d for d in questions if d.delta is not None and d.delta > EPSILON),
        key=lambda d: -(d.delta or 0.0),
    )
    declined = sorted(
        (d for d in questions if d.delta is not None and d.delta < -EPSILON),
        key=lambda d: d.delta or 0.0,
    )
    area_delta = {d.area_id: d.delta for d in areas}
    return Comparison(
        earlier_period=earlier.period,
        later_period=later.period,
        overall=overall,
        areas=areas,
        questions=questions,
        compared_count=len(shared),
        only_earlier_count=len(earlier_ids - shared),
        only_later_count=len(later_ids - shared),
        most_improved=tuple(improved[:TOP_CHANGES]),
        most_declined=tuple(declined[:TOP_CHANGES]),
        action_outcomes=tuple(
            ActionOutcome(item=item, area_delta=area_delta.get(item.area_id))
            for item in earlier.actions
        ),
    )
