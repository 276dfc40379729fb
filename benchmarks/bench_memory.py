"""Memory: the peak resident memory of the app with the 2-million-answer portfolio open.

The real app is started headless in a fresh process on the portfolio database and left until
the database is open and its Home screen has been drawn from it with all 500 organisations.
That process's peak resident memory
(`VmHWM` from /proc: the high-water mark of its own image since exec) is the figure. A bare
Textual app's peak, from the same probe, is shown for context: it is what any Textual app
costs before cxaudit adds anything.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.harness import ProbeError, Result, python_env, run_probe

NAME = "memory: peak RSS, Home on the portfolio"
LIMIT_MB = 200.0


def run(path: Path) -> list[Result]:
    """Start the app on the portfolio and read its peak memory."""
    target = f"< {LIMIT_MB:g} MB"
    env = python_env({"CXAUDIT_HOME": str(path.parent / "home")})
    env.pop("CXAUDIT_DB", None)
    try:
        bare = run_probe(["bare"], env=env)
        app = run_probe(["app", "--db", f"sqlite:///{path}"], env=env, timeout=300)
    except ProbeError as exc:
        return [Result(NAME, None, "MB", target, None, note=f"not run: {exc}")]
    size_mb = path.stat().st_size / 1024 / 1024
    return [
        Result(
            NAME,
            app.max_rss_mb,
            "MB",
            target,
            app.max_rss_mb < LIMIT_MB,
            baseline_label="none",
            note=(
                f"database {size_mb:.0f} MB on disk; for context, a bare Textual app peaks at "
                f"{bare.max_rss_mb:.1f} MB; read after the database was open and Home redrawn "
                f"from it ({app.report['open_at'] - app.started:.2f} s after start; the "
                f"organisations were first shown at {app.report['drawn_at'] - app.started:.2f} s)"
            ),
        )
    ]
