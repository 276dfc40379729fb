"""The app never dies: a small terminal gets a message, failures become notifications."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Static

from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.tui.app import CxauditApp
from cxaudit.tui.dialogs.too_small import TooSmallScreen
from cxaudit.tui.screens.help import HelpScreen
from cxaudit.tui.screens.home import HomeScreen
from cxaudit.tui.screens.results import ResultsScreen
from cxaudit.tui.screens.wizard import WizardScreen
from tests.tui.conftest import TODAY
from tests.tui.helpers import seed_assessment, settle, start_assessment


async def test_small_terminal_shows_a_message_until_enlarged(
    make_app: Callable[..., CxauditApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        message = str(app.screen.query_one("#too-small-message", Static).render())
        assert "Terminal too small" in message
        assert "60×20" in message
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.resize_terminal(79, 24)
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_a_database_that_cannot_be_opened_is_a_notification(tmp_path: Path) -> None:
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_text("this is not a database\n" * 100)
    app = CxauditApp(f"sqlite:///{not_a_database}", today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(300):
            if app.database_error is not None:
                break
            await pilot.pause(0.01)
        assert app.database_error is not None
        assert isinstance(app.screen, HomeScreen)
        status = str(app.screen.query_one("#home-status", Static).render())
        assert "could not be opened" in status
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen), "the app still answers keys"


async def test_a_failed_save_is_shown_and_the_app_carries_on(
    make_app: Callable[..., CxauditApp], db_url: str
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await start_assessment(pilot)
        await pilot.press("enter")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        # Someone deletes the assessment from another window while this one is answering.
        from cxaudit.storage import open_database, repository

        db = open_database(db_url)
        with db.session() as session:
            repository.delete_assessment(session, assessment_id=wizard.assessment.id, confirm=True)
        db.dispose()
        await pilot.press("4")
        await settle(pilot)
        assert app.is_running
        assert "Not saved" in str(wizard.query_one("#wiz-saved").render())
        assert "alpha.one" not in wizard.answers, "an answer that was not stored is not shown"
        assert any(n.severity == "error" for n in app._notifications)
        await pilot.press("right")
        assert wizard.question.id == "alpha.two"


async def test_bad_due_date_is_refused_and_a_good_one_saved(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    levels: dict[str, int | str] = {"alpha.one": 2, "alpha.two": 2, "beta.one": 3, "beta.two": 3}
    assessment_id = seed_assessment(
        db_url, mini, organisation="Acme Stores", period="2026-Q1", answers=levels
    )
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        app.push_screen(ResultsScreen(assessment_id))
        await settle(pilot)
        await pilot.press("2")
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#edit-owner").value = "Sam"  # type: ignore[attr-defined]
        dialog.query_one("#edit-due").value = "31/03/2026"  # type: ignore[attr-defined]
        await pilot.click("#edit-save")
        await settle(pilot)
        assert app.screen is dialog, "a bad date keeps the dialog open"
        assert any("is not a date" in n.message for n in app._notifications)
        dialog.query_one("#edit-due").value = "2026-03-31"  # type: ignore[attr-defined]
        # A click must reach the button and count: Textual ignores a click on a button still
        # showing its 0.2 s "pressed" effect from the first click (under load the effect's timer
        # runs late), and the error toast can sit over the button. Wait until neither holds.
        app.clear_notifications()
        save = dialog.query_one("#edit-save")
        under = None
        for _ in range(300):
            await pilot.pause(0.01)
            under, _ = app.get_widget_at(*save.region.offset)
            if under is save and not save.has_class("-active"):
                break
        assert under is save, f"{under!r} covers the Save button"
        assert not save.has_class("-active"), "the first press never ended"
        await pilot.click("#edit-save")
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert results.data is not None
        first = results.data.assessment.actions[0]
        assert first.owner == "Sam"
        assert first.due is not None and first.due.isoformat() == "2026-03-31"
    # Stored, not only shown: a new app instance reads it back.
    again = make_app()
    async with again.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        again.push_screen(ResultsScreen(assessment_id))
        await settle(pilot)
        shown = again.screen
        assert isinstance(shown, ResultsScreen) and shown.data is not None
        assert shown.data.assessment.actions[0].owner == "Sam"


@pytest.mark.slow
async def test_generate_pdf_from_results(
    make_app: Callable[..., CxauditApp],
    db_url: str,
    mini: Questionnaire,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    levels: dict[str, int | str] = {"alpha.one": 2, "alpha.two": 3, "beta.one": 4, "beta.two": 3}
    assessment_id = seed_assessment(
        db_url, mini, organisation="Acme Stores", period="2026-Q1", answers=levels
    )
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        app.push_screen(ResultsScreen(assessment_id))
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("enter")  # the first choice: the full report as a PDF
        await settle(pilot)
        shown = str(app.screen.query_one("#results-pdf-path", Static).render())
        assert "PDF written (" in shown and ".pdf" in shown
    pdfs = list(tmp_path.rglob("*.pdf"))
    assert len(pdfs) == 1
    assert pdfs[0].read_bytes().startswith(b"%PDF")


@pytest.mark.slow
async def test_the_pdf_key_asks_which_report_and_writes_the_board_summary_in_word(
    make_app: Callable[..., CxauditApp],
    db_url: str,
    mini: Questionnaire,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    levels: dict[str, int | str] = {"alpha.one": 2, "alpha.two": 3, "beta.one": 4, "beta.two": 3}
    assessment_id = seed_assessment(
        db_url, mini, organisation="Acme Stores", period="2026-Q1", answers=levels
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ResultsScreen(assessment_id))
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")  # board summary, Word document
        await settle(pilot)
        shown = str(app.screen.query_one("#results-pdf-path", Static).render())
        assert "Word document written: " in shown
    written = list(tmp_path.rglob("*.docx"))
    assert [p.name for p in written] == ["acme-stores-2026-Q1-board.docx"]
