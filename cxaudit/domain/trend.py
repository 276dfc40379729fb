"""Each area's score over an organisation's assessments, ordered by period.

A trend answers "are we getting better?" at a glance: one series per area plus the overall,
one point per assessment, each scored on the questionnaire that assessment used.
"""

from __future__ import annotations

from collections.abc import Sequence

from cxaudit.domain.compare import OVERALL
from cxaudit.domain.model import Assessment
from cxaudit.domain.periods import period_sort_key
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.results import AssessmentResult, Trend, TrendPoint
from cxaudit.domain.scoring import resolve_targets, score_assessment

SPARK_BARS = "▁▂▃▄▅▆▇█"
"""Eight bar heights, lowest first, for a score series drawn in one line of text."""


def _score(questionnaire: Questionnaire, assessment: Assessment) -> AssessmentResult:
    targets = resolve_targets(
        questionnaire,
        organisation_targets=assessment.organisation.default_targets,
        assessment_targets=assessment.targets,
    )
    return score_assessment(questionnaire, assessment.respondents, targets)


def build_trend(history: Sequence[tuple[Questionnaire, Assessment]]) -> Trend:
    """Score series per area and overall, one point per assessment, ordered by period start.

    An area a questionnaire version does not have, or that has no score, is a gap (None) in its
    series. Areas are listed in the order of the latest questionnaire, then any older ones.
    """
    ordered = sorted(history, key=lambda pair: period_sort_key(pair[1].period))
    results = [(assessment, _score(q, assessment)) for q, assessment in ordered]
    area_ids: list[str] = []
    for questionnaire, _ in reversed(ordered):
        area_ids += [area.id for area in questionnaire.areas if area.id not in area_ids]
    series: dict[str, tuple[TrendPoint, ...]] = {}
    for area_id in area_ids:
        series[area_id] = tuple(
            TrendPoint(
                period=assessment.period,
                start=period_sort_key(assessment.period)[0],
                score=next((a.score for a in result.areas if a.area_id == area_id), None),
            )
            for assessment, result in results
        )
    series[OVERALL] = tuple(
        TrendPoint(assessment.period, period_sort_key(assessment.period)[0], result.overall)
        for assessment, result in results
    )
    return Trend(periods=tuple(a.period for a, _ in results), series=series)


def sparkline(values: Sequence[float | None], lo: float = 1.0, hi: float = 5.0) -> str:
    """A one-line chart of `values` between `lo` and `hi`: one bar per value, a space for None."""
    span = hi - lo
    bars: list[str] = []
    for value in values:
        if value is None:
            bars.append(" ")
            continue
        fraction = (value - lo) / span if span > 0 else 0.0
        # Half-way values round up, so the same score always draws the same bar.
        index = int(min(max(fraction, 0.0), 1.0) * (len(SPARK_BARS) - 1) + 0.5)
        bars.append(SPARK_BARS[index])
    return "".join(bars)
