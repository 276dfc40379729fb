"""The cxaudit terminal app: opens the database, shows Home, keeps every answer safe, and takes
the user from one screen to the next.

`CxauditApp` is built by `run_app` for the command line and directly by the tests, which pass a
fixed `today` and questionnaire so that what the screens show is repeatable. Screens never import
one another: they call the navigation methods here (`open_results`, `open_history`, `resume`…,
see `cxaudit.tui.host.Host`), which import each screen only when it is first shown.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.worker import get_current_worker

from cxaudit.tui.app.navigation import Navigation
from cxaudit.tui.base import describe_error
from cxaudit.tui.commands import CxauditCommands
from cxaudit.tui.saves import SaveJob, SaveQueue

if TYPE_CHECKING:
    # Imported when the database opens, after Home is first drawn: pydantic, SQLAlchemy and
    # the domain must not delay the first frame.
    from cxaudit.domain.questionnaire import Questionnaire
    from cxaudit.services.views import HomeData
    from cxaudit.services.workspace import Workspace
    from cxaudit.tui.host import Host

log = logging.getLogger("cxaudit.tui")

T = TypeVar("T")

OPEN_NICENESS = 10
"""How much lower than the interface's the CPU priority of loading the database is (Linux)."""


def _at_low_priority(fn: Callable[[], T]) -> T:
    """`fn()` in a short-lived thread of its own at a lower CPU priority (on Linux).

    Opening the database imports SQLAlchemy, sqlmodel and pydantic: half a second of work that
    would otherwise take the CPU from the interface while the user is already reading Home or
    History (listed from the first look). A thread of its own, so the priority goes with it.
    """
    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        if sys.platform == "linux":
            with contextlib.suppress(OSError, AttributeError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), OPEN_NICENESS)
        try:
            outcome.append((True, fn()))
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller below
            outcome.append((False, exc))

    thread = threading.Thread(target=run, name="cxaudit-open", daemon=True)
    thread.start()
    thread.join()
    done, value = outcome[0]
    if not done:
        raise value
    return value  # type: ignore[no-any-return]


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


class CxauditApp(Navigation):
    """Assess an organisation's customer experience maturity, one question at a time."""

    TITLE = "cxaudit"
    SUB_TITLE = "customer experience maturity"
    CSS_PATH = Path(__file__).parent.parent / "cxaudit.tcss"
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
        self._serving_saves = False
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

        def open_workspace() -> Workspace:
            return Workspace.open(self.db_url, today=self.today, questionnaire=self.questionnaire)

        try:
            ws = _at_low_priority(open_workspace)
        except Exception as exc:  # noqa: BLE001 - shown on Home, never a crash
            self.post_message(DatabaseReady(None, exc))
            return
        try:
            home: HomeData | None = _at_low_priority(lambda: portfolio.home(ws))
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
            if any(getattr(screen, "first_look", False) for screen in self.screen_stack):
                # What the first look showed is not kept up once the open has failed: back to
                # Home, which says why.
                self.go_home()
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
        """Keep what is being typed, wait for pending saves, then leave."""
        if self._typing_left_unsaved():
            self.leave_typing(self._quit_now)
            return
        await self.flush_saves()
        self.exit()

    def _quit_now(self) -> None:
        async def quit_after_saves() -> None:
            await self.flush_saves()
            self.exit()

        self.run_worker(quit_after_saves(), group="quit", exclusive=True)

    def on_unmount(self) -> None:
        self.saves.put(None)
        # However the app ends, the writes already queued reach the database first.
        self.saves.wait_empty(timeout=10.0, serving=lambda: self._serving_saves)
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
        self._serving_saves = True
        try:
            self.saves.serve(lambda: self.workspace, lambda: worker.is_cancelled)
        finally:
            self._serving_saves = False

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

    def _organisation_in_view(self) -> int | None:
        """The organisation the screen shows (on Home: the one selected), if any."""
        organisation_id = getattr(self.screen, "organisation_id", None)
        if organisation_id is None:
            self.notify("Pick an organisation on the Home screen first.", severity="warning")
        return organisation_id if isinstance(organisation_id, int) else None

    def action_history(self) -> None:
        """Show the history of the organisation in view."""
        organisation_id = self._organisation_in_view()
        if organisation_id is not None:
            self.open_history(organisation_id)

    def action_results(self) -> None:
        """Show the latest results of the organisation in view."""
        organisation_id = self._organisation_in_view()
        if organisation_id is not None:
            self.open_latest_results(organisation_id)

    def action_compare(self) -> None:
        """Compare the two latest completed assessments of the organisation in view."""
        organisation_id = self._organisation_in_view()
        if organisation_id is not None:
            self.open_latest_compare(organisation_id)

    def action_targets(self) -> None:
        """Set the area targets (from the results in view)."""
        from cxaudit.tui.screens.results import ResultsScreen

        if isinstance(self.screen, ResultsScreen):
            self.screen.action_targets()
        else:
            self.notify("Open an organisation's results first (r on Home), then press t.")

    def action_manage(self) -> None:
        """Rename, set the sector, archive or delete the organisation selected on Home."""
        home = self._back_home()
        if home is not None:
            home.action_organisation()

    def action_archived(self) -> None:
        """Show or hide the archived organisations on Home."""
        home = self._back_home()
        if home is not None:
            home.action_toggle_archived()

    def action_generate_pdf(self) -> None:
        """Write the PDF for the results in view."""
        from cxaudit.tui.screens.results import ResultsScreen

        if isinstance(self.screen, ResultsScreen):
            self.screen.action_generate_pdf()
        else:
            self.notify("Open an assessment's results first, then generate its PDF.")


if TYPE_CHECKING:

    def _is_a_host(app: CxauditApp) -> Host:
        """Never run: mypy checks here that the app is everything its screens may ask of it."""
        return app


def run_app(db_url: str) -> None:
    """Run the terminal app against the database at `db_url` (the CLI's default command)."""
    started_at = time.perf_counter()
    CxauditApp(db_url, started_at=started_at).run()
