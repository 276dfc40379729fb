"""What every cxaudit screen shares: running blocking work off the UI thread, and failing gently.

A screen asks for data with `run_db(fn, done)`: `fn` runs in a thread worker against the open
`Workspace` (usually one `cxaudit.services` use-case), and its value comes back to `done` on the
UI thread through a posted message (Harlequin style). Any exception becomes a notification with
one sentence; the app carries on. The app runs its own navigation look-ups the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.dom import DOMNode
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer

from cxaudit.errors import CxauditError

if TYPE_CHECKING:
    from cxaudit.services.workspace import Workspace
    from cxaudit.tui.host import Host

T = TypeVar("T")
R = TypeVar("R")


def describe_error(error: BaseException) -> str:
    """One sentence for a failure: a `CxauditError` speaks for itself, anything else is named."""
    if isinstance(error, CxauditError):
        return error.message
    text = str(error).strip().rstrip(".")
    detail = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return f"Something unexpected went wrong ({detail}); nothing else was changed."


class TaskDone(Message):
    """A blocking task finished; `deliver` hands its value to the screen on the UI thread."""

    def __init__(self, deliver: Callable[[], None]) -> None:
        super().__init__()
        self.deliver = deliver


class TaskFailed(Message):
    """A blocking task raised; the screen shows `error` as a notification."""

    def __init__(self, error: BaseException, on_error: Callable[[BaseException], None] | None):
        super().__init__()
        self.error = error
        self.on_error = on_error


class TaskMixin:
    """Run workspace work in thread workers and receive the outcome as messages.

    Mixed into the screens, the dialogs and the app itself (for the look-ups navigation needs).
    """

    @property
    def cx(self) -> Host:
        """The running cxaudit app."""
        return cast("Host", cast(DOMNode, self).app)

    def run_db(
        self,
        fn: Callable[[Workspace], T],
        done: Callable[[T], None],
        *,
        group: str = "db",
        exclusive: bool = True,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run `fn(workspace)` in a thread worker; call `done(value)` back on the UI thread."""
        node = cast(DOMNode, self)
        workspace = self.cx.workspace
        if workspace is None:
            if self.cx.database_error is not None:
                node.app.notify(
                    f"The database could not be opened: {self.cx.database_error}",
                    severity="error",
                )
                return

            # Home can be listed from a first look at the file while the database is still
            # opening; a key pressed then is carried out as soon as it is open.
            def later() -> None:
                if node.is_attached:
                    self.run_db(fn, done, group=group, exclusive=exclusive, on_error=on_error)

            self.cx.when_open(later)
            return

        def job() -> None:
            try:
                value = fn(workspace)
            except Exception as exc:  # noqa: BLE001 - every failure becomes a notification
                node.post_message(TaskFailed(exc, on_error))
            else:
                node.post_message(TaskDone(lambda: done(value)))

        node.run_worker(
            job, name=group, group=group, exclusive=exclusive, thread=True, exit_on_error=False
        )

    def on_task_done(self, message: TaskDone) -> None:
        """Hand a finished task's value to its callback."""
        message.stop()
        message.deliver()

    def on_task_failed(self, message: TaskFailed) -> None:
        """Show a failed task as a notification (and let the screen react if it asked to)."""
        message.stop()
        cast(DOMNode, self).app.notify(
            describe_error(message.error), title="Not done", severity="error", timeout=8
        )
        if message.on_error is not None:
            message.on_error(message.error)


class _ScreenTasks(TaskMixin):
    def on_resize(self) -> None:
        """Swap in (or out) the "terminal too small" screen as the terminal changes size."""
        self.cx.check_size()

    def save_typing(self) -> None:
        """Queue for the database whatever the user has typed here and not yet saved.

        The app calls it before quitting, so a screen where people type overrides it.
        """

    def unsaved_typing(self) -> list[str]:
        """What was typed here that cannot be saved yet, one short description each."""
        return []


class CxScreen(_ScreenTasks, Screen[R]):
    """A full screen of cxaudit (`R`: what it hands back when dismissed, usually nothing)."""


class CxModal(_ScreenTasks, ModalScreen[R]):
    """A dialog over another screen that hands back a value of type `R`."""


class CxFooter(Footer):
    """Textual's footer, rebuilt once per change of the keys in force, and only while its screen
    can be seen.

    Textual rebuilds a footer (mounting and styling every key again) after each change of the
    keys in force, one rebuild per change, even on a screen another one covers: opening
    History from Home rebuilt History's footer three times and Home's hidden one twice while
    History was being drawn. Here changes made before the next refresh share one rebuild, and
    a covered screen's footer waits until the screen is shown again (resuming a screen
    refreshes its keys).
    """

    _rebuild_pending = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if _covered(screen) or self._rebuild_pending:
            return
        self._rebuild_pending = True
        self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and not _covered(self.screen):
            await self.recompose()


def _covered(screen: Screen[Any]) -> bool:
    """Whether a screen with an opaque background is on top of `screen` (a dialog is not)."""
    stack = screen.app.screen_stack
    if screen not in stack:
        return False
    return any(above.styles.background.a >= 1 for above in stack[stack.index(screen) + 1 :])
