"""The portfolio benchmark: quartiles, mid-rank percentiles, the bottom quartile and every privacy
rule, checked by hand (the worked example of docs/scoring.md) and with properties."""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxaudit.domain.benchmark import (
    Benchmark,
    ClientFigures,
    Spread,
    benchmark,
    client_figures,
    describe_peers,
    fmt_peer_dates,
    fmt_percentile,
    percentile_rank,
    quantile,
    spread_of,
)
from cxaudit.domain.model import Role
from cxaudit.domain.peers import (
    MIN_PEERS,
    Candidate,
    PeerPool,
    TooFewPeers,
    check_minimum,
    choose_peers,
    count_levels,
    matching_sectors,
    pool_together,
    question_level,
    wanted_sector,
)
from cxaudit.domain.questionnaire import Questionnaire, load_questionnaire
from cxaudit.domain.scoring import EPSILON, floor_level, score_assessment
from cxaudit.errors import ValidationProblem
from tests.domain.test_scoring import build_questionnaire, person

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)
SCORES = st.floats(1.0, 5.0, allow_nan=False)


MINI = load_questionnaire(Path(__file__).parents[1] / "fixtures" / "mini.toml")


@pytest.fixture
def mini() -> Questionnaire:
    return MINI


# --------------------------------------------------------------------------------------------
# Quartiles and percentiles
# --------------------------------------------------------------------------------------------


def test_quantiles_interpolate_linearly_between_the_two_nearest_ranks() -> None:
    # numpy.quantile([1, 2, 3, 4], [0.25, 0.5, 0.75]) == [1.75, 2.5, 3.25]
    values = [1.0, 2.0, 3.0, 4.0]
    assert [quantile(values, f) for f in (0.25, 0.5, 0.75)] == [1.75, 2.5, 3.25]
    assert quantile([3.0], 0.25) == 3.0
    assert quantile(values, 0.0) == 1.0 and quantile(values, 1.0) == 4.0


@given(st.lists(SCORES, min_size=2, max_size=40))
@PROPERTY_SETTINGS
def test_quartiles_are_the_inclusive_method_of_the_standard_library(values: list[float]) -> None:
    ordered = sorted(values)
    expected = statistics.quantiles(values, n=4, method="inclusive")
    spread = spread_of(values)
    for got, want in zip((spread.q1, spread.median, spread.q3), expected, strict=True):
        assert got == pytest.approx(want, abs=1e-9)
    assert ordered[0] <= spread.low <= spread.q1 <= spread.median <= spread.q3
    assert spread.q3 <= spread.high <= ordered[-1]
    assert spread.peers == len(values)


def test_percentiles_count_ties_as_half_below() -> None:
    assert percentile_rank(2.0, [1.0, 2.0, 2.0, 3.0]) == 50.0
    assert percentile_rank(0.5, [1.0, 2.0]) == 0.0
    assert percentile_rank(9.0, [1.0, 2.0]) == 100.0
    assert percentile_rank(3.0, [3.0] * 5) == 50.0
    # Values within 0.000000001 are ties, as everywhere scores are compared.
    assert percentile_rank(2.0 + EPSILON / 2, [1.0, 2.0]) == 75.0


@given(SCORES, st.lists(SCORES, min_size=1, max_size=30))
@PROPERTY_SETTINGS
def test_a_percentile_lies_between_0_and_100_and_rises_with_the_score(
    value: float, values: list[float]
) -> None:
    rank = percentile_rank(value, values)
    assert 0.0 <= rank <= 100.0
    assert percentile_rank(value + 0.5, values) >= rank
    assert percentile_rank(value, list(reversed(values))) == rank


def test_percentiles_and_dates_read_as_people_say_them() -> None:
    words = [fmt_percentile(v) for v in (1, 2, 3, 4, 11, 12, 13, 21, 22, 33.4, 100, None)]
    assert words == ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd"] + [
        "33rd",
        "100th",
        "—",
    ]
    assert fmt_peer_dates(date(2024, 7, 1), date(2025, 6, 30)) == "Jul 2024 to Jun 2025"
    assert fmt_peer_dates(date(2025, 1, 1), date(2025, 1, 31)) == "Jan 2025"
    assert fmt_peer_dates(None, None) == "—"


