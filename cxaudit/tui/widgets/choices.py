"""The choices the forms offer, named as the user reads them."""

from __future__ import annotations

from cxaudit.domain.model import ActionStatus, Role
from cxaudit.domain.wording import role_label

ROLE_CHOICES: list[tuple[str, Role]] = [(role_label(role), role) for role in Role]
"""A respondent's role, for the New assessment form and the Add respondent dialog."""

STATUS_CHOICES: list[tuple[str, ActionStatus]] = [
    (status.label.capitalize(), status) for status in ActionStatus
]
"""Where an action item stands."""
