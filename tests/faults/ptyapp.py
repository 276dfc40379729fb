"""The real cxaudit app in a subprocess under a pseudo-terminal, driven by key bytes.

The fault tests use this to do what a user does (start the app, press keys, have it killed) to
the same program a user runs, rather than to an app object inside the test process. A reader
thread drains the terminal continuously, so the app never blocks on a full pty buffer, and keeps
everything it drew for the assertions.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

COLUMNS, LINES = 100, 30

# Key bytes as a terminal sends them.
TAB = b"\t"
ENTER = b"\r"
ESCAPE = b"\x1b"
RIGHT = b"\x1b[C"
LEFT = b"\x1b[D"
DOWN = b"\x1b[B"
CTRL_Q = b"\x11"

_ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")


class PtyApp:
    """One run of `python -m cxaudit --db URL` on its own pseudo-terminal (100×30)."""

    def __init__(self, db_url: str, *, home: Path, extra_env: dict[str, str] | None = None):
        self.db_url = db_url
        self.home = home
        self.extra_env = extra_env or {}
        self.proc: subprocess.Popen[bytes] | None = None
        self._master: int | None = None
        self._output = bytearray()
        self._lock = threading.Lock()
        self._reader: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> PtyApp:
        """Start the app on a fresh pty sized 100×30."""
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        env = dict(os.environ)
        env.update(
            {
                "TERM": "xterm-256color",
                "COLUMNS": str(COLUMNS),
                "LINES": str(LINES),
                "CXAUDIT_HOME": str(self.home),
                "TEXTUAL_ANIMATIONS": "none",
                "PYTHONFAULTHANDLER": "1",
            }
        )
        env.pop("CXAUDIT_DB", None)
        env.pop("TEXTUAL", None)
        env.update(self.extra_env)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cxaudit", "--db", self.db_url],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self._master = master
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()
        return self

    def _drain(self) -> None:
        assert self._master is not None
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self._output += chunk

    def kill(self) -> None:
        """SIGKILL: no clean-up code of the app runs."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def wait_exit(self, timeout: float = 20.0) -> int:
        """Wait for the app to end by itself and return its exit code."""
        assert self.proc is not None
        return self.proc.wait(timeout=timeout)

    def close(self) -> None:
        """Kill the app if it is still running and release the terminal."""
        try:
            self.kill()
        finally:
            if self._reader is not None:
                self._reader.join(timeout=2)
            if self._master is not None:
                with contextlib.suppress(OSError):
                    os.close(self._master)
                self._master = None

    def __enter__(self) -> PtyApp:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- talking to it --------------------------------------------------------------------

    def send(self, keys: bytes, pause: float = 0.05) -> None:
        """Type `keys`, then give the app a moment to read them as separate key presses."""
        assert self._master is not None
        os.write(self._master, keys)
        time.sleep(pause)

    @property
    def raw(self) -> bytes:
        """Every byte the app wrote to its terminal so far."""
        with self._lock:
            return bytes(self._output)

    def text(self) -> str:
        """What the app drew, with terminal control sequences removed."""
        return _ANSI.sub(b"", self.raw).decode("utf-8", "replace")

    def mark(self) -> int:
        """A position in the output, so `wait_for_text(since=…)` only looks at what follows."""
        with self._lock:
            return len(self._output)

    def text_since(self, mark: int) -> str:
        """What the app drew after `mark`."""
        with self._lock:
            chunk = bytes(self._output[mark:])
        return _ANSI.sub(b"", chunk).decode("utf-8", "replace")

    def wait_for_text(
        self, needle: str, *, since: int = 0, timeout: float = 30.0, wrapped: bool = False
    ) -> str:
        """Wait until `needle` has been drawn (after `since`); fail with the screen if not.

        With `wrapped`, the words may be split over several lines of a box (a notification or a
        wrapped paragraph): only letters and digits are compared.
        """

        def drawn() -> bool:
            seen = self.text_since(since)
            if wrapped:
                return letters(needle) in letters(seen)
            return needle in squash(seen)

        wait_until(drawn, timeout=timeout, what=f"the app to draw {needle!r}", app=self)
        return self.text_since(since)

    def running(self) -> bool:
        """Whether the process is still alive."""
        return self.proc is not None and self.proc.poll() is None


def give_gated_level(app: PtyApp, key: bytes, evidence: str, *, timeout: float = 30.0) -> None:
    """Choose a level at the evidence gate and give its evidence, as a user does.

    The wizard keeps such a level waiting and puts the cursor in the evidence field, so its
    footer offers escape as "Back to the levels"; the evidence is typed there (the answer is
    saved with it), and escape returns the cursor to the levels, whose footer offers escape as
    "Home" again. Each step waits for its footer, so no key lands in the wrong place.
    """
    mark = app.mark()
    app.send(key)
    app.wait_for_text("esc Back to the levels", since=mark, timeout=timeout, wrapped=True)
    app.send(evidence.encode())
    mark = app.mark()
    app.send(ESCAPE)
    app.wait_for_text("esc Home", since=mark, timeout=timeout, wrapped=True)


def squash(text: str) -> str:
    """Text with runs of whitespace made single, so a phrase split by redraws still matches."""
    return re.sub(r"\s+", " ", text)


def letters(text: str) -> str:
    """Only the letters and digits of `text`, lower-cased."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def wait_until(
    condition: Callable[[], bool],
    *,
    timeout: float,
    what: str,
    app: PtyApp | None = None,
    interval: float = 0.05,
) -> None:
    """Poll `condition` until it holds; on timeout fail with what the app last drew."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if app is not None and not app.running():
            break
        time.sleep(interval)
    if condition():
        return
    tail = ""
    if app is not None:
        state = "still running" if app.running() else f"exited with {app.proc and app.proc.poll()}"
        tail = f"\nThe app is {state}. Last output:\n{squash(app.text())[-3000:]}"
    raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}.{tail}")
