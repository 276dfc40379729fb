"""The Benchmark tab: where this assessment stands among the other organisations' latest
completed ones, area by area, and the questions where it is in their bottom quartile.

Each area is a row of figures (score, percentile, the peers' 25th, median and 75th) and a bar:
the 1–5 scale drawn in cells, the peers' 10th to 90th percentile as a thin line, their 25th to
75th as a thick one, their median as an upright and this assessment as a diamond. Every figure
is the domain's (`cxaudit.domain.benchmark`); no peer is ever named, and at 80 columns a row
fits on one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from cxaudit.domain.benchmark import describe_peers, fmt_percentile
from cxaudit.domain.format import DASH, fmt_score
from cxaudit.domain.questionnaire import SCORE_MAX, SCORE_MIN

if TYPE_CHECKING:
    from cxaudit.domain.benchmark import Spread, Standing
    from cxaudit.services.benchmark import BenchmarkView

CELLS_PER_POINT = 6
BAR_WIDTH = CELLS_PER_POINT * int(SCORE_MAX - SCORE_MIN) + 1
"""Cells from 1 to 5, six to a point, so a score lands within a twelfth of a point."""
TITLE_WIDTH = 14
MARKER = "◆"
FIGURES = (("Score", 5), ("Pctl", 5), ("25th", 5), ("Median", 6), ("75th", 5))
"""The figures before each bar: heading and width."""


def _cell(score: float) -> int:
    clamped = min(max(score, SCORE_MIN), SCORE_MAX)
    return round((clamped - SCORE_MIN) / (SCORE_MAX - SCORE_MIN) * (BAR_WIDTH - 1))


def peer_bar(spread: Spread | None, score: float | None) -> Text:
    """One area on the 1–5 scale: the peers' whiskers, box and median, and this assessment."""
    cells = ["·" if i % CELLS_PER_POINT == 0 else " " for i in range(BAR_WIDTH)]
    styles = ["dim"] * BAR_WIDTH
    if spread is not None:
        for i in range(_cell(spread.low), _cell(spread.high) + 1):
            cells[i], styles[i] = "─", "cyan"
        for i in range(_cell(spread.q1), _cell(spread.q3) + 1):
            cells[i], styles[i] = "━", "bold cyan"
        cells[_cell(spread.median)] = "┃"
    if score is not None:
        at = _cell(score)
        cells[at], styles[at] = MARKER, "bold yellow"
    text = Text()
    for char, style in zip(cells, styles, strict=True):
        text.append(char, style=style)
    return text


def _title(title: str) -> str:
    short = title if len(title) <= TITLE_WIDTH else title[: TITLE_WIDTH - 1] + "…"
    return f"{short:<{TITLE_WIDTH}}"


def _heading() -> Text:
    figures = " ".join(f"{name:>{width}}" for name, width in FIGURES)
    scale = (" " * (CELLS_PER_POINT - 1)).join(
        str(n) for n in range(int(SCORE_MIN), int(SCORE_MAX) + 1)
    )
    return Text(f"{_title('Area')} {figures}  {scale}", style="dim")


def standing_line(title: str, standing: Standing) -> Text:
    """One row: the figures of `standing` and its bar against the peers."""
    spread = standing.peers
    line = Text(f"{_title(title)} {fmt_score(standing.score):>5} ")
    line.append(f"{fmt_percentile(standing.percentile):>5}", style="bold")
    if spread is None:
        line.append(f" {DASH:>5} {DASH:>6} {DASH:>5}  ")
        line.append("too few peers have a score here", style="dim")
        return line
    line.append(
        f" {fmt_score(spread.q1):>5} {fmt_score(spread.median):>6} {fmt_score(spread.q3):>5}  "
    )
    line.append_text(peer_bar(spread, standing.score))
    return line


def benchmark_text(view: BenchmarkView) -> Text:
    """The whole tab: who the peers are, a row per area, then the bottom-quartile questions."""
    q, result = view.questionnaire, view.result
    out = Text()
    out.append(f"Compared with {describe_peers(result)}.", style="bold")
    out.append(" No peer is named.\n\n", style="dim")
    out.append_text(_heading())
    out.append("\n")
    out.append_text(standing_line("Overall", result.overall))
    for standing in result.areas:
        out.append("\n")
        out.append_text(standing_line(q.area(standing.area_id).title, standing))
    out.append(
        "\n\nPctl: the share of peers below this score (a tie counts half).\n"
        f"{MARKER} this assessment · ━ peers' 25th–75th · ┃ their median · ─ their 10th–90th\n\n",
        style="dim",
    )
    if not result.behind:
        out.append("No question is in the peers' bottom quartile.\n")
    else:
        numbers = {
            question.id: f"{a}.{n}"
            for a, area in enumerate(q.areas, start=1)
            for n, question in enumerate(area.questions, start=1)
        }
        out.append("In the peers' bottom quartile, largest weighted gap first:\n", style="bold")
        for item in result.behind:
            # One line at 80 columns: the number, where it stands, then the question below.
            out.append(f"{numbers[item.question_id]}  ", style="bold")
            out.append(
                f"level {item.level} ({fmt_percentile(item.percentile)} pctl) · peers' 25th "
                f"{fmt_score(item.peers.q1)}, median {fmt_score(item.peers.median)} · "
                f"weighted gap {fmt_score(item.weighted_gap)}\n"
            )
            out.append(f"{q.question(item.question_id).prompt}\n", style="dim")
    if result.questions_withheld:
        out.append(
            f"\n{result.questions_withheld} of {len(q.questions)} questions are left out: fewer "
            f"than {result.minimum} peers answered them.",
            style="dim",
        )
    return out


class BenchmarkPane(VerticalScroll):
    """The Benchmark tab's content: the comparison once it is read, or why there is none."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.shown_for: tuple[int, str, str] | None = None
        """The (organisation id, period, status) shown or being read, so each is read once."""

    def compose(self) -> ComposeResult:
        yield Static("Open this tab to compare with the other organisations.", id="benchmark-text")

    def show(self, view: BenchmarkView) -> None:
        """Show a benchmark."""
        self.query_one("#benchmark-text", Static).update(benchmark_text(view))

    def say(self, reason: str) -> None:
        """Say why there is no benchmark (one sentence), or that it is being read."""
        self.query_one("#benchmark-text", Static).update(Text(reason or DASH))