# --------------------------------------------------------------------------------------------
# Who the peers are
# --------------------------------------------------------------------------------------------


@given(st.lists(st.integers(1, 5), min_size=1, max_size=12))
@PROPERTY_SETTINGS
def test_a_peers_level_is_the_floor_of_its_question_score(levels: list[int]) -> None:
    respondents = [person(f"R{i}", Role.OTHER, {"alpha.q1": v}) for i, v in enumerate(levels)]
    q = build_questionnaire({"alpha": [1.0]})
    score = score_assessment(q, respondents).questions["alpha.q1"].score
    assert score is not None
    assert question_level(sum(levels), len(levels)) == floor_level(score)
    figures = client_figures("2026-Q1", score_assessment(q, respondents))
    assert figures.levels == {"alpha.q1": floor_level(score)}


def test_levels_are_counted_per_peer() -> None:
    rows = [("a.one", 3, 2), ("a.one", 4, 1), ("a.two", 1, 3), ("a.one", 3, 1)]
    assert count_levels(rows) == {"a.one": (0, 0, 3, 1, 0), "a.two": (3, 0, 0, 0, 0)}


def _candidate(org: int, assessment: int, **changes: Any) -> Candidate:
    base = Candidate(org, assessment, "cx", date(2025, 1, 1), True, False, "Retail")
    return dataclasses.replace(base, **changes)


def test_peers_are_each_other_organisations_latest_completed_assessment() -> None:
    candidates = [
        _candidate(1, 10),  # the client
        _candidate(2, 20, period_start=date(2024, 1, 1)),
        _candidate(2, 21, period_start=date(2025, 4, 1)),  # org 2's latest
        _candidate(2, 22, period_start=date(2025, 7, 1), completed=False),  # a draft
        _candidate(3, 30, archived=True),
        _candidate(4, 40, questionnaire_id="other"),
        _candidate(5, 50, sector="Banking"),
        _candidate(6, 60),
        _candidate(6, 61),  # the same period start: the later id
    ]
    chosen = choose_peers(candidates, client_organisation_id=1, questionnaire_id="cx")
    assert chosen == [21, 50, 61]
    in_retail = choose_peers(
        candidates, client_organisation_id=1, questionnaire_id="cx", sector="rETAIL"
    )
    assert in_retail == [21, 61]


def test_a_sector_filter_means_every_spelling_of_that_sector() -> None:
    assert matching_sectors(["Retail", "retail ", "RETAIL", "Banking", ""], "retail") == [
        "RETAIL",
        "Retail",
        "retail ",
    ]
    assert wanted_sector("  ") is None and wanted_sector(" Retail ") == "Retail"
    with pytest.raises(ValidationProblem):
        wanted_sector("Re\x1btail")


# --------------------------------------------------------------------------------------------
# The worked example of docs/scoring.md
# --------------------------------------------------------------------------------------------


def example_client(q: Questionnaire) -> ClientFigures:
    """Lee, Fay and Max of the scoring worked example: Alpha 2.92, Beta no score."""
    lee = person("Lee", Role.LEADER, {"alpha.one": 4, "alpha.two": 3, "alpha.three": "unknown"})
    fay = person("Fay", Role.FRONTLINE, {"alpha.one": 2, "alpha.two": 3, "alpha.three": 2})
    max_ = person("Max", Role.MANAGER, {"alpha.one": 3, "alpha.two": 5, "alpha.three": "na"})
    for someone in (lee, fay, max_):
        for qid in ("beta.one", "beta.two"):
            someone.answers.update(person("x", Role.OTHER, {qid: "na"}).answers)
    return client_figures("2026-Q2", score_assessment(q, [lee, fay, max_]))


