"""How a figure the domain computed looks in a table cell: bars, arrows, gaps and short text.

Shared by every screen, so a score, a change or a trend reads the same wherever it is shown.
Nothing here computes a number.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text

from cxaudit.domain.format import (
    ARROW_DOWN,
    ARROW_FLAT,
    ARROW_UP,
    DASH,
    delta_direction,
    fmt_delta,
    fmt_gap,
)
from cxaudit.domain.schedule import DueState, due_state

BAR_WIDTH = 10


def score_bar(percent: float | None, width: int = BAR_WIDTH) -> Text:
    """A horizontal bar for a percentage the domain computed (empty when there is no score)."""
    if percent is None:
        return Text("·" * width, style="dim")
    filled = max(0, min(width, round(percent / 100 * width)))
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"))


def gap_text(gap: float | None) -> str:
    """The distance below target as a number, "met" when the target is reached."""
    text = fmt_gap(gap)
    return "met" if text == "on target" else text.replace(" below target", "")


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` characters with an ellipsis."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def trend_text(trend: int) -> Text:
    """A trend as a coloured arrow."""
    if trend > 0:
        return Text(ARROW_UP, style="bold green")
    if trend < 0:
        return Text(ARROW_DOWN, style="bold red")
    return Text(ARROW_FLAT, style="dim")


def delta_text(delta: float | None) -> Text:
    """A change, coloured by its direction."""
    direction = delta_direction(delta)
    style = "green" if direction > 0 else "red" if direction < 0 else "dim"
    return Text(fmt_delta(delta), style=style, justify="right")


def due_cell(next_due: date | None, today: date) -> Text | str:
    """When the next audit is due, flagged overdue or due soon as the domain's schedule says."""
    if next_due is None:
        return DASH
    state = due_state(next_due, today)
    if state is DueState.OVERDUE:
        return Text(f"{next_due.isoformat()} !", style="bold white on dark_red")
    if state is DueState.SOON:
        return Text(next_due.isoformat(), style="yellow")
    return next_due.isoformat()
