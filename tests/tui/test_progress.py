"""One respondent's progress reads the same on Home, in the picker, the wizard and the review.

Carried-forward answers count as answered only once confirmed (`cxaudit.domain.progress`).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable, Label, OptionList, Static

from cxaudit.domain.model import Role, make_answer
from cxaudit.domain.progress import progress_of
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.tui.app import CxauditApp
from cxaudit.tui.dialogs.pick_respondent import PickRespondentScreen
from cxaudit.tui.screens.wizard import WizardScreen
from cxaudit.tui.screens.wizard.review import ReviewScreen
from tests.tui.helpers import seed_assessment, settle


def _draft_with_a_carried_respondent(db_url: str, mini: Questionnaire) -> None:
    """2026-Q2 with Ada (five answers carried from Q1, two of them confirmed) and Bo (one)."""
    from cxaudit.storage import open_database, repository

    every: dict[str, int | str] = {q.id: 3 for q in mini.questions}
    seed_assessment(db_url, mini, organisation="Acme Stores", period="2026-Q1", answers=every)
    db = open_database(db_url)
    try:
        with db.session() as session:
            org = repository.get_organisation(session, ref="Acme Stores")
            assert org.id is not None
            draft = repository.start_assessment(
                session, organisation_id=org.id, period="2026-Q2", questionnaire=mini
            )
            assert draft.id is not None
            ada = repository.add_respondent(
                session,
                assessment_id=draft.id,
                name="Ada Leader",
                role=Role.LEADER,
                prefill_from_latest=True,
            )
            bo = repository.add_respondent(
                session, assessment_id=draft.id, name="Bo Front", role=Role.FRONTLINE
            )
            assert ada.id is not None and bo.id is not None
            for question_id in ("alpha.one", "alpha.two"):
                repository.save_answer(
                    session, respondent_id=ada.id, answer=make_answer(question_id, 4)
                )
            repository.save_answer(session, respondent_id=bo.id, answer=make_answer("beta.one", 2))
    finally:
        db.dispose()


async def test_a_carried_forward_respondent_reads_the_same_everywhere(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    _draft_with_a_carried_respondent(db_url, mini)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        drafts = app.screen.query_one("#drafts", DataTable)
        assert drafts.row_count == 1
        # Home counts the draft's settled answers over both people: Ada's 2 and Bo's 1.
        assert str(drafts.get_row_at(0)[3]) == "3 of 10"

        drafts.focus()
        await pilot.press("enter")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickRespondentScreen)
        ids = [q.id for q in mini.questions]
        ada, bo = picker.data.assessment.respondents
        progress = progress_of(ada.answers, ids)
        assert (progress.settled, progress.to_reconfirm, progress.total) == (2, 3, 5)
        options = picker.query_one("#pick-list", OptionList)
        ada_line = str(options.get_option_at_index(0).prompt)
        assert ada_line == f"Ada Leader (Leader) · {progress.label}"
        assert "answered 2 of 5, 3 to reconfirm" in ada_line
        assert "answered 1 of 5" in str(options.get_option_at_index(1).prompt)

        await pilot.press("enter")  # Ada
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        assert wizard.question.id == "alpha.three", "opens at her first unconfirmed answer"
        count = str(wizard.query_one("#wiz-count", Label).render())
        assert count == "Question 3 of 5 · 2 answered"

        await pilot.press("r")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        summary = str(review.query_one("#review-summary", Static).render())
        assert summary.startswith("You have answered 2 of 5 questions;")
        assert "3 carried forward and not yet confirmed" in summary
        others = str(review.query_one("#review-others", Static).render())
        assert "Bo Front (Front line) 1/5" in others
