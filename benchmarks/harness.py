"""The shared machinery of the benchmarks: results, medians, the machine, and `BENCHMARKS.md`.

Every benchmark returns `Result`s; this module knows how to judge them against their targets and
how to write them down, so the individual benchmarks only measure.
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
WORK_DIR = Path(__file__).resolve().parent / ".work"
"""Where generated databases and reports are kept between runs (ignored by git)."""


def work_dir() -> Path:
    """The benchmarks' scratch folder, created on first use."""
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    return WORK_DIR


@dataclass(frozen=True)
class Samples:
    """Repeated measurements of one thing; the median is the figure, the rest is the spread."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        """The figure reported: robust to the odd slow run."""
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        """The fastest run."""
        return min(self.values)

    @property
    def high(self) -> float:
        """The slowest run."""
        return max(self.values)

    def spread(self, unit: str) -> str:
        """`min … / max … over N` in the unit of the figure."""
        return (
            f"min {format_value(self.low, unit)} / max {format_value(self.high, unit)}"
            f" over {len(self.values)}"
        )


def measure(fn: Callable[[], object], repeats: int, warmup: int = 0) -> Samples:
    """Time `fn` `repeats` times with `perf_counter`, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    values: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        values.append(time.perf_counter() - start)
    return Samples(tuple(values))


def measure_pair(
    first: Callable[[], object], second: Callable[[], object], repeats: int, warmup: int = 0
) -> tuple[Samples, Samples]:
    """Time two functions alternately, so a machine that speeds up or slows down mid-run
    affects both alike; `warmup` untimed calls of each come first."""
    for _ in range(warmup):
        first()
        second()
    timed: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for fn, values in ((first, timed[0]), (second, timed[1])):
            start = time.perf_counter()
            fn()
            values.append(time.perf_counter() - start)
    return Samples(tuple(timed[0])), Samples(tuple(timed[1]))


@dataclass(frozen=True)
class Result:
    """One line of the results table: a figure, its baseline and whether it met its target."""

    benchmark: str
    figure: float | None
    unit: str
    target: str
    passed: bool | None
    """None when the figure could not be measured (see `note`)."""
    baseline: float | None = None
    baseline_label: str = ""
    spread: str = ""
    note: str = ""
    verdict_text: str = ""
    """Replaces pass/missed for figures that are reported rather than judged."""
    why: str = ""
    """For a missed target: the reason, when it is known (printed next to "missed")."""

    @property
    def ratio(self) -> float | None:
        """figure ÷ baseline, when both exist."""
        if self.figure is None or not self.baseline:
            return None
        return self.figure / self.baseline

    @property
    def verdict(self) -> str:
        """pass, missed (with the reason when known) or not run, as printed in the table."""
        if self.verdict_text:
            return self.verdict_text
        if self.passed is None:
            return "not run"
        if self.passed:
            return "pass"
        return f"missed: {self.why}" if self.why else "missed"


def not_run(benchmark: str, unit: str, target: str, reason: str) -> Result:
    """A result for a benchmark whose subject could not be measured, with the reason."""
    return Result(benchmark, None, unit, target, None, note=f"not run: {reason}")


def format_value(value: float | None, unit: str) -> str:
    """A figure in a readable unit: seconds become ms below one second."""
    if value is None:
        return "—"
    if unit == "s":
        if value < 0.01:
            return f"{value * 1000:.2f} ms"
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit == "pages/s":
        return f"{value:.1f} pages/s"
    return f"{value:g} {unit}".strip()


def format_ratio(ratio: float | None) -> str:
    """A ratio as `1.23×`."""
    return "—" if ratio is None else f"{ratio:.2f}×"


# --------------------------------------------------------------------------------------------
# Subprocess probes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProbeRun:
    """What one probe subprocess reported, and what the kernel says it cost."""

    started: float
    """time.time() in the parent just before the child was started."""
    report: dict[str, Any]
    """The last JSON line the child printed on stdout."""
    max_rss_mb: float
    """Peak resident memory of that child's own process image (VmHWM, reported by the probe;
    wait4's ru_maxrss when the probe could not read it)."""
    stderr: str


class ProbeError(RuntimeError):
    """A probe subprocess failed; the message carries the end of its stderr."""


def python_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a probe: the repo on the path, colour and clocks left as they are."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if extra:
        env.update(extra)
    return env


