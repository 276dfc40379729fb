"""Action items: the plan each assessment keeps, changed one item at a time.

The plan itself is made by the domain (`plan.plan_for` at completion, `plan.carry_forward_actions`
when an assessment starts); here people change an item's owner, due date, status or wording,
and each change is saved at once.
"""

from __future__ import annotations

from datetime import date
from types import EllipsisType
from typing import Any

from sqlalchemy import select, update
from sqlmodel import Session

from cxaudit.domain.model import ActionItem, ActionStatus
from cxaudit.errors import NotFoundError, ValidationProblem
from cxaudit.storage.repository._convert import action_from_row
from cxaudit.storage.repository._tx import writes
from cxaudit.storage.tables import action_items


def actions_of(session: Session, assessment_id: int) -> list[ActionItem]:
    """An assessment's action plan in plan order."""
    rows = session.execute(
        select(action_items)
        .where(action_items.c.assessment_id == assessment_id)
        .order_by(action_items.c.position, action_items.c.id)
    ).all()
    return [action_from_row(row) for row in rows]


@writes
def update_action_item(
    session: Session,
    *,
    action_id: int,
    owner: str | None = None,
    due: date | None | EllipsisType = ...,
    status: ActionStatus | None = None,
    text: str | None = None,
) -> ActionItem:
    """Change an action's owner, due date (None clears it), status or wording, saved at once."""
    values: dict[str, Any] = {}
    if owner is not None:
        values["owner"] = owner.strip()
    if not isinstance(due, EllipsisType):
        values["due"] = due
    if status is not None:
        values["status"] = ActionStatus(status).value
    if text is not None:
        if not text.strip():
            raise ValidationProblem("An action needs some text.")
        values["text"] = text.strip()
    statement = update(action_items).where(action_items.c.id == action_id)
    if values:
        session.execute(statement.values(**values))
    row = session.execute(select(action_items).where(action_items.c.id == action_id)).first()
    if row is None:
        raise NotFoundError(f"There is no action item with id {action_id}.")
    return action_from_row(row)
