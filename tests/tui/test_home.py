"""Home keeps its place: the organisation a user selected stays selected when Home comes back."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.tui.app import CxauditApp
from cxaudit.tui.screens.history import HistoryScreen
from cxaudit.tui.screens.home import HomeScreen
from cxaudit.tui.screens.results import ResultsScreen
from tests.tui.helpers import seed_assessment, settle

ORGANISATIONS = ("Acme Stores", "Birch Bank", "Cedar Care", "Delta Energy")


async def test_selection_survives_history_and_back_so_r_opens_the_same_organisation(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    levels: dict[str, int | str] = {"alpha.one": 2, "alpha.two": 3, "beta.one": 3, "beta.two": 4}
    for name in ORGANISATIONS:
        seed_assessment(db_url, mini, organisation=name, period="2026-Q1", answers=levels)
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        orgs = home.query_one("#orgs", DataTable)
        assert orgs.row_count == len(ORGANISATIONS)
        await pilot.press("down", "down")
        third_name = str(orgs.get_row_at(2)[0])
        third_id = home.organisation_id
        assert third_id is not None
        assert third_name != str(orgs.get_row_at(0)[0])

        await pilot.press("h")
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert history.organisation_id == third_id

        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is home
        assert orgs.cursor_row == 2, "coming back to Home keeps the selected row"

        await pilot.press("r")
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert results.organisation_id == third_id
        assert results.data is not None
        assert results.data.assessment.organisation.name == third_name


async def test_selection_follows_the_organisation_when_rows_move(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    levels: dict[str, int | str] = {"alpha.one": 2, "alpha.two": 3, "beta.one": 3, "beta.two": 4}
    for name in ORGANISATIONS[1:]:
        seed_assessment(db_url, mini, organisation=name, period="2026-Q1", answers=levels)
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        orgs = home.query_one("#orgs", DataTable)
        await pilot.press("down")
        selected = home.organisation_id
        selected_name = str(orgs.get_row_at(1)[0])
        # A new organisation arrives meanwhile (another cxaudit, or the command line).
        seed_assessment(
            db_url, mini, organisation=ORGANISATIONS[0], period="2026-Q1", answers=levels
        )
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert orgs.row_count == len(ORGANISATIONS)
        assert home.organisation_id == selected
        assert str(orgs.get_row_at(orgs.cursor_row)[0]) == selected_name


async def test_the_main_keys_fit_in_the_footer_at_80_by_24(
    make_app: Callable[..., CxauditApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        keys = list(app.screen.query(FooterKey))
        shown = {key.key for key in keys}
        assert {"n", "r", "h", "o", "ctrl+q", "question_mark", "ctrl+p"} <= shown
        spans = sorted((key.region.x, key.region.right) for key in keys)
        assert spans[-1][1] <= 80, "no key is cut off at the right edge"
        for (_, right), (next_x, _) in zip(spans, spans[1:], strict=False):
            assert right <= next_x, "no key is drawn over another"


async def test_d_loads_the_demo_once(make_app: Callable[..., CxauditApp]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#home-welcome").display
        await pilot.press("d")
        await settle(pilot)
        orgs = app.screen.query_one("#orgs", DataTable)
        loaded = orgs.row_count
        assert loaded >= 3
        assert any("Loaded the demo" in n.message for n in app._notifications)
        await pilot.press("d")
        await settle(pilot)
        assert orgs.row_count == loaded
        assert any("already loaded" in n.message for n in app._notifications)
