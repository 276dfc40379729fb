"""The shapes of every computed figure: scores, coverage, gaps, paths, comparisons and trends.

These are plain frozen dataclasses produced by `scoring`, `plan`, `compare` and `trend`, and read
by the TUI, the CLI and the PDF, which show them but never recompute them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from cxaudit.domain.direction import EPSILON as EPSILON
from cxaudit.domain.direction import TREND_FLAT as TREND_FLAT
from cxaudit.domain.direction import score_direction as score_direction
from cxaudit.domain.evidence import UnverifiedAnswer
from cxaudit.domain.model import ActionItem, Role
from cxaudit.domain.questionnaire import Stage

# The snapshots kept per completed assessment are taken from these results (re-exported here).
from cxaudit.domain.snapshot import ActionTally as ActionTally
from cxaudit.domain.snapshot import AreaSnapshot as AreaSnapshot
from cxaudit.domain.snapshot import ScoreSnapshot as ScoreSnapshot

PERCEPTION_GAP_THRESHOLD = 1.0
DISAGREEMENT_SPREAD = 2
LOW_CONFIDENCE_NOTE = "based mostly on low-confidence answers"


def percent(score: float | None) -> float | None:
    """A 1–5 score as a percentage: (score − 1) / 4 × 100."""
    return None if score is None else (score - 1.0) / 4.0 * 100.0


@dataclass(frozen=True)
class QuestionResult:
    """What the respondents said about one question, summarised."""

    question_id: str
    area_id: str
    score: float | None
    """The mean of the levels given; None when nobody gave a level."""
    levels: tuple[int, ...]
    """The levels given, in respondent order."""
    na_count: int
    unknown_count: int
    unanswered_count: int
    all_na: bool
    """Every respondent marked it N/A: it leaves the coverage denominator."""
    spread: int | None
    """Highest level given minus lowest; None with no level."""
    disagreement: bool
    """Spread of 2 or more."""
    leader_mean: float | None
    frontline_mean: float | None
    role_gap: float | None
    """Leaders' mean minus front-line mean, when both gave a level."""
    perception_gap: bool
    """|role_gap| ≥ 1.0."""
    not_applying_reason: str | None = None
    """Why the question does not apply under the assessment's profile ("does not apply: no
    contact centre"); every respondent then counts as N/A. None when it applies."""
    low_confidence_count: int = 0
    """Levels given with low confidence (never changes the score)."""

    @property
    def applies(self) -> bool:
        """Whether the question applies under the assessment's profile."""
        return self.not_applying_reason is None


@dataclass(frozen=True)
class Contribution:
    """How one question feeds its area's score."""

    question_id: str
    score: float
    weight: float
    share: float
    """weight / sum of the weights of the questions with a score (0..1)."""
    points: float
    """share × score; an area's points add up to its score."""


@dataclass(frozen=True)
class AreaResult:
    """One area's score, explained."""

    area_id: str
    title: str
    weight: float
    score: float | None
    """Weighted mean of the question scores present; None (shown as "—") when none is."""
    percent: float | None
    covered: int
    """Questions with a score."""
    applicable: int
    """The area's questions minus those every respondent marked N/A."""
    target: float
    gap_to_target: float | None
    """target − score (positive when below target); None with no score."""
    contributions: tuple[Contribution, ...]
    leader_score: float | None
    frontline_score: float | None
    role_gap: float | None
    """Area score from leaders' answers alone minus that from front-line answers alone."""
    perception_gap: bool
    not_applying: int = 0
    """Questions that do not apply under the assessment's profile (left out of `applicable`)."""
    levels_given: int = 0
    """Levels given to the area's applying questions, by every respondent."""
    low_confidence: int = 0
    """Of `levels_given`, those given with low confidence."""

    @property
    def coverage_text(self) -> str:
        """The coverage as shown next to every score."""
        text = f"based on {self.covered} of {self.applicable} questions"
        if self.not_applying:
            text += f" ({self.not_applying} not applying)"
        return text

    @property
    def mostly_low_confidence(self) -> bool:
        """Whether the score rests mostly on low-confidence answers: more than half of the levels
        given in the area were given with low confidence. It never changes the score."""
        return self.low_confidence * 2 > self.levels_given

    @property
    def confidence_note(self) -> str | None:
        """The flag shown beside such an area's score; None for any other area."""
        return LOW_CONFIDENCE_NOTE if self.mostly_low_confidence else None


@dataclass(frozen=True)
class QuestionStanding:
    """One question's score against its area's target: a gap when below, a strength when high."""

    question_id: str
    area_id: str
    score: float
    target: float
    gap: float
    """target − score (positive when below target)."""

    @property
    def on_target(self) -> bool:
        """Whether the score has reached its area's target (allowing for floating-point noise)."""
        return self.gap <= EPSILON


