"""The app processes behind the browsers: one per websocket, each in its own process group, and
each ended (the whole group) when its browser goes or the server stops.

textual-serve's `AppService` starts the app through a shell and, when the browser goes, only
asks it to quit and waits; an app that never read the request stayed alive for minutes. Here
the app is started without a shell, in a new session (so its process group is its own), and
`stop` asks, waits a little, then ends the group with SIGTERM and SIGKILL.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

log = logging.getLogger("cxaudit.web")

QUIT_GRACE = 3.0
"""Seconds an app is given to quit by itself (its saves are already written) before it is ended."""
TERM_GRACE = 2.0
"""Seconds between SIGTERM and SIGKILL."""


def _die_with_parent() -> None:
    """In the child, before exec: end with the gateway even if the gateway is killed (Linux)."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


class AppSession(AppService):
    """One app process for one browser, started from an argument list with its own environment."""

    def __init__(
        self,
        argv: Sequence[str],
        environment: Mapping[str, str],
        *,
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[None]],
        download_manager: DownloadManager,
    ) -> None:
        super().__init__(
            " ".join(argv[:1]),  # only for textual-serve's own messages: never the environment
            write_bytes=write_bytes,
            write_str=write_str,
            close=close,
            download_manager=download_manager,
        )
        self.argv = list(argv)
        self.extra_environment = dict(environment)

    @property
    def pid(self) -> int | None:
        """The app process's id (also its process group's), once started."""
        return self._process.pid if self._process is not None else None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = dict(os.environ)
        environment.update(self.extra_environment)
        environment.update(
            TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver",
            TEXTUAL_FPS="60",
            TEXTUAL_COLOR_SYSTEM="truecolor",
            TERM_PROGRAM="textual",
            TERM_PROGRAM_VERSION=version("textual-serve"),
            COLUMNS=str(width),
            ROWS=str(height),
        )
        return environment

    async def _open_app_process(
        self, width: int = 80, height: int = 24
    ) -> asyncio.subprocess.Process:
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """Ask the app to quit; end its whole process group if it has not within a few seconds."""
        process = self._process
        task = self._task
        if task is not None:
            self._task = None
            with contextlib.suppress(Exception):
                await self._download_manager.cancel_app_downloads(
                    app_service_id=self.app_service_id
                )
            with contextlib.suppress(Exception):
                await self.send_meta({"type": "quit"})
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(task), QUIT_GRACE)
        if process is not None:
            await end_process_group(process)
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(BaseException):
                await task


async def end_process_group(process: asyncio.subprocess.Process) -> None:
    """End `process` and everything it started (its process group): TERM, then KILL."""

    def signal_group(sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)

    if process.returncode is None:
        signal_group(signal.SIGTERM)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), TERM_GRACE)
    # Whatever is left in the group (the app, or anything it started) goes now.
    signal_group(signal.SIGKILL)
    await process.wait()
    # asyncio keeps the pipes open until the transport is closed (or garbage-collected later,
    # perhaps after the loop has gone).
    transport = getattr(process, "_transport", None)
    if transport is not None:
        transport.close()


@dataclass
class SessionTable:
    """The live sessions: at most `limit` in all, and one per link."""

    limit: int
    by_key: dict[str, AppSession | None] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.by_key)

    def full(self) -> bool:
        """Whether no other session may start."""
        return len(self.by_key) >= self.limit

    def holds(self, key: str) -> bool:
        """Whether the link `key` has a session already."""
        return key in self.by_key

    def claim(self, key: str) -> bool:
        """Reserve a place for `key` (False if the link is in use or the table is full)."""
        if key in self.by_key or self.full():
            return False
        self.by_key[key] = None
        return True

    def attach(self, key: str, session: AppSession) -> None:
        """Record the process behind a claimed place."""
        self.by_key[key] = session

    def release(self, key: str) -> None:
        """Free the place of `key`."""
        self.by_key.pop(key, None)

    def sessions(self) -> list[AppSession]:
        """Every running session."""
        return [s for s in self.by_key.values() if s is not None]
