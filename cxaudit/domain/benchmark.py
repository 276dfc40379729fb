"""Where a client stands among the consultant's other clients, told without revealing any of them.

The peers' figures arrive as a `PeerPool` (`cxaudit.domain.peers`); a `Benchmark` keeps less
still: counts, quartiles and the client's own percentiles. Every privacy rule is enforced here
and in `peers`, so no front end can forget one:

- no benchmark at all with fewer than `MIN_PEERS` peers (a higher minimum may be asked for, a
  lower one never), refused with one sentence (`TooFewPeers`);
- an area, the overall score or a question is compared only when at least that many peers have
  a figure for it;
- whiskers reach the 10th and 90th percentiles, never the lowest or the highest peer;
- an export file holds scores only as ranges of at least 5 peers each
  (`cxaudit.domain.benchmark_export`), so figures that rest on one are approximate.

Quartiles use linear interpolation between the two nearest ranks, numpy's default method;
percentiles count ties as half below (the mid-rank rule). `docs/scoring.md` has a worked example.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from cxaudit.domain.compare import OVERALL
from cxaudit.domain.peers import MIN_PEERS as MIN_PEERS
from cxaudit.domain.peers import LevelCounts, PeerPool, TooFewPeers, check_minimum, question_level
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.results import EPSILON, AssessmentResult

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""Month names as the report prints them, whatever the machine's locale."""


# --------------------------------------------------------------------------------------------
# Quartiles and percentiles
# --------------------------------------------------------------------------------------------


def quantile(ordered: Sequence[float], fraction: float) -> float:
    """The `fraction` quantile (0..1) of values sorted ascending, by linear interpolation.

    The value at position (n − 1) × fraction, interpolated between the two values around it:
    numpy's default ("linear", Hyndman and Fan's type 7). `ordered` must not be empty.
    """
    position = (len(ordered) - 1) * fraction
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (position - below) * (ordered[above] - ordered[below])


def percentile_rank(value: float, values: Collection[float]) -> float:
    """The share of `values` below `value`, ties counted as half below (mid-rank), as 0..100.

    Values within 0.000000001 of each other are ties, as everywhere scores are compared.
    """
    below = sum(1 for v in values if v < value - EPSILON)
    equal = sum(1 for v in values if abs(v - value) <= EPSILON)
    return 100.0 * (below + equal / 2) / len(values)


@dataclass(frozen=True)
class Spread:
    """How the peers' values of one figure are spread: a box and its whiskers."""

    peers: int
    """How many peers have a value for this figure."""
    low: float
    """The 10th percentile: where the lower whisker ends."""
    q1: float
    median: float
    q3: float
    high: float
    """The 90th percentile: where the upper whisker ends."""


def spread_of(values: Iterable[float]) -> Spread:
    """The quartiles and whiskers of a non-empty set of values."""
    ordered = sorted(values)
    return Spread(
        peers=len(ordered),
        low=quantile(ordered, 0.10),
        q1=quantile(ordered, 0.25),
        median=quantile(ordered, 0.50),
        q3=quantile(ordered, 0.75),
        high=quantile(ordered, 0.90),
    )


# --------------------------------------------------------------------------------------------
# The client, and the benchmark
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientFigures:
    """The client's own figures, as they are set against the peers'."""

    period: str
    overall: float | None
    areas: Mapping[str, float | None]
    levels: Mapping[str, int]
    """The level reached on each question with a score (see `question_level`)."""


def client_figures(period: str, result: AssessmentResult) -> ClientFigures:
    """The figures of a scored assessment, as a benchmark compares them."""
    return ClientFigures(
        period=period,
        overall=result.overall,
        areas={area.area_id: area.score for area in result.areas},
        levels={
            q.question_id: question_level(sum(q.levels), len(q.levels))
            for q in result.questions.values()
            if q.levels
        },
    )


@dataclass(frozen=True)
class Standing:
    """The client's score on one area (or overall) against the peers'."""

    area_id: str
    """An area id, or `OVERALL`."""
    score: float | None
    peers: Spread | None
    """None when fewer peers than the minimum have a score here."""
    percentile: float | None
    """The client's percentile among those peers; None without a score or without peers."""


@dataclass(frozen=True)
class QuestionBehind:
    """A question on which the client stands below the peers' lower quartile."""

    question_id: str
    area_id: str
    level: int
    """The level the client has reached (see `question_level`)."""
    weight: float
    peers: Spread
    percentile: float
    weighted_gap: float
    """Question weight × (the peers' median − the client's level)."""


