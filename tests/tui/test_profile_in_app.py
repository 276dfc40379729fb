"""An organisation's profile in the app, on a real SQLite file: asked once when the organisation
is created (each question yes or no, its default ticked), changed later in its own dialog; a
change decides the questions of assessments started after it, never of those already started."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Checkbox

from cxaudit.tui.app import CxauditApp
from cxaudit.tui.dialogs.profile import ProfileScreen, edit_profile
from cxaudit.tui.screens.home import HomeScreen
from cxaudit.tui.screens.wizard import WizardScreen
from tests.tui.helpers import screen_text, settle, type_into
from tests.tui.trust import seed_draft, trust_questionnaire


def _profiles(db_url: str) -> tuple[dict[str, bool], dict[int, dict[str, bool]]]:
    """Acme's profile, and the profile each of its assessments was started under."""
    from cxaudit.storage import open_database, repository

    db = open_database(db_url)
    try:
        with db.session() as session:
            org = repository.get_organisation(session, ref="Acme Stores")
            assert org.id is not None
            ids = repository.assessment_periods(session, organisation_id=org.id).values()
            started = {i: repository.load_assessment(session, assessment_id=i).profile for i in ids}
            return dict(org.profile), started
    finally:
        db.dispose()


async def test_a_new_organisation_answers_the_profile_questions_once(
    make_app: Callable[..., CxauditApp], db_url: str
) -> None:
    app = make_app(trust_questionnaire())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        box = app.screen.query_one("#profile-has_contact_centre", Checkbox)
        assert box.display and box.value is True, "asked, with its default ticked"
        assert "Do customers reach you through" in screen_text(app)
        await type_into(pilot, "#new-org-name", "Acme Stores")
        await type_into(pilot, "#new-name", "Ada Leader")
        box.value = False  # no contact centre
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")  # past the guidance
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        asked = [q.id for _, _, q in wizard.positions]
        assert "alpha.two" not in asked and len(asked) == 4
    profile, started = _profiles(db_url)
    assert profile == {"has_contact_centre": False}
    assert list(started.values()) == [{"has_contact_centre": False}]


async def test_a_questionnaire_without_profile_questions_asks_none(
    make_app: Callable[..., CxauditApp],
) -> None:
    app = make_app()  # mini.toml: no profile questions
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert not app.screen.query_one("#new-profile-row").display
        assert not app.screen.query(Checkbox)


async def test_the_profile_dialog_changes_future_assessments_only(
    make_app: Callable[..., CxauditApp], db_url: str
) -> None:
    q = trust_questionnaire()
    first = seed_draft(db_url, q, period="2026-Q1")
    app = make_app(q)
    reloaded: list[bool] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("p")  # Home's key, on the selected organisation
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ProfileScreen)
        box = dialog.query_one("#profile-has_contact_centre", Checkbox)
        assert box.value is True and app.focused is box
        await pilot.press("enter")  # untick: no contact centre
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is home
        assert "The profile of Acme Stores is saved" in " ".join(
            str(n.message) for n in app._notifications
        )
        edit_profile(home, 1, "Acme Stores", lambda: reloaded.append(True))
        await settle(pilot)
        assert app.screen.query_one("#profile-has_contact_centre", Checkbox).value is False
        await pilot.press("ctrl+s")  # saved unchanged: the callback runs
        await settle(pilot)
        assert reloaded == [True]
    second = seed_draft(db_url, q, period="2026-Q2")
    profile, started = _profiles(db_url)
    assert profile == {"has_contact_centre": False}
    assert started[first] == {"has_contact_centre": True}, "an assessment keeps its profile"
    assert started[second] == {"has_contact_centre": False}
