"""Assessments: loading one, finding one by organisation and period, starting and deleting one.

Starting an assessment stores a copy of its questionnaire (once per content hash), so it keeps
its wording whatever later happens to the file, and may carry the open plan forward from the
organisation's latest completed assessment (`plan.carry_forward_actions` decides what comes).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from cxaudit.domain import periods, plan
from cxaudit.domain.applicability import effective_profile
from cxaudit.domain.model import Assessment
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.targets import check_targets
from cxaudit.errors import NotFoundError, ValidationProblem
from cxaudit.storage.repository._convert import (
    COMPLETE,
    DRAFT,
    action_values,
    organisation_from_row,
)
from cxaudit.storage.repository._load import load_one
from cxaudit.storage.repository._questionnaires import store_questionnaire, stored_questionnaire
from cxaudit.storage.repository._tx import now_utc, writes
from cxaudit.storage.repository.actions import actions_of
from cxaudit.storage.repository.organisations import get_organisation, organisation_row
from cxaudit.storage.tables import action_items, assessments, organisations


def load_assessment(session: Session, *, assessment_id: int) -> Assessment:
    """An assessment with its organisation, respondents, answers and action plan."""
    return load_one(session, assessment_id)[1]


def assessment_questionnaire(session: Session, *, assessment_id: int) -> Questionnaire:
    """The questionnaire exactly as it was when the assessment was started."""
    row_id = session.execute(
        select(assessments.c.questionnaire_row_id).where(assessments.c.id == assessment_id)
    ).scalar_one_or_none()
    if row_id is None:
        raise NotFoundError(f"There is no assessment with id {assessment_id}.")
    return stored_questionnaire(session, row_id)


def find_assessment(
    session: Session, *, organisation_ref: str, period: str | None = None
) -> Assessment:
    """An organisation's assessment for `period`.

    With no period: the latest completed assessment, or the latest draft when none is completed.
    """
    organisation = get_organisation(session, ref=organisation_ref)
    query = select(assessments.c.id).where(assessments.c.organisation_id == organisation.id)
    if period is not None:
        label = periods.parse_period(period).label
        found = session.execute(query.where(assessments.c.period == label)).scalar_one_or_none()
        if found is None:
            raise NotFoundError(f"{organisation.name} has no assessment for {label}.")
    else:
        found = session.execute(
            query.order_by(
                (assessments.c.status == COMPLETE).desc(),
                assessments.c.period_start.desc(),
                assessments.c.id.desc(),
            ).limit(1)
        ).scalar_one_or_none()
        if found is None:
            raise NotFoundError(f"{organisation.name} has no assessments yet.")
    return load_assessment(session, assessment_id=int(found))


def assessment_periods(session: Session, *, organisation_id: int) -> dict[str, int]:
    """The organisation's assessments, drafts included: each one's id by its period."""
    rows = session.execute(
        select(assessments.c.period, assessments.c.id).where(
            assessments.c.organisation_id == organisation_id
        )
    ).all()
    return {str(period): int(assessment_id) for period, assessment_id in rows}


def latest_questionnaire(session: Session, *, organisation_id: int) -> Questionnaire | None:
    """The questionnaire of the organisation's latest assessment, drafts included (by period);
    None before its first. NotFoundError if there is no such organisation."""
    organisation_row(session, organisation_id)
    row_id = session.execute(
        select(assessments.c.questionnaire_row_id)
        .where(assessments.c.organisation_id == organisation_id)
        .order_by(assessments.c.period_start.desc(), assessments.c.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    return None if row_id is None else stored_questionnaire(session, int(row_id))


def latest_completed_before(
    session: Session, *, organisation_id: int, before: date, exclude_id: int | None = None
) -> int | None:
    """The id of the organisation's latest completed assessment of a period before `before`."""
    query = select(assessments.c.id).where(
        assessments.c.organisation_id == organisation_id,
        assessments.c.status == COMPLETE,
        assessments.c.period_start < before,
    )
    if exclude_id is not None:
        query = query.where(assessments.c.id != exclude_id)
    found = session.execute(
        query.order_by(assessments.c.period_start.desc(), assessments.c.id.desc()).limit(1)
    ).scalar_one_or_none()
    return None if found is None else int(found)


