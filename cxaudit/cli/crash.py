"""What happens to an error nobody foresaw: one line for the user, the traceback in a log file.

A user who meets a bug should see one sentence and where the details are, not a wall of
traceback; whoever fixes it needs the traceback. It is appended to `errors.log` in the user data
folder (readable by the user only), which starts over once it passes 1 MiB, keeping the previous
one as `errors.log.1`.
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import datetime
from pathlib import Path

from cxaudit import __version__
from cxaudit.cli.output import printable

LOG_NAME = "errors.log"
LOG_LIMIT = 1024 * 1024
"""Bytes after which the log starts over."""
SUMMARY_LIMIT = 200
"""Characters of the error's own text shown in the one line."""


def log_path() -> Path:
    """Where the tracebacks of unexpected errors are kept."""
    from cxaudit.paths import data_dir

    return data_dir() / LOG_NAME


def write_log(exc: BaseException, *, command: str | None) -> Path:
    """Append `exc`'s traceback, with when and in which command, to the log; returns its path.

    Raises OSError when the log cannot be written.
    """
    path = log_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.exists() and path.stat().st_size > LOG_LIMIT:
        path.replace(path.with_name(LOG_NAME + ".1"))
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    header = (
        f"--- {stamp} cxaudit {__version__} (Python {sys.version.split()[0]}), "
        f"command: {command or '(none)'}\n"
    )
    text = header + "".join(traceback.format_exception(exc)) + "\n"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8", errors="backslashreplace") as log:
        log.write(text)
    return path


def summary(exc: BaseException) -> str:
    """The error in a few words for the one line: its type and the first line of its text."""
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else ""
    if len(text) > SUMMARY_LIMIT:
        text = text[: SUMMARY_LIMIT - 1] + "…"
    name = type(exc).__name__
    return printable(f"{name}: {text}" if text else name)


def crash_message(exc: BaseException, *, command: str | None) -> str:
    """The one line printed for an unexpected error, after saving its traceback to the log."""
    try:
        where = f"the details are in {write_log(exc, command=command)}"
    except OSError as problem:
        where = f"the details could not be saved ({problem.strerror or problem})"
    return (
        f"Error: cxaudit hit an unexpected problem ({summary(exc)}); {printable(where)}; "
        "run with --debug for details."
    )
