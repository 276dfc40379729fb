"""The quarterly repeat takes minutes: confirm unchanged answers in bulk, start the next period
for the organisation in view, type periods as people write them, see overdue actions, and keep
the cursor where it was."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Button, DataTable, Input, Select, Static

from cxaudit.domain.model import Role
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.tui.app import CxauditApp
from cxaudit.tui.dialogs.confirm_carried import ConfirmCarriedScreen
from cxaudit.tui.dialogs.edit_action import EditActionScreen
from cxaudit.tui.screens.history import HistoryScreen
from cxaudit.tui.screens.home import HomeScreen
from cxaudit.tui.screens.new_assessment import NewAssessmentScreen
from cxaudit.tui.screens.results import ResultsScreen
from cxaudit.tui.screens.wizard import WizardScreen
from tests.tui.conftest import TODAY
from tests.tui.helpers import screen_text, seed_assessment, seed_team, settle

THREE: dict[str, int | str] = {"alpha.one": 3}
EVERY_THREE = {"alpha.one": 3, "alpha.two": 3, "alpha.three": 3, "beta.one": 3, "beta.two": 3}


def _carried_draft(db_url: str, mini: Questionnaire) -> int:
    """2026-Q2 for Acme, with Ada's five answers carried from 2026-Q1 (none confirmed)."""
    from cxaudit.storage import open_database, repository

    seed_assessment(
        db_url, mini, organisation="Acme Stores", period="2026-Q1", answers=dict(EVERY_THREE)
    )
    db = open_database(db_url)
    try:
        with db.session() as session:
            org = repository.get_organisation(session, ref="Acme Stores")
            assert org.id is not None
            draft = repository.start_assessment(
                session, organisation_id=org.id, period="2026-Q2", questionnaire=mini
            )
            assert draft.id is not None
            repository.add_respondent(
                session,
                assessment_id=draft.id,
                name="Ada Leader",
                role=Role.LEADER,
                prefill_from_latest=True,
            )
            return draft.id
    finally:
        db.dispose()


async def test_confirm_all_in_an_area_then_everywhere_behind_one_question_each(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    draft = _carried_draft(db_url, mini)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.resume(draft)
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        assert all(a.needs_reconfirm for a in wizard.answers.values())
        await pilot.press("C")
        dialog = app.screen
        assert isinstance(dialog, ConfirmCarriedScreen)
        text = " ".join(str(s.render()) for s in dialog.query(Static))
        assert "5 answers carried forward" in text and "3 of them in Alpha" in text
        assert "Confirm 3 in Alpha" in str(dialog.query_one("#carried-area", Button).label)
        await pilot.press("escape")
        assert app.screen is wizard, "escape confirms nothing"
        assert all(a.needs_reconfirm for a in wizard.answers.values())
        await pilot.press("C")
        await pilot.click("#carried-area")
        await settle(pilot)
        assert [q for q, a in wizard.answers.items() if a.needs_reconfirm] == [
            "beta.one",
            "beta.two",
        ]
        assert wizard.question.id == "beta.one", "on to the first answer still to confirm"
        await pilot.press("C")
        assert "Confirm all 2" in str(app.screen.query_one("#carried-all", Button).label)
        await pilot.click("#carried-all")
        await settle(pilot)
        assert "5 answered" in screen_text(app)
    from cxaudit.services import assessing
    from cxaudit.services.workspace import open_workspace

    with open_workspace(db_url) as ws:
        stored = assessing.place(ws, assessment_id=draft, respondent_id=None).respondent.answers
    assert len(stored) == 5
    assert not any(a.needs_reconfirm for a in stored.values())
    assert all(a.value == 3 and a.note == "Note 3" for a in stored.values()), "kept as they were"


async def test_a_new_assessment_starts_for_the_selected_organisation_in_its_next_free_period(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    for period in ("2026-Q1", "2026-Q2"):
        seed_assessment(db_url, mini, organisation="Birch Bank", period=period, answers=THREE)
    seed_assessment(db_url, mini, organisation="Acme Stores", period="2026-Q1", answers=THREE)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("down")  # Birch Bank
        birch = home.organisation_id
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewAssessmentScreen)
        assert form.query_one("#new-org", Select).value == birch
        assert form.query_one("#new-period", Input).value == "2026-Q3"
        assert not form.query_one("#new-org-fields").display
        # "Loading…" was only a stand-in: it is not one of the choices.
        for select in form.query(Select):
            assert all("Loading" not in str(label) for label, _ in select._options)
        form.query_one("#new-period", Input).value = "q4 2026"
        form.query_one("#new-name", Input).value = "Ada Leader"
        await pilot.press("ctrl+s")
        await settle(pilot)
        wizard = next(s for s in app.screen_stack if isinstance(s, WizardScreen))
        assert wizard.assessment.period == "2026-Q4"
        assert wizard.assessment.organisation.id == birch


async def test_overdue_actions_are_flagged_and_the_cursor_keeps_its_row(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    from cxaudit.storage import open_database, repository

    low = {"alpha.one": 1, "alpha.two": 2, "alpha.three": 1, "beta.one": 2, "beta.two": 1}
    people = [("Ada Leader", Role.LEADER, dict(low))]
    first = seed_team(db_url, mini, organisation="Acme Stores", period="2025-Q4", people=people)
    latest = seed_team(db_url, mini, organisation="Acme Stores", period="2026-Q1", people=people)
    db = open_database(db_url)
    with db.session() as session:
        plan = repository.load_assessment(session, assessment_id=latest).actions
        assert plan[0].id is not None
        past = TODAY.replace(year=TODAY.year - 1)
        repository.update_action_item(session, action_id=plan[0].id, due=past)
    db.dispose()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        orgs = home.query_one("#orgs", DataTable)
        assert str(orgs.get_row_at(0)[6]) == "1", "Home: one action overdue"
        assert "1 action overdue" in str(home.query_one("#org-info", Static).render())
        await pilot.press("h")
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert "1 action overdue" in str(history.query_one("#history-title", Static).render())
        table = history.query_one("#history-table", DataTable)
        assert str(table.get_row(str(latest))[-1]).endswith("!")
        # Compare and come back: the cursor is still on the row it was on.
        await pilot.press("space", "down", "space")
        assert table.cursor_row == 1
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is history and table.cursor_row == 1
        await pilot.press("enter")
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert "1 action overdue" in str(results.query_one("#results-overall", Static).render())
        await pilot.press("2")
        actions = results.query_one("#results-actions", DataTable)
        assert str(actions.get_row_at(0)[3]).endswith("!")
        # Edit the third action: the cursor stays on it after the save and the reload.
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, EditActionScreen)
        dialog.query_one("#edit-owner", Input).value = "Sam"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is results
        assert actions.cursor_row == 2
        assert "Sam" in [str(c) for c in actions.get_row_at(2)]
    assert first != latest


async def test_a_adds_a_respondent_from_the_wizard(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    from cxaudit.tui.dialogs.add_respondent import AddRespondentScreen

    draft = _carried_draft(db_url, mini)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.resume(draft)
        await settle(pilot)
        assert isinstance(app.screen, WizardScreen)
        await pilot.press("a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AddRespondentScreen)
        assert dialog.assessment_id == draft


async def test_a_name_too_long_is_refused_with_one_sentence(
    make_app: Callable[..., CxauditApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewAssessmentScreen)
        form.query_one("#new-org-name", Input).value = "N" * 500
        form.query_one("#new-name", Input).value = "Ada Leader"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form, "nothing was started"
        assert any("the most is 120" in n.message for n in app._notifications)
