"""The choices the forms offer, named as the user reads them."""

from __future__ import annotations

from cxaudit.domain.model import ActionStatus, Role

ROLE_CHOICES: list[tuple[str, Role]] = [
    ("Leader", Role.LEADER),
    ("Manager", Role.MANAGER),
    ("Front line", Role.FRONTLINE),
    ("Other", Role.OTHER),
]
"""A respondent's role, for the New assessment form and the Add respondent dialog."""

STATUS_CHOICES: list[tuple[str, ActionStatus]] = [
    (status.label.capitalize(), status) for status in ActionStatus
]
"""Where an action item stands."""
