"""The cxaudit terminal app: opens the database, shows Home, and keeps every answer safe.

`CxauditApp` is built by `run_app` for the command line and directly by the tests, which pass a
fixed `today` and questionnaire so that what the screens show is repeatable. Saves go through
one queue served by one thread worker, so answers reach the database in the order they were given.
"""

from __future__ import annotations

import logging
import queue
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.worker import get_current_worker

from cxaudit.tui.commands import CxauditCommands
from cxaudit.tui.screens.base import TaskDone, TaskFailed, describe_error

if TYPE_CHECKING:
    # Imported when the database opens, after Home is first drawn: pydantic, SQLAlchemy and
    # the domain must not delay the first frame.
    from cxaudit.domain.questionnaire import Questionnaire
    from cxaudit.tui.backend import Backend
    from cxaudit.tui.home_data import HomeData

log = logging.getLogger("cxaudit.tui")

MIN_WIDTH = 80
MIN_HEIGHT = 24


@dataclass
class SaveJob:
    """One write to make, in order, and who to tell when it is done."""

    fn: Callable[[Backend], Any]
    target: MessagePump
    done: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None = None
    queued_at: float = field(default_factory=time.monotonic)


class DatabaseReady(Message):
    """The database is open (or could not be opened: `error` says why).

    `home` is what Home lists, read in the same worker that opened the database so the
    organisations appear without a second round trip; None if that first read failed.
    """

    def __init__(
        self,
        backend: Backend | None,
        error: BaseException | None,
        home: HomeData | None = None,
    ) -> None:
        super().__init__()
        self.backend = backend
        self.error = error
        self.home = home


class CxauditApp(App[None]):
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
        self.backend: Backend | None = None
        self.database_error: str | None = None
        self.started_at = started_at if started_at is not None else time.perf_counter()
        self.saves: queue.Queue[SaveJob | None] = queue.Queue()
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
        try:
            from cxaudit.tui.backend import Backend

            backend = Backend.open(self.db_url, today=self.today, questionnaire=self.questionnaire)
        except Exception as exc:  # noqa: BLE001 - shown on Home, never a crash
            self.post_message(DatabaseReady(None, exc))
            return
        try:
            home = backend.home()
        except Exception:  # noqa: BLE001 - Home reads again itself and shows why it failed
            log.exception("the first read of Home failed")
            home = None
        self.post_message(DatabaseReady(backend, None, home))

    def when_open(self, fn: Callable[[], None]) -> None:
        """Call `fn` once the database is open (dropped if it cannot be opened)."""
        self._when_open.append(fn)

    def on_database_ready(self, message: DatabaseReady) -> None:
        """Remember the backend, let Home fill itself in, then do what was asked meanwhile."""
        from cxaudit.tui.screens.home import HomeScreen

        self.backend = message.backend
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
        if self.backend is not None:
            for fn in waiting:
                fn()

    async def action_quit(self) -> None:
        """Wait for pending saves, then leave."""
        await self.flush_saves()
        self.exit()

    async def flush_saves(self, timeout: float = 10.0) -> None:
        """Wait (off the UI thread) until every queued save has reached the database."""
        import asyncio

        deadline = time.monotonic() + timeout
        while self.saves.unfinished_tasks and time.monotonic() < deadline:
            await asyncio.sleep(0.02)

    def on_unmount(self) -> None:
        self.saves.put(None)
        if self.backend is not None:
            try:
                self.backend.close()
            except Exception:  # noqa: BLE001 - closing is best effort
                log.exception("closing the database failed")

    # -- ordered saves --------------------------------------------------------------------

    def queue_save(
        self,
        fn: Callable[[Backend], Any],
        target: MessagePump,
        done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Queue a write; writes happen one at a time, in the order they were queued."""
        self.saves.put(SaveJob(fn, target, done, on_error))

    @work(thread=True, exit_on_error=False, group="saves")
    def _save_loop(self) -> None:
        worker = get_current_worker()
        while not worker.is_cancelled:
            try:
                job = self.saves.get(timeout=0.2)
            except queue.Empty:
                continue
            if job is None:
                self.saves.task_done()
                return
            try:
                backend = self.backend
                if backend is None:
                    raise RuntimeError("the database is not open")
                value = job.fn(backend)
            except Exception as exc:  # noqa: BLE001 - a failed save is shown, never fatal
                job.target.post_message(TaskFailed(exc, job.on_error))
            else:
                job.target.post_message(TaskDone(_deliver(job.done, value)))
            finally:
                self.saves.task_done()

    # -- screens --------------------------------------------------------------------------

    def check_size(self) -> None:
        """Cover everything with a "terminal too small" message below 80×24, and remove it after."""
        from cxaudit.tui.screens.too_small import TooSmallScreen

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
        from cxaudit.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1:
            self.pop_screen()
        if isinstance(self.screen, HomeScreen):
            self.screen.reload()

    def open_from_home(self, screen: Screen[Any]) -> None:
        """Show `screen` straight on top of Home (finished flows do not stack up)."""
        self.action_home()
        self.push_screen(screen)

    def action_new_assessment(self, organisation_id: int | None = None) -> None:
        """Start a new assessment."""
        from cxaudit.tui.screens.new_assessment import NewAssessmentScreen

        self.push_screen(NewAssessmentScreen(organisation_id=organisation_id))

    def action_load_demo(self) -> None:
        """Load the demo organisations (from Home)."""
        from cxaudit.tui.screens.home import HomeScreen

        self.action_home()
        if isinstance(self.screen, HomeScreen):
            self.screen.action_load_demo()

    def action_add_respondent(self) -> None:
        """Add a respondent to the draft selected on Home (from the command palette)."""
        from cxaudit.tui.screens.home import HomeScreen

        self.action_home()
        if isinstance(self.screen, HomeScreen):
            self.screen.action_add_respondent()

    def action_history(self) -> None:
        """Show the history of the organisation in view."""
        from cxaudit.tui.screens.history import HistoryScreen

        organisation_id = getattr(self.screen, "organisation_id", None)
        if organisation_id is None:
            self.notify("Pick an organisation on the Home screen first.", severity="warning")
            return
        self.push_screen(HistoryScreen(organisation_id))

    def action_generate_pdf(self) -> None:
        """Write the PDF for the results in view."""
        from cxaudit.tui.screens.results import ResultsScreen

        if isinstance(self.screen, ResultsScreen):
            self.screen.action_generate_pdf()
        else:
            self.notify("Open an assessment's results first, then generate its PDF.")


def _deliver(done: Callable[[Any], None], value: Any) -> Callable[[], None]:
    return lambda: done(value)


def run_app(db_url: str) -> None:
    """Run the terminal app against the database at `db_url` (the CLI's default command)."""
    started_at = time.perf_counter()
    CxauditApp(db_url, started_at=started_at).run()