@dataclass(frozen=True)
class AssessmentResult:
    """Every score of one assessment: overall, per area and per question."""

    overall: float | None
    percent: float | None
    stage: Stage | None
    areas: tuple[AreaResult, ...]
    questions: Mapping[str, QuestionResult]
    respondent_count: int
    roles: Mapping[Role, int]
    targets: Mapping[str, float]
    unverified: tuple[UnverifiedAnswer, ...] = ()
    """Answers at or above their evidence gate let through without evidence, counted as given."""
    not_applying: Mapping[str, str] = field(default_factory=dict)
    """Questions that do not apply under the assessment's profile, with the automatic reason."""
    withheld_roles: frozenset[Role] = frozenset()
    """Roles whose own figures (and every role gap) are withheld to protect anonymous
    respondents (`cxaudit.domain.anonymity.protect_role_breakdown`), in place of which a
    screen says so (`cxaudit.domain.wording.withheld_breakdown_text`)."""

    @property
    def unverified_count(self) -> int:
        """How many answers count in the scores without their evidence."""
        return len(self.unverified)

    @property
    def low_confidence_areas(self) -> tuple[AreaResult, ...]:
        """The areas whose score rests mostly on low-confidence answers, in questionnaire order."""
        return tuple(area for area in self.areas if area.mostly_low_confidence)

    def area(self, area_id: str) -> AreaResult:
        """The result for one area."""
        for area in self.areas:
            if area.area_id == area_id:
                return area
        raise KeyError(area_id)

    @property
    def covered(self) -> int:
        """Questions with a score, across all areas."""
        return sum(area.covered for area in self.areas)

    @property
    def applicable(self) -> int:
        """Questions that can apply (not N/A for everyone), across all areas."""
        return sum(area.applicable for area in self.areas)

    @property
    def coverage_text(self) -> str:
        """The overall coverage, as shown next to the overall score."""
        return f"based on {self.covered} of {self.applicable} questions"

    @property
    def disagreements(self) -> tuple[QuestionResult, ...]:
        """Questions whose spread is 2 or more, widest first."""
        found = [q for q in self.questions.values() if q.disagreement]
        return tuple(sorted(found, key=lambda q: -(q.spread or 0)))

    @property
    def perception_gaps(self) -> tuple[QuestionResult, ...]:
        """Questions where leaders and the front line differ by 1.0 or more, largest first."""
        found = [q for q in self.questions.values() if q.perception_gap]
        return tuple(sorted(found, key=lambda q: -abs(q.role_gap or 0.0)))

    def standings(self) -> tuple[QuestionStanding, ...]:
        """Every question with a score, against its area's target, in questionnaire order."""
        found: list[QuestionStanding] = []
        for q in self.questions.values():
            if q.score is None:
                continue
            target = self.targets.get(q.area_id)
            if target is None:
                target = next((a.target for a in self.areas if a.area_id == q.area_id), 0.0)
            found.append(
                QuestionStanding(q.question_id, q.area_id, q.score, target, target - q.score)
            )
        return tuple(found)

    def largest_gaps(self, count: int = 5) -> tuple[QuestionStanding, ...]:
        """The questions furthest below their area's target, largest gap first (ties in order)."""
        below = [s for s in self.standings() if not s.on_target]
        return tuple(sorted(below, key=lambda s: -s.gap)[:count])

    def strengths(self, count: int = 3) -> tuple[QuestionStanding, ...]:
        """The highest-scoring questions, best first (ties in questionnaire order)."""
        return tuple(sorted(self.standings(), key=lambda s: -s.score)[:count])


@dataclass(frozen=True)
class QuestionRaise:
    """One question on an area's path to target."""

    question_id: str
    current_score: float
    current_level: int
    """floor(current_score)."""
    path_level: int
    """The level the path takes the question to."""
    weight: float


@dataclass(frozen=True)
class AreaPath:
    """The fewest one-level raises that lift an area to its target."""

    area_id: str
    target: float
    start_score: float | None
    end_score: float | None
    reachable: bool
    """False when even every question at 5 stays below target."""
    raises: tuple[QuestionRaise, ...]
    steps: int
    """The number of one-level raises taken."""


@dataclass(frozen=True)
class AreaDelta:
    """The change of one area (or of the overall score when `area_id` is "overall")."""

    area_id: str
    before: float | None
    after: float | None
    delta: float | None


@dataclass(frozen=True)
class QuestionDelta:
    """The change of one question between two assessments, with the notes that explain it."""

    question_id: str
    area_id: str
    before: float | None
    after: float | None
    delta: float | None
    notes_before: tuple[str, ...]
    notes_after: tuple[str, ...]


@dataclass(frozen=True)
class ActionOutcome:
    """What became of an earlier plan's action, next to the change in its area's score."""

    item: ActionItem
    area_delta: float | None


@dataclass(frozen=True)
class Comparison:
    """Two assessments of one organisation side by side."""

    earlier_period: str
    later_period: str
    overall: AreaDelta
    areas: tuple[AreaDelta, ...]
    questions: tuple[QuestionDelta, ...]
    compared_count: int
    """Questions present in both, compared."""
    only_earlier_count: int
    only_later_count: int
    most_improved: tuple[QuestionDelta, ...]
    most_declined: tuple[QuestionDelta, ...]
    action_outcomes: tuple[ActionOutcome, ...]


@dataclass(frozen=True)
class TrendPoint:
    """One period's score in a series."""

    period: str
    start: date
    score: float | None


@dataclass(frozen=True)
class Trend:
    """Each area's (and the overall) score across an organisation's assessments, by period."""

    periods: tuple[str, ...]
    series: Mapping[str, tuple[TrendPoint, ...]] = field(default_factory=dict)
    """Keyed by area id, plus "overall"."""

    def direction(self, key: str = "overall") -> int:
        """+1 rising, -1 falling, 0 flat or unknown, comparing the last two scores present."""
        points = [p.score for p in self.series.get(key, ()) if p.score is not None]
        if len(points) < 2:
            return 0
        return score_direction(points[-2], points[-1])
