"""The TUI's one door to storage, the domain, the PDF and the demo data.

Every method here blocks (it opens a short session, or builds a PDF), so the screens call them
only from thread workers. Each returns plain domain objects or small frozen views, so a screen
never sees a session and never computes a score: numbers come from `cxaudit.domain`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxaudit.domain.model import (
    ActionItem,
    ActionStatus,
    Answer,
    Assessment,
    Organisation,
    Respondent,
    Role,
)
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.results import AssessmentResult, Comparison, Trend
from cxaudit.errors import CxauditError, NotFoundError, ValidationProblem
from cxaudit.tui.home_data import HomeData

if TYPE_CHECKING:
    from cxaudit.storage import Database, HistoryRecord


class FeatureMissing(CxauditError):
    """A part of cxaudit this build does not include (for example, the PDF report)."""


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
class ResultsData:
    """An assessment with its computed result."""

    questionnaire: Questionnaire
    assessment: Assessment
    result: AssessmentResult


@dataclass(frozen=True)
class HistoryData:
    """An organisation's assessments in period order, with the trend the domain computed."""

    organisation: Organisation
    records: tuple[HistoryRecord, ...]
    trend: Trend
    area_titles: tuple[tuple[str, str], ...]
    """(area id, title) for the columns, from the latest questionnaire."""


@dataclass(frozen=True)
class ComparisonData:
    """Two assessments side by side, with the questionnaires that name their questions."""

    earlier: ResultsData
    later: ResultsData
    comparison: Comparison


@dataclass(frozen=True)
class PdfOutcome:
    """Where a PDF went, how long it is and anything worth knowing about it."""

    path: Path
    pages: int
    warnings: tuple[str, ...]


def _storage() -> Any:
    from cxaudit.storage import repository

    return repository


