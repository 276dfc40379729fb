"""Evidence, confidence and applicability in the wizard, on a real SQLite file.

A level at or above the gate is asked for its evidence in place and is saved with it, never
without; the wizard does not move on until the evidence is typed or the level lowered, and a
quit asks before leaving such a level behind. `s` steps the confidence and it is stored with
the answer. A question that does not apply to the organisation's profile is not asked, and the
review lists it with its reason. A carried-forward answer keeps its evidence and confidence but
still has to be confirmed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import Input, Label

from cxaudit.domain.model import Confidence, make_answer
from cxaudit.tui.app import CxauditApp
from cxaudit.tui.dialogs.confirm import ConfirmScreen
from cxaudit.tui.screens.home import HomeScreen
from cxaudit.tui.screens.wizard import WizardScreen
from cxaudit.tui.screens.wizard.review import ReviewScreen
from cxaudit.tui.widgets.answer_state import AnswerState
from tests.tui.helpers import answer, screen_text, settle
from tests.tui.trust import HINT, seed_draft, stored_answers, trust_questionnaire


async def _open(pilot: Pilot[None], assessment_id: int) -> WizardScreen:
    app = pilot.app
    assert isinstance(app, CxauditApp)
    await settle(pilot)
    app.resume(assessment_id)
    await settle(pilot)
    wizard = app.screen
    assert isinstance(wizard, WizardScreen)
    return wizard


def _state(wizard: WizardScreen) -> str:
    return str(wizard.query_one(AnswerState).render())


def _notices(messages: list[Message]) -> list[str]:
    """Every notification sent so far (read from the messages, so none expires)."""
    return [m.notification.message for m in messages if isinstance(m, Notify)]


async def test_a_level_at_the_gate_asks_for_evidence_in_place_and_is_saved_with_it(
    make_app: Callable[..., CxauditApp], db_url: str
) -> None:
    draft = seed_draft(db_url, trust_questionnaire())
    app = make_app()
    messages: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        wizard = await _open(pilot, draft)
        assert wizard.question.id == "alpha.one"
        evidence = wizard.query_one("#wiz-evidence", Input)
        assert HINT in evidence.placeholder
        await answer(pilot, "5")
        assert app.focused is evidence, "the evidence is asked for where it is typed"
        assert "needs evidence" in _state(wizard)
        assert any("needs evidence" in n and HINT in n for n in _notices(messages))
        assert "alpha.one" not in stored_answers(db_url, draft), "no level 5 without evidence"
        assert any(n.title == "Evidence needed" for n in app._notifications)
        await pilot.press(*"Board minutes, May")
        await settle(pilot)
        assert "level 5" in _state(wizard)
        # Answered: the request no longer covers the levels of this question or the next.
        assert not any(n.title == "Evidence needed" for n in app._notifications)
    stored = stored_answers(db_url, draft)["alpha.one"]
    assert (stored.value, stored.evidence, stored.unverified) == (5, "Board minutes, May", False)


async def test_below_the_gate_nothing_is_asked(
    make_app: Callable[..., CxauditApp], db_url: str
) -> None:
    draft = seed_draft(db_url, trust_questionnaire())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await _open(pilot, draft)
        await answer(pilot, "3")
        assert app.focused is not wizard.query_one("#wiz-evidence", Input)
        await answer(pilot, "right")
        assert wizard.question.id == "alpha.two"
    assert stored_answers(db_url, draft)["alpha.one"].value == 3


async def test_the_wizard_does_not_move_on_until_the_evidence_is_given_or_the_level_lowered(
    make_app: Callable[..., CxauditApp], db_url: str
) -> None:
    draft = seed_draft(db_url, trust_questionnaire())
    app = make_app()
    messages: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        wizard = await _open(pilot, draft)
        await answer(pilot, "4")
        await answer(pilot, "escape")  # out of the evidence, back to the levels
        before = len(_notices(messages))
        for key in ("right", "]", "j", "r", "ctrl+h", "escape"):
            await answer(pilot, key)
            assert app.screen is wizard, f"{key} left a level without its evidence"
            assert wizard.question.id == "alpha.one"
            assert app.focused is wizard.query_one("#wiz-evidence", Input)
            await answer(pilot, "escape")  # back to the levels for the next try
        refusals = _notices(messages)[before:]
        assert len(refusals) == 6
        assert all("not saved until it has evidence" in n for n in refusals)
        assert "choose 1–3, n or u" in refusals[0]
        assert "alpha.one" not in stored_answers(db_url, draft)
        await answer(pilot, "3")  # the level lowered: saved, and the way is open
        assert "level 3" in _state(wizard)
        await answer(pilot, "right")
        assert wizard.question.id == "alpha.two"
    assert stored_answers(db_url, draft)["alpha.one"].value == 3


async def test_erasing_the_evidence_of_a_gated_answer_holds_it_until_new_evidence(
    make_app: Callable[..., CxauditApp], db_url: str
) -> None:
    draft = seed_draft(db_url, trust_questionnaire())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await _open(pilot, draft)
        await answer(pilot, "4")
        await pilot.press(*"Audit")
        await settle(pilot)
        field = wizard.query_one("#wiz-evidence", Input)
        field.value = ""
        await settle(pilot)
        await answer(pilot, "escape", "right")
        assert wizard.question.id == "alpha.one", "an answer at the gate needs its evidence"
        assert stored_answers(db_url, draft)["alpha.one"].evidence == "Audit"
        assert app.focused is field, "the refusal puts the cursor back in the evidence"
        await pilot.press(*"Survey report")
        await settle(pilot)
        await answer(pilot, "escape", "right")
        assert wizard.question.id == "alpha.two"
    assert stored_answers(db_url, draft)["alpha.one"].evidence == "Survey report"


Interrupt = Callable[[Pilot[None], WizardScreen], Awaitable[None]]


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
async def test_evidence_typed_is_kept_however_the_wizard_is_interrupted(
    make_app: Callable[..., CxauditApp], db_url: str, interrupt: Interrupt
) -> None:
    """As with notes: the evidence is read from the screen before anything that could lose it,
    even when the key's own change event has not arrived yet."""
    draft = seed_draft(db_url, trust_questionnaire())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await _open(pilot, draft)
        await answer(pilot, "5")
        wizard.query_one("#wiz-evidence", Input).insert_text_at_cursor("NPS deck")
        await interrupt(pilot, wizard)
        if app.is_running:
            await settle(pilot)
    stored = stored_answers(db_url, draft)["alpha.one"]
    assert (stored.value, stored.evidence) == (5, "NPS deck")


