"""The box-and-whisker chart drawn with reportlab.graphics: one row per figure, on the 1–5 scale.

Each row is a box from the lower to the upper quartile with the median as a bar across it,
whiskers out to where the section says they end, and a diamond for one value (the client's
score). The scale is the fixed 1–5 of every other chart, so a box reads the same on any page.
A row with nothing to draw says why in words. The legend wraps onto a second line rather than
run off a narrow page. The PDF draws it directly; the Word document draws it as a picture.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect
from reportlab.lib import colors
from reportlab.lib.colors import Color

from cxaudit.report.blocks import Box
from cxaudit.report.charts import SCALE_MAX, SCALE_MIN, label
from cxaudit.report.fonts import FontSet
from cxaudit.report.styles import INK, MUTED, RULE, SLATE

ROW = 22.0
"""The height of one row, in points."""
ROW_TIGHT = 18.0
"""The height of one row when there are more than `TIGHT_FROM` rows: still room for a label
on two lines, and the page keeps its full width for longer."""
TIGHT_FROM = 6
AXIS = 14.0
"""Room under the rows for the scale's numbers."""
LEGEND_LINE = 12.0
LEGEND_SIZE = 7.5
LABEL_SIZE = 8.0
_ICON = 15.0
"""The width of a legend entry's little drawing."""
_GAP = 12.0
"""Space after each legend entry."""


