"""The CLI's listings: `cxaudit orgs` and `cxaudit history ORG` as whole processes.

What a user waits for at the shell is the whole process: interpreter start, imports, opening the
database, the query, and the table. Each command is run cold on the demo database, alternately
with `cxaudit --help` (the least any cxaudit command costs: Python, click and the command list),
and the ratio of medians is judged. Before timing, each listing's `--format json` output is
checked against the same rows computed in this process through the services the terminal app
uses, so a fast path cannot print something else.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.harness import REPO_ROOT, Result, Samples, not_run, python_env

ORGS_NAME = "CLI: `cxaudit orgs` (demo, whole process)"
HISTORY_NAME = "CLI: `cxaudit history ORG` (demo, whole process)"
TARGET_RATIO = 3.0
REPEATS = 15


def _command() -> list[str]:
    """The `cxaudit` console script beside this interpreter, as a user runs it."""
    script = Path(sys.executable).with_name("cxaudit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cxaudit"]


def _run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [*_command(), *args],
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"cxaudit {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return elapsed, done.stdout


def _expected(path: Path) -> tuple[list[dict[str, Any]], str, dict[str, Any]]:
    """The organisations and the longest history, computed through the services in-process."""
    from cxaudit.services.history import history
    from cxaudit.services.portfolio import organisations
    from cxaudit.services.workspace import open_workspace
    from cxaudit.transfer.tabular import history_records, organisation_rows

    with open_workspace(f"sqlite:///{path}") as ws:
        summaries = organisations(ws)
        chosen = max(summaries, key=lambda s: s.assessment_count).organisation
        data = history(ws, organisation=chosen.slug, include_drafts=False)
        rows = organisation_rows(summaries)
    wanted = {"organisation": data.organisation.name, "assessments": history_records(data.records)}
    return json.loads(json.dumps(rows)), chosen.slug, json.loads(json.dumps(wanted))


def run(demo_path: Path | None = None) -> list[Result]:
    """Time `orgs`, `history` and `--help` alternately, after checking what the listings print."""
    target = f"≤ {TARGET_RATIO:g}× `cxaudit --help`"
    try:
        from benchmarks.bench_startup import demo_database
    except ImportError as exc:
        return [not_run(ORGS_NAME, "s", target, str(exc))]
    path = demo_path or demo_database()
    env = python_env({"CXAUDIT_HOME": str(path.parent / "home"), "COLUMNS": "80"})
    env["CXAUDIT_DB"] = f"sqlite:///{path}"
    env.pop("CXAUDIT_DEBUG", None)
    os.makedirs(path.parent / "home", exist_ok=True)
    rows, slug, wanted = _expected(path)
    _, orgs_json = _run(["orgs", "--format", "json"], env)
    assert json.loads(orgs_json) == rows, "`cxaudit orgs` lists what the services list"
    _, history_json = _run(["history", slug, "--format", "json"], env)
    assert json.loads(history_json) == wanted, "`cxaudit history` shows what the service reads"
    commands = {"help": ["--help"], "orgs": ["orgs"], "history": ["history", slug]}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for args in commands.values():  # warm the file cache and the bytecode
        _run(args, env)
    for _ in range(REPEATS):
        for name, args in commands.items():
            elapsed, out = _run(args, env)
            if name != "help":
                assert out.strip(), f"`cxaudit {name}` printed its table"
            times[name].append(elapsed)
    help_s = Samples(tuple(times["help"]))
    results: list[Result] = []
    for name, label in ((ORGS_NAME, "orgs"), (HISTORY_NAME, "history")):
        samples = Samples(tuple(times[label]))
        ratio = samples.median / help_s.median
        results.append(
            Result(
                name,
                samples.median,
                "s",
                target,
                ratio <= TARGET_RATIO,
                baseline=help_s.median,
                baseline_label="`cxaudit --help`, whole process",
                spread=f"cxaudit {label} {samples.spread('s')}; --help {help_s.spread('s')}",
                note=(
                    f"cold processes, alternating with --help, stdout a pipe; "
                    f"{len(rows)} organisations"
                    + (f"; history of {wanted['organisation']}" if label == "history" else "")
                    + "; the JSON output was checked against the services' rows first"
                ),
            )
        )
    return results