async def test_quitting_with_a_level_waiting_for_evidence_asks_first(
    make_app: Callable[..., CxauditApp], db_url: str
) -> None:
    draft = seed_draft(db_url, trust_questionnaire())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await _open(pilot, draft)
        await answer(pilot, "5", "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen), "quitting would drop level 5: ask first"
        await answer(pilot, "escape")  # stay
        assert app.screen is wizard and app.is_running
        assert "needs evidence" in _state(wizard)
        await pilot.press(*"Call recordings", "ctrl+q")
        await pilot.pause()
    stored = stored_answers(db_url, draft)["alpha.one"]
    assert (stored.value, stored.evidence) == (5, "Call recordings")


async def test_the_confidence_key_steps_and_is_stored_with_the_answer(
    make_app: Callable[..., CxauditApp], db_url: str
) -> None:
    draft = seed_draft(db_url, trust_questionnaire())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await _open(pilot, draft)
        await answer(pilot, "right")  # alpha.two: no gate
        await answer(pilot, "s")  # before answering: kept with the answer
        assert "high confidence" in _state(wizard)
        assert "alpha.two" not in stored_answers(db_url, draft)
        await answer(pilot, "2")
        assert "level 2 · high confidence" in _state(wizard)
        assert stored_answers(db_url, draft)["alpha.two"].confidence == Confidence.HIGH
        await answer(pilot, "s")
        assert stored_answers(db_url, draft)["alpha.two"].confidence == Confidence.LOW
        await answer(pilot, "3")  # a new level keeps the confidence chosen
    stored = stored_answers(db_url, draft)["alpha.two"]
    assert (stored.value, stored.confidence) == (3, Confidence.LOW)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await _open(pilot, draft)
        await answer(pilot, "right")
        assert "level 3 · low confidence" in _state(wizard)
        await answer(pilot, "s")
    assert stored_answers(db_url, draft)["alpha.two"].confidence == Confidence.MEDIUM


async def test_a_question_that_does_not_apply_is_skipped_and_reviewed_as_such(
    make_app: Callable[..., CxauditApp], db_url: str
) -> None:
    draft = seed_draft(db_url, trust_questionnaire(), profile={"has_contact_centre": False})
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await _open(pilot, draft)
        assert "Question 1 of 4" in str(wizard.query_one("#wiz-count", Label).render())
        await answer(pilot, "2", "right")
        assert wizard.question.id == "alpha.three", "alpha.two does not apply: not asked"
        assert "Alpha 2/2" in str(wizard.query_one("#wiz-position", Label).render())
        await answer(pilot, "left")
        assert wizard.question.id == "alpha.one"
        await answer(pilot, "right", "3", "right", "1", "right", "2", "right")
        assert isinstance(app.screen, ReviewScreen)
        text = screen_text(app)
        assert "All 4 questions are answered" in text
        assert "does not apply: no contact centre" in text
        assert "Question two?" in text
    assert "alpha.two" not in stored_answers(db_url, draft)


async def test_a_carried_answer_keeps_its_evidence_and_confidence_but_is_reconfirmed(
    make_app: Callable[..., CxauditApp], db_url: str
) -> None:
    q = trust_questionnaire()
    earlier = {
        "alpha.one": make_answer(
            "alpha.one", 5, evidence="Quarterly audit", confidence=Confidence.HIGH
        ),
        # Given before the gate was there (storage does not apply the rule): no evidence.
        "alpha.three": make_answer("alpha.three", 4, confidence=Confidence.LOW),
    }
    seed_draft(db_url, q, answers=earlier, period="2026-Q1", complete=True)
    draft = seed_draft(db_url, q, period="2026-Q2", carry_forward=True)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await _open(pilot, draft)
        assert wizard.question.id == "alpha.one"
        assert "Carried forward: 5, high confidence" in _state(wizard)
        assert wizard.query_one("#wiz-evidence", Input).value == "Quarterly audit"
        await answer(pilot, "c")
        assert "level 5 · high confidence" in _state(wizard)
        await answer(pilot, "right", "right")
        assert wizard.question.id == "alpha.three"
        await answer(pilot, "c")
        assert "needs evidence" in _state(wizard), "no evidence: confirming asks for it"
        await pilot.press(*"Mystery shop")
        await settle(pilot)
    stored = stored_answers(db_url, draft)
    assert stored["alpha.one"].needs_reconfirm is False
    assert (stored["alpha.one"].evidence, stored["alpha.one"].confidence) == (
        "Quarterly audit",
        Confidence.HIGH,
    )
    assert stored["alpha.three"].needs_reconfirm is False
    assert (stored["alpha.three"].evidence, stored["alpha.three"].confidence) == (
        "Mystery shop",
        Confidence.LOW,
    )


async def test_confirming_many_leaves_the_answers_that_need_evidence(
    make_app: Callable[..., CxauditApp], db_url: str
) -> None:
    q = trust_questionnaire()
    earlier = {
        "alpha.one": make_answer("alpha.one", 2),
        "alpha.three": make_answer("alpha.three", 5),
        "beta.one": make_answer("beta.one", 3),
    }
    seed_draft(db_url, q, answers=earlier, period="2026-Q1", complete=True)
    draft = seed_draft(db_url, q, period="2026-Q2", carry_forward=True)
    app = make_app()
    messages: list[Message] = []
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await _open(pilot, draft)
        await answer(pilot, "C")
        await pilot.click("#carried-all")
        await settle(pilot)
        assert any(
            "Confirmed 2 carried-forward answers. 1 carried answer needs evidence" in n
            for n in _notices(messages)
        )
        await answer(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
    stored = stored_answers(db_url, draft)
    assert not stored["alpha.one"].needs_reconfirm and not stored["beta.one"].needs_reconfirm
    assert stored["alpha.three"].needs_reconfirm, "level 5 with no evidence is not confirmed"
