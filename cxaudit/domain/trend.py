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
from cxaudit.domain.results import ScoreSnapshot, Trend, TrendPoint
from cxaudit.domain.scoring import score_stored


def build_trend(history: Sequence[tuple[Questionnaire, Assessment]]) -> Trend:
    """Score series per area and overall, one point per assessment, ordered by period start.

    Each assessment is scored here; `trend_of_snapshots` draws the same series from scores
    kept at completion.
    """
    return trend_of_snapshots(
        [(q, a.period, ScoreSnapshot.of(score_stored(q, a))) for q, a in history]
    )


def trend_of_snapshots(history: Sequence[tuple[Questionnaire, str, ScoreSnapshot]]) -> Trend:
    """Score series per area and overall from (questionnaire, period, snapshot), by period start.

    An area a questionnaire version does not have, or that has no score, is a gap (None) in its
    series. Areas are listed in the order of the latest questionnaire, then any older ones.
    """
    ordered = sorted(history, key=lambda entry: period_sort_key(entry[1]))
    area_ids: list[str] = []
    for questionnaire, _, _ in reversed(ordered):
        area_ids += [area.id for area in questionnaire.areas if area.id not in area_ids]
    starts = [period_sort_key(period)[0] for _, period, _ in ordered]
    series: dict[str, tuple[TrendPoint, ...]] = {}
    for area_id in area_ids:
        points: list[TrendPoint] = []
        for (_, period, snapshot), start in zip(ordered, starts, strict=True):
            area = snapshot.area(area_id)
            points.append(TrendPoint(period, start, area.score if area is not None else None))
        series[area_id] = tuple(points)
    series[OVERALL] = tuple(
        TrendPoint(period, start, snapshot.overall)
        for (_, period, snapshot), start in zip(ordered, starts, strict=True)
    )
    return Trend(periods=tuple(period for _, period, _ in ordered), series=series)