@dataclass(frozen=True)
class Benchmark:
    """Where one assessment stands among its peers: counts, quartiles and percentiles only."""

    questionnaire_id: str
    period: str
    """The client's period."""
    peers: int
    minimum: int
    """The fewest peers each figure was allowed to rest on."""
    sector: str | None
    """The sector filter, when one was given (no peer's sector is ever kept otherwise)."""
    first: date | None
    last: date | None
    """The first and last day of the peers' assessment periods."""
    overall: Standing
    areas: tuple[Standing, ...]
    behind: tuple[QuestionBehind, ...]
    """Questions in the peers' bottom quartile, largest weighted gap first."""
    questions_compared: int
    """Questions with at least `minimum` peers who gave them a level."""
    questions_withheld: int
    """Questions left out because fewer peers than that gave them a level."""
    approximate: bool = False
    """True when some peers came from an export file, whose scores are known only as ranges:
    quartiles and percentiles are then approximate (`cxaudit.domain.benchmark_export`)."""


def _standing(area_id: str, score: float | None, values: Sequence[float], minimum: int) -> Standing:
    if len(values) < minimum:
        return Standing(area_id, score, None, None)
    rank = percentile_rank(score, values) if score is not None else None
    return Standing(area_id, score, spread_of(values), rank)


def _expand(counts: LevelCounts) -> list[int]:
    return [level for level, n in enumerate(counts, start=1) for _ in range(n)]


def benchmark(
    questionnaire: Questionnaire,
    client: ClientFigures,
    pool: PeerPool,
    *,
    minimum: int = MIN_PEERS,
    sector: str | None = None,
) -> Benchmark:
    """The client's standing among the pooled peers, or `TooFewPeers`.

    A question is in the bottom quartile when the client's level is below the peers' lower
    quartile; such questions are ranked by weighted gap, largest first (ties in questionnaire
    order).
    """
    check_minimum(minimum)
    if pool.peers < minimum:
        raise TooFewPeers(pool.peers, minimum)
    behind: list[QuestionBehind] = []
    compared = withheld = 0
    for question in questionnaire.questions:
        counts = pool.levels.get(question.id, ())
        if sum(counts) < minimum:
            withheld += 1
            continue
        compared += 1
        level = client.levels.get(question.id)
        if level is None:
            continue
        values = _expand(counts)
        spread = spread_of(values)
        if level < spread.q1 - EPSILON:
            behind.append(
                QuestionBehind(
                    question_id=question.id,
                    area_id=question.area_id,
                    level=level,
                    weight=question.weight,
                    peers=spread,
                    percentile=percentile_rank(level, values),
                    weighted_gap=question.weight * (spread.median - level),
                )
            )
    behind.sort(key=lambda b: -b.weighted_gap)
    return Benchmark(
        questionnaire_id=questionnaire.id,
        period=client.period,
        peers=pool.peers,
        minimum=minimum,
        sector=sector,
        first=pool.first,
        last=pool.last,
        overall=_standing(OVERALL, client.overall, pool.overall, minimum),
        areas=tuple(
            _standing(a.id, client.areas.get(a.id), pool.areas.get(a.id, ()), minimum)
            for a in questionnaire.areas
        ),
        behind=tuple(behind),
        questions_compared=compared,
        questions_withheld=withheld,
        approximate=pool.approximate,
    )


# --------------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------------


def fmt_percentile(value: float | None) -> str:
    """A percentile as people say it: "62nd", "1st", "100th"; "—" when there is none."""
    if value is None:
        return "—"
    whole = round(value)
    suffix = "th"
    if whole % 100 not in (11, 12, 13):
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(whole % 10, "th")
    return f"{whole}{suffix}"


def fmt_peer_dates(first: date | None, last: date | None) -> str:
    """When the peers were assessed: "Jul 2024 to Jun 2025" (a single month once)."""
    if first is None or last is None:
        return "—"
    start, end = _month(first), _month(last)
    return start if start == end else f"{start} to {end}"


def _month(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}"


def describe_peers(result: Benchmark) -> str:
    """Who the client is compared with: "12 peers in Retail, assessed Jul 2024 to Jun 2025"."""
    noun = "peer" if result.peers == 1 else "peers"
    where = f" in {result.sector}" if result.sector else ""
    return f"{result.peers} {noun}{where}, assessed {fmt_peer_dates(result.first, result.last)}"
