"""What a benchmark export may say about a portfolio's peers, and how it is read back.

A colleague's file must let their peers count in a benchmark without telling any one of them
apart. Level counts per question are kept as they are (only for questions at least `MIN_PEERS`
peers answered), but scores are never written one by one: the overall and each area's scores
are grouped into `ScoreBucket`s, ranges of the score scale each holding at least `MIN_PEERS`
peers' scores, with only the range, the count and their mean written.

- Inner bounds fall on whole tenths (2.6): a range runs from the tenth its lowest score is in
  to the end of the tenth its highest score is in, taking whole tenths from the lowest up until
  at least `MIN_PEERS` scores are in. Ranges never overlap but may leave gaps no peer's score
  falls in. Moving one peer's score within its tenth while another peer's in the same range
  moves as far the other way changes nothing in the file.
- Outer bounds fall on half points (2.0, 4.5), so the file never tells the lowest or highest
  peer's score more closely than half a point, as the whiskers never reach them either.

Each range also carries the mean of its scores to one decimal, an aggregate of at least
`MIN_PEERS` scores like the count. Reading a file back (`pool_from_export`), each range's
scores are spread evenly over the widest stretch of it centred on that mean. Quartiles and
percentiles that rest on such scores are therefore approximate, within the bounds
`quantile_tolerance` and `percentile_tolerance` state, and the benchmark says so
(`PeerPool.approximate`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from cxaudit.domain.peers import MIN_PEERS, LevelCounts, PeerPool, TooFewPeers, check_minimum
from cxaudit.domain.questionnaire import LEVEL_COUNT, SCORE_MAX, SCORE_MIN
from cxaudit.domain.results import EPSILON
from cxaudit.errors import ValidationProblem

_TENTHS = 10
"""Inner bounds are whole tenths of a point."""
_OUTER = 5
"""Outer bounds are whole multiples of this many tenths (half points)."""
_LOWEST = round(SCORE_MIN * _TENTHS)
_HIGHEST = round(SCORE_MAX * _TENTHS)


@dataclass(frozen=True)
class ScoreBucket:
    """A range of scores and how many peers' scores lie in it: from `low` up to, not
    including, `high` (a `high` of 5.0 includes 5.0)."""

    low: float
    high: float
    peers: int
    mean: float
    """The mean of its scores to one decimal: an aggregate of at least `MIN_PEERS` scores."""

    @property
    def width(self) -> float:
        """How far apart the bounds are: the most a score read back from it can be off."""
        return self.high - self.low


Buckets = tuple[ScoreBucket, ...]
"""One figure's buckets, lowest first, none overlapping the next."""


@dataclass(frozen=True)
class ExportedPool:
    """One questionnaire's peers as an export file holds them: counts and ranges only."""

    questionnaire_id: str
    peers: int
    overall: Buckets = ()
    areas: Mapping[str, Buckets] = field(default_factory=dict)
    levels: Mapping[str, LevelCounts] = field(default_factory=dict)
    first_year: int | None = None
    last_year: int | None = None
    sector: str | None = None


def _cell(value: float) -> int:
    """The tenth a score lies in, as a whole number of tenths (5.0 lies in the top one)."""
    tenth = math.floor(value * _TENTHS + EPSILON)
    return min(max(tenth, _LOWEST), _HIGHEST - 1)