class Backend:
    """Blocking operations for the screens: run each one in a thread worker, never on the UI."""

    def __init__(
        self,
        db: Database,
        *,
        today: date,
        questionnaire: Questionnaire | None = None,
    ) -> None:
        self.db = db
        self.today = today
        self.questionnaire_override = questionnaire

    @classmethod
    def open(cls, url: str, *, today: date, questionnaire: Questionnaire | None = None) -> Backend:
        """Open (and if needed create and migrate) the database at `url`."""
        from cxaudit.storage import open_database

        return cls(open_database(url), today=today, questionnaire=questionnaire)

    @property
    def display_url(self) -> str:
        """The database URL with any password masked."""
        return str(self.db.display_url)

    def close(self) -> None:
        """Release the database's connections."""
        self.db.dispose()

    # -- Home ------------------------------------------------------------------------------

    def home(self) -> HomeData:
        """Organisations with their latest result, and the drafts to resume."""
        repo = _storage()
        with self.db.session() as session:
            # One transaction for both lists, so a draft and its organisation agree.
            lines = repo.portfolio_lines(session, today=self.today)
            drafts = repo.list_drafts(session)
        return HomeData(tuple(lines), tuple(drafts))

    def load_demo(self, *, force: bool = False) -> str:
        """Load the demo organisations; returns a one-line summary."""
        try:
            from cxaudit.demo import load_demo
        except ModuleNotFoundError as exc:
            if exc.name != "cxaudit.demo":
                raise
            raise FeatureMissing("Demo data is not available in this build of cxaudit.") from None
        summary = load_demo(self.db, force=force)
        if not summary.created:
            return "The demo data is already loaded: " + ", ".join(summary.organisations) + "."
        return str(summary.message)

    # -- New assessment -------------------------------------------------------------------

    def setup(self) -> SetupData:
        """Organisations and questionnaires for the New assessment form."""
        from cxaudit.catalogue import DEFAULT_QUESTIONNAIRE_ID, list_questionnaires

        repo = _storage()
        with self.db.session() as session:
            summaries = repo.list_organisations(session, today=self.today)
        organisations = tuple(s.organisation for s in summaries)
        completed = frozenset(
            s.organisation.id
            for s in summaries
            if s.latest_period is not None and s.organisation.id is not None
        )
        choices: list[QuestionnaireChoice] = []
        default_ref: str | None = None
        override = self.questionnaire_override
        if override is not None:
            choices.append(QuestionnaireChoice(override.id, _q_label(override), override))
            default_ref = override.id
        for entry in list_questionnaires():
            q = entry.questionnaire
            if q is None or any(c.ref == q.id for c in choices):
                continue
            choices.append(QuestionnaireChoice(q.id, _q_label(q), q))
            if default_ref is None and q.id == DEFAULT_QUESTIONNAIRE_ID:
                default_ref = q.id
        if default_ref is None and choices:
            default_ref = choices[0].ref
        return SetupData(organisations, completed, tuple(choices), default_ref)

    def start(
        self,
        *,
        organisation_id: int | None,
        new_name: str,
        new_sector: str,
        period: str,
        questionnaire: Questionnaire,
        respondent_name: str,
        role: Role,
        carry_forward: bool,
    ) -> WizardData:
        """Create the organisation if asked, start the assessment and add its first respondent."""
        from cxaudit.domain.periods import parse_period

        label = parse_period(period).label
        if not respondent_name.strip():
            raise ValidationProblem("Please enter the respondent's name.")
        repo = _storage()
        with self.db.session() as session:
            if organisation_id is None:
                if not new_name.strip():
                    raise ValidationProblem("Please enter a name for the new organisation.")
                organisation = repo.create_organisation(
                    session, name=new_name.strip(), sector=new_sector.strip()
                )
                organisation_id = organisation.id
            assessment = repo.start_assessment(
                session,
                organisation_id=organisation_id,
                period=label,
                questionnaire=questionnaire,
                carry_forward=carry_forward,
            )
            respondent = repo.add_respondent(
                session,
                assessment_id=assessment.id,
                name=respondent_name.strip(),
                role=role,
                prefill_from_latest=carry_forward,
            )
        return self.wizard(assessment_id=assessment.id, respondent_id=respondent.id)

    def add_respondent(
        self, *, assessment_id: int, name: str, role: Role, prefill: bool = False
    ) -> WizardData:
        """Add another person to an assessment and return their (empty or pre-filled) place."""
        if not name.strip():
            raise ValidationProblem("Please enter the respondent's name.")
        repo = _storage()
        with self.db.session() as session:
            respondent = repo.add_respondent(
                session,
                assessment_id=assessment_id,
                name=name.strip(),
                role=role,
                prefill_from_latest=prefill,
            )
        return self.wizard(assessment_id=assessment_id, respondent_id=respondent.id)

    def respondents(self, *, assessment_id: int) -> tuple[Assessment, tuple[Respondent, ...]]:
        """An assessment and its respondents, to choose whom to resume."""
        repo = _storage()
        with self.db.session() as session:
            assessment = repo.load_assessment(session, assessment_id=assessment_id)
        return assessment, tuple(assessment.respondents)

    # -- Wizard ---------------------------------------------------------------------------

    def wizard(self, *, assessment_id: int, respondent_id: int | None) -> WizardData:
        """A respondent's answers so far, with the questionnaire the assessment was taken with."""
        repo = _storage()
        with self.db.session() as session:
            assessment = repo.load_assessment(session, assessment_id=assessment_id)
            questionnaire = repo.assessment_questionnaire(session, assessment_id=assessment_id)
        if not assessment.respondents:
            raise NotFoundError("This assessment has no respondents yet: add one first.")
        respondent = assessment.respondents[0]
        if respondent_id is not None:
            found = [r for r in assessment.respondents if r.id == respondent_id]
            if not found:
                raise NotFoundError("That respondent is no longer part of this assessment.")
            respondent = found[0]
        return WizardData(questionnaire, assessment, respondent)

    def save_answer(self, *, respondent_id: int, answer: Answer) -> Answer:
        """Store one answer at once (its own short transaction)."""
        repo = _storage()
        with self.db.session() as session:
            saved: Answer = repo.save_answer(session, respondent_id=respondent_id, answer=answer)
        return saved

    def clear_answer(self, *, respondent_id: int, question_id: str) -> None:
        """Forget one answer."""
        repo = _storage()
        with self.db.session() as session:
            repo.clear_answer(session, respondent_id=respondent_id, question_id=question_id)

    def complete(self, *, assessment_id: int) -> ResultsData:
        """Complete the assessment (scores and plan are made by the domain) and return results."""
        repo = _storage()
        with self.db.session() as session:
            repo.complete_assessment(session, assessment_id=assessment_id)
        return self.results(assessment_id=assessment_id)

    # -- Results and history -------------------------------------------------------------

    def results(self, *, assessment_id: int) -> ResultsData:
        """An assessment with every score computed by the domain."""
        repo = _storage()
        with self.db.session() as session:
            assessment = repo.load_assessment(session, assessment_id=assessment_id)
            questionnaire = repo.assessment_questionnaire(session, assessment_id=assessment_id)
        return _score(questionnaire, assessment)

    def latest_completed(self, *, organisation_id: int) -> int | None:
        """The id of the organisation's latest completed assessment, if any."""
        repo = _storage()
        with self.db.session() as session:
            timeline = repo.organisation_timeline(
                session, organisation_id=organisation_id, standalone=True
            )
        completed = timeline.completed
        return completed[-1].assessment_id if completed else None

    def update_action(
        self,
        *,
        action_id: int,
        owner: str,
        due: date | None,
        status: ActionStatus,
    ) -> ActionItem:
        """Change an action item's owner, due date and status."""
        repo = _storage()
        with self.db.session() as session:
            item: ActionItem = repo.update_action_item(
                session, action_id=action_id, owner=owner, due=due, status=status
            )
        return item

    def history(self, *, organisation_id: int) -> HistoryData:
        """An organisation's assessments in period order, and their trend.

        Completed assessments are read from the scores kept at completion; no answer is loaded.
        """
        from cxaudit.domain.trend import trend_of_snapshots

        repo = _storage()
        with self.db.session() as session:
            timeline = repo.organisation_timeline(
                session, organisation_id=organisation_id, include_drafts=True, standalone=True
            )
        trend = trend_of_snapshots(
            [(r.questionnaire, r.period, r.scores) for r in timeline.completed]
        )
        titles: tuple[tuple[str, str], ...] = ()
        if timeline.records:
            titles = tuple((a.id, a.title) for a in timeline.records[-1].questionnaire.areas)
        return HistoryData(timeline.organisation, timeline.records, trend, titles)

    def compare(self, *, earlier_id: int, later_id: int) -> ComparisonData:
        """Compare two assessments of one organisation (the domain computes every delta)."""
        from cxaudit.domain.compare import compare_assessments

        earlier = self.results(assessment_id=earlier_id)
        later = self.results(assessment_id=later_id)
        comparison = compare_assessments(
            earlier.questionnaire, earlier.assessment, later.questionnaire, later.assessment
        )
        return ComparisonData(earlier, later, comparison)

    def generate_pdf(self, *, organisation_ref: str, period: str) -> PdfOutcome:
        """Write the PDF action plan for one assessment."""
        try:
            from cxaudit.reporting import generate_report
        except ModuleNotFoundError as exc:
            if exc.name != "cxaudit.reporting":
                raise
            raise FeatureMissing(
                "PDF reports are not available in this build of cxaudit."
            ) from None
        outcome = generate_report(self.db, organisation_ref=organisation_ref, period=period)
        return PdfOutcome(Path(outcome.path), int(outcome.pages), tuple(outcome.warnings))


def _q_label(q: Questionnaire) -> str:
    return f"{q.title} · v{q.version} · {len(q.questions)} questions"


def _score(questionnaire: Questionnaire, assessment: Assessment) -> ResultsData:
    from cxaudit.domain.scoring import score_stored

    return ResultsData(questionnaire, assessment, score_stored(questionnaire, assessment))