def example_pool() -> PeerPool:
    return PeerPool(
        questionnaire_id="mini",
        peers=6,
        overall=(2.2, 2.6, 3.0, 3.2, 3.6, 3.8),
        areas={"alpha": (2.1, 2.5, 2.9, 3.2, 3.6, 4.0), "beta": (2.0, 3.0, 3.5, 4.0)},
        levels={
            "alpha.one": (0, 0, 1, 3, 2),  # 3 4 4 4 5 5
            "alpha.two": (0, 1, 2, 2, 1),  # 2 3 3 4 4 5
            "alpha.three": (0, 1, 3, 2, 0),  # 2 3 3 3 4 4
            "beta.one": (0, 1, 1, 2, 0),  # only four peers gave a level
            "beta.two": (1, 1, 2, 1, 1),
        },
        first=date(2025, 7, 1),
        last=date(2026, 6, 30),
    )


def test_the_worked_example(mini: Questionnaire) -> None:
    client = example_client(mini)
    assert client.levels == {"alpha.one": 3, "alpha.two": 3, "alpha.three": 2}
    result = benchmark(mini, client, example_pool())
    assert result.peers == 6 and describe_peers(result) == "6 peers, assessed Jul 2025 to Jun 2026"

    overall = result.overall
    assert _close(overall.peers, Spread(6, 2.4, 2.7, 3.1, 3.5, 3.7))
    assert fmt_percentile(overall.percentile) == "33rd"

    alpha, beta = result.areas
    assert _close(alpha.peers, Spread(6, 2.3, 2.6, 3.05, 3.5, 3.8))
    assert fmt_percentile(alpha.percentile) == "50th"
    assert beta.peers is None and beta.percentile is None  # four peers have a Beta score

    assert [(b.question_id, b.weighted_gap, round(b.percentile)) for b in result.behind] == [
        ("alpha.one", 2.0, 8),
        ("alpha.three", 1.0, 8),
    ]
    assert result.questions_compared == 4 and result.questions_withheld == 1


def _close(got: Spread | None, want: Spread) -> bool:
    assert got is not None
    for name in ("low", "q1", "median", "q3", "high"):
        assert getattr(got, name) == pytest.approx(getattr(want, name)), name
    assert got.peers == want.peers
    return True


def test_the_bottom_quartile_ranks_by_weighted_gap_with_ties_in_questionnaire_order(
    mini: Questionnaire,
) -> None:
    client = ClientFigures("2026-Q2", 2.0, {}, {"alpha.two": 1, "alpha.three": 1, "beta.one": 1})
    same = (0, 0, 6, 0, 0)
    pool = PeerPool("mini", 6, levels={"alpha.two": same, "alpha.three": same, "beta.one": same})
    result = benchmark(mini, client, pool)
    assert [b.question_id for b in result.behind] == ["alpha.two", "alpha.three", "beta.one"]


# --------------------------------------------------------------------------------------------
# Privacy
# --------------------------------------------------------------------------------------------


def test_fewer_than_five_peers_is_refused_in_one_sentence(mini: Questionnaire) -> None:
    pool = dataclasses.replace(example_pool(), peers=3)
    with pytest.raises(TooFewPeers) as caught:
        benchmark(mini, example_client(mini), pool)
    assert str(caught.value) == (
        "Benchmarking needs at least 5 other organisations with a completed assessment on "
        "this questionnaire; there are 3."
    )
    with pytest.raises(TooFewPeers, match="; there is 1.$"):
        benchmark(mini, example_client(mini), dataclasses.replace(pool, peers=1))


def test_the_minimum_may_be_raised_but_never_lowered(mini: Questionnaire) -> None:
    assert check_minimum(MIN_PEERS) == 5 and check_minimum(8) == 8
    with pytest.raises(ValidationProblem, match="at least 5 peers; the minimum cannot be 4"):
        benchmark(mini, example_client(mini), example_pool(), minimum=4)
    with pytest.raises(TooFewPeers, match="at least 7 other organisations.*there are 6"):
        benchmark(mini, example_client(mini), example_pool(), minimum=7)
    # At 6, every figure fewer than six peers have is withheld.
    result = benchmark(mini, example_client(mini), example_pool(), minimum=6)
    assert result.minimum == 6 and result.questions_withheld == 1


