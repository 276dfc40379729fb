"""The trend: every area's score across the organisation's assessments, as a chart and a table.

Only printed when the organisation has been assessed in two periods or more.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from cxaudit.domain.format import fmt_score
from cxaudit.report.charts import Series, trend_chart
from cxaudit.report.context import Context
from cxaudit.report.styles import AREA_COLOURS, CONTENT_WIDTH, INK

TREND = "Trend"


def trend_section(ctx: Context) -> list[Flowable]:
    """A line per area (and a dashed one for the overall score) over the periods on record."""
    trend = ctx.data.trend
    assert trend is not None
    keys = [a.area_id for a in ctx.result.areas]
    keys += [k for k in trend.series if k != "overall" and k not in keys]
    series: list[Series] = []
    for index, key in enumerate(keys):
        points = {p.period: p.score for p in trend.series.get(key, ())}
        series.append(
            Series(
                ctx.area_title(key),
                [points.get(period) for period in trend.periods],
                AREA_COLOURS[index % len(AREA_COLOURS)],
            )
        )
    overall_points = {p.period: p.score for p in trend.series.get("overall", ())}
    series.append(
        Series(
            "Overall",
            [overall_points.get(period) for period in trend.periods],
            INK,
            dashed=True,
            width=1.2,
        )
    )
    chart = trend_chart(trend.periods, series, ctx.fonts, width=CONTENT_WIDTH, height=230)
    rows: list[list[Any]] = [ctx.head("Period", *[s.name for s in series], right_from=1)]
    for index, period in enumerate(trend.periods):
        rows.append(
            [ctx.cell(period)] + [ctx.fixed(fmt_score(s.values[index]), right=True) for s in series]
        )
    out: list[Flowable] = [
        ctx.h1(TREND),
        ctx.text(
            f"Each area's score across the organisation's {len(trend.periods)} assessments, "
            "on the same 1 to 5 scale. A missing point means the area had no score that "
            "period.",
            ctx.styles.muted,
        ),
        Spacer(1, 3 * mm),
        chart,
        Spacer(1, 4 * mm),
        ctx.table(rows, [30] + [20] * len(series)),
    ]
    return out