def buckets_of(values: Sequence[float], *, minimum: int = MIN_PEERS) -> Buckets:
    """Scores grouped into ranges of at least `minimum` scores each (see the module's rules).

    Whole tenths are taken from the lowest up until at least `minimum` scores are in; the
    range closes there and the next one begins at the next tenth holding a score. Scores
    left over at the top, fewer than `minimum`, join the range below them. Fewer than
    `minimum` scores in all give no range.
    """
    check_minimum(minimum)
    if len(values) < minimum:
        return ()
    per_cell: dict[int, int] = {}
    for value in values:
        per_cell[_cell(value)] = per_cell.get(_cell(value), 0) + 1
    cells = sorted(per_cell)
    runs: list[list[int]] = []  # [first cell, last cell, scores]
    for cell in cells:
        if runs and runs[-1][2] < minimum:
            runs[-1][1], runs[-1][2] = cell, runs[-1][2] + per_cell[cell]
        else:
            runs.append([cell, cell, per_cell[cell]])
    if len(runs) > 1 and runs[-1][2] < minimum:
        last = runs.pop()
        runs[-1][1], runs[-1][2] = last[1], runs[-1][2] + last[2]
    bounds = [[run[0], run[1] + 1] for run in runs]
    bounds[0][0] = _OUTER * (runs[0][0] // _OUTER)
    bounds[-1][1] = min(_HIGHEST, _OUTER * -(-(runs[-1][1] + 1) // _OUTER))
    ordered = sorted(values)
    found: list[ScoreBucket] = []
    for (low, high), run in zip(bounds, runs, strict=True):
        taken = sum(b.peers for b in found)
        mean = _mean_in_tenths(ordered[taken : taken + run[2]])
        found.append(ScoreBucket(low / _TENTHS, high / _TENTHS, run[2], mean / _TENTHS))
    return tuple(found)


def _mean_in_tenths(values: Sequence[float]) -> int:
    """The mean of some scores in whole tenths, halves rounded up, summed in whole thousandths
    so that the same scores in any order give the same mean."""
    total = sum(round(v * 1000) for v in values)
    return (2 * total + 100 * len(values)) // (200 * len(values))


def spread_in(buckets: Buckets) -> tuple[float, ...]:
    """Scores standing in for the ones a set of buckets counts, lowest first.

    Each bucket's n scores are spread evenly over the widest stretch of it centred on its
    mean (at the middles of n equal slices), so they keep its mean and stay inside it.
    """
    spread: list[float] = []
    for b in buckets:
        half = max(0.0, min(b.mean - b.low, b.high - b.mean))
        spread += [b.mean - half + (i + 0.5) * 2 * half / b.peers for i in range(b.peers)]
    return tuple(spread)


def quantile_tolerance(buckets: Buckets) -> float:
    """The most a quartile or whisker can be off when these buckets' scores are read back.

    Each score read back lies in the same bucket as the score it stands for, so no score is
    off by more than the widest bucket, and neither is any order statistic nor any
    interpolation between two of them. Zero without buckets (exact scores only).
    """
    return max((b.width for b in buckets), default=0.0)


def percentile_tolerance(buckets: Buckets, value: float, peers: int) -> float:
    """The most a percentile (0..100) among `peers` can be off when these buckets are read back.

    A score read back stays on the same side of `value` unless its bucket holds `value`;
    only those buckets' scores can be counted on the wrong side.
    """
    near = sum(b.peers for b in buckets if b.low - EPSILON <= value <= b.high + EPSILON)
    return 100.0 * near / peers if peers else 0.0


def export_pool(pool: PeerPool, *, minimum: int = MIN_PEERS) -> ExportedPool:
    """The pool as an export file may hold it: scores in buckets of at least `minimum`
    peers, level counts only for questions at least `minimum` peers answered, whole years."""
    check_minimum(minimum)
    if pool.peers < minimum:
        raise TooFewPeers(pool.peers, minimum)
    areas = {a: buckets_of(v, minimum=minimum) for a, v in sorted(pool.areas.items())}
    return ExportedPool(
        questionnaire_id=pool.questionnaire_id,
        peers=pool.peers,
        overall=buckets_of(pool.overall, minimum=minimum),
        areas={a: b for a, b in areas.items() if b},
        levels={q: c for q, c in sorted(pool.levels.items()) if sum(c) >= minimum},
        first_year=pool.first.year if pool.first is not None else None,
        last_year=pool.last.year if pool.last is not None else None,
        sector=pool.sector,
    )


def check_buckets(buckets: Buckets, peers: int, where: str) -> Buckets:
    """Buckets as a file gave them, refused with one sentence unless an export could have
    written them: on whole tenths of the score scale, lowest first and not overlapping, each
    of at least `MIN_PEERS` peers, and no more scores than peers."""
    for i, b in enumerate(buckets):
        tenths = (b.low * _TENTHS, b.high * _TENTHS)
        if any(abs(t - round(t)) > 1e-6 for t in tenths) or not (
            SCORE_MIN <= b.low < b.high <= SCORE_MAX
        ):
            raise ValidationProblem(
                f"{where}: the range {b.low} to {b.high} is not whole tenths of the 1 to 5 scale"
            )
        if i and b.low < buckets[i - 1].high - 1e-6:
            raise ValidationProblem(f"{where}: the ranges overlap or are not lowest first")
        if not b.low <= b.mean <= b.high or abs(b.mean * _TENTHS - round(b.mean * _TENTHS)) > 1e-6:
            raise ValidationProblem(
                f"{where}: the mean {b.mean} is not a whole tenth from {b.low} to {b.high}"
            )
        if b.peers < MIN_PEERS:
            raise ValidationProblem(
                f"{where}: a range counts {b.peers} peers, fewer than {MIN_PEERS}"
            )
    counted = sum(b.peers for b in buckets)
    if counted > peers:
        raise ValidationProblem(f"{where} counts {counted} scores for {peers} peers")
    return buckets


def check_levels(counts: Sequence[int], peers: int, where: str) -> LevelCounts:
    """A question's level counts as a file gave them, refused unless an export could have
    written them: one count per level, none negative, at least `MIN_PEERS` in all."""
    if len(counts) != LEVEL_COUNT or min(counts) < 0 or sum(counts) > peers:
        raise ValidationProblem(f"{where} are not {LEVEL_COUNT} counts of peers")
    if sum(counts) < MIN_PEERS:
        raise ValidationProblem(f"{where} count {sum(counts)} peers, fewer than {MIN_PEERS}")
    return tuple(counts)


def pool_from_export(exported: ExportedPool) -> PeerPool:
    """A pool to benchmark with, from an export: its buckets spread out (`spread_in`), its
    level counts as they are; approximate as soon as it holds any score."""
    scored = bool(exported.overall) or any(exported.areas.values())
    return PeerPool(
        questionnaire_id=exported.questionnaire_id,
        peers=exported.peers,
        overall=spread_in(exported.overall),
        areas={a: spread_in(b) for a, b in exported.areas.items()},
        levels=dict(exported.levels),
        first=date(exported.first_year, 1, 1) if exported.first_year else None,
        last=date(exported.last_year, 12, 31) if exported.last_year else None,
        sector=exported.sector,
        approximate=scored,
    )
