"""Charts drawn with reportlab.graphics: the area radar and the trend lines.

Both use a fixed 1–5 scale so that charts from different quarters can be laid side by side and
read the same way; a missing score leaves a gap rather than dropping to zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.colors import Color

from cxaudit.report.fonts import FontSet
from cxaudit.report.styles import INK, MUTED, RULE, SLATE

SCALE_MIN = 1.0
SCALE_MAX = 5.0


@dataclass(frozen=True)
class Series:
    """One line on a chart: its name in the legend, its values and how it is drawn."""

    name: str
    values: Sequence[float | None]
    colour: Color
    dashed: bool = False
    filled: bool = False
    width: float = 1.6


def _legend(
    drawing: Drawing, series: Sequence[Series], fonts: FontSet, x: float, y: float, width: float
) -> None:
    """A one-line legend centred under a chart."""
    font_size = 7.5
    from reportlab.pdfbase.pdfmetrics import stringWidth

    items = [(s, fonts.cover(s.name)) for s in series]
    widths = [18 + stringWidth(text, fonts.regular, font_size) + 12 for _, text in items]
    cursor = x + max(0.0, (width - sum(widths)) / 2)
    for (s, text), w in zip(items, widths, strict=True):
        drawing.add(
            Line(
                cursor,
                y + 3,
                cursor + 14,
                y + 3,
                strokeColor=s.colour,
                strokeWidth=s.width + 0.4,
                strokeDashArray=[3, 2] if s.dashed else None,
            )
        )
        drawing.add(
            String(cursor + 18, y, text, fontName=fonts.regular, fontSize=font_size, fillColor=INK)
        )
        cursor += w


def radar_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    fonts: FontSet,
    *,
    width: float = 240,
    height: float = 230,
) -> Drawing:
    """A radar of the areas on a fixed 1–5 scale, the first spoke pointing up."""
    drawing = Drawing(width, height)
    legend_h = 18
    cx, cy = width / 2, legend_h + (height - legend_h) / 2
    radius = min(width - 110, height - legend_h - 40) / 2
    n = max(len(labels), 3)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * index / n
        r = radius * (min(max(value, SCALE_MIN), SCALE_MAX) - SCALE_MIN) / (SCALE_MAX - SCALE_MIN)
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    # Grid: one ring per level, spokes, and the scale along the first spoke.
    for level in range(2, 6):
        ring: list[float] = []
        for i in range(n):
            ring.extend(point(i, level))
        drawing.add(
            Polygon(
                ring,
                strokeColor=RULE,
                strokeWidth=0.9 if level == 5 else 0.5,
                fillColor=None,
            )
        )
    for i in range(n):
        x, y = point(i, SCALE_MAX)
        drawing.add(Line(cx, cy, x, y, strokeColor=RULE, strokeWidth=0.5))
    for level in range(1, 6):
        x, y = point(0, level)
        drawing.add(
            String(
                x + 3, y - 2.5, str(level), fontName=fonts.regular, fontSize=6.5, fillColor=MUTED
            )
        )
    # Area labels just outside the outer ring.
    for i, label in enumerate(labels):
        angle = math.pi / 2 - 2 * math.pi * i / n
        lx = cx + (radius + 10) * math.cos(angle)
        ly = cy + (radius + 10) * math.sin(angle)
        anchor = "middle"
        if math.cos(angle) > 0.3:
            anchor = "start"
        elif math.cos(angle) < -0.3:
            anchor = "end"
        if math.sin(angle) > 0.3:
            ly += 2
        elif math.sin(angle) < -0.3:
            ly -= 8
        else:
            ly -= 3
        drawing.add(
            String(
                lx,
                ly,
                fonts.cover(label),
                fontName=fonts.bold,
                fontSize=8,
                fillColor=SLATE,
                textAnchor=anchor,
            )
        )
    for s in series:
        _radar_series(drawing, s, n, point)
    _legend(drawing, series, fonts, 0, 2, width)
    return drawing


def _radar_series(drawing: Drawing, s: Series, n: int, point: object) -> None:
    assert callable(point)
    values: list[float | None] = list(s.values)[:n]
    values += [None] * (n - len(values))
    present = [(i, v) for i, v in enumerate(values) if v is not None]
    dash = [3, 2] if s.dashed else None
    if len(present) == len(values) == n:
        coords: list[float] = []
        for i, v in present:
            coords.extend(point(i, v))
        fill = colors.Color(s.colour.red, s.colour.green, s.colour.blue, alpha=0.14)
        drawing.add(
            Polygon(
                coords,
                strokeColor=s.colour,
                strokeWidth=s.width,
                strokeDashArray=dash,
                fillColor=fill if s.filled else None,
            )
        )
    else:
        # Join neighbouring spokes that both have a score; leave gaps where one is missing.
        for i in range(n):
            a, b = values[i], values[(i + 1) % n]
            if a is not None and b is not None:
                x1, y1 = point(i, a)
                x2, y2 = point((i + 1) % n, b)
                drawing.add(
                    PolyLine(
                        [x1, y1, x2, y2],
                        strokeColor=s.colour,
                        strokeWidth=s.width,
                        strokeDashArray=dash,
                    )
                )
    if not s.dashed:
        for i, v in present:
            x, y = point(i, v)
            drawing.add(Circle(x, y, 2.2, fillColor=s.colour, strokeColor=colors.white))


def trend_chart(
    periods: Sequence[str],
    series: Sequence[Series],
    fonts: FontSet,
    *,
    width: float = 480,
    height: float = 210,
) -> Drawing:
    """Each area's score across periods, on a fixed 1–5 axis."""
    drawing = Drawing(width, height)
    legend_h = 20
    chart = HorizontalLineChart()
    chart.x, chart.y = 34, legend_h + 22
    chart.width, chart.height = width - 50, height - legend_h - 34
    chart.data = [[v if v is not None else None for v in s.values] for s in series]
    chart.categoryAxis.categoryNames = [fonts.cover(p) for p in periods]
    chart.categoryAxis.labels.fontName = fonts.regular
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.fillColor = SLATE
    chart.categoryAxis.labels.dy = -4
    chart.categoryAxis.strokeColor = RULE
    chart.categoryAxis.tickDown = 3
    chart.valueAxis.valueMin = SCALE_MIN
    chart.valueAxis.valueMax = SCALE_MAX
    chart.valueAxis.valueStep = 1
    chart.valueAxis.labels.fontName = fonts.regular
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.labels.fillColor = SLATE
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.joinedLines = 1
    for index, s in enumerate(series):
        line = chart.lines[index]
        line.strokeColor = s.colour
        line.strokeWidth = s.width
        if s.dashed:
            line.strokeDashArray = [3, 2]
        marker = makeMarker("FilledCircle")
        marker.size = 4.5
        marker.fillColor = s.colour
        marker.strokeColor = colors.white
        line.symbol = marker
    drawing.add(Rect(0, 0, width, height, fillColor=None, strokeColor=None))
    drawing.add(chart)
    _legend(drawing, series, fonts, 0, 2, width)
    return drawing
