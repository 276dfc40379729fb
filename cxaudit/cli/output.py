"""Everything the commands print goes through here: user text made harmless, and `-` as a file.

Names, notes and owners come from other people's files and databases, so a name holding ESC or
BEL could retitle the terminal or rewrite what the screen shows. `printable` shows every control
character as an escape (`\\x1b`), and `echo` applies it to every line a command prints.

By Unix convention `-o -` means standard output. `output_file` gives a command a real path to
hand to a service (a fresh file in a temporary folder), copies what was written to standard
output when the command succeeds, and sends the "Wrote …" line to stderr so it never mixes with
the data. Only click and the standard library are imported, so `cxaudit --help` stays fast.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import click

from cxaudit.errors import CxauditError

STDOUT = "-"
"""The file name meaning standard output."""

STDOUT_LABEL = "standard output"
"""How messages name standard output."""

# C0 and C1 control characters, DEL, and the invisible marks that reorder text (bidi controls).
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_ANY_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_CONTROL_BUT_LAYOUT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
"""Every control character except tab and line feed."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, lines: bool = False) -> str:
    """`text` with every control character shown as an escape (ESC becomes `\\x1b`).

    With `lines`, line breaks and tabs are kept, for multi-line messages; a table cell or a
    name keeps nothing, so it cannot break the layout either.
    """
    pattern = _CONTROL_BUT_LAYOUT if lines else _ANY_CONTROL
    return pattern.sub(_escape, text)


def echo(message: str = "", *, err: bool = False) -> None:
    """Print one message (stdout, or stderr with `err`), its control characters escaped.

    On a terminal, a line wider than the window is wrapped between words (never inside a word
    or a path), rather than cut wherever the terminal's edge falls.
    """
    text = printable(message, lines=True)
    if stderr_is_terminal() if err else stdout_is_terminal():
        text = _wrapped(text)
    click.echo(text, err=err)


def _wrapped(text: str) -> str:
    import shutil
    import textwrap

    width = shutil.get_terminal_size().columns
    return "\n".join(
        textwrap.fill(
            line,
            width,
            break_long_words=False,
            break_on_hyphens=False,
            subsequent_indent=" " * (len(line) - len(line.lstrip())),
        )
        if len(line) > width
        else line
        for line in text.split("\n")
    )


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal (rather than a pipe or a file)."""
    return _is_terminal(sys.stdout)


def stderr_is_terminal() -> bool:
    """Whether standard error is a terminal: progress is only drawn there."""
    return _is_terminal(sys.stderr)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a stand-in without isatty, or a closed stream
        return False


def echo_data(text: str) -> None:
    """Print text meant for scripts (CSV, JSON) exactly; on a terminal, control characters are
    escaped, because there a person reads it."""
    if stdout_is_terminal():
        click.echo(printable(text, lines=True), nl=False)
    else:
        # color=True: click would otherwise strip what looks like a colour code from the data.
        click.echo(text, nl=False, color=True)


def is_stdout(path: Path | str | None) -> bool:
    """Whether an `-o` value means standard output."""
    return path is not None and str(path) == STDOUT


@dataclass(frozen=True)
class Output:
    """Where a command's service writes, and how the command then says what it wrote."""

    path: Path
    """The file to hand to the service: the one asked for, or a temporary one for `-`."""
    to_stdout: bool
    """Whether the file is copied to standard output when the command succeeds."""

    @property
    def label(self) -> str:
        """The destination as a message names it: the file, or "standard output"."""
        return STDOUT_LABEL if self.to_stdout else str(self.path)

    def done(self, message: str) -> None:
        """Print the "Wrote …" line: on stderr when the data went to standard output (with the
        temporary file's name replaced by "standard output"), else on stdout."""
        if self.to_stdout:
            echo(message.replace(str(self.path), STDOUT_LABEL), err=True)
        else:
            echo(message)


@contextmanager
def output_file(output: Path, *, suffix: str, binary: bool, what: str) -> Iterator[Output]:
    """A path to write `output` to, where `-` means standard output.

    For `-`, the service writes a fresh file `stdout<suffix>` in a temporary folder (so no check
    for an existing file trips), and the file is copied to standard output only when the block
    ends without an error: a failed command prints no half-written data. A `binary` file (an
    xlsx workbook, a PDF) is refused before any work when standard output is a terminal; `what`
    names it in that sentence ("an xlsx workbook"). A text file shown on a terminal has its
    control characters escaped.
    """
    if not is_stdout(output):
        yield Output(output, to_stdout=False)
        return
    if binary and stdout_is_terminal():
        raise CxauditError(
            f"Standard output is a terminal, which cannot show {what}: "
            "redirect it to a file (> file) or give a file name with -o."
        )
    with tempfile.TemporaryDirectory(prefix="cxaudit-") as folder:
        target = Output(Path(folder) / f"stdout{suffix}", to_stdout=True)
        yield target
        copy_to_stdout(target.path, binary=binary)


def copy_to_stdout(path: Path, *, binary: bool) -> None:
    """Copy a written file to standard output: bytes as they are, or text shown safely on a
    terminal."""
    if not binary and stdout_is_terminal():
        echo_data(path.read_text(encoding="utf-8"))
        return
    sys.stdout.flush()
    stream = sys.stdout.buffer
    with path.open("rb") as source:
        shutil.copyfileobj(source, stream)
    stream.flush()
