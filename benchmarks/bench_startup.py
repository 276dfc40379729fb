"""Start-up: time from launching a process to the Home screen drawn, on the demo database.

Both cxaudit and the baseline (a bare Textual app with a header, a data table with rows and a
footer) are started cold in fresh processes, headless at 100×30, alternately, several times;
each process reports the moment Home was first painted (the figure judged against the target)
and the moment it had been painted with the demo organisations in its table (what a user waits
for before doing anything). Both include interpreter start-up and every import.

Time to interactive: as soon as Home shows the organisations (read from the database file), the
probe presses `h` and records the first frame of the History screen that shows that
organisation's periods (data, not a loading message); when the full storage stack (SQLAlchemy,
the schema check and Home read again through the services) is open is reported on its own line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.harness import (
    ProbeError,
    Result,
    Samples,
    format_value,
    not_run,
    python_env,
    run_probe,
    work_dir,
)

NAME = "start-up: Home first painted (demo)"
LISTED_NAME = "start-up: Home with organisations listed"
INTERACTIVE_NAME = "time to interactive: Home drawn from the database, `h` acted on"
OPEN_NAME = "start-up: full storage stack open, Home redrawn from it"
TARGET_RATIO = 1.3
INTERACTIVE_RATIO = 2.0
REPEATS = 9


def demo_database(today: str | None = None) -> Path:
    """A fresh demo database under `benchmarks/.work/`, built through `cxaudit.services.demo`."""
    from datetime import date

    from cxaudit.services import Workspace
    from cxaudit.services.demo import load_demo
    from cxaudit.storage import open_database

    folder = work_dir() / "demo"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    path = folder / "demo.db"
    db = open_database(f"sqlite:///{path}")
    try:
        load_demo(Workspace(db), today=date.fromisoformat(today) if today else None)
    finally:
        db.dispose()
    return path


def run() -> list[Result]:
    """Start both apps alternately and compare the medians."""
    target = f"≤ {TARGET_RATIO:g}× bare Textual app"
    try:
        path = demo_database()
    except ImportError as exc:
        return [not_run(NAME, "s", target, str(exc))]
    env = python_env({"CXAUDIT_HOME": str(path.parent / "home")})
    env.pop("CXAUDIT_DB", None)
    app: list[float] = []
    listed: list[float] = []
    opened: list[float] = []
    acted: list[float] = []
    screens: list[float] = []
    from_look = 0
    bare: list[float] = []
    app_args = ["app", "--db", f"sqlite:///{path}", "--key"]
    try:
        # One untimed run of each fills the OS file cache and writes bytecode, so the figures
        # compare warm starts (what a user sees from the second launch on).
        run_probe(["bare"], env=env)
        run_probe(app_args, env=env)
        for _ in range(REPEATS):
            b = run_probe(["bare"], env=env)
            bare.append(b.report["drawn_at"] - b.started)
            a = run_probe(app_args, env=env)
            if "error" in a.report or "acted_at" not in a.report:
                raise ProbeError(str(a.report.get("error", "the key was not acted on")))
            app.append(a.report["first_paint_at"] - a.started)
            listed.append(a.report["drawn_at"] - a.started)
            opened.append(a.report["open_at"] - a.started)
            acted.append(a.report["acted_at"] - a.started)
            screens.append(a.report["screen_at"] - a.started)
            from_look += bool(a.report.get("acted_from_first_look"))
    except ProbeError as exc:
        return [not_run(NAME, "s", target, str(exc))]
    app_s, listed_s, bare_s = Samples(tuple(app)), Samples(tuple(listed)), Samples(tuple(bare))
    acted_s, opened_s = Samples(tuple(acted)), Samples(tuple(opened))
    after_home = Samples(tuple(a - h for a, h in zip(acted, listed, strict=True)))
    interactive_ratio = acted_s.median / bare_s.median
    return [
        Result(
            NAME,
            app_s.median,
            "s",
            target,
            app_s.median / bare_s.median <= TARGET_RATIO,
            baseline=bare_s.median,
            baseline_label="Header + DataTable + Footer",
            spread=f"cxaudit {app_s.spread('s')}; bare {bare_s.spread('s')}",
            note="cold processes, headless 100×30, alternating; includes Python start and imports",
        ),
        Result(
            LISTED_NAME,
            listed_s.median,
            "s",
            target,
            listed_s.median / bare_s.median <= TARGET_RATIO,
            baseline=bare_s.median,
            baseline_label="Header + DataTable + Footer",
            spread=f"cxaudit {listed_s.spread('s')}",
            note=(
                "the same runs, until a frame shows the organisations (on SQLite they come "
                "from a read-only first look at the file, before the database is opened); "
                f"the database itself is open and Home redrawn from it after "
                f"{format_value(opened_s.median, 's')} (median)"
            ),
        ),
        Result(
            INTERACTIVE_NAME,
            acted_s.median,
            "s",
            f"≤ {INTERACTIVE_RATIO:g}× bare Textual app's first frame",
            interactive_ratio <= INTERACTIVE_RATIO,
            baseline=bare_s.median,
            baseline_label="bare app's first frame",
            why=(
                ""
                if interactive_ratio <= INTERACTIVE_RATIO
                else (
                    f"{interactive_ratio:.2f}×: Home listed the organisations at "
                    f"{format_value(listed_s.median, 's')} and the History screen showed the "
                    f"periods {format_value(after_home.median, 's')} after that (median), while "
                    "the storage stack was loading in the background"
                )
            ),
            spread=f"cxaudit {acted_s.spread('s')}; bare {bare_s.spread('s')}",
            note=(
                "the same runs: `h` pressed as soon as Home had been painted with the "
                "organisations (read-only from the file); the figure is the first frame of the "
                "History screen showing that organisation's periods (first frame of the screen "
                f"at {format_value(Samples(tuple(screens)).median, 's')}, median); in "
                f"{from_look} of {len(acted)} runs they came from the read-only first look at the "
                "file, before SQLAlchemy had loaded, and were then read again through the services"
            ),
        ),
        Result(
            OPEN_NAME,
            opened_s.median,
            "s",
            "reported",
            None,
            baseline=bare_s.median,
            baseline_label="bare app's first frame",
            verdict_text="reported",
            spread=f"cxaudit {opened_s.spread('s')}",
            note=(
                "the same runs: the database opened through SQLAlchemy (engine, schema check) in "
                "a background thread at lower CPU priority, and Home redrawn from the services; "
                "keys that write or need the whole record (n, r, a new answer) wait for this"
            ),
        ),
    ]