def test_a_question_fewer_than_five_peers_answered_is_never_compared(mini: Questionnaire) -> None:
    client = ClientFigures("2026-Q2", None, {}, {"alpha.one": 1})
    pool = PeerPool("mini", 9, levels={"alpha.one": (0, 0, 0, 4, 0)})
    result = benchmark(mini, client, pool)
    assert result.behind == () and result.questions_compared == 0


def _values(thing: Any) -> Iterator[Any]:
    """Every value held anywhere in a result, with the collections that hold them."""
    yield thing
    if dataclasses.is_dataclass(thing) and not isinstance(thing, type):
        for f in dataclasses.fields(thing):
            yield from _values(getattr(thing, f.name))
    elif isinstance(thing, tuple | list):
        for item in thing:
            yield from _values(item)


QUESTIONS = ("alpha.one", "alpha.two", "alpha.three", "beta.one", "beta.two")
LEVELS = st.lists(st.integers(0, 4), min_size=5, max_size=5).map(tuple)


@st.composite
def pools(draw: st.DrawFn) -> PeerPool:
    peers = draw(st.integers(0, 14))
    scores = st.lists(SCORES, min_size=0, max_size=peers)
    return PeerPool(
        questionnaire_id="mini",
        peers=peers,
        overall=tuple(sorted(draw(scores))),
        areas={"alpha": tuple(sorted(draw(scores))), "beta": tuple(sorted(draw(scores)))},
        levels={qid: draw(LEVELS) for qid in QUESTIONS},
    )


@given(pools(), st.integers(5, 8), st.dictionaries(st.sampled_from(QUESTIONS), st.integers(1, 5)))
@PROPERTY_SETTINGS
def test_a_benchmark_holds_only_aggregates_of_enough_peers(
    pool: PeerPool, minimum: int, levels: dict[str, int]
) -> None:
    client = ClientFigures("2026-Q2", 3.0, {"alpha": 2.5}, levels)
    try:
        result: Benchmark = benchmark(MINI, client, pool, minimum=minimum)
    except TooFewPeers:
        assert pool.peers < minimum
        return
    assert pool.peers >= minimum
    for value in _values(result):
        if isinstance(value, Spread):
            assert value.peers >= minimum
        # No list of values anywhere: only standings and questions, each of aggregates.
        if isinstance(value, tuple) and value:
            assert all(dataclasses.is_dataclass(item) for item in value)
    for standing in (result.overall, *result.areas):
        if standing.peers is not None:
            assert standing.percentile is not None or standing.score is None


def test_pools_add_up_and_must_agree_on_questionnaire_and_sector() -> None:
    one = PeerPool("mini", 2, overall=(3.0, 4.0), levels={"a": (1, 0, 0, 0, 1)}, sector="Retail")
    two = PeerPool("mini", 3, overall=(2.0,), levels={"a": (0, 1, 0, 0, 0)}, sector="retail")
    both = pool_together([one, two])
    assert both.peers == 5 and both.overall == (2.0, 3.0, 4.0)
    assert both.levels == {"a": (1, 1, 0, 0, 1)} and not both.approximate
    assert pool_together([one, dataclasses.replace(two, approximate=True)]).approximate
    with pytest.raises(ValidationProblem, match="every sector cannot be pooled"):
        pool_together([one, dataclasses.replace(two, sector=None)])
    with pytest.raises(ValidationProblem, match="questionnaire other"):
        pool_together([one, dataclasses.replace(two, questionnaire_id="other")])


def test_the_result_names_the_sector_only_when_filtered_by_it(mini: Questionnaire) -> None:
    pool = dataclasses.replace(example_pool(), sector="Retail")
    assert benchmark(mini, example_client(mini), pool).sector is None
    filtered = benchmark(mini, example_client(mini), pool, sector="Retail")
    assert describe_peers(filtered).startswith("6 peers in Retail, assessed")
