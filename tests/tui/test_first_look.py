"""Home lists the organisations from a first look at the file, before the database is open.

The proper open is held back here (it waits for the test) so the moment in between can be seen;
the database, the file and the screens are all real.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from cxaudit.errors import StorageError
from cxaudit.services.demo import load_demo
from cxaudit.services.workspace import Workspace, open_workspace
from cxaudit.tui.app import CxauditApp
from tests.tui.conftest import TODAY
from tests.tui.helpers import settle


@pytest.fixture
def demo_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    with open_workspace(url, today=TODAY) as ws:
        load_demo(ws)
    return url


@pytest.fixture
def demo_names(demo_url: str) -> list[str]:
    """The organisations Home lists for the demo, in order, as the open workspace reads them."""
    from cxaudit.services import portfolio

    with open_workspace(demo_url, today=TODAY) as ws:
        return [line.name for line in portfolio.home(ws).organisations]


@pytest.fixture
def held_open(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Workspace.open waits until the returned event is set (then opens the real database)."""
    release = threading.Event()
    real_open = Workspace.open.__func__  # type: ignore[attr-defined]

    def open_later(cls: type[Workspace], url: str, **kwargs: Any) -> Workspace:
        assert release.wait(10), "the test never let the database open"
        opened: Workspace = real_open(cls, url, **kwargs)
        return opened

    monkeypatch.setattr(Workspace, "open", classmethod(open_later))
    yield release
    release.set()


def _names(app: CxauditApp) -> list[str]:
    table = app.screen.query_one("#orgs", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_home_lists_the_portfolio_before_the_database_opens(
    demo_url: str, demo_names: list[str], held_open: threading.Event
) -> None:
    app = CxauditApp(demo_url, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.workspace is None, "the database is still opening"
        assert _names(app) == demo_names
        drafts = app.screen.query_one("#drafts", DataTable)
        assert drafts.row_count == 1 and drafts.display
        status = app.screen.query_one("#home-status", Static)
        assert "Opening the database" in str(status.render())
        await pilot.press("down")
        held_open.set()
        await settle(pilot)
        assert app.workspace is not None
        assert _names(app) == demo_names
        table = app.screen.query_one("#orgs", DataTable)
        assert table.cursor_row == 1, "the row chosen while opening stays chosen"
        assert "Database:" in str(status.render())


async def test_lists_from_the_first_look_go_when_the_database_cannot_be_opened(
    demo_url: str,
    demo_names: list[str],
    monkeypatch: pytest.MonkeyPatch,
    held_open: threading.Event,
) -> None:
    def refuse(cls: type[Workspace], url: str, **kwargs: Any) -> Workspace:
        assert held_open.wait(10)
        raise StorageError("The database file is damaged.")

    monkeypatch.setattr(Workspace, "open", classmethod(refuse))
    app = CxauditApp(demo_url, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert _names(app) == demo_names
        held_open.set()
        for _ in range(500):
            await pilot.pause(0.01)
            if app.database_error is not None:
                break
        await pilot.pause()
        assert app.workspace is None and app.database_error is not None
        assert _names(app) == []
        assert not app.screen.query_one("#home-main").display
        status = str(app.screen.query_one("#home-status", Static).render())
        assert "could not be opened" in status and "damaged" in status


async def test_a_key_pressed_while_the_database_opens_is_carried_out_once_it_is_open(
    demo_url: str, demo_names: list[str], held_open: threading.Event
) -> None:
    app = CxauditApp(demo_url, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.workspace is None
        home = app.screen
        await pilot.press("h")
        await pilot.pause()
        assert app.screen is not home, "History opens at once, and waits for its data"
        assert not any("not open" in n.message for n in app._notifications)
        held_open.set()
        await settle(pilot)
        title = str(app.screen.query_one("#history-title", Static).render())
        assert demo_names[0] in title and "assessment" in title


def _cells(app: CxauditApp) -> list[list[str]]:
    table = app.screen.query_one("#history-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_history_shows_its_periods_from_the_file_while_the_database_opens(
    demo_url: str, demo_names: list[str], held_open: threading.Event
) -> None:
    """`h` on a Home listed by the first look shows the periods at once, read from the file;
    once the database is open the same rows and the same trend are read again through the
    services."""
    from cxaudit.tui.screens.history import HistoryScreen

    app = CxauditApp(demo_url, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.workspace is None
        await pilot.press("h")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen) and screen.first_look
        early = _cells(app)
        assert early and all(row[0].strip() for row in early), "periods, not a loading message"
        title = str(screen.query_one("#history-title", Static).render())
        assert demo_names[0] in title
        trend = str(screen.query_one("#history-trend", Static).render())
        assert "Overall" in trend and any(bar in trend for bar in "▁▂▃▄▅▆▇█")
        held_open.set()
        await settle(pilot)
        assert app.workspace is not None and app.screen is screen and not screen.first_look
        assert _cells(app) == early, "the services list exactly what the first look showed"
        assert str(screen.query_one("#history-trend", Static).render()) == trend


async def test_history_from_the_first_look_goes_when_the_database_cannot_be_opened(
    demo_url: str, monkeypatch: pytest.MonkeyPatch, held_open: threading.Event
) -> None:
    from cxaudit.tui.screens.history import HistoryScreen
    from cxaudit.tui.screens.home import HomeScreen

    def refuse(cls: type[Workspace], url: str, **kwargs: Any) -> Workspace:
        assert held_open.wait(10)
        raise StorageError("The database file is damaged.")

    monkeypatch.setattr(Workspace, "open", classmethod(refuse))
    app = CxauditApp(demo_url, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen) and _cells(app)
        held_open.set()
        for _ in range(500):
            await pilot.pause(0.01)
            if app.database_error is not None:
                break
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen), "back to Home, which says why"
        status = str(app.screen.query_one("#home-status", Static).render())
        assert "could not be opened" in status and "damaged" in status


async def test_home_fits_its_columns_again_when_the_terminal_changes_width(demo_url: str) -> None:
    """Home's tables, filled before the first layout, still fit each new width."""
    from cxaudit.tui.widgets.tables import FitTable

    app = CxauditApp(demo_url, today=TODAY)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        orgs = app.screen.query_one("#orgs", FitTable)
        wide = [str(column.label) for column in orgs.ordered_columns]
        assert "Sector" in wide
        await pilot.resize_terminal(90, 30)
        await settle(pilot)
        narrow = [str(column.label) for column in orgs.ordered_columns]
        assert "Sector" not in narrow, "the sector gives way below 100 columns"
        assert sum(column.get_render_width(orgs) for column in orgs.ordered_columns) <= 90
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert [str(column.label) for column in orgs.ordered_columns] == wide


async def test_the_new_assessment_form_opens_at_once_and_does_not_shift_when_filled(
    demo_url: str, demo_names: list[str], held_open: threading.Event
) -> None:
    """`n` on a Home listed by the first look shows the form before the database is open; for
    the chosen organisation its new-organisation fields never show, loading or loaded."""
    from textual.widgets import Select

    from cxaudit.tui.screens.new_assessment import LOADING, NewAssessmentScreen

    app = CxauditApp(demo_url, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.workspace is None
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, NewAssessmentScreen)
        assert not form.query_one("#new-org-fields").display
        assert form.query_one("#new-org", Select).value == LOADING
        held_open.set()
        await settle(pilot)
        assert app.workspace is not None and app.screen is form
        assert not form.query_one("#new-org-fields").display
        assert form.query_one("#new-org", Select).value == form.organisation_id
