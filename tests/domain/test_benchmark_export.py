"""What a benchmark export may hold: score ranges of at least 5 peers, questions at least 5
peers answered, whole years; that no peer's score can be told from it; and that a benchmark on
the ranges read back stays within the documented tolerance of the one on the real scores."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cxaudit.domain.benchmark import (
    Benchmark,
    ClientFigures,
    Spread,
    Standing,
    benchmark,
    fmt_percentile,
)
from cxaudit.domain.benchmark_export import (
    Buckets,
    ExportedPool,
    ScoreBucket,
    _cell,
    buckets_of,
    check_buckets,
    check_levels,
    export_pool,
    percentile_tolerance,
    pool_from_export,
    quantile_tolerance,
    spread_in,
)
from cxaudit.domain.format import fmt_score
from cxaudit.domain.peers import MIN_PEERS, PeerPool, TooFewPeers, pool_together
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import ValidationProblem
from tests.domain.test_benchmark import (
    MINI,
    PROPERTY_SETTINGS,
    SCORES,
    example_client,
    example_pool,
    mini,
)

__all__ = ["mini"]

QUESTIONS = ("alpha.one", "alpha.two", "alpha.three", "beta.one", "beta.two")
LEVELS = st.lists(st.integers(0, 4), min_size=5, max_size=5).map(tuple)
TWO_DECIMALS = st.integers(100, 500).map(lambda n: n / 100)
"""Scores as a questionnaire gives them often enough: on a grid, so ties and tenths meet."""


@st.composite
def pools(draw: st.DrawFn, *, least: int = MIN_PEERS, most: int = 30) -> PeerPool:
    """A pool of `least` to `most` peers, each figure held by any number of them."""
    peers = draw(st.integers(least, most))
    scores = st.lists(st.one_of(SCORES, TWO_DECIMALS), min_size=0, max_size=peers)
    return PeerPool(
        questionnaire_id="mini",
        peers=peers,
        overall=tuple(sorted(draw(scores))),
        areas={"alpha": tuple(sorted(draw(scores))), "beta": tuple(sorted(draw(scores)))},
        levels={qid: draw(LEVELS) for qid in QUESTIONS},
        first=date(2025, 7, 1),
        last=date(2026, 3, 31),
    )


def _figures(pool: PeerPool) -> dict[str, tuple[float, ...]]:
    return {"overall": pool.overall, **{f"area {a}": v for a, v in pool.areas.items()}}


# --------------------------------------------------------------------------------------------
# What an export holds
# --------------------------------------------------------------------------------------------


def test_ranges_close_once_five_scores_are_in_and_the_ends_are_half_points() -> None:
    values = (2.24, 2.66, 3.0, 3.2, 3.6, 3.81, 4.1, 4.2, 4.25, 4.3, 4.9)
    # 2.24 … 3.6 average 2.94; 3.81 … 4.9 average 4.26.
    assert buckets_of(values) == (ScoreBucket(2.0, 3.7, 5, 2.9), ScoreBucket(3.8, 5.0, 6, 4.3))
    # Four left over at the top join the range below; a lone tenth of five stands alone.
    assert buckets_of((3.0,) * 5 + (3.3, 3.4, 3.5, 3.6)) == (ScoreBucket(3.0, 4.0, 9, 3.2),)
    assert buckets_of((1.0,) * 5 + (5.0,) * 6) == (
        ScoreBucket(1.0, 1.1, 5, 1.0),
        ScoreBucket(4.9, 5.0, 6, 5.0),
    )
    assert buckets_of((2.2, 2.6, 3.0, 3.2)) == ()
    six = (2.2, 2.6, 3.0, 3.2, 3.4, 3.6)
    assert buckets_of(six, minimum=6) == (ScoreBucket(2.0, 4.0, 6, 3.0),)
    # A score a hair under a tenth because of floating point is still in that tenth.
    assert buckets_of((0.1 + 0.2 + 2.3,) * 5) == (ScoreBucket(2.5, 3.0, 5, 2.6),)
    # Means round halves up, whatever the order of the scores: 3.25 is 3.3.
    assert buckets_of((3.05, 3.45, 3.25, 3.2, 3.3))[0].mean == 3.3


def test_read_back_a_range_spreads_its_scores_evenly_across_it() -> None:
    assert spread_in((ScoreBucket(2.0, 3.0, 5, 2.5),)) == pytest.approx((2.1, 2.3, 2.5, 2.7, 2.9))
    # Off centre, the stretch narrows to stay inside the range and keep the mean.
    low = spread_in((ScoreBucket(2.0, 3.0, 5, 2.2),))
    assert low == pytest.approx((2.04, 2.12, 2.2, 2.28, 2.36))
    assert spread_in((ScoreBucket(4.5, 5.0, 5, 5.0),)) == pytest.approx((5.0,) * 5)
    assert spread_in(()) == ()


def test_an_export_keeps_ranges_whole_years_and_only_figures_enough_peers_have() -> None:
    pool = dataclasses.replace(example_pool(), overall=(2.24, 2.66, 3.0, 3.2, 3.6, 3.81))
    exported = export_pool(pool)
    assert exported.overall == (ScoreBucket(2.0, 4.0, 6, 3.1),)
    assert set(exported.areas) == {"alpha"} and "beta.one" not in exported.levels
    assert (exported.first_year, exported.last_year) == (2025, 2026)
    with pytest.raises(TooFewPeers):
        export_pool(dataclasses.replace(pool, peers=4))
    with pytest.raises(ValidationProblem, match="cannot be 4"):
        export_pool(pool, minimum=4)


@given(pools(), st.integers(MIN_PEERS, 8))
@PROPERTY_SETTINGS
def test_no_export_holds_a_count_below_the_minimum(pool: PeerPool, minimum: int) -> None:
    assume(pool.peers >= minimum)
    exported = export_pool(pool, minimum=minimum)
    for what, values in _figures(pool).items():
        buckets = exported.overall if what == "overall" else exported.areas.get(what[5:], ())
        assert bool(buckets) == (len(values) >= minimum), what
        assert all(b.peers >= minimum for b in buckets), what
        assert sum(b.peers for b in buckets) == (len(values) if buckets else 0)
        # Ranges are lowest first, never overlap, and hold exactly the scores they count.
        for below, above in zip(buckets, buckets[1:], strict=False):
            assert below.high <= above.low
        for b in buckets:
            tenths = range(round(b.low * 10), round(b.high * 10))
            inside = [v for v in values if _cell(v) in tenths]
            assert len(inside) == b.peers, (what, b, values)
        # The lowest and highest score are never told more closely than half a point.
        if buckets:
            assert round(buckets[0].low * 2, 9) % 1 == 0 and round(buckets[-1].high * 2, 9) % 1 == 0
    assert all(sum(c) >= minimum for c in exported.levels.values())
    assert set(exported.levels) == {q for q, c in pool.levels.items() if sum(c) >= minimum}


THOUSANDTHS = st.integers(1000, 5000).map(lambda n: n / 1000)
"""Scores on a grid fine enough to be any score, coarse enough to move by exact steps."""


def _swapped(value: float, values: Sequence[float], buckets: Buckets) -> tuple[float, ...] | None:
    """The scores with `value` moved within its tenth and another score of its range moved
    as far the other way within its own tenth, keeping their sum; None if none can move."""
    (holding,) = [b for b in buckets if b.low <= value <= b.high]
    for step in (0.001, -0.001):
        for other in values:
            if other == value or not holding.low <= other <= holding.high:
                continue
            moved, back = value + step, other - step
            if (
                _cell(moved) == _cell(value)
                and _cell(back) == _cell(other)
                and moved <= 5
                and round(back, 3) != value
            ):
                rest = list(values)
                rest.remove(value)
                rest.remove(other)
                return tuple(sorted([*rest, round(moved, 3), round(back, 3)]))
    return None


@given(st.lists(THOUSANDTHS, min_size=MIN_PEERS, max_size=30), st.data())
@PROPERTY_SETTINGS
def test_no_peers_unique_score_can_be_told_from_the_export(
    values: list[float], data: st.DataObject
) -> None:
    """The file would be the same had a peer with a score no other peer has scored otherwise,
    so the file cannot tell that score; and its range counts at least 4 other peers' scores,
    so it cannot tell whose it is."""
    buckets = buckets_of(values)
    unique = [v for v in values if values.count(v) == 1]
    assume(unique)
    value = data.draw(st.sampled_from(unique))
    (holding,) = [b for b in buckets if b.low <= value <= b.high]
    assert holding.peers >= MIN_PEERS
    swapped = _swapped(value, values, buckets)
    assume(swapped is not None)
    assert swapped is not None and value not in swapped
    assert buckets_of(swapped) == buckets, f"the export tells the score {value}"


def test_the_lowest_score_moves_within_its_half_point_unseen() -> None:
    """2.24 could be 2.01 or 2.49, were 3.0 as far the other way: the file is the same."""
    values = (2.24, 2.66, 3.0, 3.2, 3.6, 3.81)
    lower = (2.01, 2.66, 3.23, 3.2, 3.6, 3.81)
    higher = (2.49, 2.66, 2.75, 3.2, 3.6, 3.81)
    assert buckets_of(lower) == buckets_of(values) == buckets_of(higher)


# --------------------------------------------------------------------------------------------
# Read back: a file's checks, and the tolerance of a benchmark on it
# --------------------------------------------------------------------------------------------


def test_a_file_gives_only_ranges_an_export_could_have_written() -> None:
    two = (ScoreBucket(2.0, 3.5, 5, 3.0), ScoreBucket(3.5, 5.0, 5, 4.0))
    assert check_buckets(two, 10, "x") == two
    bad: list[tuple[Buckets, int, str]] = [
        ((ScoreBucket(2.0, 3.5, 1, 3.0),), 10, "a range counts 1 peers, fewer than 5"),
        ((ScoreBucket(2.0, 3.55, 5, 3.0),), 10, "not whole tenths"),
        ((ScoreBucket(0.5, 3.5, 5, 3.0),), 10, "not whole tenths of the 1 to 5 scale"),
        ((ScoreBucket(3.0, 3.0, 5, 3.0),), 10, "not whole tenths of the 1 to 5 scale"),
        ((ScoreBucket(2.0, 3.5, 5, 3.6),), 10, "the mean 3.6 is not a whole tenth from 2.0"),
        ((ScoreBucket(2.0, 3.5, 5, 3.14),), 10, "the mean 3.14 is not a whole tenth"),
        ((two[0], ScoreBucket(3.0, 5.0, 5, 4.0)), 10, "overlap"),
        (two, 9, "counts 10 scores for 9"),
    ]
    for buckets, peers, message in bad:
        with pytest.raises(ValidationProblem, match=message):
            check_buckets(buckets, peers, "x")
    assert check_levels([1, 0, 2, 2, 0], 5, "x") == (1, 0, 2, 2, 0)
    with pytest.raises(ValidationProblem, match="count 4 peers, fewer than 5"):
        check_levels([1, 0, 1, 2, 0], 9, "x")
    with pytest.raises(ValidationProblem, match="not 5 counts"):
        check_levels([1, 0, 1, 2], 9, "x")


def _within(exact: Standing, approx: Standing, buckets: Buckets, peers: int) -> None:
    assert (exact.peers is None) == (approx.peers is None)
    if exact.peers is None or approx.peers is None:
        return
    assert exact.peers.peers == approx.peers.peers
    tolerance = quantile_tolerance(buckets) + 1e-9
    for name in ("low", "q1", "median", "q3", "high"):
        off = abs(getattr(exact.peers, name) - getattr(approx.peers, name))
        assert off <= tolerance, (exact.area_id, name, off, tolerance)
    if exact.percentile is not None and exact.score is not None:
        assert approx.percentile is not None
        bound = percentile_tolerance(buckets, exact.score, peers) + 1e-9
        assert abs(exact.percentile - approx.percentile) <= bound


def _benchmarks(
    local: PeerPool | None, colleague: PeerPool, client: ClientFigures
) -> tuple[Benchmark, Benchmark, ExportedPool]:
    exported = export_pool(colleague)
    read_back = pool_from_export(exported)
    exact_pools = [colleague] if local is None else [local, colleague]
    file_pools = [read_back] if local is None else [local, read_back]
    exact = benchmark(MINI, client, pool_together(exact_pools))
    approx = benchmark(MINI, client, pool_together(file_pools))
    return exact, approx, exported


CLIENTS = st.builds(
    lambda overall, alpha, beta: ClientFigures(
        "2026-Q2", overall, {"alpha": alpha, "beta": beta}, {}
    ),
    st.one_of(st.none(), SCORES, TWO_DECIMALS),
    st.one_of(st.none(), SCORES, TWO_DECIMALS),
    st.one_of(st.none(), SCORES, TWO_DECIMALS),
)


@given(st.one_of(st.none(), pools(least=0, most=12)), pools(), CLIENTS)
@PROPERTY_SETTINGS
def test_a_benchmark_on_an_export_is_within_the_documented_tolerance(
    local: PeerPool | None, colleague: PeerPool, client: ClientFigures
) -> None:
    # Figures the colleague's file leaves out (held by fewer than 5) would differ by design.
    def enough(values: tuple[float, ...]) -> tuple[float, ...]:
        return values if len(values) >= MIN_PEERS else ()

    colleague = dataclasses.replace(
        colleague,
        overall=enough(colleague.overall),
        areas={a: enough(v) for a, v in colleague.areas.items()},
        levels={q: c for q, c in colleague.levels.items() if sum(c) >= MIN_PEERS},
    )
    exact, approx, exported = _benchmarks(local, colleague, client)
    assert approx.approximate == bool(colleague.overall or any(colleague.areas.values()))
    assert not exact.approximate
    assert approx.peers == exact.peers and approx.questions_compared == exact.questions_compared
    pairs = [(exact.overall, approx.overall, exported.overall)]
    pairs += [
        (e, a, exported.areas.get(e.area_id, ()))
        for e, a in zip(exact.areas, approx.areas, strict=True)
    ]
    for e, a, buckets in pairs:
        _within(e, a, buckets, e.peers.peers if e.peers is not None else 0)


def test_a_tight_portfolio_reads_back_close() -> None:
    """Ten peers between 2.9 and 3.5: the ranges hold them within 0.3 of a point."""
    scores = (2.91, 2.95, 3.02, 3.08, 3.14, 3.2, 3.26, 3.31, 3.37, 3.45)
    pool = PeerPool("mini", 10, overall=scores)
    exported = export_pool(pool)
    assert exported.overall == (ScoreBucket(2.5, 3.2, 5, 3.0), ScoreBucket(3.2, 3.5, 5, 3.3))
    client = ClientFigures("2026-Q2", 3.1, {}, {})
    exact = benchmark(MINI, client, pool).overall
    approx = benchmark(MINI, client, pool_from_export(exported)).overall
    assert isinstance(exact.peers, Spread) and isinstance(approx.peers, Spread)
    assert abs(exact.peers.median - approx.peers.median) <= quantile_tolerance(exported.overall)
    assert exact.percentile == 40.0 and approx.percentile == 40.0


def test_the_worked_example_of_an_export(mini: Questionnaire) -> None:
    """docs/scoring.md, "The same six peers in an export"."""
    client = example_client(mini)
    exact = benchmark(mini, client, example_pool())
    exported = export_pool(example_pool())
    assert exported.overall == (ScoreBucket(2.0, 4.0, 6, 3.1),)
    read_back = pool_from_export(exported)
    assert read_back.overall == pytest.approx((2.35, 2.65, 2.95, 3.25, 3.55, 3.85))
    approx = benchmark(mini, client, read_back)
    assert approx.overall.peers is not None and exact.overall.peers is not None
    assert [fmt_score(getattr(approx.overall.peers, n)) for n in ("q1", "median", "q3")] == [
        "2.73",
        "3.10",
        "3.47",
    ]
    assert fmt_percentile(approx.overall.percentile) == fmt_percentile(exact.overall.percentile)
    assert fmt_percentile(approx.overall.percentile) == "33rd" and approx.approximate
    assert quantile_tolerance(exported.overall) == 2.0
    assert percentile_tolerance(exported.overall, 2.92, 6) == 100.0
