"""The one rule for what a report may be made of: final, draft on request, or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxaudit.domain.model import (
    Assessment,
    AssessmentStatus,
    Organisation,
    Respondent,
    Role,
    make_answer,
)
from cxaudit.domain.questionnaire import Questionnaire, load_questionnaire
from cxaudit.domain.readiness import check_reportable, is_final, respondents_progress
from cxaudit.errors import ValidationProblem


@pytest.fixture
def mini(mini_questionnaire_path: Path) -> Questionnaire:
    return load_questionnaire(mini_questionnaire_path)


def assessment(q: Questionnaire, status: AssessmentStatus, *answered: int) -> Assessment:
    """Respondent i has answered the first `answered[i]` questions."""
    respondents = [
        Respondent(
            name=f"Person {index}",
            role=Role.LEADER,
            answers={qu.id: make_answer(qu.id, 3) for qu in q.questions[:count]},
        )
        for index, count in enumerate(answered, start=1)
    ]
    return Assessment(
        organisation=Organisation(name="Northwind", slug="northwind"),
        period="2026-Q4",
        questionnaire_id=q.id,
        questionnaire_version=q.version,
        questionnaire_hash=q.content_hash,
        status=status,
        respondents=respondents,
    )


def test_a_complete_assessment_is_final(mini: Questionnaire) -> None:
    done = assessment(mini, AssessmentStatus.COMPLETE, 5, 2)
    assert is_final(done)
    check_reportable(done, draft=False)


def test_an_unfinished_one_needs_draft(mini: Questionnaire) -> None:
    unfinished = assessment(mini, AssessmentStatus.DRAFT, 5, 2)
    assert not is_final(unfinished)
    with pytest.raises(ValidationProblem, match="2026-Q4 assessment of Northwind is not complete"):
        check_reportable(unfinished, draft=False)
    check_reportable(unfinished, draft=True)


def test_no_answers_is_never_reportable(mini: Questionnaire) -> None:
    for status in AssessmentStatus:
        for draft in (False, True):
            with pytest.raises(ValidationProblem, match="no answers yet"):
                check_reportable(assessment(mini, status, 0, 0), draft=draft)


def test_progress_per_respondent_counts_the_questionnaire_questions(mini: Questionnaire) -> None:
    progress = respondents_progress(mini, assessment(mini, AssessmentStatus.DRAFT, 5, 2, 0))
    assert [(p.respondent.name, p.progress.settled, p.progress.total) for p in progress] == [
        ("Person 1", 5, 5),
        ("Person 2", 2, 5),
        ("Person 3", 0, 5),
    ]


def test_a_draft_reports_progress_over_the_questions_it_asks() -> None:
    """A question that does not apply to the assessment's profile is neither answered nor to
    answer in the draft report's progress, as in the wizard and on Home."""
    from cxaudit.domain.model import Assessment, Organisation, Respondent, Role, make_answer
    from cxaudit.domain.readiness import respondents_progress
    from tests.tui.trust import trust_questionnaire

    q = trust_questionnaire()
    asked = [question.id for question in q.questions if question.id != "alpha.two"]
    ada = Respondent(
        name="Ada",
        role=Role.LEADER,
        answers={qid: make_answer(qid, 3) for qid in asked},
    )

    def draft(profile: dict[str, bool]) -> Assessment:
        return Assessment(
            organisation=Organisation(name="Acme", slug="acme"),
            period="2026-Q1",
            questionnaire_id=q.id,
            questionnaire_version=q.version,
            questionnaire_hash="x",
            respondents=[ada],
            profile=profile,
        )

    without = respondents_progress(q, draft({"has_contact_centre": False}))[0].progress
    assert (without.settled, without.total) == (len(asked), len(asked))
    with_centre = respondents_progress(q, draft({"has_contact_centre": True}))[0].progress
    assert (with_centre.settled, with_centre.total) == (len(asked), len(q.questions))
