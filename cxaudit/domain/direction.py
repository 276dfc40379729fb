"""Which way a score moved: the one rule for rising, falling and flat.

Kept apart from the result types, with no imports, so a list of organisations can be drawn
(with each one's trend) before the rest of the domain has loaded.
"""

from __future__ import annotations

EPSILON = 1e-9
"""Tolerance for comparing computed scores with targets and thresholds, so 4.0 reaches 4.0."""
TREND_FLAT = 0.05
"""A change in score smaller than this is a flat trend."""


def score_direction(earlier: float | None, later: float | None) -> int:
    """+1 rising, -1 falling, 0 flat (a change under 0.05) or unknown (either score missing).

    A change of exactly 0.05 counts, however the subtraction rounds (2.05 − 2.00 in binary
    floating point is a hair under 0.05).
    """
    if earlier is None or later is None:
        return 0
    diff = later - earlier
    return 0 if abs(diff) < TREND_FLAT - EPSILON else (1 if diff > 0 else -1)
