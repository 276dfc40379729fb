"""What is kept of a completed assessment's result, small enough to list: snapshot and tally.

A completed assessment's snapshot is taken from its `AssessmentResult` when it is completed, so
history and trends read it instead of scoring every answer again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from cxaudit.domain.model import ActionStatus

if TYPE_CHECKING:
    from cxaudit.domain.results import AssessmentResult


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
