"""Read-only summaries the repository hands to list screens: domain-shaped, never table rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from cxaudit.domain.model import AssessmentStatus, Organisation
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.results import ActionTally, ScoreSnapshot
from cxaudit.storage.rows import DraftSummary as DraftSummary


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
    archived: bool = False
    """Archived: left out of Home's list unless asked for, history kept."""


@dataclass(frozen=True, slots=True)
class HistoryRecord:
    """One assessment as an organisation's history lists it: when, on what, and how it scored.

    A completed assessment's scores are the snapshot the domain computed at completion; a draft's
    are computed from the answers it has so far.
    """

    assessment_id: int
    period: str
    status: AssessmentStatus
    questionnaire: Questionnaire = field(repr=False)
    """The questionnaire exactly as the assessment used it (names its areas)."""
    scores: ScoreSnapshot
    actions: ActionTally
    """The assessment's action plan by status, as it stands now."""

    @property
    def questionnaire_version(self) -> str:
        """The version of the questionnaire used."""
        return self.questionnaire.version


@dataclass(frozen=True)
class OrganisationTimeline:
    """An organisation and its assessments in period order, with their scores."""

    organisation: Organisation
    records: tuple[HistoryRecord, ...]

    @property
    def completed(self) -> tuple[HistoryRecord, ...]:
        """The completed assessments, oldest first."""
        return tuple(r for r in self.records if r.status == AssessmentStatus.COMPLETE)
