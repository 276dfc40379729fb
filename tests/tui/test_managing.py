"""Managing from the app: area targets, a new name and sector, archive and back, delete with
a confirmation that says what goes."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable, Input, Static

from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.tui.app import CxauditApp
from cxaudit.tui.dialogs.confirm import ConfirmScreen
from cxaudit.tui.dialogs.organisation import OrganisationScreen
from cxaudit.tui.dialogs.targets import TargetsScreen
from cxaudit.tui.screens.home import HomeScreen
from cxaudit.tui.screens.results import ResultsScreen
from tests.tui.helpers import seed_assessment, settle

LEVELS: dict[str, int | str] = {"alpha.one": 3, "alpha.two": 3, "beta.one": 3, "beta.two": 3}


def _names(home: HomeScreen) -> list[str]:
    table = home.query_one("#orgs", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_targets_set_on_results_change_the_gaps_shown(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    assessment_id = seed_assessment(
        db_url, mini, organisation="Acme Stores", period="2026-Q1", answers=LEVELS
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_results(assessment_id)
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        areas = results.query_one("#results-areas", DataTable)
        assert str(areas.get_row("alpha")[4]) == "4.00"
        await pilot.press("t")
        dialog = app.screen
        assert isinstance(dialog, TargetsScreen)
        dialog.query_one("#target-alpha", Input).value = "6"
        await pilot.press("enter")
        assert app.screen is dialog, "a target above 5 is refused"
        assert any("between 1.0 and 5.0" in n.message for n in app._notifications)
        dialog.query_one("#target-alpha", Input).value = "3.5"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is results
        assert str(areas.get_row("alpha")[4]) == "3.50"
        assert str(areas.get_row("beta")[4]) == "4.00"


async def test_rename_sector_archive_show_again_and_delete(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    for name in ("Acme Stores", "Birch Bank"):
        seed_assessment(db_url, mini, organisation=name, period="2026-Q1", answers=LEVELS)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("o")
        dialog = app.screen
        assert isinstance(dialog, OrganisationScreen)
        dialog.query_one("#org-name", Input).value = "Acme Group"
        dialog.query_one("#org-sector", Input).value = "Wholesale"
        await pilot.click("#org-save")
        await settle(pilot)
        assert _names(home) == ["Acme Group", "Birch Bank"]
        info = str(home.query_one("#org-info", Static).render())
        assert "Acme Group · Wholesale" in info

        await pilot.press("o")
        await pilot.click("#org-archive")
        await settle(pilot)
        assert _names(home) == ["Birch Bank"], "archived: off the list"
        await pilot.press("A")
        await settle(pilot)
        assert _names(home) == ["Acme Group (archived)", "Birch Bank"], "shown again on asking"
        await pilot.press("up", "o")
        await pilot.click("#org-unarchive")
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert _names(home) == ["Acme Group", "Birch Bank"]

        await pilot.press("up", "o")
        await pilot.click("#org-delete")
        await settle(pilot)
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "Delete Acme Group and its 1 assessment" in confirm.question
        await pilot.press("escape")  # keep it
        await settle(pilot)
        assert _names(home) == ["Acme Group", "Birch Bank"]
        await pilot.press("o")
        await pilot.click("#org-delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert _names(home) == ["Birch Bank"]
        assert not any("no longer listed" in n.message for n in app._notifications)


async def test_home_notices_an_organisation_deleted_elsewhere_when_it_regains_focus(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    from cxaudit.services import admin
    from cxaudit.services.workspace import open_workspace

    for name in ("Acme Stores", "Birch Bank"):
        seed_assessment(db_url, mini, organisation=name, period="2026-Q1", answers=LEVELS)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        acme = home.organisation_id
        assert acme is not None
        with open_workspace(db_url) as ws:  # the command line, meanwhile
            admin.delete_organisation(ws, organisation_id=acme)
        app.app_focus = False
        app.app_focus = True  # the terminal window is back in front
        await settle(pilot)
        assert _names(home) == ["Birch Bank"]
        notices = [n.message for n in app._notifications if "no longer listed" in n.message]
        assert notices == ["Acme Stores is no longer listed: it was deleted or archived elsewhere."]
        await pilot.press("h")
        await settle(pilot)
        assert "Birch Bank" in str(app.screen.query_one("#history-title", Static).render())


async def test_opening_an_organisation_deleted_meanwhile_comes_back_to_home(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    from cxaudit.services import admin
    from cxaudit.services.workspace import open_workspace

    seed_assessment(db_url, mini, organisation="Acme Stores", period="2026-Q1", answers=LEVELS)
    seed_assessment(db_url, mini, organisation="Birch Bank", period="2026-Q1", answers=LEVELS)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        acme = home.organisation_id
        assert acme is not None
        with open_workspace(db_url) as ws:
            admin.delete_organisation(ws, organisation_id=acme)
        await pilot.press("h")  # still listed: Home has not looked again yet
        await settle(pilot)
        assert app.screen is home, "History gave up and Home is back"
        assert _names(home) == ["Birch Bank"]
        assert any("no organisation" in n.message.lower() for n in app._notifications)
