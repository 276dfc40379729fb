"""The same words and numbers everywhere: one label per role, one "not enough history" rule,
and a review that shows the N/A and don't-know answers with their reasons."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable, OptionList, Select, Static

from cxaudit.domain.format import DASH
from cxaudit.domain.model import Role
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.tui.app import CxauditApp
from cxaudit.tui.dialogs.add_respondent import AddRespondentScreen
from cxaudit.tui.screens.history import HistoryScreen
from cxaudit.tui.screens.home import HomeScreen
from cxaudit.tui.screens.wizard.review import ReviewScreen
from tests.tui.helpers import (
    answer,
    screen_text,
    seed_assessment,
    seed_team,
    settle,
    start_assessment,
)


async def test_a_role_reads_the_same_in_every_form_and_list(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    draft = seed_team(
        db_url,
        mini,
        organisation="Acme Stores",
        period="2026-Q2",
        people=[
            ("Ada Leader", Role.LEADER, {"alpha.one": 4}),
            ("Bo Front", Role.FRONTLINE, {"alpha.one": 3}),
        ],
        complete=False,
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.add_respondent(draft)
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AddRespondentScreen)
        labels = [label for label, _ in form.query_one("#add-role", Select)._options]
        assert "Front line" in [str(label) for label in labels]
        await pilot.press("escape")
        app.resume(draft)
        await settle(pilot)
        text = screen_text(app)
        assert "Bo Front (Front line)" in text, "the respondent picker"
        assert "frontline" not in text


async def test_one_completed_assessment_is_not_enough_history_on_home_history_and_csv(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    from cxaudit.services import portfolio
    from cxaudit.services.workspace import open_workspace
    from cxaudit.transfer.tabular import organisation_rows

    every: dict[str, int | str] = {q.id: 3 for q in mini.questions}
    seed_assessment(db_url, mini, organisation="Acme Stores", period="2026-Q1", answers=every)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        orgs = home.query_one("#orgs", DataTable)
        trend = str(orgs.get_row_at(0)[4])
        assert trend == DASH
        await pilot.press("h")
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        lines = str(history.query_one("#history-trend", Static).render()).splitlines()
        overall = next(line for line in lines if line.startswith("Overall"))
        assert f"  {DASH}  " in overall and "→" not in overall
    with open_workspace(db_url) as ws:
        rows = organisation_rows(portfolio.organisations(ws))
    assert rows[0]["trend"] is None, "no trend, not 'flat'"


async def test_the_review_lists_na_and_dont_know_answers_with_their_reasons(
    make_app: Callable[..., CxauditApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await start_assessment(pilot)
        await answer(pilot, "enter", "4", "right", "3", "right", "n")
        await pilot.press(*"No stores here")
        await answer(pilot, "enter", "right", "u", "right", "2", "right")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        summary = str(review.query_one("#review-summary", Static).render())
        assert "All 5 questions are answered" in summary
        assert "1 N/A and 1 don't know" in summary
        assert "Well done" not in summary
        listed = review.query_one("#review-list", OptionList)
        lines = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert any("N/A because No stores here" in line for line in lines), lines
        assert any("Don't know" in line for line in lines), lines