def run_probe(args: Sequence[str], *, env: dict[str, str], timeout: float = 120.0) -> ProbeRun:
    """Run `python -m benchmarks.probe ARGS` cold and collect its report and peak memory.

    The child is reaped with `os.wait4`, so its rusage belongs to this run alone; the probe's own
    `VmHWM` is preferred, because ru_maxrss also counts memory the fork copied from this process
    before the exec.
    """
    command = [sys.executable, "-m", "benchmarks.probe", *args]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.time()
        proc = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
        )
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise ProbeError(f"probe {' '.join(args)} took longer than {timeout:.0f} s")
            time.sleep(0.01)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        tail = "\n".join(stderr.strip().splitlines()[-8:])
        raise ProbeError(f"probe {' '.join(args)} exited {proc.returncode}: {tail}")
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise ProbeError(f"probe {' '.join(args)} printed no report")
    report: dict[str, Any] = json.loads(lines[-1])
    # Both figures are in kilobytes on Linux.
    peak_kb = report.get("max_rss_kb") or usage.ru_maxrss
    return ProbeRun(started, report, float(peak_kb) / 1024.0, stderr)


# --------------------------------------------------------------------------------------------
# The machine
# --------------------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def _memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                kb = int(line.split()[1])
                return f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return "unknown"


def _cores() -> str:
    logical = os.cpu_count() or 0
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = logical
    return f"{usable}" if usable == logical else f"{usable} usable of {logical}"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


LIBRARIES = ("textual", "sqlalchemy", "sqlmodel", "reportlab")


def commit() -> str:
    """The commit measured, and whether the package or benchmarks differed from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--", "cxaudit", "benchmarks"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    if changed:
        return f"{head}, plus uncommitted changes to {len(changed)} file(s) in the package"
    return head


def machine() -> dict[str, str]:
    """The facts about this machine and interpreter that a reader needs to weigh the figures."""
    return {
        "Commit": commit(),
        "CPU": _cpu_model(),
        "Cores": _cores(),
        "Memory": _memory_total(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "OS": platform.platform(),
        "SQLite": sqlite3.sqlite_version,
        "Libraries": ", ".join(f"{name} {_version(name)}" for name in LIBRARIES),
    }


# --------------------------------------------------------------------------------------------
# BENCHMARKS.md
# --------------------------------------------------------------------------------------------


@dataclass
class Run:
    """A whole `make bench` run: when, where, and every result."""

    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    results: list[Result] = field(default_factory=list)
    elapsed: float = 0.0
    notes: list[str] = field(default_factory=list)


def render_table(results: Sequence[Result]) -> list[str]:
    """The results as a Markdown table."""
    lines = [
        "| benchmark | figure | baseline (same run) | ratio | target | result |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        baseline = (
            f"{format_value(r.baseline, r.unit)} ({r.baseline_label})"
            if r.baseline is not None
            else (r.baseline_label or "none")
        )
        lines.append(
            f"| {r.benchmark} | {format_value(r.figure, r.unit)} | {baseline} | "
            f"{format_ratio(r.ratio)} | {r.target} | {r.verdict} |"
        )
    return lines


def render_markdown(run: Run, machine_facts: dict[str, str]) -> str:
    """The whole `BENCHMARKS.md`."""
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (`python -m benchmarks`). Every figure is a median over "
        "repeated runs, next to a baseline measured in the same run on the same machine; the "
        "spread is listed under the table. Re-run it to check any claim below.",
        "",
        f"- **Date:** {run.started.strftime('%Y-%m-%d %H:%M UTC')}",
    ]
    for key, value in machine_facts.items():
        lines.append(f"- **{key}:** {value}")
    lines.append(f"- **Whole run:** {run.elapsed:.0f} s")
    lines += ["", "## Results", ""]
    lines += render_table(run.results)
    lines += ["", "## Spread and notes", ""]
    for r in run.results:
        detail = "; ".join(part for part in (r.spread, r.note) if part)
        if detail:
            lines.append(f"- **{r.benchmark}:** {detail}")
    if run.notes:
        lines += ["", "## How each figure is taken", ""]
        lines += [f"- {note}" for note in run.notes]
    lines.append("")
    return "\n".join(lines)


def print_result(result: Result) -> None:
    """One result on the terminal, as soon as it is known."""
    baseline = (
        f"baseline {format_value(result.baseline, result.unit)}"
        if result.baseline is not None
        else "no baseline"
    )
    ratio = f" ratio {format_ratio(result.ratio)}" if result.ratio is not None else ""
    print(
        f"  {result.benchmark:<38} {format_value(result.figure, result.unit):>12}  "
        f"{baseline}{ratio}  target {result.target}  [{result.verdict}]",
        flush=True,
    )
    if result.spread or result.note:
        print(f"      {'; '.join(p for p in (result.spread, result.note) if p)}", flush=True)
