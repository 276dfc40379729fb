"""The shapes of every computed figure: scores, coverage, gaps, paths, comparisons and trends.

These are plain frozen dataclasses produced by `scoring`, `plan`, `compare` and `trend`, and read
by the TUI, the CLI and the PDF, which show them but never recompute them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from cxaudit.domain.direction import EPSILON as EPSILON
from cxaudit.domain.direction import TREND_FLAT as TREND_FLAT
from cxaudit.domain.direction import score_direction as score_direction
from cxaudit.domain.model import ActionItem, ActionStatus, Role
from cxaudit.domain.questionnaire import Stage

PERCEPTION_GAP_THRESHOLD = 1.0
DISAGREEMENT_SPREAD = 2


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

    @property
    def coverage_text(self) -> str:
        """The coverage as shown next to every score."""
        return f"based on {self.covered} of {self.applicable} questions"


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


class AreaSnapshot(NamedTuple):
    """One area's score as the domain computed it when its assessment was completed."""

    area_id: str
    score: float | None
    percent: float | None
    covered: int
    applicable: int
    target: float


class ActionTally(NamedTuple):
    """How an assessment's action plan stands: its items by status."""

    open: int = 0
    in_progress: int = 0
    done: int = 0
    dropped: int = 0

    @property
    def total(self) -> int:
        """Every item of the plan."""
        return self.open + self.in_progress + self.done + self.dropped

    @classmethod
    def of(cls, statuses: Iterable[ActionStatus]) -> ActionTally:
        """The tally of a plan's statuses."""
        counts = Counter(statuses)
        return cls(
            open=counts[ActionStatus.OPEN],
            in_progress=counts[ActionStatus.IN_PROGRESS],
            done=counts[ActionStatus.DONE],
            dropped=counts[ActionStatus.DROPPED],
        )


@dataclass(frozen=True, slots=True)
class ScoreSnapshot:
    """The headline figures of one assessment's result, small enough to keep and list.

    A completed assessment's snapshot is taken from its `AssessmentResult` when it is completed,
    so history and trends read it instead of scoring every answer again.
    """

    overall: float | None
    percent: float | None
    stage: str | None
    """The stage's name."""
    respondent_count: int
    areas: tuple[AreaSnapshot, ...]
    """In the questionnaire's area order."""

    @property
    def covered(self) -> int:
        """Questions with a score, across all areas."""
        return sum(area.covered for area in self.areas)

    @property
    def applicable(self) -> int:
        """Questions that can apply (not N/A for everyone), across all areas."""
        return sum(area.applicable for area in self.areas)

    def area(self, area_id: str) -> AreaSnapshot | None:
        """One area's figures, or None when this assessment's questionnaire has no such area."""
        for area in self.areas:
            if area.area_id == area_id:
                return area
        return None

    @classmethod
    def of(cls, result: AssessmentResult) -> ScoreSnapshot:
        """The snapshot of a full result."""
        return cls(
            overall=result.overall,
            percent=result.percent,
            stage=result.stage.name if result.stage is not None else None,
            respondent_count=result.respondent_count,
            areas=tuple(
                AreaSnapshot(
                    area.area_id,
                    area.score,
                    area.percent,
                    area.covered,
                    area.applicable,
                    area.target,
                )
                for area in result.areas
            ),
        )
