"""Charts drawn with reportlab.graphics: the area radar and the trend lines.

Both use a fixed 1–5 scale so that charts from different quarters can be laid side by side and
read the same way; a missing score leaves a gap rather than dropping to zero. Both are drawn
shape by shape rather than with reportlab's chart classes, which fail on a series with fewer
than two points and cannot set one label in several fonts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth

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


def label(
    drawing: Drawing,
    x: float,
    y: float,
    text: str,
    fonts: FontSet,
    *,
    font: str,
    size: float,
    colour: Color,
    anchor: str = "start",
) -> float:
    """Add `text` to the drawing, each character in a font that has its glyph; its width."""
    width = fonts.width(text, font, size)
    if anchor == "middle":
        x -= width / 2
    elif anchor == "end":
        x -= width
    for name, run in fonts.runs(text, font):
        face = name or font
        drawing.add(String(x, y, run, fontName=face, fontSize=size, fillColor=colour))
        x += stringWidth(run, face, size)
    return width


def _legend(
    drawing: Drawing, series: Sequence[Series], fonts: FontSet, x: float, y: float, width: float
) -> None:
    """A one-line legend centred under a chart."""
    font_size = 7.5
    widths = [18 + fonts.width(s.name, fonts.regular, font_size) + 12 for s in series]
    cursor = x + max(0.0, (width - sum(widths)) / 2)
    for s, w in zip(series, widths, strict=True):
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
        label(
            drawing, cursor + 18, y, s.name, fonts, font=fonts.regular, size=font_size, colour=INK
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
    for i, text in enumerate(labels):
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
        label(drawing, lx, ly, text, fonts, font=fonts.bold, size=8, colour=SLATE, anchor=anchor)
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
    """Each area's score across periods, on a fixed 1–5 axis.

    Scores in neighbouring periods are joined; a period with no score leaves a gap, and a
    score with no neighbour is a dot on its own.
    """
    drawing = Drawing(width, height)
    legend_h = 20
    left, bottom = 34.0, legend_h + 22.0
    plot_w, plot_h = width - 50.0, height - legend_h - 34.0
    step = plot_w / max(len(periods), 1)

    def x_of(index: int) -> float:
        return left + step * (index + 0.5)

    def y_of(value: float) -> float:
        clamped = min(max(value, SCALE_MIN), SCALE_MAX)
        return bottom + plot_h * (clamped - SCALE_MIN) / (SCALE_MAX - SCALE_MIN)

    for level in range(int(SCALE_MIN), int(SCALE_MAX) + 1):
        y = y_of(level)
        drawing.add(Line(left, y, left + plot_w, y, strokeColor=RULE, strokeWidth=0.4))
        drawing.add(
            String(
                left - 6,
                y - 2.5,
                str(level),
                fontName=fonts.regular,
                fontSize=7.5,
                fillColor=SLATE,
                textAnchor="end",
            )
        )
    drawing.add(Line(left, bottom, left, bottom + plot_h, strokeColor=RULE, strokeWidth=0.6))
    for index, period in enumerate(periods):
        x = x_of(index)
        drawing.add(Line(x, bottom, x, bottom - 3, strokeColor=RULE, strokeWidth=0.6))
        label(
            drawing,
            x,
            bottom - 12,
            period,
            fonts,
            font=fonts.regular,
            size=7.5,
            colour=SLATE,
            anchor="middle",
        )
    for s in series:
        _trend_series(drawing, s, x_of, y_of)
    _legend(drawing, series, fonts, 0, 2, width)
    return drawing


def _trend_series(
    drawing: Drawing,
    s: Series,
    x_of: Callable[[int], float],
    y_of: Callable[[float], float],
) -> None:
    """One series: a line through each run of consecutive scores, and a dot on every score."""
    dash = [3, 2] if s.dashed else None
    run: list[float] = []
    points: list[tuple[float, float]] = []
    for index, value in enumerate([*s.values, None]):
        if value is None:
            if len(run) >= 4:
                drawing.add(
                    PolyLine(run, strokeColor=s.colour, strokeWidth=s.width, strokeDashArray=dash)
                )
            run = []
            continue
        point = (x_of(index), y_of(value))
        run.extend(point)
        points.append(point)
    for x, y in points:
        drawing.add(Circle(x, y, 2.4, fillColor=s.colour, strokeColor=colors.white))
