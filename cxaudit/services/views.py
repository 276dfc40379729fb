"""The plain shapes the use-cases hand to the front ends.

Each is a frozen dataclass of domain objects and storage's small row views: nothing here opens a
session, and nothing here computes a number. Results, history entries and the previous quarter
all travel as the domain's `ScoredAssessment`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cxaudit.errors import CxauditError

if TYPE_CHECKING:
    from cxaudit.domain.model import Assessment, Organisation, Respondent
    from cxaudit.domain.questionnaire import Questionnaire
    from cxaudit.domain.results import Comparison, Trend
    from cxaudit.domain.scoring import ScoredAssessment
    from cxaudit.storage.rows import DraftSummary, PortfolioLine
    from cxaudit.storage.views import HistoryRecord


class FeatureMissing(CxauditError):
    """A part of cxaudit this build does not include (for example, the PDF report)."""


@dataclass(frozen=True)
class HomeData:
    """What Home lists: every organisation with its latest result, and the drafts to resume.

    The rows are storage's plain portfolio lines and draft summaries, so the same shape comes
    from an open workspace (`portfolio.home`) and from a first look at the file
    (`portfolio.first_look`) taken before the domain models and SQLAlchemy have loaded.
    """

    organisations: tuple[PortfolioLine, ...]
    drafts: tuple[DraftSummary, ...]


@dataclass(frozen=True)
class QuestionnaireChoice:
    """A questionnaire the New assessment form offers."""

    ref: str
    label: str
    questionnaire: Questionnaire


@dataclass(frozen=True)
class SetupData:
    """What the New assessment form needs: organisations and questionnaires to pick from."""

    organisations: tuple[Organisation, ...]
    completed: frozenset[int]
    """Ids of organisations with at least one completed assessment (carry-forward is possible)."""
    questionnaires: tuple[QuestionnaireChoice, ...]
    default_ref: str | None


@dataclass(frozen=True)
class WizardData:
    """One respondent's place in one assessment, with the questionnaire it was taken with."""

    questionnaire: Questionnaire
    assessment: Assessment
    respondent: Respondent


@dataclass(frozen=True)
class HistoryData:
    """An organisation's assessments in period order, with the trend the domain computed."""

    organisation: Organisation
    records: tuple[HistoryRecord, ...]
    trend: Trend
    area_titles: tuple[tuple[str, str], ...]
    """(area id, title) for the columns, from the latest questionnaire."""


@dataclass(frozen=True)
class PeriodLine:
    """One assessment as the History screen lists it."""

    assessment_id: int
    period: str
    draft: bool
    overall: float | None
    """The overall score (None for a draft: it is scored once completed)."""
    areas: tuple[float | None, ...]
    """The score of each area of `HistoryView.area_titles`, None where it has none (a draft,
    or an area its questionnaire did not have)."""
    respondents: int
    plan_done: int
    plan_total: int


@dataclass(frozen=True)
class TrendLine:
    """One series of the trend: the overall score or one area's, per completed period."""

    key: str
    """`overall` or the area's id."""
    title: str
    scores: tuple[float | None, ...]


@dataclass(frozen=True)
class HistoryView:
    """What the History screen shows of an organisation, as plain values.

    Made from `HistoryData` once the database is open (`history.history_view`), and before that
    from a first look at a SQLite file (`history.first_view`, which needs neither SQLAlchemy nor
    pydantic); a test proves the two are equal.
    """

    organisation_id: int
    name: str
    sector: str | None
    area_titles: tuple[tuple[str, str], ...]
    """(area id, title) for the columns, from the latest questionnaire."""
    lines: tuple[PeriodLine, ...]
    """Every assessment, drafts too, in period order."""
    trend: tuple[TrendLine, ...]
    """The overall series, then one per area of `area_titles`; empty with no completed one."""


@dataclass(frozen=True)
class ComparisonData:
    """Two assessments side by side, with the questionnaires that name their questions."""

    earlier: ScoredAssessment
    later: ScoredAssessment
    comparison: Comparison


@dataclass(frozen=True)
class PdfOutcome:
    """Where a PDF went, how long it is and anything worth knowing about it."""

    path: Path
    pages: int
    warnings: tuple[str, ...]
