"""Nothing typed is lost: a note reaches the database however the wizard is left, at once.

Each note is queued for the database on every key, and read again straight from the screen
before quitting, leaving, moving to another question or a resize, so even a key whose own
event has not been handled yet is kept.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from cxaudit.domain.model import Answer
from cxaudit.tui.app import CxauditApp
from cxaudit.tui.dialogs.confirm import ConfirmScreen
from cxaudit.tui.screens.home import HomeScreen
from cxaudit.tui.screens.wizard import WizardScreen
from tests.tui.helpers import answer, settle, start_assessment


def _stored(db_url: str, assessment_id: int) -> dict[str, Answer]:
    from cxaudit.services import assessing
    from cxaudit.services.workspace import open_workspace

    with open_workspace(db_url) as ws:
        place = assessing.place(ws, assessment_id=assessment_id, respondent_id=None)
    return dict(place.respondent.answers)


async def _wizard_with_a_level(pilot: Pilot[None]) -> WizardScreen:
    """A new assessment, past the guidance, level 3 given to alpha.one."""
    await start_assessment(pilot)
    await answer(pilot, "enter", "3")
    wizard = pilot.app.screen
    assert isinstance(wizard, WizardScreen)
    return wizard


Interrupt = Callable[[Pilot[None], WizardScreen], Awaitable[None]]


async def _type_a_note_then(
    make_app: Callable[..., CxauditApp], db_url: str, interrupt: Interrupt
) -> Answer:
    """Give alpha.one level 3, put "Weekly huddle" in its note the way a key does (its change
    event still on its way), interrupt at once, and read back what the database holds."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await _wizard_with_a_level(pilot)
        assessment_id = wizard.assessment.id
        await pilot.press("e")
        wizard.query_one("#wiz-note", TextArea).insert("Weekly huddle")
        await interrupt(pilot, wizard)
        if app.is_running:
            await settle(pilot)
            assert wizard.answers["alpha.one"].note == "Weekly huddle"
    assert assessment_id is not None
    return _stored(db_url, assessment_id)["alpha.one"]


async def _quit(pilot: Pilot[None], wizard: WizardScreen) -> None:
    app = pilot.app
    assert isinstance(app, CxauditApp)
    await app.action_quit()


async def _escape(pilot: Pilot[None], wizard: WizardScreen) -> None:
    wizard.action_leave()


async def _next_question(pilot: Pilot[None], wizard: WizardScreen) -> None:
    wizard.action_next()


async def _resize(pilot: Pilot[None], wizard: WizardScreen) -> None:
    await pilot.resize_terminal(100, 30)


@pytest.mark.parametrize(
    "interrupt", [_quit, _escape, _next_question, _resize], ids=lambda f: f.__name__
)
async def test_a_note_is_kept_when_the_wizard_is_interrupted_in_the_same_tick(
    make_app: Callable[..., CxauditApp], db_url: str, interrupt: Interrupt
) -> None:
    stored = await _type_a_note_then(make_app, db_url, interrupt)
    assert (stored.value, stored.note) == (3, "Weekly huddle")


async def test_keys_typed_then_ctrl_q_keep_the_note(
    make_app: Callable[..., CxauditApp], db_url: str
) -> None:
    async def keys_then_quit(pilot: Pilot[None], wizard: WizardScreen) -> None:
        await pilot.press(*" seen twice", "ctrl+q")

    stored = await _type_a_note_then(make_app, db_url, keys_then_quit)
    assert stored.note == "Weekly huddle seen twice"


async def test_a_note_on_an_unanswered_question_asks_before_it_is_left_behind(
    make_app: Callable[..., CxauditApp], db_url: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await _wizard_with_a_level(pilot)
        assessment_id = wizard.assessment.id
        await answer(pilot, "right")  # alpha.two: not answered
        await pilot.press("e", *"Ask the contact team")
        await pilot.press("escape", "escape")  # out of the note, then towards Home
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen), "leaving would lose the note: ask first"
        await pilot.press("escape")  # stay
        await settle(pilot)
        assert app.screen is wizard
        await answer(pilot, "4")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert assessment_id is not None
    stored = _stored(db_url, assessment_id)["alpha.two"]
    assert (stored.value, stored.note) == (4, "Ask the contact team")
