"""The Benchmark tab of the Results screen: the client's areas against its peers' quartiles, read
in a worker once the tab is opened, never naming a peer; too few peers or a draft is told why.

The portfolio is the one the use-case, CLI and report tests share (`build_portfolio`): a client,
nine peers with distinctive names and notes, and three organisations that must never count.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from cxaudit.domain.benchmark import Standing, fmt_percentile
from cxaudit.domain.format import fmt_score
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.services import benchmark as benchmark_service
from cxaudit.services.benchmark import BenchmarkView
from cxaudit.services.workspace import open_workspace
from cxaudit.tui.app import CxauditApp
from tests.services.test_benchmark_peers import CLIENT, COUNTED, PEERS, build_portfolio
from tests.tui.conftest import TODAY
from tests.tui.helpers import screen_lines, screen_text, settle


def _assessment_id(db_url: str, name: str) -> int:
    from cxaudit.storage import open_database, repository

    db = open_database(db_url)
    try:
        with db.session() as session:
            found = repository.find_assessment(session, organisation_ref=name).id
            assert found is not None
            return found
    finally:
        db.dispose()


def _expected(db_url: str) -> BenchmarkView:
    """What `cxaudit benchmark` would say of the client's latest completed assessment."""
    with open_workspace(db_url, today=TODAY) as ws:
        return benchmark_service.benchmark(ws, organisation=CLIENT)


async def _tab_text(app: CxauditApp, db_url: str, name: str, size: tuple[int, int]) -> str:
    """Open `name`'s results, press 4, and return the whole tab's text (it scrolls)."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.open_results(_assessment_id(db_url, name))
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        return str(app.screen.query_one("#benchmark-text", Static).render())


@pytest.fixture
def service_threads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The threads the benchmark use-case ran on (it still runs, for real)."""
    seen: list[str] = []
    real = benchmark_service.benchmark

    def recorded(*args: Any, **kwargs: Any) -> BenchmarkView:
        seen.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(benchmark_service, "benchmark", recorded)
    yield seen


def _row(lines: list[str], title: str) -> str:
    (line,) = [line for line in lines if line.startswith(f"{title} ")]
    return line


async def test_the_tab_shows_the_benchmark_the_service_gives(
    make_app: Callable[..., CxauditApp],
    db_url: str,
    mini: Questionnaire,
    service_threads: list[str],
) -> None:
    build_portfolio(db_url, mini)
    expected = _expected(db_url)
    service_threads.clear()
    result = expected.result
    text = await _tab_text(make_app(), db_url, CLIENT, (100, 40))

    assert service_threads and threading.main_thread().name not in service_threads, (
        "read in a worker, not on the UI thread"
    )
    lines = text.splitlines()
    assert lines[0] == f"Compared with {len(COUNTED)} peers, assessed Jul 2025 to Jun 2026. " + (
        "No peer is named."
    )

    def figures(standing: Standing) -> list[str]:
        assert standing.peers is not None
        spread = standing.peers
        return [
            fmt_score(standing.score),
            fmt_percentile(standing.percentile),
            fmt_score(spread.q1),
            fmt_score(spread.median),
            fmt_score(spread.q3),
        ]

    titled = [("Overall", result.overall)]
    titled += [(expected.questionnaire.area(s.area_id).title, s) for s in result.areas]
    for title, standing in titled:
        row = _row(lines, title)
        assert row.split()[1:6] == figures(standing), title
        # The client's diamond sits where its score falls on the 1–5 bar (25 cells).
        bar = row[-25:]
        assert standing.score is not None
        assert bar.index("◆") == round((standing.score - 1) / 4 * 24), title

    assert result.behind, "the client is in the peers' bottom quartile somewhere"
    numbers = {
        question.id: f"{a}.{n}"
        for a, area in enumerate(mini.areas, start=1)
        for n, question in enumerate(area.questions, start=1)
    }
    listed = [line.split()[0] for line in lines if line.split()[1:2] == ["level"]]
    assert listed == [numbers[item.question_id] for item in result.behind], "by weighted gap"
    for item in result.behind:
        assert (
            f"{numbers[item.question_id]}  level {item.level} "
            f"({fmt_percentile(item.percentile)} pctl) · peers' 25th {fmt_score(item.peers.q1)}, "
            f"median {fmt_score(item.peers.median)} · weighted gap {fmt_score(item.weighted_gap)}"
        ) in lines
        assert mini.question(item.question_id).prompt in text


async def test_no_peer_is_named_anywhere_on_the_screen(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    build_portfolio(db_url, mini)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_results(_assessment_id(db_url, CLIENT))
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        shown = [screen_text(app)]
        tab = str(app.screen.query_one("#benchmark-text", Static).render())
        assert "Compared with" in tab
        for _ in range(6):  # every part of the tab, scrolled through
            await pilot.press("pagedown")
            await settle(pilot)
            shown.append(screen_text(app))
    everything = "\n".join([*shown, tab]).lower()
    for peer in PEERS:
        for secret in (peer.name, peer.slug, peer.note, peer.sector):
            if secret.lower() != "retail":  # the client's own sector, shown on its own pages
                assert secret.lower() not in everything, secret


async def test_every_row_fits_at_80_columns(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    build_portfolio(db_url, mini)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_results(_assessment_id(db_url, CLIENT))
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        tab = str(app.screen.query_one("#benchmark-text", Static).render()).splitlines()
        on_screen = [line.strip() for line in screen_lines(app)]
    rows = [line for line in tab if line.split()[:1] in (["Area"], ["Overall"], ["Alpha"])]
    assert len(rows) == 3
    for line in rows:
        assert line.strip() in on_screen, f"cut or wrapped at 80 columns: {line!r}"


async def test_fewer_than_five_peers_shows_the_reason_instead(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    build_portfolio(db_url, mini, peers=COUNTED[:3])
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_results(_assessment_id(db_url, CLIENT))
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        text = str(app.screen.query_one("#benchmark-text", Static).render())
        notices = [n.message for n in app._notifications]
    assert text == (
        "Benchmarking needs at least 5 other organisations with a completed assessment on "
        "this questionnaire; there are 3."
    )
    assert not notices, "an answer shown in the tab, not a failure"


async def test_a_draft_is_told_why_there_is_no_benchmark(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    build_portfolio(db_url, mini)
    text = await _tab_text(make_app(), db_url, "Drafton Pending", (100, 40))
    assert text == "Peers are compared on completed assessments: complete this one first."


class TestSnapshot:
    """The tab as drawn at the smallest size cxaudit draws at."""

    def test_benchmark_tab_at_80x24(
        self,
        snap_compare: Any,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        mini: Questionnaire,
    ) -> None:
        monkeypatch.chdir(tmp_path)
        url = "sqlite:///cxaudit.db"  # the same name in every run, so the screen is too
        build_portfolio(url, mini)
        app = CxauditApp(url, today=TODAY, questionnaire=mini)

        async def benchmark_tab(pilot: Pilot[None]) -> None:
            await settle(pilot)
            app.open_results(_assessment_id(url, CLIENT))
            await settle(pilot)
            await pilot.press("4")
            await settle(pilot)

        assert snap_compare(app, terminal_size=(80, 24), run_before=benchmark_tab)
