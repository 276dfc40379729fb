"""Progress for long work, drawn on standard error only when it is a terminal.

The services take an optional `progress(done, total)` callback and know nothing of how it is
shown. `progress_bar` gives the command such a callback backed by Rich's progress display on
stderr, which disappears when the work ends; when stderr is a pipe or a file it gives `None`, so
logs and scripts see nothing but the command's own lines. Rich is imported only when a bar is
drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from cxaudit.cli.output import printable, stderr_is_terminal

ProgressCallback = Callable[[int, int], None]
"""What a service calls as work advances: `progress(done, total)`."""


@contextmanager
def progress_bar(description: str) -> Iterator[ProgressCallback | None]:
    """A progress callback for the block, shown as a bar on a terminal's stderr, else None."""
    if not stderr_is_terminal():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True, highlight=False, markup=False, emoji=False)
    if not console.is_terminal:  # TERM=dumb and the like
        yield None
        return
    with Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        TaskProgressColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(printable(description), total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=max(total, 1))

        yield advance