@writes
def start_assessment(
    session: Session,
    *,
    organisation_id: int,
    period: str,
    questionnaire: Questionnaire,
    carry_forward: bool = False,
    targets: Mapping[str, float] | None = None,
    profile: Mapping[str, bool] | None = None,
) -> Assessment:
    """Start a draft assessment of an organisation for a period, with a copy of the questionnaire.

    The questionnaire's content is stored once per content hash, so the assessment keeps its
    wording whatever later happens to the questionnaire file.

    With `carry_forward`, the organisation's latest completed assessment before this period
    becomes the source of the new one: its open and in-progress action items are carried over
    (keeping owner, due date and status, each linked to the item it came from), and respondents
    added with `prefill_from_latest=True` start from that assessment's answers.

    The assessment keeps a snapshot of the profile it is taken under: `profile` when given,
    else the organisation's current one, with every flag of the questionnaire it does not answer
    at its default. A carried-forward assessment takes the organisation's current profile too.
    """
    organisation = organisation_from_row(organisation_row(session, organisation_id))
    parsed = periods.parse_period(period)
    checked_targets = check_targets(targets)
    duplicate = session.execute(
        select(assessments.c.id).where(
            assessments.c.organisation_id == organisation_id,
            assessments.c.period == parsed.label,
        )
    ).first()
    if duplicate is not None:
        raise ValidationProblem(
            f"{organisation.name} already has an assessment for {parsed.label}."
        )
    source_id = (
        latest_completed_before(session, organisation_id=organisation_id, before=parsed.start)
        if carry_forward
        else None
    )
    row_id = store_questionnaire(session, questionnaire)
    try:
        new_id = session.execute(
            insert(assessments)
            .values(
                organisation_id=organisation_id,
                period=parsed.label,
                period_start=parsed.start,
                questionnaire_row_id=row_id,
                questionnaire_id=questionnaire.id,
                questionnaire_version=questionnaire.version,
                questionnaire_hash=questionnaire.content_hash,
                status=DRAFT,
                created_at=now_utc(),
                targets=checked_targets,
                carried_from_id=source_id,
                profile=effective_profile(
                    questionnaire, organisation.profile if profile is None else profile
                ),
            )
            .returning(assessments.c.id)
        ).scalar_one()
    except IntegrityError:
        session.rollback()
        raise ValidationProblem(
            f"{organisation.name} already has an assessment for {parsed.label}."
        ) from None
    if source_id is not None:
        carried = plan.carry_forward_actions(actions_of(session, source_id))
        if carried:
            session.execute(
                insert(action_items),
                [
                    action_values(item, assessment_id=int(new_id), position=i)
                    for i, item in enumerate(carried)
                ],
            )
    return load_one(session, int(new_id))[1]


@writes
def delete_assessment(session: Session, *, assessment_id: int, confirm: bool) -> None:
    """Delete an assessment with its respondents, answers, plan and scores; needs `confirm`.

    Items later carried from its plan stay, no longer linked.
    """
    row = session.execute(
        select(assessments.c.period, organisations.c.name)
        .join(organisations, organisations.c.id == assessments.c.organisation_id)
        .where(assessments.c.id == assessment_id)
    ).first()
    if row is None:
        raise NotFoundError(f"There is no assessment with id {assessment_id}.")
    if not confirm:
        raise ValidationProblem(
            f"Deleting the {row.period} assessment of {row.name} removes all its answers and "
            "actions; confirm to go ahead."
        )
    session.execute(delete(assessments).where(assessments.c.id == assessment_id))
