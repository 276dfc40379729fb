"""How the app takes the user from one screen to the next: every screen reaches every other
through these methods, and none imports another.

Each screen is imported only when it is first shown, so the first frame never waits for it.
Leaving a screen where someone is typing keeps what they typed first (`leave_typing`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.screen import Screen

from cxaudit.tui.base import TaskMixin

if TYPE_CHECKING:
    from cxaudit.domain.scoring import ScoredAssessment
    from cxaudit.services.views import WizardData
    from cxaudit.services.workspace import Workspace
    from cxaudit.tui.screens.home import HomeScreen


class Navigation(TaskMixin, App[None]):
    """The app's way to every screen (see `cxaudit.tui.host.Host`)."""

    today: date
    workspace: Workspace | None

    def _typing_left_unsaved(self) -> list[str]:
        """Queue every screen's typing for the database; what could not be kept."""
        from cxaudit.tui.base import CxModal, CxScreen

        unsaved: list[str] = []
        for screen in self.screen_stack:
            if isinstance(screen, CxScreen | CxModal):
                screen.save_typing()
                unsaved += screen.unsaved_typing()
        return unsaved

    def leave_typing(self, then: Callable[[], None]) -> None:
        """Queue every screen's typing for the database, then `then()`; if a note cannot be
        kept (its question has no answer yet), ask first."""
        from cxaudit.tui.dialogs.confirm import ConfirmScreen

        unsaved = self._typing_left_unsaved()
        if not unsaved:
            then()
            return
        what = f"“{unsaved[0]}”" if len(unsaved) == 1 else f"{len(unsaved)} questions"
        self.push_screen(
            ConfirmScreen(
                f"What you gave on {what} cannot be kept yet: a note is kept with an answer, "
                "and a level from the evidence gate with its evidence. Leave without it?",
                yes="Leave without it",
                no="Stay and finish it",
            ),
            lambda yes: then() if yes else None,
        )

    def go_home(self) -> None:
        """Back to Home, refreshed."""
        from cxaudit.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        if isinstance(self.screen, HomeScreen):
            self.screen.reload()

    def _back_home(self) -> HomeScreen | None:
        """Home, back on top (None only while the "terminal too small" screen covers it)."""
        from cxaudit.tui.screens.home import HomeScreen

        self.go_home()
        return self.screen if isinstance(self.screen, HomeScreen) else None

    def _show(self, screen: Screen[Any], *, from_home: bool = False) -> None:
        """Push `screen`; `from_home` shows it straight on top of Home, so that a finished flow
        (a started assessment, a completed one) does not stack up behind it."""
        if from_home:
            self.go_home()
        self.push_screen(screen)

    def new_assessment(self, organisation_id: int | None = None) -> None:
        """The New assessment form, with `organisation_id` chosen if given."""
        from cxaudit.tui.screens.new_assessment import NewAssessmentScreen

        self.push_screen(NewAssessmentScreen(organisation_id=organisation_id))

    def open_wizard(
        self, data: WizardData, *, guidance: bool = False, from_home: bool = False
    ) -> None:
        """The questions for one respondent; `guidance` shows how to answer first (unless they
        have answers already)."""
        from cxaudit.tui.screens.wizard import WizardScreen

        self._show(WizardScreen(data, show_guidance=guidance), from_home=from_home)

    def resume(self, assessment_id: int) -> None:
        """Carry on answering a draft: straight in with one respondent, else ask who it is."""
        from cxaudit.services import assessing
        from cxaudit.tui.dialogs.pick_respondent import PickRespondentScreen

        def chosen(choice: int | None) -> None:
            if choice is None:
                return
            if choice == PickRespondentScreen.NEW:
                self.add_respondent(assessment_id)
                return
            self.run_db(
                lambda ws: assessing.place(ws, assessment_id=assessment_id, respondent_id=choice),
                self.open_wizard,
                group="open",
            )

        def got(data: WizardData) -> None:
            if len(data.assessment.respondents) > 1:
                self.push_screen(PickRespondentScreen(data), chosen)
            else:
                self.open_wizard(data)

        self.run_db(
            lambda ws: assessing.place(ws, assessment_id=assessment_id, respondent_id=None),
            got,
            group="open",
        )

    def add_respondent(self, assessment_id: int, *, from_home: bool = False) -> None:
        """Ask for another respondent to an assessment, then open their questions."""
        from cxaudit.tui.dialogs.add_respondent import AddRespondentScreen

        def added(data: WizardData | None) -> None:
            if data is not None:
                self.open_wizard(data)

        if from_home:
            self.go_home()
        self.push_screen(AddRespondentScreen(assessment_id), added)

    def open_results(
        self,
        assessment_id: int,
        *,
        preloaded: ScoredAssessment | None = None,
        from_home: bool = False,
    ) -> None:
        """An assessment's results (`preloaded` when they were just read)."""
        from cxaudit.tui.screens.results import ResultsScreen

        self._show(ResultsScreen(assessment_id, preloaded=preloaded), from_home=from_home)

    def open_latest_results(self, organisation_id: int) -> None:
        """The results of an organisation's latest completed assessment, if it has one."""
        from cxaudit.services import results

        def show(assessment_id: int | None) -> None:
            if assessment_id is None:
                self.notify("This organisation has no completed assessment yet.")
            else:
                self.open_results(assessment_id)

        self.run_db(
            lambda ws: results.latest_completed(ws, organisation_id=organisation_id),
            show,
            group="open",
        )

    def open_history(self, organisation_id: int) -> None:
        """An organisation's assessments over time."""
        from cxaudit.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(organisation_id))

    def open_latest_compare(self, organisation_id: int) -> None:
        """The two latest completed assessments of an organisation side by side."""
        from cxaudit.services import history

        def show(completed: list[int]) -> None:
            if len(completed) < 2:
                self.notify("Comparing needs two completed assessments of this organisation.")
            else:
                self.open_compare(completed[-2], completed[-1])

        self.run_db(
            lambda ws: [
                r.assessment_id
                for r in history.history(
                    ws, organisation=organisation_id, include_drafts=False
                ).records
            ],
            show,
            group="open",
        )

    def open_compare(self, earlier_id: int, later_id: int) -> None:
        """Two assessments of one organisation side by side, earlier first."""
        from cxaudit.tui.screens.compare import CompareScreen

        self.push_screen(CompareScreen(earlier_id, later_id))
