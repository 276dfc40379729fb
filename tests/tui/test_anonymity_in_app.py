"""Anonymous respondents on the Results screen, on a real SQLite file: with fewer than three
front-line respondents and one of them anonymous, the Differences tab says the leaders/front-line
figures are withheld instead of claiming everyone agrees, and a question's full detail shows the
anonymous answers under one heading, never under the label that would join one person's
answers up, with each level's confidence beside it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from cxaudit.domain.anonymity import ANONYMOUS_HEADING
from cxaudit.domain.model import Confidence, Role, make_answer
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.services import assessing, open_workspace
from cxaudit.services import links as links_service
from cxaudit.storage import create_organisation, find_assessment
from cxaudit.tui.app import CxauditApp
from cxaudit.tui.dialogs.detail import DetailScreen
from cxaudit.tui.screens.results import ResultsScreen
from tests.tui.helpers import screen_text, settle

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WITHHELD = "Fewer than 3 front-line respondents: not shown, to protect anonymous answers."


def _completed(db_url: str, mini: Questionnaire, anonymous: int) -> int:
    """Three named leaders answering 5 and `anonymous` front-line links answering 1 (low
    confidence, each with a note on the first question); completed; its id."""
    with open_workspace(db_url, questionnaire=mini) as ws:
        with ws.session() as session:
            create_organisation(session, name="Acme", sector="Retail")
        issued = links_service.create_links(
            ws,
            organisation="Acme",
            period="2026-Q1",
            people=[(name, Role.LEADER) for name in ("Lea One", "Lea Two", "Lea Three")],
            anonymous=anonymous,
            now=NOW,
        )
        first = mini.questions[0].id
        for number, link in enumerate(issued, start=1):
            for question in mini.questions:
                if link.anonymous:
                    note = f"Seen from the floor {number}" if question.id == first else ""
                    answer = make_answer(question.id, 1, note=note, confidence=Confidence.LOW)
                else:
                    answer = make_answer(question.id, 5)
                assessing.save_answer(ws, respondent_id=link.respondent_id, answer=answer)
        with ws.session() as session:
            assessment = find_assessment(session, organisation_ref="acme", period="2026-Q1")
        assert assessment.id is not None
        assessing.complete(ws, assessment_id=assessment.id)
        labels = [link.respondent_label for link in issued if link.anonymous]
        assert labels and all(label.startswith("Anonymous") for label in labels)
        return assessment.id


async def test_withheld_breakdown_and_anonymous_answers_in_the_detail(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    done = _completed(db_url, mini, anonymous=2)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ResultsScreen(done))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ResultsScreen) and screen.data is not None
        assert screen.data.result.perception_gaps == [] or not screen.data.result.perception_gaps
        await pilot.press("3")  # Differences
        await settle(pilot)
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        text = screen_text(app)
        assert WITHHELD in " ".join(text.split())
        assert "Everyone broadly agrees" not in text
        await pilot.press("enter")  # the first disagreement, in full
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        detail = " ".join(screen_text(app).split())
        assert f"{ANONYMOUS_HEADING}:" in detail
        assert "Anonymous front line" not in detail, "no label joins one person's answers"
        assert "level 1, low confidence" in detail and "level 5, medium confidence" in detail
        assert "Lea One (Leader): level 5, medium confidence" in detail


async def test_three_front_line_respondents_show_the_breakdown(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    done = _completed(db_url, mini, anonymous=3)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(ResultsScreen(done))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ResultsScreen) and screen.data is not None
        assert screen.data.result.perception_gaps, "leaders 5 and front line 1 differ"
        await pilot.press("3")
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert WITHHELD not in text
        assert "front line 1.00" in text
