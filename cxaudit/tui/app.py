"""The cxaudit terminal app: opens the database, shows Home, keeps every answer safe, and takes
the user from one screen to the next.

`CxauditApp` is built by `run_app` for the command line and directly by the tests, which pass a
fixed `today` and questionnaire so that what the screens show is repeatable. Screens never import
one another: they call the navigation methods here (`open_results`, `open_history`, `resume`…,
see `cxaudit.tui.host.Host`), which import each screen only when it is first shown.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.worker import get_current_worker

from cxaudit.tui.base import TaskMixin, describe_error
from cxaudit.tui.commands import CxauditCommands
from cxaudit.tui.saves import SaveJob, SaveQueue

if TYPE_CHECKING:
    # Imported when the database opens, after Home is first drawn: pydantic, SQLAlchemy and
    # the domain must not delay the first frame.
    from cxaudit.domain.questionnaire import Questionnaire
    from cxaudit.domain.scoring import ScoredAssessment
    from cxaudit.services.views import HomeData, WizardData
    from cxaudit.services.workspace import Workspace
    from cxaudit.tui.host import Host
    from cxaudit.tui.screens.home import HomeScreen

log = logging.getLogger("cxaudit.tui")

T = TypeVar("T")


class DatabaseReady(Message):
    """The database is open (or could not be opened: `error` says why).

    `home` is what Home lists, read in the same worker that opened the database so the
    organisations appear without a second round trip; None if that first read failed.
    """

    def __init__(
        self,
        workspace: Workspace | None,
        error: BaseException | None,
        home: HomeData | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.error = error
        self.home = home


class CxauditApp(TaskMixin, App[None]):
    """Assess an organisation's customer experience maturity, one question at a time."""

    TITLE = "cxaudit"
    SUB_TITLE = "customer experience maturity"
    CSS_PATH = "cxaudit.tcss"
    COMMANDS: ClassVar[set[Any]] = App.COMMANDS | {CxauditCommands}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+q", "quit", "Quit", id="app.quit", tooltip="Save and leave cxaudit", priority=True
        ),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Every key, and scoring"),
        Binding("f1", "help", "Help", show=False, id="app.help_f1", tooltip="Every key"),
        Binding(
            "ctrl+h", "home", "Home", show=False, id="app.home", tooltip="Back to the Home screen"
        ),
    ]

    def __init__(
        self,
        db_url: str,
        *,
        today: date | None = None,
        questionnaire: Questionnaire | None = None,
        started_at: float | None = None,
    ) -> None:
        super().__init__()
        self.db_url = db_url
        self.today = today or date.today()
        self.questionnaire = questionnaire
        self.workspace: Workspace | None = None
        self.database_error: str | None = None
        self.started_at = started_at if started_at is not None else time.perf_counter()
        self.saves = SaveQueue()
        self._when_open: list[Callable[[], None]] = []

    # -- start and stop -------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        from cxaudit.tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        elapsed = (time.perf_counter() - self.started_at) * 1000
        log.info("started in %.0f ms", elapsed)
        self.log.info(f"cxaudit started in {elapsed:.0f} ms")
        self.check_size()
        # Home is drawn (with its loading indicator) before the database is touched: opening it
        # imports storage and checks the schema, and a thread doing that while the first frame is
        # composed would slow the frame down (they share the GIL).
        self.call_after_refresh(self._start_database)

    def _start_database(self) -> None:
        self._open_database()
        self._save_loop()

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def _open_database(self) -> None:
        from cxaudit.services import portfolio
        from cxaudit.services.workspace import Workspace

        try:
            ws = Workspace.open(self.db_url, today=self.today, questionnaire=self.questionnaire)
        except Exception as exc:  # noqa: BLE001 - shown on Home, never a crash
            self.post_message(DatabaseReady(None, exc))
            return
        try:
            home: HomeData | None = portfolio.home(ws)
        except Exception:  # noqa: BLE001 - Home reads again itself and shows why it failed
            log.exception("the first read of Home failed")
            home = None
        self.post_message(DatabaseReady(ws, None, home))

    def when_open(self, fn: Callable[[], None]) -> None:
        """Call `fn` once the database is open (dropped if it cannot be opened)."""
        self._when_open.append(fn)

    def on_database_ready(self, message: DatabaseReady) -> None:
        """Remember the workspace, let Home fill itself in, then do what was asked meanwhile."""
        from cxaudit.tui.screens.home import HomeScreen

        self.workspace = message.workspace
        if message.error is not None:
            self.database_error = describe_error(message.error)
            self.notify(self.database_error, title="Database", severity="error", timeout=15)
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                if message.home is not None:
                    screen.show(message.home)
                else:
                    screen.reload()
        waiting, self._when_open = self._when_open, []
        if self.workspace is not None:
            for fn in waiting:
                fn()

    async def action_quit(self) -> None:
        """Wait for pending saves, then leave."""
        await self.flush_saves()
        self.exit()

    def on_unmount(self) -> None:
        self.saves.put(None)
        if self.workspace is not None:
            try:
                self.workspace.close()
            except Exception:  # noqa: BLE001 - closing is best effort
                log.exception("closing the database failed")

    # -- ordered saves --------------------------------------------------------------------

    def queue_save(
        self,
        fn: Callable[[Workspace], T],
        target: MessagePump,
        done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Queue a write; writes happen one at a time, in the order they were queued."""
        self.saves.put(SaveJob(fn, target, done, on_error))

    async def flush_saves(self, timeout: float = 10.0) -> None:
        """Wait (off the UI thread) until every queued save has reached the database."""
        await self.saves.flush(timeout)

    @work(thread=True, exit_on_error=False, group="saves")
    def _save_loop(self) -> None:
        worker = get_current_worker()
        self.saves.serve(lambda: self.workspace, lambda: worker.is_cancelled)

    # -- the terminal and the app-wide keys ------------------------------------------------

    def check_size(self) -> None:
        """Cover everything with a "terminal too small" message below 80×24, and remove it after."""
        from cxaudit.tui.dialogs.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen

        width, height = self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()

    def action_help(self) -> None:
        """Show every key and how scores are computed."""
        from cxaudit.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_home(self) -> None:
        """Go back to Home, refreshed."""
        self.go_home()

    def action_new_assessment(self) -> None:
        """Start a new assessment."""
        self.new_assessment()

    def action_load_demo(self) -> None:
        """Load the demo organisations (from Home)."""
        home = self._back_home()
        if home is not None:
            home.action_load_demo()

    def action_add_respondent(self) -> None:
        """Add a respondent to the draft selected on Home (from the command palette)."""
        home = self._back_home()
        if home is not None:
            home.action_add_respondent()

    def action_history(self) -> None:
        """Show the history of the organisation in view."""
        organisation_id = getattr(self.screen, "organisation_id", None)
        if organisation_id is None:
            self.notify("Pick an organisation on the Home screen first.", severity="warning")
            return
        self.open_history(organisation_id)

    def action_generate_pdf(self) -> None:
        """Write the PDF for the results in view."""
        from cxaudit.tui.screens.results import ResultsScreen

        if isinstance(self.screen, ResultsScreen):
            self.screen.action_generate_pdf()
        else:
            self.notify("Open an assessment's results first, then generate its PDF.")

    # -- navigation: every screen reaches every other through these ------------------------

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

    def open_compare(self, earlier_id: int, later_id: int) -> None:
        """Two assessments of one organisation side by side, earlier first."""
        from cxaudit.tui.screens.compare import CompareScreen

        self.push_screen(CompareScreen(earlier_id, later_id))


if TYPE_CHECKING:

    def _is_a_host(app: CxauditApp) -> Host:
        """Never run: mypy checks here that the app is everything its screens may ask of it."""
        return app


def run_app(db_url: str) -> None:
    """Run the terminal app against the database at `db_url` (the CLI's default command)."""
    started_at = time.perf_counter()
    CxauditApp(db_url, started_at=started_at).run()
