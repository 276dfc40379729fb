"""Read-only summaries the repository hands to list screens: domain-shaped, never table rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cxaudit.domain.model import Organisation


@dataclass(frozen=True)
class OrganisationSummary:
    """One line of the portfolio: an organisation with its latest completed score and what is due.

    The scores come from the snapshot the domain computed when each assessment was completed, so
    the whole portfolio lists with one query.
    """

    organisation: Organisation
    latest_period: str | None
    """The period of the latest completed assessment (None before the first is completed)."""
    latest_overall: float | None
    latest_stage: str | None
    trend: int
    """+1 rising, -1 falling, 0 flat or not enough history, from the last two completed scores."""
    next_due: date | None
    overdue: bool
    """The next assessment was due before today."""
    assessment_count: int
    draft_count: int


@dataclass(frozen=True)
class DraftSummary:
    """An assessment still being answered, so it can be resumed from a list."""

    assessment_id: int
    organisation_id: int
    organisation: str
    """The organisation's name."""
    period: str
    respondents: int
    answered: int
    """Answers given across all respondents; pre-filled answers awaiting confirmation excluded."""
    total: int
    """Questions × respondents: the answers a complete draft would hold."""
    updated_at: datetime | None
    """When an answer was last saved (or the draft was started)."""
