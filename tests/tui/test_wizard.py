"""The wizard keeps every answer: resume after a restart, N/A needs a reason, carry-forward."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable, Static

from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.tui.app import CxauditApp
from cxaudit.tui.dialogs.na_reason import NaReasonScreen
from cxaudit.tui.screens.home import HomeScreen
from cxaudit.tui.screens.wizard import WizardScreen
from cxaudit.tui.screens.wizard.review import ReviewScreen
from tests.tui.helpers import answer, seed_assessment, settle, start_assessment


def _state(wizard: WizardScreen) -> str:
    return str(wizard.query_one("#wiz-state", Static).render())


async def test_reopening_resumes_at_the_first_unanswered_question(
    make_app: Callable[..., CxauditApp],
) -> None:
    first = make_app()
    async with first.run_test(size=(100, 36)) as pilot:
        await start_assessment(pilot)
        await pilot.press("enter")  # past the guidance
        await settle(pilot)
        await answer(pilot, "4", "right", "2")  # alpha.one and alpha.two, then quit at once
        await pilot.press("ctrl+q")
    second = make_app()
    async with second.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        home = second.screen
        assert isinstance(home, HomeScreen)
        drafts = home.query_one("#drafts", DataTable)
        assert drafts.row_count == 1
        drafts.focus()
        await pilot.press("enter")
        await settle(pilot)
        wizard = second.screen
        assert isinstance(wizard, WizardScreen)
        assert wizard.question.id == "alpha.three"
        assert "Not answered yet" in _state(wizard)
        assert wizard.answers["alpha.one"].value == 4
        assert wizard.answers["alpha.two"].value == 2
        await pilot.press("left")
        assert "level 2" in _state(wizard)


async def test_na_needs_a_reason(make_app: Callable[..., CxauditApp]) -> None:
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await start_assessment(pilot)
        await pilot.press("enter")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NaReasonScreen)
        await pilot.press("enter")  # no reason given
        await settle(pilot)
        assert isinstance(app.screen, NaReasonScreen), "an empty reason must not close the dialog"
        assert any("needs a reason" in n.message for n in app._notifications)
        await pilot.press("escape")
        await settle(pilot)
        assert "alpha.one" not in wizard.answers
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"No stores")
        await pilot.press("enter")
        await settle(pilot)
        assert wizard.answers["alpha.one"].is_na
        assert wizard.answers["alpha.one"].na_reason == "No stores"
        assert "N/A because No stores" in _state(wizard)
        assert "Saved" in str(wizard.query_one("#wiz-saved").render())


async def test_carry_forward_asks_to_reconfirm_each_answer(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    levels: dict[str, int | str] = {q.id: 3 for q in mini.questions}
    seed_assessment(db_url, mini, organisation="Acme Stores", period="2026-Q1", answers=levels)
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        org_select = form.query_one("#new-org")
        org_select.value = 1  # type: ignore[attr-defined]
        await settle(pilot)
        assert form.query_one("#new-start-row").display
        form.query_one("#start-carry").value = True  # type: ignore[attr-defined]
        form.query_one("#new-name").value = "Ada Leader"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, WizardScreen), "pre-filled answers skip the guidance"
        assert wizard.question.id == "alpha.one"
        assert wizard.answers["alpha.one"].needs_reconfirm
        assert "Carried forward" in _state(wizard)
        await answer(pilot, "c", "right", "4", "right")
        assert not wizard.answers["alpha.one"].needs_reconfirm
        assert wizard.answers["alpha.two"].value == 4
        assert not wizard.answers["alpha.two"].needs_reconfirm
        await pilot.press("r")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        summary = str(review.query_one("#review-summary", Static).render())
        assert "3 carried forward and not yet confirmed" in summary


async def test_a_note_is_saved_once_the_typing_pauses(
    make_app: Callable[..., CxauditApp], db_url: str
) -> None:
    from cxaudit.services import assessing
    from cxaudit.services.workspace import open_workspace

    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await start_assessment(pilot)
        await answer(pilot, "enter", "3")  # past the guidance, then level 3 for alpha.one
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        await pilot.press("e", *"Weekly huddle")
        await pilot.pause(1.2)  # longer than the pause after which notes are saved
        await settle(pilot)
        assert wizard.answers["alpha.one"].note == "Weekly huddle"
        await pilot.press("escape", "right")  # back to the levels, then the next question
        await settle(pilot)
        assert wizard.question.id == "alpha.two"
        assessment_id = wizard.assessment.id
    assert assessment_id is not None
    with open_workspace(db_url) as ws:
        stored = assessing.place(ws, assessment_id=assessment_id, respondent_id=None)
    assert stored.respondent.answers["alpha.one"].note == "Weekly huddle"
    assert stored.respondent.answers["alpha.one"].value == 3
