"""A few screenshots of the main screens, with a fixed size, day, data and no blinking cursor.

Home and Help at 100×30; the wizard, results, comparison, history and a detail view at the
smallest size cxaudit draws at (80×24) and at a roomy one (120×40), on the built-in
questionnaire so that the real texts are what must fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from cxaudit.catalogue import default_questionnaire
from cxaudit.domain.model import Role
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.tui.app import CxauditApp
from cxaudit.tui.screens.compare import CompareScreen
from cxaudit.tui.screens.history import HistoryScreen
from cxaudit.tui.screens.results import ResultsScreen
from tests.tui.conftest import TODAY
from tests.tui.helpers import Given, seed_assessment, seed_team, settle

SIZE = (100, 30)


@pytest.fixture
def snapshot_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini: Questionnaire
) -> tuple[CxauditApp, int]:
    """Two organisations with history and one draft, in a file named the same in every run."""
    monkeypatch.chdir(tmp_path)
    url = "sqlite:///cxaudit.db"
    all_three: dict[str, int | str] = {q.id: 3 for q in mini.questions}
    seed_assessment(url, mini, organisation="Acme Stores", period="2025-Q4", answers=all_three)
    better: dict[str, int | str] = {
        "alpha.one": 4,
        "alpha.two": 3,
        "alpha.three": "na",
        "beta.one": "unknown",
        "beta.two": 2,
    }
    latest = seed_assessment(
        url, mini, organisation="Acme Stores", period="2026-Q1", answers=better
    )
    seed_assessment(
        url,
        mini,
        organisation="Birch Health",
        sector="Healthcare",
        period="2026-Q2",
        answers={"alpha.one": 2},
        respondent="Bo Front",
        role=Role.FRONTLINE,
        complete=False,
    )
    return CxauditApp(url, today=TODAY, questionnaire=mini), latest


class TestScreens:
    """Home and Help, as a user sees them."""

    def test_home(self, snap_compare: Any, snapshot_app: tuple[CxauditApp, int]) -> None:
        app, _ = snapshot_app

        async def ready(pilot: Pilot[None]) -> None:
            await settle(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=ready)

    def test_help(self, snap_compare: Any, snapshot_app: tuple[CxauditApp, int]) -> None:
        app, _ = snapshot_app

        async def open_help(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("f1")
            await settle(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=open_help)


SIZES = [(80, 24), (120, 40)]


@dataclass(frozen=True)
class Quarters:
    """The app on two completed quarters and a carried-forward draft of one organisation."""

    app: CxauditApp
    earlier: int
    later: int
    draft: int


def _levels(questionnaire: Questionnaire, shift: int, note: str) -> dict[str, Given]:
    return {q.id: ((i + shift) % 5 + 1, note) for i, q in enumerate(questionnaire.questions)}


@pytest.fixture
def quarters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Quarters:
    """Northwind Energy: 2025-Q4 and 2026-Q1 answered by a leader and the front line, then a
    2026-Q2 draft whose respondent carried her answers forward (none confirmed yet)."""
    from cxaudit.storage import open_database, repository

    monkeypatch.chdir(tmp_path)
    url = "sqlite:///cxaudit.db"
    q = default_questionnaire()
    ids = []
    for period, shift in (("2025-Q4", 0), ("2026-Q1", 1)):
        people = [
            ("Priya Shah", Role.LEADER, _levels(q, shift + 2, "Checked in every one-to-one.")),
            ("Aisha Okafor", Role.FRONTLINE, _levels(q, shift, "Front-line staff agree")),
        ]
        ids.append(seed_team(url, q, organisation="Northwind Energy", period=period, people=people))
    db = open_database(url)
    try:
        with db.session() as session:
            draft = repository.start_assessment(
                session, organisation_id=1, period="2026-Q2", questionnaire=q
            )
            assert draft.id is not None
            repository.add_respondent(
                session,
                assessment_id=draft.id,
                name="Priya Shah",
                role=Role.LEADER,
                prefill_from_latest=True,
            )
    finally:
        db.dispose()
    return Quarters(CxauditApp(url, today=TODAY), ids[0], ids[1], draft.id)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
class TestAtTwoSizes:
    """The screens where text must fit, at 80×24 and at 120×40."""

    def test_wizard(self, snap_compare: Any, quarters: Quarters, size: tuple[int, int]) -> None:
        async def resume(pilot: Pilot[None]) -> None:
            await settle(pilot)
            quarters.app.resume(quarters.draft)
            await settle(pilot)

        assert snap_compare(quarters.app, terminal_size=size, run_before=resume)

    def test_results(self, snap_compare: Any, quarters: Quarters, size: tuple[int, int]) -> None:
        async def plan(pilot: Pilot[None]) -> None:
            await settle(pilot)
            quarters.app.push_screen(ResultsScreen(quarters.later))
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)

        assert snap_compare(quarters.app, terminal_size=size, run_before=plan)

    def test_compare(self, snap_compare: Any, quarters: Quarters, size: tuple[int, int]) -> None:
        async def questions(pilot: Pilot[None]) -> None:
            await settle(pilot)
            quarters.app.push_screen(CompareScreen(quarters.earlier, quarters.later))
            await settle(pilot)
            await pilot.press("2", "down")
            await settle(pilot)

        assert snap_compare(quarters.app, terminal_size=size, run_before=questions)

    def test_history(self, snap_compare: Any, quarters: Quarters, size: tuple[int, int]) -> None:
        async def history(pilot: Pilot[None]) -> None:
            await settle(pilot)
            quarters.app.push_screen(HistoryScreen(1))
            await settle(pilot)

        assert snap_compare(quarters.app, terminal_size=size, run_before=history)

    def test_detail(self, snap_compare: Any, quarters: Quarters, size: tuple[int, int]) -> None:
        async def detail(pilot: Pilot[None]) -> None:
            await settle(pilot)
            quarters.app.push_screen(CompareScreen(quarters.earlier, quarters.later))
            await settle(pilot)
            await pilot.press("2", "enter")
            await settle(pilot)

        assert snap_compare(quarters.app, terminal_size=size, run_before=detail)
