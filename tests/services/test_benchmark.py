"""The benchmark use-cases on a real portfolio (`build_portfolio`): who the peers are, what a
client is told, and the anonymous export colleagues pool."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cxaudit.domain.benchmark_export import percentile_tolerance, quantile_tolerance
from cxaudit.domain.peers import TooFewPeers
from cxaudit.errors import DataImportError, NotFoundError, ValidationProblem
from cxaudit.services.benchmark import (
    benchmark,
    benchmark_export,
    report_benchmark,
    write_benchmark_export,
)
from cxaudit.services.workspace import Workspace
from tests.services.test_benchmark_peers import CLIENT, COUNTED, portfolio, ws

__all__ = ["portfolio", "ws"]


def test_the_client_is_compared_with_its_nine_peers(ws: Workspace) -> None:
    view = benchmark(ws, organisation="acme-client-stores")
    result = view.result
    assert view.organisation.name == CLIENT
    assert result.period == "2026-Q2" and result.peers == len(COUNTED) == 9
    assert result.first == date(2025, 7, 1) and result.last == date(2026, 6, 30)
    assert result.overall.peers is not None and result.overall.peers.peers == 9
    assert result.overall.percentile is not None and result.overall.percentile < 50
    assert [s.area_id for s in result.areas] == ["alpha", "beta"]
    assert result.questions_compared == 5 and result.behind


def test_a_sector_filter_keeps_its_peers_in_every_spelling(ws: Workspace) -> None:
    retail = benchmark(ws, organisation=CLIENT, sector=" retail ").result
    assert retail.peers == 5 and retail.sector == "retail"
    with pytest.raises(TooFewPeers) as caught:
        benchmark(ws, organisation=CLIENT, sector="Banking")
    assert str(caught.value) == (
        "Benchmarking needs at least 5 other organisations with a completed assessment on "
        "this questionnaire; there are 3."
    )


def test_an_earlier_period_and_the_errors_a_user_can_make(ws: Workspace) -> None:
    assert benchmark(ws, organisation=CLIENT, period="2026-q1").result.period == "2026-Q1"
    with pytest.raises(NotFoundError, match="has no assessment for 2025-Q1"):
        benchmark(ws, organisation=CLIENT, period="2025-Q1")
    with pytest.raises(ValidationProblem, match="the minimum cannot be 3"):
        benchmark(ws, organisation=CLIENT, minimum=3)
    with pytest.raises(TooFewPeers, match="at least 10 other organisations.*there are 9"):
        benchmark(ws, organisation=CLIENT, minimum=10)
    with pytest.raises(NotFoundError, match="no completed assessment"):
        benchmark(ws, organisation="Drafton Pending")


def test_the_export_holds_counts_only_and_adds_up_again(ws: Workspace, tmp_path: Path) -> None:
    data = benchmark_export(ws)
    (entry,) = [e for e in data["questionnaires"] if e["questionnaire_id"] == "mini"]
    # Every organisation that is not archived, the client included; no one on "other" (one).
    assert entry["peers"] == 10 and entry["first_year"] == 2025 and entry["last_year"] == 2026
    assert sum(r["peers"] for r in entry["overall"]) == 10
    assert all(r["peers"] >= 5 for r in entry["overall"])
    assert all(len(counts) == 5 and 5 <= sum(counts) <= 10 for counts in entry["levels"].values())
    assert [e["questionnaire_id"] for e in data["questionnaires"]] == ["mini"]

    path = tmp_path / "peers.json"
    assert write_benchmark_export(ws, output=path) == (1, 10)
    alone = benchmark(ws, organisation=CLIENT).result
    with_file = benchmark(ws, organisation=CLIENT, peers_files=[path]).result
    assert with_file.peers == 9 + 10 and with_file.approximate and not alone.approximate


def test_a_pooled_benchmark_is_within_the_documented_tolerance_of_the_exact_one(
    ws: Workspace, tmp_path: Path
) -> None:
    """The file's ranges read back give figures within `quantile_tolerance` and
    `percentile_tolerance` of those on the real scores of the same organisations."""
    from cxaudit.domain.benchmark import benchmark as benchmark_of
    from cxaudit.domain.benchmark_export import export_pool
    from cxaudit.domain.peers import pool_together
    from cxaudit.storage.repository import peers

    path = tmp_path / "peers.json"
    write_benchmark_export(ws, output=path)
    view = benchmark(ws, organisation=CLIENT)
    pooled = benchmark(ws, organisation=CLIENT, peers_files=[path]).result
    assert view.organisation.id is not None
    with ws.session() as session:
        (source,) = [
            p for p in peers.portfolio_pools(session, sector=None) if p.questionnaire_id == "mini"
        ]
        local = peers.peer_pool(
            session, organisation_id=view.organisation.id, questionnaire_id="mini"
        )
        client = peers.client_figures(
            session, client=peers.client_assessment(session, organisation_id=view.organisation.id)
        )
    exact = benchmark_of(view.questionnaire, client, pool_together([local, source]))
    exported = export_pool(source)
    assert exact.peers == pooled.peers == 19
    assert exact.questions_compared == pooled.questions_compared
    pairs = [(exact.overall, pooled.overall, exported.overall)]
    pairs += [
        (e, p, exported.areas[e.area_id]) for e, p in zip(exact.areas, pooled.areas, strict=True)
    ]
    for e, p, buckets in pairs:
        assert e.peers is not None and p.peers is not None and e.score is not None
        assert e.peers.peers == p.peers.peers
        tolerance = quantile_tolerance(buckets) + 1e-9
        for name in ("low", "q1", "median", "q3", "high"):
            assert abs(getattr(e.peers, name) - getattr(p.peers, name)) <= tolerance
        bound = percentile_tolerance(buckets, e.score, e.peers.peers) + 1e-9
        assert e.percentile is not None and p.percentile is not None
        assert abs(e.percentile - p.percentile) <= bound


def test_a_peers_file_must_suit_the_benchmark(ws: Workspace, tmp_path: Path) -> None:
    retail = tmp_path / "retail.json"
    retail.write_text(json.dumps({**benchmark_export(ws), "sector": "Retail"}), encoding="utf-8")
    with pytest.raises(ValidationProblem, match="holds only peers in Retail; use it with --sector"):
        benchmark(ws, organisation=CLIENT, peers_files=[retail])
    assert benchmark(ws, organisation=CLIENT, sector="RETAIL", peers_files=[retail]).result.peers
    every = tmp_path / "every.json"
    every.write_text(json.dumps(benchmark_export(ws)), encoding="utf-8")
    with pytest.raises(ValidationProblem, match="holds peers of every sector"):
        benchmark(ws, organisation=CLIENT, sector="Retail", peers_files=[every])
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "cxaudit-benchmark-peers", "version": 2}', encoding="utf-8")
    with pytest.raises(DataImportError, match="not a usable benchmark export: questionnaires"):
        benchmark(ws, organisation=CLIENT, peers_files=[broken])


def test_the_report_gets_a_benchmark_only_when_there_is_one_to_show(ws: Workspace) -> None:
    client = benchmark(ws, organisation=CLIENT).organisation
    assert client.id is not None
    shown = report_benchmark(ws, organisation_id=client.id, period="2026-Q2")
    assert shown is not None and shown.peers == 9
    draft = _organisation_id(ws, "Drafton Pending")
    assert report_benchmark(ws, organisation_id=draft, period="2026-Q2") is None


def _organisation_id(ws: Workspace, name: str) -> int:
    from cxaudit.storage import repository

    with ws.session() as session:
        found = repository.get_organisation(session, ref=name)
    assert found.id is not None
    return found.id
