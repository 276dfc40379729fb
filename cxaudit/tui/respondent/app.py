"""`RespondentApp`: the terminal app cut down to one respondent of one assessment.

It reuses `CxauditApp`'s saving (ordered saves, flushed on quit) and the wizard screens, and
replaces what leads elsewhere: the start page stands in for Home, and every way to another
organisation, another respondent or the results only says that a personal link cannot go there.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from cxaudit.tui.app import CxauditApp
from cxaudit.tui.base import describe_error

if TYPE_CHECKING:
    from cxaudit.domain.questionnaire import Questionnaire
    from cxaudit.domain.scoring import ScoredAssessment
    from cxaudit.services.links import LinkGrant
    from cxaudit.services.views import WizardData
    from cxaudit.services.workspace import Workspace

NOT_FROM_A_LINK = "A personal link opens only your own questions."


class LinkChecked(Message):
    """The database is open and the link was checked again: `data` is None if it was refused."""

    def __init__(
        self,
        workspace: Workspace | None,
        grant: LinkGrant | None,
        data: WizardData | None,
        error: str | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.grant = grant
        self.data = data
        self.error = error


class RespondentApp(CxauditApp, inherit_bindings=False):
    """Answer one assessment as one respondent, through a personal link."""

    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", tooltip="Save and close", priority=True),
    ]

    def __init__(
        self,
        db_url: str,
        *,
        token: str,
        assessment_id: int | None = None,
        respondent_id: int | None = None,
        today: date | None = None,
        questionnaire: Questionnaire | None = None,
    ) -> None:
        super().__init__(db_url, today=today, questionnaire=questionnaire)
        self._token = token
        self._expected = (assessment_id, respondent_id)
        self.grant: LinkGrant | None = None
        self.data: WizardData | None = None

    def get_default_screen(self) -> Screen[Any]:
        from cxaudit.tui.respondent.screens import StartScreen

        return StartScreen()

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def _open_database(self) -> None:
        from cxaudit.services import assessing, links
        from cxaudit.services.workspace import Workspace

        try:
            ws = Workspace.open(self.db_url, today=self.today, questionnaire=self.questionnaire)
        except Exception as exc:  # noqa: BLE001 - shown on the start page, never a crash
            self.post_message(LinkChecked(None, None, None, describe_error(exc)))
            return
        try:
            grant = links.open_link(ws, token=self._token)
            expected_assessment, expected_respondent = self._expected
            if grant is not None and (
                (expected_assessment is not None and grant.assessment_id != expected_assessment)
                or (expected_respondent is not None and grant.respondent_id != expected_respondent)
            ):
                grant = None
            data = None
            if grant is not None:
                data = assessing.place(
                    ws, assessment_id=grant.assessment_id, respondent_id=grant.respondent_id
                )
        except Exception as exc:  # noqa: BLE001 - the start page says why
            self.post_message(LinkChecked(ws, None, None, describe_error(exc)))
            return
        from cxaudit.tui.respondent.screens import only_own

        self.post_message(LinkChecked(ws, grant, only_own(data) if data else None))

    def on_link_checked(self, message: LinkChecked) -> None:
        """Show the start page for this respondent, or the refusal."""
        from cxaudit.tui.respondent.screens import RefusedScreen, StartScreen

        self.workspace = message.workspace
        if message.error is not None:
            self.database_error = message.error
        if message.data is None or message.grant is None:
            # Nothing can be read or saved through a refused link.
            if message.workspace is not None:
                message.workspace.close()
            self.workspace = None
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self.push_screen(RefusedScreen(message.error))
            return
        self.grant = message.grant
        self.data = message.data
        start = self.screen_stack[0]
        if isinstance(start, StartScreen):
            start.show(message.data, message.grant)
        waiting, self._when_open = self._when_open, []
        for fn in waiting:
            fn()

    # -- navigation: only this respondent's pages -----------------------------------------

    def go_home(self) -> None:
        """Back to the start page, with the progress read again."""
        from cxaudit.tui.respondent.screens import StartScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        if isinstance(self.screen, StartScreen):
            self.screen.reload()

    def open_wizard(
        self, data: WizardData, *, guidance: bool = False, from_home: bool = False
    ) -> None:
        """This respondent's questions (only theirs, whatever `data` holds)."""
        from cxaudit.tui.respondent.screens import RespondentWizard, only_own

        if from_home:
            self.go_home()
        self.push_screen(RespondentWizard(only_own(data), show_guidance=guidance))

    def show_thanks(self) -> None:
        """After Finish: the thank-you page over the start page."""
        from cxaudit.tui.respondent.screens import ThanksScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(ThanksScreen())

    def new_assessment(self, organisation_id: int | None = None) -> None:
        self.notify(NOT_FROM_A_LINK)

    def resume(self, assessment_id: int) -> None:
        self.notify(NOT_FROM_A_LINK)

    def add_respondent(self, assessment_id: int, *, from_home: bool = False) -> None:
        self.notify(NOT_FROM_A_LINK)

    def open_results(
        self,
        assessment_id: int,
        *,
        preloaded: ScoredAssessment | None = None,
        from_home: bool = False,
    ) -> None:
        self.notify(NOT_FROM_A_LINK)

    def open_latest_results(self, organisation_id: int) -> None:
        self.notify(NOT_FROM_A_LINK)

    def open_history(self, organisation_id: int) -> None:
        self.notify(NOT_FROM_A_LINK)

    def open_compare(self, earlier_id: int, later_id: int) -> None:
        self.notify(NOT_FROM_A_LINK)
