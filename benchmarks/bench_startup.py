"""Start-up: time from launching a process to the Home screen drawn with the demo organisations.

Both cxaudit and the baseline (a bare Textual app with a header, a data table with rows and a
footer) are started cold in fresh processes, headless at 100×30, alternately, several times;
each process reports the moment its first screen had been painted with rows in its table. The
figure includes interpreter start-up and every import, as a user would wait for them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.harness import (
    ProbeError,
    Result,
    Samples,
    not_run,
    python_env,
    run_probe,
    work_dir,
)

NAME = "start-up to Home drawn (demo data)"
TARGET_RATIO = 1.3
REPEATS = 9


def demo_database(today: str | None = None) -> Path:
    """A fresh demo database under `benchmarks/.work/`, built through `cxaudit.demo`."""
    from datetime import date

    from cxaudit.demo import load_demo
    from cxaudit.storage import open_database

    folder = work_dir() / "demo"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    path = folder / "demo.db"
    db = open_database(f"sqlite:///{path}")
    try:
        load_demo(db, today=date.fromisoformat(today) if today else None)
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
    bare: list[float] = []
    try:
        # One untimed run of each fills the OS file cache and writes bytecode, so the figures
        # compare warm starts (what a user sees from the second launch on).
        run_probe(["bare"], env=env)
        run_probe(["app", "--db", f"sqlite:///{path}"], env=env)
        for _ in range(REPEATS):
            b = run_probe(["bare"], env=env)
            bare.append(b.report["drawn_at"] - b.started)
            a = run_probe(["app", "--db", f"sqlite:///{path}"], env=env)
            app.append(a.report["drawn_at"] - a.started)
    except ProbeError as exc:
        return [not_run(NAME, "s", target, str(exc))]
    app_s, bare_s = Samples(tuple(app)), Samples(tuple(bare))
    ratio = app_s.median / bare_s.median
    return [
        Result(
            NAME,
            app_s.median,
            "s",
            target,
            ratio <= TARGET_RATIO,
            baseline=bare_s.median,
            baseline_label="Header + DataTable + Footer",
            spread=f"cxaudit {app_s.spread('s')}; bare {bare_s.spread('s')}",
            note="cold processes, headless 100×30, alternating; includes Python start and imports",
        )
    ]
