"""The trend: every area's score across the organisation's assessments, as a chart and a table.

Only printed when the organisation has been assessed in two periods or more.
"""

from __future__ import annotations

from cxaudit.domain.format import fmt_score
from cxaudit.report.blocks import (
    Block,
    Cell,
    Chart,
    ChartSeries,
    Fixed,
    Heading,
    Space,
    Style,
    Table,
    Text,
    Tone,
)
from cxaudit.report.facts import Facts

TREND = "Trend"


def has_trend(f: Facts) -> bool:
    """Whether the organisation has been assessed in two periods or more."""
    return f.data.trend is not None and len(f.data.trend.periods) >= 2


def trend_section(f: Facts) -> list[Block]:
    """A line per area (and a dashed one for the overall score) over the periods on record."""
    trend = f.data.trend
    assert trend is not None
    keys = [a.area_id for a in f.result.areas]
    keys += [k for k in trend.series if k != "overall" and k not in keys]
    series: list[ChartSeries] = []
    for index, key in enumerate(keys):
        points = {p.period: p.score for p in trend.series.get(key, ())}
        values = tuple(points.get(period) for period in trend.periods)
        series.append(ChartSeries(f.area_title(key), values, index))
    overall_points = {p.period: p.score for p in trend.series.get("overall", ())}
    series.append(
        ChartSeries(
            "Overall",
            tuple(overall_points.get(period) for period in trend.periods),
            Tone.INK,
            dashed=True,
            width=1.2,
        )
    )
    rows: list[tuple[Cell, ...]] = []
    for index, period in enumerate(trend.periods):
        rows.append((period, *(Fixed(fmt_score(s.values[index])) for s in series)))
    return [
        Heading(TREND),
        Text(
            f"Each area's score across the organisation's {len(trend.periods)} assessments, "
            "on the same 1 to 5 scale. A missing point means the area had no score that "
            "period.",
            Style.MUTED,
        ),
        Space(3),
        Chart("trend", trend.periods, tuple(series), width=None, height=230),
        Space(4),
        Table(
            ("Period", *(s.name for s in series)),
            rows,
            (30, *([20] * len(series))),
            right_from=1,
        ),
    ]
