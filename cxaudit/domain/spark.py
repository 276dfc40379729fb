"""One-line charts of scores: kept apart from the trend module so that a screen can draw them
without loading the domain's models."""

from __future__ import annotations

from collections.abc import Sequence

SPARK_BARS = "▁▂▃▄▅▆▇█"
"""Eight bar heights, lowest first, for a score series drawn in one line of text."""


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
