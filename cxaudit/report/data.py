"""What a report is built from, and what building it gives back.

The report package receives domain objects only, gathered by `cxaudit.services.reports`; it never
reaches the database, so the same document can be built from any source (tests build it by hand).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from cxaudit.domain.benchmark import Benchmark
from cxaudit.domain.board import BoardSummary
from cxaudit.domain.model import ActionItem, Assessment, Organisation
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.readiness import is_final
from cxaudit.domain.results import AreaPath, AssessmentResult, Comparison, Trend
from cxaudit.domain.scoring import ScoredAssessment
from cxaudit.report.brand import Brand

Profile = Literal["full", "board"]
"""What a report holds: `full` is every section and appendix; `board` is at most four pages
(the scores, the largest gaps, the open actions and what became of the last plan)."""
PROFILES: tuple[Profile, ...] = ("full", "board")

FileFormat = Literal["pdf", "docx"]
"""The file a report is written as: a PDF, or a Word document a consultant can edit."""
FILE_FORMATS: tuple[FileFormat, ...] = ("pdf", "docx")


@dataclass(frozen=True)
class ReportData:
    """Everything one report shows, already computed by the domain."""

    organisation: Organisation
    questionnaire: Questionnaire
    assessment: Assessment
    result: AssessmentResult
    generated: date
    """The date printed on the cover."""
    actions: tuple[ActionItem, ...] = ()
    """This assessment's action plan, highest priority first."""
    paths: Mapping[str, AreaPath] = field(default_factory=dict)
    """Each area's path to target, keyed by area id."""
    previous: ScoredAssessment | None = None
    """The earlier assessment changes are measured from (the one before, or `--compare`'s)."""
    comparison: Comparison | None = None
    """Changes from `previous` to this assessment; None without a previous assessment."""
    side_by_side: bool = False
    """A comparison report (`--compare`): both periods side by side, question by question."""
    trend: Trend | None = None
    """The organisation's scores across its assessments; drawn with two periods or more."""
    prepared_by: str = ""
    include_names: bool = False
    """Print respondents' names; otherwise they appear as "Respondent N" with their role."""
    appendix: bool = True
    """Print the appendix of every answer (every respondent's answer to every question)."""
    profile: Profile = "full"
    board: BoardSummary | None = None
    """The board report's lists (needed by the `board` profile only)."""
    benchmark: Benchmark | None = None
    """Where the assessment stands among the consultant's other clients, for the "Compared
    with peers" page; None leaves the page out (a draft, too few peers, or not asked for)."""
    brand: Brand = field(default_factory=Brand)

    @property
    def draft(self) -> bool:
        """The assessment is not complete: every page says DRAFT and the cover gives each
        respondent's progress."""
        return not is_final(self.assessment)


@dataclass(frozen=True)
class ReportOutcome:
    """Where the report went, how many pages it has and what the reader should know about it."""

    path: Path
    pages: int | None
    """The PDF's page count; None for a Word document, which the word processor paginates."""
    warnings: list[str]
    file_format: FileFormat = "pdf"

    @property
    def size_text(self) -> str:
        """How big the report is, in words: "49 pages", or "Word document"."""
        if self.pages is None:
            return "Word document"
        return f"{self.pages} page" + ("" if self.pages == 1 else "s")
