"""Answering an assessment: starting one, adding respondents, saving answers and completing.

Every answer is committed on its own the moment it is given, so a quit or a crash loses nothing
that was saved, and several people can answer one assessment at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from cxaudit.errors import NotFoundError, ValidationProblem
from cxaudit.services.views import WizardData

if TYPE_CHECKING:
    from cxaudit.domain.model import Answer, Assessment, Respondent, Role
    from cxaudit.domain.questionnaire import Questionnaire
    from cxaudit.domain.scoring import ScoredAssessment
    from cxaudit.services.workspace import Workspace


def start(
    ws: Workspace,
    *,
    organisation_id: int | None,
    new_name: str,
    new_sector: str,
    period: str,
    questionnaire: Questionnaire,
    respondent_name: str,
    role: Role,
    carry_forward: bool,
    new_profile: Mapping[str, bool] | None = None,
) -> WizardData:
    """Create the organisation if asked, start the assessment and add its first respondent.

    `new_profile` holds a new organisation's answers to the questionnaire's profile questions
    (see `admin.profile_questions`); the assessment keeps a snapshot of the profile in force.
    """
    from cxaudit.domain.periods import parse_period
    from cxaudit.services.admin import check_profile_answers
    from cxaudit.storage import repository

    label = parse_period(period).label
    if not respondent_name.strip():
        raise ValidationProblem("Please enter the respondent's name.")
    with ws.session() as session:
        if organisation_id is None:
            if not new_name.strip():
                raise ValidationProblem("Please enter a name for the new organisation.")
            organisation = repository.create_organisation(
                session,
                name=new_name.strip(),
                sector=new_sector.strip(),
                profile=check_profile_answers(questionnaire, new_profile or {}),
            )
            organisation_id = organisation.id
        assert organisation_id is not None
        assessment = repository.start_assessment(
            session,
            organisation_id=organisation_id,
            period=label,
            questionnaire=questionnaire,
            carry_forward=carry_forward,
        )
        assert assessment.id is not None
        respondent = repository.add_respondent(
            session,
            assessment_id=assessment.id,
            name=respondent_name.strip(),
            role=role,
            prefill_from_latest=carry_forward,
        )
    return place(ws, assessment_id=assessment.id, respondent_id=respondent.id)


def add_respondent(
    ws: Workspace, *, assessment_id: int, name: str, role: Role, prefill: bool = False
) -> WizardData:
    """Add another person to an assessment and return their (empty or pre-filled) place."""
    from cxaudit.storage import repository

    if not name.strip():
        raise ValidationProblem("Please enter the respondent's name.")
    with ws.session() as session:
        respondent = repository.add_respondent(
            session,
            assessment_id=assessment_id,
            name=name.strip(),
            role=role,
            prefill_from_latest=prefill,
        )
    return place(ws, assessment_id=assessment_id, respondent_id=respondent.id)


def respondents(ws: Workspace, *, assessment_id: int) -> tuple[Assessment, tuple[Respondent, ...]]:
    """An assessment and its respondents, to choose whom to resume."""
    from cxaudit.storage import repository

    with ws.session() as session:
        assessment = repository.load_assessment(session, assessment_id=assessment_id)
    return assessment, tuple(assessment.respondents)


def place(ws: Workspace, *, assessment_id: int, respondent_id: int | None) -> WizardData:
    """A respondent's answers so far, with the questionnaire the assessment was taken with."""
    from cxaudit.storage import repository

    with ws.session() as session:
        assessment = repository.load_assessment(session, assessment_id=assessment_id)
        questionnaire = repository.assessment_questionnaire(session, assessment_id=assessment_id)
    if not assessment.respondents:
        raise NotFoundError("This assessment has no respondents yet: add one first.")
    respondent = assessment.respondents[0]
    if respondent_id is not None:
        found = [r for r in assessment.respondents if r.id == respondent_id]
        if not found:
            raise NotFoundError("That respondent is no longer part of this assessment.")
        respondent = found[0]
    return WizardData(questionnaire, assessment, respondent)


def save_answer(ws: Workspace, *, respondent_id: int, answer: Answer) -> Answer:
    """Store one answer at once, in its own short transaction.

    A level at or above the question's evidence gate needs an evidence note: without one the
    answer is refused with one sentence saying what to add (the wizard asks for it in place).
    An answer saved with its evidence is verified, whatever it was before.

    Autosave calls this on every level picked, so once the process knows the respondent's
    questionnaire the save opens no session: the storage's one self-committing statement
    checks the respondent, the assessment's status and its questionnaire as it writes.
    Whatever that cannot decide alone (and any refusal) is decided by the ordinary write.
    """
    from cxaudit.storage import repository

    if answer.unverified and answer.evidence.strip():
        answer = answer.model_copy(update={"unverified": False})
    known = repository.known_questionnaire(respondent_id)
    if known is not None and _evidence_refusal(known, answer) is None:
        saved = repository.save_answer_at_once(
            ws.db.engine, respondent_id=respondent_id, answer=answer, display_url=ws.display_url
        )
        if saved is not None:
            return saved
    with ws.session() as session:
        if answer.level is not None and not answer.evidence.strip():
            # Only a level without evidence needs the questionnaire to be looked at.
            questionnaire = repository.respondent_questionnaire(
                session, respondent_id=respondent_id
            )
            refusal = _evidence_refusal(questionnaire, answer)
            if refusal is not None:
                raise ValidationProblem(refusal)
        stored: Answer = repository.save_answer(session, respondent_id=respondent_id, answer=answer)
    return stored


def _evidence_refusal(questionnaire: Questionnaire, answer: Answer) -> str | None:
    """What to add when the answer's level needs evidence it lacks; None when it may be saved."""
    from cxaudit.domain.evidence import evidence_missing, evidence_request

    if answer.level is None or answer.evidence.strip():
        return None
    if evidence_missing(questionnaire, answer):
        return evidence_request(questionnaire, answer.question_id, answer.level)
    return None


def clear_answer(ws: Workspace, *, respondent_id: int, question_id: str) -> None:
    """Forget one answer."""
    from cxaudit.storage import repository

    with ws.session() as session:
        repository.clear_answer(session, respondent_id=respondent_id, question_id=question_id)


def complete(ws: Workspace, *, assessment_id: int) -> ScoredAssessment:
    """Complete the assessment (the domain scores it and makes its plan) and return results."""
    from cxaudit.services.results import results
    from cxaudit.storage import repository

    with ws.session() as session:
        repository.complete_assessment(session, assessment_id=assessment_id)
    return results(ws, assessment_id=assessment_id)
