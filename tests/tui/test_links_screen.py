"""The Links view: opened from Home for the selected draft, issuing links through a dialog,
following respondents as they answer elsewhere (it reads itself again on its own), and revoking
a link, on a real SQLite file through the real app."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, TextArea

from cxaudit.domain.model import make_answer
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.services import assessing
from cxaudit.services import links as links_service
from cxaudit.services.workspace import open_workspace
from cxaudit.tui.app import CxauditApp
from cxaudit.tui.dialogs.confirm import ConfirmScreen
from cxaudit.tui.screens import links as links_screen
from cxaudit.tui.screens.home import HomeScreen
from cxaudit.tui.screens.links import CreateLinksScreen, IssuedLinksScreen, LinksScreen
from tests.tui.helpers import seed_assessment, settle

TOKEN = re.compile(r"/a/([A-Za-z0-9_-]{43})$", re.M)


def _cells(screen: LinksScreen) -> list[list[str]]:
    table = screen.query_one("#links", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def _open_links(pilot: Pilot[None]) -> LinksScreen:
    await settle(pilot)
    assert isinstance(pilot.app.screen, HomeScreen)
    await pilot.press("l")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, LinksScreen)
    return screen


async def _create(pilot: Pilot[None], people: str, anonymous: str = "0") -> None:
    await pilot.press("c")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, CreateLinksScreen)
    dialog.query_one("#links-people", TextArea).text = people
    dialog.query_one("#links-anonymous", Input).value = anonymous
    await pilot.press("ctrl+s")
    await settle(pilot)


@pytest.fixture
def draft(db_url: str, mini: Questionnaire) -> int:
    return seed_assessment(
        db_url,
        mini,
        organisation="Acme Stores",
        period="2026-Q1",
        answers={"alpha.one": 3},
        complete=False,
    )


async def test_issue_follow_and_revoke_links(
    make_app: Callable[..., CxauditApp],
    db_url: str,
    draft: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Read again often, so the test waits for the view's own refresh rather than forcing it.
    monkeypatch.setattr(links_screen, "REFRESH_SECONDS", 0.05)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open_links(pilot)
        assert (screen.organisation, screen.period) == ("Acme Stores", "2026-Q1")
        summary = str(screen.query_one("#links-summary").render())
        assert "No links yet" in summary

        await _create(pilot, "Ana Silva:leader\n\n  Bo:front line \n", anonymous="1")
        shown = app.screen
        assert isinstance(shown, IssuedLinksScreen)
        text = shown.query_one("#issued-links", TextArea).text
        tokens = TOKEN.findall(text)
        assert len(tokens) == 3
        assert text.startswith("Ana Silva (Leader): http://127.0.0.1:8000/a/")
        assert "Anonymous front line 1 (Front line)" in text
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        rows = _cells(screen)
        assert [r[0] for r in rows] == ["Ana Silva", "Bo", "Anonymous front line 1"]
        assert {r[2] for r in rows} == {"not opened"}

        # Bo answers from a browser meanwhile and finishes; the view sees it on its own.
        with open_workspace(db_url) as ws:
            grant = links_service.open_link(ws, token=tokens[1])
            assert grant is not None
            assessing.save_answer(
                ws, respondent_id=grant.respondent_id, answer=make_answer("alpha.one", 4)
            )
            ana = links_service.open_link(ws, token=tokens[0])
            assert ana is not None
            assessing.save_answer(
                ws, respondent_id=ana.respondent_id, answer=make_answer("alpha.one", 2)
            )
            links_service.finish_respondent(ws, respondent_id=grant.respondent_id)
        for _ in range(400):
            await pilot.pause(0.01)
            states = {r[0]: r[2] for r in _cells(screen)}
            if states.get("Bo") == "finished":
                break
        assert states == {
            "Ana Silva": "in progress 1 of 5",
            "Bo": "finished",
            "Anonymous front line 1": "not opened",
        }
        assert "1 of 3 respondents finished" in str(screen.query_one("#links-summary").render())

        # Revoke Ana's link: asked first, then it stops opening.
        table = screen.query_one("#links", DataTable)
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#confirm-yes")
        await settle(pilot)
        for _ in range(400):
            await pilot.pause(0.01)
            if _cells(screen)[0][4] == "revoked":
                break
        assert _cells(screen)[0][4] == "revoked"
        assert _cells(screen)[1][4].startswith("until ")
        with open_workspace(db_url) as ws:
            assert links_service.open_link(ws, token=tokens[0]) is None
            assert links_service.open_link(ws, token=tokens[1]) is not None


async def test_a_bad_line_is_a_notice_and_issues_nothing(
    make_app: Callable[..., CxauditApp], db_url: str, draft: int
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await _open_links(pilot)
        await _create(pilot, "Ana Silva:leader\nBo")
        assert isinstance(app.screen, CreateLinksScreen), "the dialog stays open"
        assert any("Name:role" in n.message for n in app._notifications)
        await _retry(pilot, "Ana Silva:leader\nAda Leader:manager")
        assert isinstance(app.screen, CreateLinksScreen)
        assert any("Ada Leader answers as leader" in n.message for n in app._notifications)
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert _cells(screen) == []
    with open_workspace(db_url) as ws:
        assert links_service.list_links(ws, organisation="Acme Stores", period="2026-Q1") == []


async def _retry(pilot: Pilot[None], people: str) -> None:
    dialog = pilot.app.screen
    assert isinstance(dialog, CreateLinksScreen)
    dialog.query_one("#links-people", TextArea).text = people
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_an_organisation_without_a_draft_gets_the_current_period(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    seed_assessment(
        db_url, mini, organisation="Birch Bank", period="2025-Q4", answers={"alpha.one": 3}
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_links(pilot)
        assert (screen.organisation, screen.period) == ("Birch Bank", "2026-Q2")
        await _create(pilot, "", anonymous="2")
        assert isinstance(app.screen, IssuedLinksScreen)
        await pilot.press("escape")
        await settle(pilot)
        # At 80 columns the table keeps whole names and leaves out what the line below shows.
        assert _cells(screen) == [
            ["Anonymous front line 1", "Front line", "not opened"],
            ["Anonymous front line 2", "Front line", "not opened"],
        ]
        # The line and the summary under the table stay on screen, above the footer.
        assert screen.query_one("#links-summary").region.bottom <= 23
        selected = str(screen.query_one("#links-selected").render())
        assert selected.startswith("Anonymous front line 1 · Front line · not opened · link until")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_a_half_yearly_organisation_gets_its_next_half_not_a_quarter(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    seed_assessment(
        db_url, mini, organisation="Birch Bank", period="2025-H2", answers={"alpha.one": 3}
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_links(pilot)
        # The period the New assessment form would suggest for it, of the kind it uses.
        assert (screen.organisation, screen.period) == ("Birch Bank", "2026-H1")


async def test_a_failing_read_is_said_once_and_the_view_recovers(
    make_app: Callable[..., CxauditApp],
    db_url: str,
    draft: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sqlite3

    monkeypatch.setattr(links_screen, "REFRESH_SECONDS", 0.05)
    with open_workspace(db_url) as ws:
        links_service.create_links(ws, organisation="Acme Stores", period="2026-Q1", anonymous=1)
    path = db_url.removeprefix("sqlite:///")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_links(pilot)
        assert len(_cells(screen)) == 1
        with sqlite3.connect(path) as db:
            db.execute("ALTER TABLE respondent_links RENAME TO hidden_links")

        def said() -> int:
            return sum(1 for n in app._notifications if n.title == "Links not read")

        for _ in range(400):
            await pilot.pause(0.01)
            if screen.failure is not None and said():
                break
        assert screen.failure is not None
        failed_at = screen._reads
        for _ in range(400):
            await pilot.pause(0.01)
            if screen._reads > failed_at + 3:
                break
        await pilot.pause()
        assert screen.failure is not None
        assert said() == 1, "said once, however many reads fail"
        assert "could not be read" in str(screen.query_one("#links-summary").render())
        assert len(_cells(screen)) == 1, "the last list read stays"
        with sqlite3.connect(path) as db:
            db.execute("ALTER TABLE hidden_links RENAME TO respondent_links")
        for _ in range(400):
            await pilot.pause(0.01)
            if screen.failure is None:
                break
        assert screen.failure is None
        assert "0 of 1 respondents finished" in str(screen.query_one("#links-summary").render())
