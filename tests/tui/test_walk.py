"""The whole walk: create an organisation, answer every question, complete, see the results."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import DataTable, Static

from cxaudit.tui.app import CxauditApp
from cxaudit.tui.screens.home import HomeScreen
from cxaudit.tui.screens.results import ResultsScreen
from cxaudit.tui.screens.wizard import WizardScreen
from cxaudit.tui.screens.wizard.guidance import GuidanceScreen
from cxaudit.tui.screens.wizard.review import ReviewScreen
from tests.tui.conftest import TODAY
from tests.tui.helpers import answer, settle, start_assessment


async def test_walk_from_empty_database_to_results(make_app: Callable[..., CxauditApp]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#home-welcome").display
        await start_assessment(pilot)
        assert isinstance(app.screen, GuidanceScreen)
        await pilot.press("enter")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        assert "Alpha 1/3" in str(wizard.query_one("#wiz-position").render())
        # alpha.one 4, alpha.two 3, alpha.three N/A with a reason, beta.one don't know, beta.two 2
        await answer(pilot, "4", "right", "3", "right")
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"No such team")
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, "right", "u", "right", "2", "right")
        assert isinstance(app.screen, ReviewScreen)
        assert "All 5 questions are answered" in str(
            app.screen.query_one("#review-summary", Static).render()
        )
        await pilot.click("#review-complete")
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        overall = str(results.query_one("#results-overall", Static).render())
        assert "Overall" in overall
        areas = results.query_one("#results-areas", DataTable)
        assert areas.row_count == 2
        alpha = [str(cell) for cell in areas.get_row("alpha")]
        assert "3.67" in alpha  # (4×2 + 3×1) / 3: alpha.three is N/A, weights 2 and 1
        assert "based on 2 of 2 questions" in alpha
        actions = results.query_one("#results-actions", DataTable)
        assert actions.row_count > 0


@pytest.mark.slow
async def test_full_walk_with_the_builtin_questionnaire(db_url: str) -> None:
    app = CxauditApp(db_url, today=TODAY)  # no override: the built-in questionnaire
    async with app.run_test(size=(100, 36)) as pilot:
        await start_assessment(pilot)
        await pilot.press("enter")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        total = len(wizard.positions)
        assert total == 48
        for index in range(total):
            level = index % 5 + 1
            await pilot.press(str(level))
            if level >= 4:  # the built-in questionnaire asks for evidence from level 4
                await pilot.press(*"Seen it", "escape")
            await pilot.press("right")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.click("#review-complete")
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        areas = results.query_one("#results-areas", DataTable)
        assert areas.row_count == 4
        for row_key in areas.rows:
            assert "based on 12 of 12 questions" in [str(c) for c in areas.get_row(row_key)]
