"""Run `python -m cxaudit` with some of its streams on a pseudo-terminal, as a user's shell does.

What a command draws depends on whether stdout or stderr is a terminal (tables, progress, the
pager), so these tests give it a real one (80×24) rather than pretending.
"""

from __future__ import annotations

import fcntl
import os
import struct
import subprocess
import sys
import termios
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """What a command did: its exit code, what it wrote to a pipe, and what the terminal got."""

    code: int
    piped: bytes
    drawn: bytes


def run_on_terminal(args: list[str], env: dict[str, str], *, stdout: bool, stderr: bool) -> Run:
    """Run cxaudit with stdin, and stdout and/or stderr as asked, on an 80×24 terminal; the
    other stream goes to a pipe."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    drawn = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            drawn.extend(chunk)

    proc = subprocess.Popen(
        [sys.executable, "-m", "cxaudit", *args],
        stdin=slave,
        stdout=slave if stdout else subprocess.PIPE,
        stderr=slave if stderr else subprocess.PIPE,
        env={**env, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"},
        start_new_session=True,
    )
    os.close(slave)
    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    out, err = proc.communicate(timeout=120)
    reader.join(timeout=5)
    os.close(master)
    return Run(proc.returncode, (err if stdout else out) or b"", bytes(drawn))
