"""An action item reads as the domain wrote it: a "find out" item says "Find out:" once."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable, Static

from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.tui.app import CxauditApp
from cxaudit.tui.screens.compare import CompareScreen
from cxaudit.tui.screens.results import ResultsScreen
from tests.tui.helpers import seed_assessment, settle

# beta.one is "don't know", so the plan holds "Find out: Beta one?".
UNSURE: dict[str, int | str] = {
    "alpha.one": 2,
    "alpha.two": 3,
    "alpha.three": 3,
    "beta.one": "unknown",
    "beta.two": 3,
}


def _cells(table: DataTable[object], column: int) -> list[str]:
    return [str(table.get_row_at(row)[column]) for row in range(table.row_count)]


async def test_find_out_is_written_once_in_the_results_action_plan(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    assessment_id = seed_assessment(
        db_url, mini, organisation="Acme Stores", period="2026-Q1", answers=UNSURE
    )
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        app.open_results(assessment_id)
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        await pilot.press("2")
        table = results.query_one("#results-actions", DataTable)
        actions = _cells(table, 1)
        find_outs = [text for text in actions if text.startswith("Find out:")]
        assert find_outs, actions
        assert not any("Find out: Find out" in text for text in actions), actions
        table.move_cursor(row=actions.index(find_outs[0]))
        await pilot.pause()
        detail = str(results.query_one("#results-action-detail", Static).render())
        assert detail.startswith("Find out: Beta one?")
        assert "Find out: Find out" not in detail


async def test_find_out_is_written_once_among_the_earlier_actions_compared(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    earlier = seed_assessment(
        db_url, mini, organisation="Acme Stores", period="2026-Q1", answers=UNSURE
    )
    later = seed_assessment(
        db_url, mini, organisation="Acme Stores", period="2026-Q2", answers=UNSURE
    )
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        app.open_compare(earlier, later)
        await settle(pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        actions = _cells(compare.query_one("#compare-actions", DataTable), 0)
        assert any(text.startswith("Find out: Beta one?") for text in actions), actions
        assert not any("Find out: Find out" in text for text in actions), actions
