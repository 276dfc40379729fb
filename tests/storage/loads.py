"""Whole assessments built as a backup or the demo hands them to the bulk load, for tests."""

from __future__ import annotations

from collections.abc import Sequence

from cxaudit.domain.model import (
    Assessment,
    AssessmentStatus,
    Organisation,
    Respondent,
    Role,
    make_answer,
)
from cxaudit.domain.questionnaire import Questionnaire


def assessment_of(
    questionnaire: Questionnaire,
    *,
    organisation: str,
    period: str,
    people: int | Sequence[str] = 2,
    note: str = "",
    status: AssessmentStatus = AssessmentStatus.COMPLETE,
) -> Assessment:
    """`organisation`'s assessment for `period`, every question answered by each person.

    `people`: how many (named `Person 0`, `Person 1`…), or their names. Levels vary by person
    and question, so scores are not all alike; every answer carries `note`.
    """
    names = [f"Person {i}" for i in range(people)] if isinstance(people, int) else list(people)
    return Assessment(
        organisation=Organisation(name=organisation, slug="x"),
        period=period,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        questionnaire_hash=questionnaire.content_hash,
        status=status,
        respondents=[
            Respondent(
                name=name,
                role=Role.LEADER if i % 2 else Role.FRONTLINE,
                answers={
                    q.id: make_answer(q.id, 1 + (i + n) % 5, note=note)
                    for n, q in enumerate(questionnaire.questions)
                },
            )
            for i, name in enumerate(names)
        ],
    )
