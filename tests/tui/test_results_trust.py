"""Results say how far the scores can be trusted, on a real SQLite file: an area resting mostly
on low-confidence answers is flagged in words, unverified answers are counted and listed as
"level 5, unverified", and a question that did not apply is shown as such, with its reason."""

from __future__ import annotations

from collections.abc import Callable

from cxaudit.domain.model import Confidence, make_answer
from cxaudit.tui.app import CxauditApp
from cxaudit.tui.screens.results import ResultsScreen
from tests.tui.helpers import screen_text, settle
from tests.tui.trust import seed_draft, trust_questionnaire


async def test_results_flag_low_confidence_list_unverified_and_show_what_did_not_apply(
    make_app: Callable[..., CxauditApp], db_url: str
) -> None:
    low = Confidence.LOW
    answers = {
        "alpha.one": make_answer("alpha.one", 2, confidence=low),
        "alpha.three": make_answer("alpha.three", 3, confidence=low),
        # Imported with --accept-unverified: level 5 with no evidence, counted as given.
        "beta.one": make_answer("beta.one", 5, unverified=True, confidence=Confidence.HIGH),
        "beta.two": make_answer("beta.two", 3),
    }
    done = seed_draft(
        db_url,
        trust_questionnaire(),
        profile={"has_contact_centre": False},
        answers=answers,
        complete=True,
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ResultsScreen(done))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ResultsScreen) and screen.data is not None
        result = screen.data.result
        assert [a.area_id for a in result.low_confidence_areas] == ["alpha"]
        await pilot.resize_terminal(80, 60)  # everything under the table at once
        await settle(pilot)
        text = screen_text(app)
        assert "1 unverified answer" in text
        assert "Alpha ◆" in text and "Beta ◆" not in text
        assert "Alpha: based mostly on low-confidence answers" in text
        assert "level 5, unverified  Ada Leader: Beta one?" in text
        assert "Question two?  does not apply: no contact centre" in text
        assert "Unverified: 1 answer was given" in text


async def test_results_with_nothing_to_flag_say_nothing_more(
    make_app: Callable[..., CxauditApp], db_url: str
) -> None:
    answers = {q: make_answer(q, 3) for q in ("alpha.one", "alpha.two", "beta.one")}
    done = seed_draft(db_url, trust_questionnaire(), answers=answers, complete=True)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ResultsScreen(done))
        await settle(pilot)
        assert not app.screen.query_one("#results-trust").display
        text = screen_text(app)
        assert "unverified" not in text and "◆" not in text


async def test_the_question_detail_gives_each_level_with_its_confidence(
    make_app: Callable[..., CxauditApp], db_url: str
) -> None:
    from cxaudit.domain.model import Role
    from cxaudit.storage import open_database, repository
    from cxaudit.tui.dialogs.detail import DetailScreen

    q = trust_questionnaire()
    ada = {"alpha.one": make_answer("alpha.one", 5, evidence="Audit", confidence="high")}
    done = seed_draft(db_url, q, answers=ada)
    db = open_database(db_url)
    try:
        with db.session() as session:
            bo = repository.add_respondent(
                session, assessment_id=done, name="Bo Front", role=Role.FRONTLINE
            )
            assert bo.id is not None
            repository.save_answer(
                session, respondent_id=bo.id, answer=make_answer("alpha.one", 1, confidence="low")
            )
            repository.complete_assessment(session, assessment_id=done)
    finally:
        db.dispose()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ResultsScreen(done))
        await settle(pilot)
        await pilot.press("3", "enter")  # Differences: levels 5 and 1 disagree
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        await pilot.resize_terminal(100, 60)
        await settle(pilot)
        text = screen_text(app)
        assert "Ada Leader (Leader): level 5, high confidence" in text
        assert "Bo Front (Front line): level 1, low confidence" in text
