"""An assessment's results, and editing its action plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    from cxaudit.domain.model import ActionItem, ActionStatus
    from cxaudit.domain.scoring import ScoredAssessment
    from cxaudit.services.workspace import Workspace


def results(ws: Workspace, *, assessment_id: int) -> ScoredAssessment:
    """An assessment with every score computed by the domain."""
    from cxaudit.domain.scoring import scored
    from cxaudit.storage import repository

    with ws.session() as session:
        assessment = repository.load_assessment(session, assessment_id=assessment_id)
        questionnaire = repository.assessment_questionnaire(session, assessment_id=assessment_id)
    return scored(questionnaire, assessment)


def latest_completed(ws: Workspace, *, organisation_id: int) -> int | None:
    """The id of the organisation's latest completed assessment, if any."""
    from cxaudit.storage import repository

    with ws.session() as session:
        timeline = repository.organisation_timeline(
            session, organisation_id=organisation_id, standalone=True
        )
    completed = timeline.completed
    return completed[-1].assessment_id if completed else None


def update_action(
    ws: Workspace,
    *,
    action_id: int,
    owner: str,
    due: date | None,
    status: ActionStatus,
) -> ActionItem:
    """Change an action item's owner, due date and status."""
    from cxaudit.storage import repository

    with ws.session() as session:
        item: ActionItem = repository.update_action_item(
            session, action_id=action_id, owner=owner, due=due, status=status
        )
    return item
