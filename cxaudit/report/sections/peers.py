"""Compared with peers: where the client stands among the consultant's other clients, on one page.

A box-and-whisker chart of the overall score and each area with the client's marker, the same
figures in a table, then the questions in the peers' bottom quartile. The page says how many
peers there are, which sector they were chosen from and when they were assessed; it never
names one, and it shows no figure fewer peers than the minimum have. Every figure is the
domain's (`cxaudit.domain.benchmark`): boxes run from the 25th to the 75th percentile, whiskers
from the 10th to the 90th, never to the lowest or the highest peer. When peers from a
colleague's export are counted (`Benchmark.approximate`), one sentence under the facts says the
figures are approximate, since those peers' scores are known only as ranges.

The page is printed only when the report data holds a benchmark: the services leave it out for
a draft and for a portfolio with too few peers, so the report never implies a comparison it
does not make.
"""

from __future__ import annotations

from cxaudit.domain.benchmark import (
    Benchmark,
    Standing,
    describe_peers,
    fmt_peer_dates,
    fmt_percentile,
)
from cxaudit.domain.format import DASH, fmt_score
from cxaudit.report.blocks import (
    Block,
    Box,
    BoxChart,
    Cell,
    Fixed,
    Heading,
    OnePage,
    Rich,
    Run,
    Space,
    Style,
    Table,
    Text,
)
from cxaudit.report.facts import Facts

COMPARED_WITH_PEERS = "Compared with peers"
"""The section's title (and its entry in the PDF's outline)."""
BOTTOM_QUARTILE = "In the peers' bottom quartile"

BEHIND_SHOWN = 6
"""Bottom-quartile questions listed in the full report before the rest are counted."""
BEHIND_SHOWN_BOARD = 4
"""The same, in the board report."""
FEWEST_SHOWN = 3
"""However many areas there are, at least this many bottom-quartile questions are listed."""

TOO_FEW = "too few peers to compare"
APPROXIMATE = (
    "Peers from a colleague's export are known only as score ranges, so these figures are "
    "approximate."
)
"""Said on the page when the benchmark counts peers from a `--peers` export file."""


def has_peers(f: Facts) -> bool:
    """Whether the report has a benchmark to show (see `ReportData.benchmark`)."""
    return f.data.benchmark is not None


def _benchmark(f: Facts) -> Benchmark:
    result = f.data.benchmark
    if result is None:
        raise ValueError("the peers page needs a benchmark (ReportData.benchmark)")
    return result


def _rows(f: Facts, result: Benchmark) -> list[tuple[str, Standing]]:
    return [("Overall", result.overall)] + [(f.area_title(s.area_id), s) for s in result.areas]


def _box(title: str, standing: Standing, *, bold: bool) -> Box:
    spread = standing.peers
    five = (
        None if spread is None else (spread.low, spread.q1, spread.median, spread.q3, spread.high)
    )
    return Box(title, five, standing.score, bold=bold, missing=TOO_FEW)


def chart(f: Facts, result: Benchmark) -> BoxChart:
    """The overall score and each area: the peers' spread and this assessment's score."""
    rows = _rows(f, result)
    return BoxChart(
        tuple(_box(title, s, bold=i == 0) for i, (title, s) in enumerate(rows)),
        (
            f"This assessment ({result.period})",
            "Peers' 25th–75th percentile",
            "Peers' median",
            "Peers' 10th–90th percentile",
        ),
    )


def _facts_line(result: Benchmark) -> Rich:
    """Peers, sector and dates, the three things a reader asks about a comparison."""
    sector = result.sector or "all sectors"
    return (
        Run("Peers: ", bold=True),
        Run(str(result.peers)),
        Run("   ·   Sector: ", bold=True),
        Run(sector),
        Run("   ·   Assessed: ", bold=True),
        Run(fmt_peer_dates(result.first, result.last)),
    )


def _approximate(result: Benchmark) -> list[Block]:
    """The sentence saying the figures are approximate, when they are; else nothing."""
    return [Space(1), Text(APPROXIMATE, Style.MUTED)] if result.approximate else []


