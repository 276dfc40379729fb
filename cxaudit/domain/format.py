"""How numbers are written for people, in one place.

The TUI, the CLI and the PDF all format scores, percentages and changes through these helpers,
so the same figure reads the same everywhere ("3.25" on screen is "3.25" in the PDF).
"""

from __future__ import annotations

DASH = "—"
"""What is shown where there is no figure (no score, no previous assessment)."""

MINUS = "−"
"""A typographic minus sign (U+2212), the same width as the plus sign."""

ARROW_UP = "↑"
ARROW_DOWN = "↓"
ARROW_FLAT = "→"


def fmt_score(score: float | None) -> str:
    """A 1–5 score with two decimals, or "—" when there is none."""
    if score is None:
        return DASH
    return f"{score:.2f}"


def fmt_percent(value: float | None) -> str:
    """A percentage (already on a 0–100 scale) rounded to a whole number, or "—"."""
    if value is None:
        return DASH
    rounded = round(value)
    return f"{0 if rounded == 0 else rounded}%"


def delta_direction(delta: float | None) -> int:
    """+1, -1 or 0 for a change, judged on the two decimals people see."""
    if delta is None:
        return 0
    shown = round(delta, 2)
    if shown > 0:
        return 1
    if shown < 0:
        return -1
    return 0


def fmt_delta(delta: float | None, *, arrow: bool = True) -> str:
    """A change with its sign and, by default, an arrow: "+0.25 ↑", "−0.50 ↓", "0.00 →".

    A change that rounds to zero is shown as "0.00" with a flat arrow, never as "−0.00".
    """
    if delta is None:
        return DASH
    direction = delta_direction(delta)
    magnitude = f"{abs(delta):.2f}"
    if direction > 0:
        text, mark = f"+{magnitude}", ARROW_UP
    elif direction < 0:
        text, mark = f"{MINUS}{magnitude}", ARROW_DOWN
    else:
        text, mark = "0.00", ARROW_FLAT
    return f"{text} {mark}" if arrow else text


def fmt_gap(gap: float | None) -> str:
    """A distance below target ("0.75 below target") or "on target" when met."""
    if gap is None:
        return DASH
    if round(gap, 2) <= 0:
        return "on target"
    return f"{gap:.2f} below target"


def fmt_share(share: float | None) -> str:
    """A fraction (0–1), such as a question's share of its area's weight, as a percentage."""
    if share is None:
        return DASH
    return fmt_percent(share * 100.0)


def fmt_weight(weight: float) -> str:
    """A weight without needless decimals: "2", "1.5"."""
    return f"{weight:g}"
