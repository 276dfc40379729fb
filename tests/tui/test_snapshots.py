"""A few screenshots of the main screens, with a fixed size, day, data and no blinking cursor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from cxaudit.domain.model import Role
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.tui.app import CxauditApp
from cxaudit.tui.screens.results import ResultsScreen
from tests.tui.conftest import TODAY
from tests.tui.helpers import seed_assessment, settle

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
    """Home, the wizard, the results and help, as a user sees them."""

    def test_home(self, snap_compare: Any, snapshot_app: tuple[CxauditApp, int]) -> None:
        app, _ = snapshot_app

        async def ready(pilot: Pilot[None]) -> None:
            await settle(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=ready)

    def test_wizard(self, snap_compare: Any, snapshot_app: tuple[CxauditApp, int]) -> None:
        app, _ = snapshot_app

        async def resume_draft(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("tab")
            await pilot.press("enter")
            await settle(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=resume_draft)

    def test_results(self, snap_compare: Any, snapshot_app: tuple[CxauditApp, int]) -> None:
        app, latest = snapshot_app

        async def open_results(pilot: Pilot[None]) -> None:
            await settle(pilot)
            app.push_screen(ResultsScreen(latest))
            await settle(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=open_results)

    def test_help(self, snap_compare: Any, snapshot_app: tuple[CxauditApp, int]) -> None:
        app, _ = snapshot_app

        async def open_help(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.press("f1")
            await settle(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=open_help)