def figures_table(f: Facts, result: Benchmark) -> Table:
    """Each row of the chart as figures: the score, its percentile and the peers' quartiles."""
    rows: list[tuple[Cell, ...]] = []
    for index, (title, standing) in enumerate(_rows(f, result)):
        spread = standing.peers
        quartiles = (
            (DASH, DASH, DASH, DASH)
            if spread is None
            else (
                fmt_score(spread.q1),
                fmt_score(spread.median),
                fmt_score(spread.q3),
                str(spread.peers),
            )
        )
        rows.append(
            (
                (Run(title, bold=index == 0),),
                Fixed(fmt_score(standing.score)),
                Fixed(fmt_percentile(standing.percentile)),
                *(Fixed(value) for value in quartiles),
            )
        )
    return Table(
        ("Area", "Score", "Percentile", "25th", "Median", "75th", "Peers"),
        rows,
        (40, 11, 14, 11, 12, 11, 10),
        right_from=1,
        compact=True,
    )


def behind_blocks(f: Facts, result: Benchmark, *, shown: int) -> list[Block]:
    """The questions below the peers' 25th percentile, largest weighted gap first."""
    out: list[Block] = [Heading(BOTTOM_QUARTILE, level=2, tight=True)]
    if not result.behind:
        out.append(Text("No question is below the peers' 25th percentile.", Style.MUTED))
        return out
    out.append(
        Text(
            "Questions where this assessment's level is below the peers' 25th percentile, "
            "largest weighted gap (the question's weight × (the peers' median − the level)) "
            "first.",
            Style.MUTED,
        )
    )
    rows: list[tuple[Cell, ...]] = [
        (
            f.question_label(item.question_id),
            Fixed(str(item.level)),
            Fixed(fmt_percentile(item.percentile)),
            Fixed(fmt_score(item.peers.q1)),
            Fixed(fmt_score(item.peers.median)),
            Fixed(fmt_score(item.weighted_gap)),
        )
        for item in result.behind[:shown]
    ]
    out.append(
        Table(
            ("Question", "Level", "Percentile", "25th", "Median", "Weighted gap"),
            rows,
            (62, 9, 13, 8, 10, 20),
            right_from=1,
            compact=True,
        )
    )
    more = len(result.behind) - shown
    if more > 0:
        noun = "question" if more == 1 else "questions"
        out.append(Text(f"And {more} more {noun} in the peers' bottom quartile.", Style.MUTED))
    return out


def questions_shown(result: Benchmark, *, board: bool) -> int:
    """How many bottom-quartile questions the page lists: one fewer for each area past four,
    so that the chart and its table keep the page's full width rather than shrink with it."""
    most = BEHIND_SHOWN_BOARD if board else BEHIND_SHOWN
    return max(FEWEST_SHOWN, most - max(0, len(result.areas) - 4))


def peers_section(f: Facts, *, board: bool = False) -> list[Block]:
    """The "Compared with peers" page, shrunk to fit on one page when it would overflow."""
    result = _benchmark(f)
    total = len(f.questionnaire.questions)
    content: list[Block] = [
        Heading(COMPARED_WITH_PEERS, tight=True),
        Text(
            f"Where the {result.period} assessment stands among {describe_peers(result)}: "
            "the latest completed assessment of each other organisation on the same "
            f"questionnaire. No peer is named, and a figure fewer than {result.minimum} peers "
            "have is left out.",
            Style.MUTED,
        ),
        Space(1.5),
        Text(_facts_line(result)),
        *_approximate(result),
        Space(2),
        chart(f, result),
        Space(3),
        figures_table(f, result),
        Space(2),
        *behind_blocks(f, result, shown=questions_shown(result, board=board)),
    ]
    if result.questions_withheld:
        content += [
            Space(1.5),
            Text(
                f"{result.questions_withheld} of {total} questions are left out: fewer than "
                f"{result.minimum} peers answered them.",
                Style.MUTED,
            ),
        ]
    return [OnePage(tuple(content))]
