"""A cold process that starts an app headless, waits for its first screen to be drawn, and exits.

Run as `python -m benchmarks.probe bare` (the baseline: a bare Textual app with a header, a data
table and a footer) or `python -m benchmarks.probe app --db URL` (cxaudit on that database). It
prints one JSON line: the wall-clock times at which the Home screen was first painted and at
which it had been painted with rows in its table, when its database was open with Home redrawn
from it, and its own peak memory. With `--key`, the app presses `h` on Home as soon as Home has
been painted with the organisations (as a user would, whether or not the full storage stack
has loaded yet) and reports when the History screen was painted showing that organisation's
periods (time to interactive), then waits for the database to open as before. The parent
subtracts the time it started the process, so interpreter start-up and every import count,
exactly as they do for a user.

Nothing heavy is imported at module level: the baseline must not pay for cxaudit's imports.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
from typing import Any

SIZE = (100, 30)
READY_TIMEOUT = 60.0


def _bare_app() -> Any:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class BareApp(App[None]):
        """What any Textual app with a table pays: the baseline for cxaudit's start-up."""

        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Organisation", "Period", "Score", "Stage", "Trend", "Next due")
            table.add_row("Harbour Lane Bank", "2025-Q2", "3.4", "Defined", "↑", "2025-09-30")
            table.add_row("Northwind Care", "2025-Q1", "2.6", "Developing", "→", "2025-06-30")

    return BareApp()


def _cxaudit_app(db_url: str) -> Any:
    from cxaudit.tui.app import CxauditApp

    return CxauditApp(db_url)


def _on_home(app: Any, kind: str) -> bool:
    """Whether the first screen is up (for cxaudit: the Home screen, data or not)."""
    return kind == "bare" or "home" in type(app.screen).__name__.lower()


def _home_ready(app: Any, kind: str) -> bool:
    """Whether the first screen shows what a user opened the app to see (a table with rows)."""
    from textual.widgets import DataTable

    if not _on_home(app, kind):
        return False
    return any(table.row_count > 0 for table in app.screen.query(DataTable))


async def _painted(app: Any, shows: Any = None) -> tuple[float, bool]:
    """The time once the screen, as it is now, has been painted, and whether `shows()` held
    for that frame (checked as the frame is marked, before anything else can run)."""
    done: asyncio.Future[tuple[float, bool]] = asyncio.get_running_loop().create_future()

    def mark() -> None:
        if not done.done():
            done.set_result((time.time(), bool(shows()) if shows is not None else False))

    app.screen.refresh()
    app.call_after_refresh(mark)
    return await asyncio.wait_for(done, READY_TIMEOUT)


async def _wait_for(app: Any, condition: Any, what: str, report: dict[str, Any]) -> bool:
    deadline = time.monotonic() + READY_TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            report["error"] = f"{what} never happened (screen {type(app.screen).__name__})"
            app.exit()
            return False
        await asyncio.sleep(0.002)
    return True


async def _wait_until_drawn(
    pilot: Any, kind: str, report: dict[str, Any], *, interact: bool = False
) -> None:
    """Record Home's first paint, the paint that shows its rows and, for cxaudit, the paint
    once the database is open and Home has been read from it; with `interact`, then a key's
    effect (`_act_on_key`); then leave."""
    app = pilot.app
    if not await _wait_for(app, lambda: _on_home(app, kind), "the Home screen", report):
        return
    report["first_paint_at"], with_rows = await _painted(app, lambda: _home_ready(app, kind))
    if with_rows:
        # The rows were in place when that frame was drawn (the first look fills Home in its
        # mount, before its first frame), so the first frame already showed them.
        report["drawn_at"] = report["first_paint_at"]
    else:
        if not await _wait_for(app, lambda: _home_ready(app, kind), "rows on Home", report):
            return
        report["drawn_at"], _ = await _painted(app)
    report["screen"] = type(app.screen).__name__
    if kind == "app":
        if interact:
            # A user presses `h` once the organisations are on screen: Home is drawn from the
            # database file (a read-only first look), whether or not SQLAlchemy has loaded.
            await _act_on_key(pilot, report)
            if "error" in report:
                return

        # Then the database itself: open, with Home redrawn from it (memory is read after this).
        def opened() -> bool:
            # Set in the same handler that redraws Home from the open database.
            workspace = getattr(app, "workspace", None)
            return workspace is not None or getattr(app, "database_error", None) is not None

        if not await _wait_for(app, opened, "the database to open", report):
            return
        if app.database_error is not None:
            report["error"] = f"the database could not be opened: {app.database_error}"
            app.exit()
            return
        report["open_at"], _ = await _painted(app)
    app.exit()


async def _act_on_key(pilot: Any, report: dict[str, Any]) -> None:
    """Press `h` on Home (the selected organisation's history), record the History screen's
    first frame, then the first frame that shows its periods (data, not a loading message):
    `acted_at`, the time to interactive."""
    from textual.widgets import DataTable

    app = pilot.app
    home = app.screen
    report["pressed_at"] = time.time()
    report["pressed_while_opening"] = getattr(app, "workspace", None) is None
    _press(app, "h")
    if not await _wait_for(app, lambda: app.screen is not home, "the key to act", report):
        return
    report["key_screen"] = type(app.screen).__name__

    def rows() -> bool:
        shown = any(table.row_count > 0 for table in app.screen.query(DataTable))
        # Whether the periods in that frame came from the first look or the open database.
        report["acted_from_first_look"] = bool(getattr(app.screen, "first_look", False))
        return shown

    report["screen_at"], with_rows = await _painted(app, rows)
    if with_rows:
        report["acted_at"] = report["screen_at"]
    elif await _wait_for(app, rows, "the History screen's periods", report):
        report["acted_at"], _ = await _painted(app, rows)


def _press(app: Any, key: str) -> None:
    """Deliver a key as the terminal driver does. Not `Pilot.press`: that then waits until the
    whole process is idle, so it would not return while a worker thread is still loading the
    database, and the probe would see the key act only after that."""
    from textual import events

    event = events.Key(key, key)
    event.set_sender(app)
    app._driver.send_message(event)


def _peak_rss_kb() -> int:
    """This process's own peak resident memory.

    `VmHWM` belongs to the process image since `exec`; `ru_maxrss` would also count the parent's
    memory copied by `fork` before the exec, which is not the app's.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def main(argv: list[str] | None = None) -> int:
    """Start the chosen app headless and print when its first screen was drawn."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.probe")
    parser.add_argument("kind", choices=("bare", "app"))
    parser.add_argument("--db", default="")
    parser.add_argument("--key", action="store_true", help="then press h and see it act")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"kind": args.kind}
    app = _bare_app() if args.kind == "bare" else _cxaudit_app(args.db)

    async def pilot(p: Any) -> None:
        await _wait_until_drawn(p, args.kind, report, interact=args.key)

    app.run(headless=True, size=SIZE, auto_pilot=pilot)
    report["max_rss_kb"] = _peak_rss_kb()
    print(json.dumps(report), flush=True)
    return 1 if "error" in report or "drawn_at" not in report else 0


if __name__ == "__main__":
    sys.exit(main())
