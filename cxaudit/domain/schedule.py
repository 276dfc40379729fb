"""When the next audit is due, and whether it is overdue or due soon: one rule, used everywhere.

An audit of a period is done during the next one, so completing 2026-Q3 makes the next audit
due by the last day of 2026-Q4; only after that day is the organisation overdue.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from cxaudit.domain.periods import next_period, parse_period

DUE_SOON_DAYS = 30
"""An audit due within this many days is flagged as due soon."""


class DueState(StrEnum):
    """How pressing the next audit is."""

    NONE = "none"
    """Nothing completed yet, so nothing is due."""
    LATER = "later"
    SOON = "soon"
    OVERDUE = "overdue"


def next_due_after(latest_completed_period: str) -> date:
    """The day by which the next audit is due, after completing `latest_completed_period`."""
    return parse_period(next_period(latest_completed_period)).end


def due_state(next_due: date | None, today: date) -> DueState:
    """Overdue after the due day, due soon within `DUE_SOON_DAYS` of it, else later."""
    if next_due is None:
        return DueState.NONE
    if next_due < today:
        return DueState.OVERDUE
    if (next_due - today).days <= DUE_SOON_DAYS:
        return DueState.SOON
    return DueState.LATER


def is_overdue(next_due: date | None, today: date) -> bool:
    """The next audit was due before today."""
    return due_state(next_due, today) is DueState.OVERDUE


def action_overdue(due: date | None, *, done: bool, today: date) -> bool:
    """An action is overdue when its due date has passed and it is not closed."""
    return due is not None and not done and due < today