def fit_text(text: str, fonts: FontSet, font: str, size: float, room: float) -> str:
    """`text` shortened with an ellipsis to fit `room` points (whole when it fits)."""
    if fonts.width(text, font, size) <= room:
        return text
    while text and fonts.width(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap_label(text: str, fonts: FontSet, font: str, size: float, room: float) -> list[str]:
    """`text` on at most two lines of `room` points, the second shortened when it must be."""
    words = text.split()
    first = ""
    while words and fonts.width(f"{first} {words[0]}".strip(), font, size) <= room:
        first = f"{first} {words.pop(0)}".strip()
    if not first:  # one word wider than the room
        return [fit_text(text, fonts, font, size, room)]
    if not words:
        return [first]
    return [first, fit_text(" ".join(words), fonts, font, size, room)]


def _legend_lines(words: Sequence[str], fonts: FontSet, width: float) -> list[list[int]]:
    """The legend's entries (by index) grouped into lines that fit `width`."""
    lines: list[list[int]] = [[]]
    used = 0.0
    for index, text in enumerate(words):
        need = _ICON + fonts.width(text, fonts.regular, LEGEND_SIZE) + _GAP
        if lines[-1] and used + need > width:
            lines.append([])
            used = 0.0
        lines[-1].append(index)
        used += need
    return lines


def row_height(rows: int) -> float:
    """The height of each row of a chart with `rows` rows."""
    return ROW if rows <= TIGHT_FROM else ROW_TIGHT


def box_chart_height(rows: int, legend: Sequence[str], fonts: FontSet, width: float) -> float:
    """How tall a box chart of `rows` rows and this legend is at `width`."""
    lines = len(_legend_lines(legend, fonts, width))
    return 4 + row_height(rows) * rows + AXIS + LEGEND_LINE * lines + 2


def box_chart(
    rows: Sequence[Box],
    legend: tuple[str, str, str, str],
    fonts: FontSet,
    *,
    width: float,
    colour: Color,
    marker: Color,
) -> Drawing:
    """The boxes in `colour`, each marked value a `marker`-coloured diamond."""
    height = box_chart_height(len(rows), legend, fonts, width)
    drawing = Drawing(width, height)
    label_room = min(140.0, width * 0.3)
    left, right = label_room + 6, width - 12
    top = height - 4
    step = row_height(len(rows))
    bottom = top - step * len(rows)
    fill = colors.Color(colour.red, colour.green, colour.blue, alpha=0.2)

    def x(score: float) -> float:
        clamped = min(max(score, SCALE_MIN), SCALE_MAX)
        return left + (right - left) * (clamped - SCALE_MIN) / (SCALE_MAX - SCALE_MIN)

    for level in range(int(SCALE_MIN), int(SCALE_MAX) + 1):
        drawing.add(Line(x(level), bottom - 2, x(level), top, strokeColor=RULE, strokeWidth=0.5))
        label(
            drawing,
            x(level),
            bottom - 11,
            str(level),
            fonts,
            font=fonts.regular,
            size=7.5,
            colour=SLATE,
            anchor="middle",
        )
    for index, row in enumerate(rows):
        middle = top - (index + 0.5) * step
        font = fonts.bold if row.bold else fonts.regular
        lines = wrap_label(row.label, fonts, font, LABEL_SIZE, label_room - 4)
        top_line = middle - 3 + (len(lines) - 1) * LABEL_SIZE * 0.6
        for number, text in enumerate(lines):
            label(
                drawing,
                left - 8,
                top_line - number * LABEL_SIZE * 1.2,
                text,
                fonts,
                font=font,
                size=LABEL_SIZE,
                colour=INK,
                anchor="end",
            )
        if row.bold and index < len(rows) - 1:
            edge = middle - step / 2
            drawing.add(Line(0, edge, right, edge, strokeColor=RULE, strokeWidth=0.8))
        if row.spread is None:
            label(
                drawing,
                (left + right) / 2,
                middle - 3,
                row.missing,
                fonts,
                font=fonts.regular,
                size=LEGEND_SIZE,
                colour=MUTED,
                anchor="middle",
            )
        else:
            _box(drawing, [x(v) for v in row.spread], middle, colour, fill)
        if row.marker is not None:
            _diamond(drawing, x(row.marker), middle, marker)
    _legend(drawing, legend, fonts, width, bottom - AXIS - LEGEND_LINE + 2, colour, fill, marker)
    return drawing


def _box(drawing: Drawing, at: Sequence[float], middle: float, colour: Color, fill: Color) -> None:
    """Whiskers, the box and the median bar at the x positions of the five figures."""
    low, q1, median, q3, high = at
    stroke = {"strokeColor": colour, "strokeWidth": 0.9}
    drawing.add(Line(low, middle, q1, middle, **stroke))
    drawing.add(Line(q3, middle, high, middle, **stroke))
    for end in (low, high):
        drawing.add(Line(end, middle - 4, end, middle + 4, **stroke))
    drawing.add(Rect(q1, middle - 6, max(q3 - q1, 0.8), 12, fillColor=fill, **stroke))
    drawing.add(Line(median, middle - 6, median, middle + 6, strokeColor=colour, strokeWidth=2))


def _diamond(drawing: Drawing, cx: float, middle: float, colour: Color, size: float = 5) -> None:
    drawing.add(
        Polygon(
            [cx, middle + size, cx + size, middle, cx, middle - size, cx - size, middle],
            fillColor=colour,
            strokeColor=colors.white,
            strokeWidth=0.8,
        )
    )


def _legend(
    drawing: Drawing,
    words: tuple[str, str, str, str],
    fonts: FontSet,
    width: float,
    y: float,
    colour: Color,
    fill: Color,
    marker: Color,
) -> None:
    """The four entries (marker, box, median, whiskers), each line centred."""
    for line in _legend_lines(words, fonts, width):
        widths = [_ICON + fonts.width(words[i], fonts.regular, LEGEND_SIZE) + _GAP for i in line]
        cursor = max(0.0, (width - sum(widths) + _GAP) / 2)
        for index, w in zip(line, widths, strict=True):
            middle = y + 2.5
            if index == 0:
                _diamond(drawing, cursor + 6, middle, marker, size=4)
            elif index == 1:
                drawing.add(
                    Rect(
                        cursor,
                        middle - 4,
                        12,
                        8,
                        fillColor=fill,
                        strokeColor=colour,
                        strokeWidth=0.9,
                    )
                )
            elif index == 2:
                drawing.add(
                    Line(
                        cursor + 6,
                        middle - 4,
                        cursor + 6,
                        middle + 4,
                        strokeColor=colour,
                        strokeWidth=2,
                    )
                )
            else:
                stroke = {"strokeColor": colour, "strokeWidth": 0.9}
                drawing.add(Line(cursor, middle, cursor + 12, middle, **stroke))
                for end in (cursor, cursor + 12):
                    drawing.add(Line(end, middle - 3, end, middle + 3, **stroke))
            label(
                drawing,
                cursor + _ICON,
                y,
                words[index],
                fonts,
                font=fonts.regular,
                size=LEGEND_SIZE,
                colour=INK,
            )
            cursor += w
        y -= LEGEND_LINE
