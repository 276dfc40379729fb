"""Ordered saves: every write the screens make goes through one queue served by one thread, so
answers reach the database in the order they were given, and quitting can wait for the last.
"""

from __future__ import annotations

import asyncio
import queue
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cxaudit.tui.base import TaskDone, TaskFailed

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from cxaudit.services.workspace import Workspace


@dataclass
class SaveJob:
    """One write to make, in order, and who to tell when it is done."""

    fn: Callable[[Workspace], Any]
    target: MessagePump
    done: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None = None
    queued_at: float = field(default_factory=time.monotonic)


class SaveQueue(queue.Queue[SaveJob | None]):
    """The writes still to make; `None` tells the serving thread to stop."""

    def serve(
        self, workspace: Callable[[], Workspace | None], cancelled: Callable[[], bool]
    ) -> None:
        """Make the writes one at a time (in a thread worker) until told to stop (`None`),
        or until cancelled with nothing left to write.

        Each outcome is posted to the job's target as `TaskDone` or `TaskFailed`: a failed save
        is shown, never fatal.
        """
        while True:
            try:
                job = self.get(timeout=0.2)
            except queue.Empty:
                # Stopping waits for an empty queue: a write once queued is always made.
                if cancelled():
                    return
                continue
            if job is None:
                self.task_done()
                return
            try:
                ws = workspace()
                if ws is None:
                    raise RuntimeError("the database is not open")
                value = job.fn(ws)
            except Exception as exc:  # noqa: BLE001 - a failed save is shown, never fatal
                job.target.post_message(TaskFailed(exc, job.on_error))
            else:
                job.target.post_message(TaskDone(_deliver(job.done, value)))
            finally:
                self.task_done()

    def wait_empty(self, timeout: float, serving: Callable[[], bool]) -> None:
        """Block until every queued job has been handled, while `serving` says a thread is
        making them (for the app's last moments)."""
        deadline = time.monotonic() + timeout
        while self.unfinished_tasks and serving() and time.monotonic() < deadline:
            time.sleep(0.01)

    async def flush(self, timeout: float = 10.0) -> None:
        """Wait (without blocking the UI) until every queued save has been made."""
        deadline = time.monotonic() + timeout
        while self.unfinished_tasks and time.monotonic() < deadline:
            await asyncio.sleep(0.02)


def _deliver(done: Callable[[Any], None], value: Any) -> Callable[[], None]:
    return lambda: done(value)
