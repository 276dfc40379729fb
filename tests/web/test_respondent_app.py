"""The respondent-only app under Textual's Pilot, on a real SQLite file with real links: one
respondent's questions, saved as in the terminal; nobody else's answers or notes; Finish marks
this respondent done (never the assessment); a link revoked before the app starts is refused."""

from __future__ import annotations

import asyncio
import html
import re

from textual.pilot import Pilot

from cxaudit.catalogue import default_questionnaire
from cxaudit.domain.model import AssessmentStatus, make_answer
from cxaudit.services import assessing, links
from cxaudit.tui.respondent import RespondentApp
from cxaudit.tui.respondent.screens import (
    RefusedScreen,
    RespondentReview,
    RespondentWizard,
    StartScreen,
    ThanksScreen,
)
from tests.web.conftest import Links

BOBS_NOTE = "Bob says the returns desk is chaotic"


async def until(pilot: Pilot[None], condition: object, rounds: int = 1000) -> None:
    """Let the app run until `condition()` holds (no time is asserted)."""
    for _ in range(rounds):
        await pilot.pause()
        if callable(condition) and condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the app never got there")


def idle(app: RespondentApp) -> bool:
    busy = [w for w in app.workers if w.group != "saves" and w.is_running]
    return not busy and not app.saves.unfinished_tasks


def screen_text(app: RespondentApp) -> str:
    """What the screen shows, as plain text (from Textual's own screenshot)."""
    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r">([^<]*)</text>", svg))).replace("\xa0", " ")


async def test_a_respondent_answers_only_their_own_questions_and_finishes(link_db: Links) -> None:
    first = default_questionnaire().questions[0].id
    bob = links.open_link(link_db.ws, token=link_db.bob)
    ann = links.open_link(link_db.ws, token=link_db.ann)
    assert bob is not None and ann is not None
    assessing.save_answer(
        link_db.ws, respondent_id=bob.respondent_id, answer=make_answer(first, 2, note=BOBS_NOTE)
    )
    app = RespondentApp(link_db.db_url, token=link_db.ann)
    async with app.run_test(size=(110, 36)) as pilot:
        await until(pilot, lambda: app.data is not None and idle(app))
        assert isinstance(app.screen, StartScreen)
        text = screen_text(app)
        assert "Acme" in text and "answering as Ann" in text and "Bob" not in text
        assert app.data is not None
        assert [r.name for r in app.data.assessment.respondents] == ["Ann"]

        await pilot.press("enter")  # the questions, with the guidance first
        await until(pilot, lambda: not isinstance(app.screen, StartScreen))
        await pilot.press("enter")  # past the guidance
        await until(pilot, lambda: isinstance(app.screen, RespondentWizard))
        wizard = app.screen
        assert isinstance(wizard, RespondentWizard)
        assert wizard.question.id == first
        assert BOBS_NOTE not in screen_text(app) and "Bob" not in screen_text(app)
        await pilot.press("3")
        await until(pilot, lambda: idle(app) and first in wizard.answers)

        await pilot.press("a")  # add a respondent: not from a personal link
        await pilot.pause()
        assert isinstance(app.screen, RespondentWizard)

        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, RespondentReview))
        assert "Other respondents" not in screen_text(app) and "Bob" not in screen_text(app)
        await pilot.press("ctrl+f")  # 47 are left: asks first
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ThanksScreen) and idle(app))
        assert "Thank you" in screen_text(app)

    saved = assessing.place(
        link_db.ws, assessment_id=link_db.acme_id, respondent_id=ann.respondent_id
    )
    assert saved.respondent.answers[first].value == 3
    assert saved.respondent.finished_at is not None
    assert saved.assessment.status == AssessmentStatus.DRAFT  # finishing is not completing
    assert [r.name for r in saved.assessment.respondents if r.finished_at] == ["Ann"]


async def test_escape_goes_back_to_the_start_page_not_home(link_db: Links) -> None:
    app = RespondentApp(link_db.db_url, token=link_db.bob)
    async with app.run_test(size=(110, 36)) as pilot:
        await until(pilot, lambda: app.data is not None and idle(app))
        await pilot.press("enter", "enter")
        await until(pilot, lambda: isinstance(app.screen, RespondentWizard))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, StartScreen) and idle(app))
        assert len(app.screen_stack) == 1
        assert "answering as Bob" in screen_text(app)


async def test_a_link_revoked_before_the_app_starts_is_refused(link_db: Links) -> None:
    links.revoke_links(link_db.ws, organisation="Acme", period="2026-Q1", everyone=True)
    app = RespondentApp(link_db.db_url, token=link_db.ann)
    async with app.run_test(size=(110, 36)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RefusedScreen))
        text = screen_text(app)
        assert "not valid any more" in text and "Acme" not in text
        assert app.workspace is None


async def test_a_token_for_another_assessment_than_the_gateway_checked_is_refused(
    link_db: Links,
) -> None:
    app = RespondentApp(link_db.db_url, token=link_db.cleo, assessment_id=link_db.acme_id)
    async with app.run_test(size=(110, 36)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, RefusedScreen))
        assert "Globex" not in screen_text(app)
