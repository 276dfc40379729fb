"""`make bench`: run every benchmark, print each figure as it comes, and write BENCHMARKS.md.

`python -m benchmarks --only startup,save` runs a subset (and does not rewrite BENCHMARKS.md
unless `--write` is given); `--small` uses a small portfolio to check the machinery quickly;
`--strict` exits 1 when a figure misses its target (by default a finished run exits 0 and the
table says which targets were missed).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable

from benchmarks import (
    bench_benchmark,
    bench_cli,
    bench_concurrency,
    bench_import,
    bench_memory,
    bench_report,
    bench_save,
    bench_scale,
    bench_startup,
    bench_workshop,
)
from benchmarks.harness import REPO_ROOT, Result, Run, machine, print_result, render_markdown
from benchmarks.scale_data import FULL, Shape, scale_database

ALL = (
    "startup",
    "cli",
    "save",
    "import",
    "concurrency",
    "report",
    "scale",
    "benchmark",
    "memory",
    "workshop",
)

METHOD_NOTES = [
    "**start-up**: cold `python -m benchmarks.probe` processes run the app headless at 100×30 "
    "on the demo database and record when Home is first painted and the first frame that shows "
    "organisations in its table (`App.run(headless=True, auto_pilot=…)` then "
    "`call_after_refresh`, with the check made as the frame is marked), measured from the moment "
    "the process was started; the probe then also waits for the full storage stack to open "
    "(SQLAlchemy, in a background thread at lower CPU priority) and Home to be redrawn from it; "
    "that moment is reported on its own line. The baseline is a bare Textual app with a "
    "header, a data table with rows and a footer, started the same way. Runs alternate; one "
    "untimed run of each warms the file cache first.",
    "**time to interactive**: the same probe runs press `h` as soon as Home has been painted "
    "with the organisations (read from the database file), delivering the key as the terminal "
    "driver does (not `Pilot.press`, which waits for the whole process to go idle), and record "
    "the first frame of the History screen that shows that organisation's periods (data, not a "
    "loading message). On SQLite those come from a read-only first look at the file, proven "
    "equal to the services' by `tests/storage/test_glance_history.py`, and are read again "
    "through the services once the storage stack is open. The baseline is the bare app's "
    "first frame.",
    "**CLI**: `cxaudit orgs` and `cxaudit history ORG` (the demo organisation with the longest "
    "history) as whole cold processes through the console script, stdout a pipe, alternating "
    "with `cxaudit --help`; their `--format json` output is first checked against the rows the "
    "services give in-process.",
    "**answer save**: `cxaudit.services.assessing.save_answer`, what the wizard's autosave "
    "calls (the evidence rule checked, levels 4 and 5 carrying evidence), against a raw "
    "`INSERT … ON CONFLICT DO UPDATE` + commit (sqlite3 with the same pragmas, or psycopg on "
    "PostgreSQL) of the same columns into the same table, for a second respondent; saves "
    "alternate, and both respondents' answers are read back and compared.",
    "**import**: a long CSV of 10,000 respondents × 48 answers (evidence on every level 4–5, "
    "a confidence on one answer in ten, 33 MB) imported into one draft assessment through "
    "`exchange.import_files` (what `cxaudit import` runs), against csv + two raw sqlite3 "
    "`executemany` calls in one transaction writing the same columns; each run on a fresh "
    "copy of the same database, alternating, the stored rows of both sides (evidence, "
    "confidence and marks included) compared first.",
    "**concurrency**: 30 spawned processes, each its own `Database` on PostgreSQL, save 100 "
    "answers each (one respondent per writer, one assessment) starting at a barrier; lost = a "
    "question not holding the last value its writer saved.",
    "**report**: `cxaudit.services.reports.write_report` in-process for the demo organisation with "
    "six quarters (cover, summary, trend, areas, plan, appendix); median after a first build.",
    "**scale**: 500 organisations × 8 quarters × 10 respondents × 48 questions written through "
    "`bulk_load_assessments` (cached in `benchmarks/.work/` with the time it took, and made "
    "again whenever the storage or domain code changes); `list_organisations` and "
    "`organisation_timeline` (what the History screen and `cxaudit history` read), each in "
    "its own short session as the app calls them, against the same aggregates fetched by "
    "hand-written SQL on a plain sqlite3 connection; `organisation_history` (every "
    "assessment, respondent, answer and action as domain objects) is reported next to the "
    "same rows fetched raw by five hand-written selects on a plain sqlite3 connection, "
    "fetching every column the app reads, and is first checked to hold exactly those rows "
    "(31 alternating pairs). Results are checked to agree before timing, and the two sides "
    "are timed alternately.",
    "**benchmark**: `cxaudit.services.benchmark.benchmark` (what `cxaudit benchmark` and the "
    "Benchmark tab call) for the middle organisation of the 500-organisation portfolio, among "
    "its 499 peers, against the same aggregates (the client's snapshot and question levels, "
    "the peers' snapshots, the peers per level of each question) fetched by hand-written SQL on "
    "a plain sqlite3 connection; the quartiles and counts are checked to agree first, and the "
    "two sides are timed alternately.",
    "**workshop**: the real `cxaudit serve` (a subprocess) over a database with 30 personal "
    "links; 30 websocket clients open their links and connect as textual.js does, all at once; "
    "peak memory is the largest total PSS (and RSS) of the server and its app processes, "
    "sampled every 0.25 s from /proc; first screen is from opening the link to the start page "
    "arriving; save latency is from a level key sent by one client, while all 30 are "
    "connected, until the answer is visible through the services (polled every 20 ms). "
    "SQLite, and PostgreSQL when CXAUDIT_TEST_PG_URL is set.",
    "**memory**: peak RSS of the app process (VmHWM of its own image, read by the probe; the "
    "child is reaped with `wait4`) once the portfolio database is open and Home has been drawn "
    "from it.",
]


def _guarded(name: str, fn: Callable[[], list[Result]]) -> list[Result]:
    """Run one benchmark; a crash becomes a 'not run' line instead of ending the whole run."""
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the others
        traceback.print_exc()
        return [Result(name, None, "", "—", None, note=f"not run: {type(exc).__name__}: {exc}")]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and write BENCHMARKS.md."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--only", default=",".join(ALL), help=f"comma-separated: {','.join(ALL)}")
    parser.add_argument("--small", action="store_true", help="a 20-organisation portfolio")
    parser.add_argument("--write", action="store_true", help="write BENCHMARKS.md for a subset")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when any figure misses its target"
    )
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(chosen) - set(ALL)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    shape = Shape(20, 8, 10) if args.small else FULL
    run = Run()
    started = time.perf_counter()
    facts = machine()
    print("cxaudit benchmarks")
    for key, value in facts.items():
        print(f"  {key}: {value}")
    print()

    def record(results: list[Result]) -> None:
        for result in results:
            print_result(result)
        run.results.extend(results)

    if "startup" in chosen:
        print("start-up …", flush=True)
        record(_guarded(bench_startup.NAME, bench_startup.run))
    if "cli" in chosen:
        print("CLI listings …", flush=True)
        record(_guarded(bench_cli.ORGS_NAME, bench_cli.run))
    if "save" in chosen:
        print("answer save …", flush=True)
        record(_guarded(bench_save.NAME, bench_save.run))
    if "import" in chosen:
        print("import …", flush=True)
        record(_guarded(bench_import.NAME, bench_import.run))
    if "concurrency" in chosen:
        print("concurrent writers …", flush=True)
        record(_guarded(bench_concurrency.NAME, bench_concurrency.run))
    if "report" in chosen:
        print("report …", flush=True)
        record(_guarded(bench_report.NAME, bench_report.run))
    if "scale" in chosen or "benchmark" in chosen or "memory" in chosen:
        print(f"portfolio {shape.label} …", flush=True)
        try:
            generated = scale_database(shape)
        except Exception as exc:  # noqa: BLE001 - reported as not run
            traceback.print_exc()
            record(
                [
                    Result(
                        bench_scale.GENERATE_NAME,
                        None,
                        "s",
                        "reported",
                        None,
                        note=f"not run: {type(exc).__name__}: {exc}",
                    )
                ]
            )
        else:
            if "scale" in chosen:
                record(_guarded(bench_scale.LIST_NAME, lambda: bench_scale.run(generated)))
            if "benchmark" in chosen:
                print("benchmark among peers …", flush=True)
                record(_guarded(bench_benchmark.NAME, lambda: bench_benchmark.run(generated)))
            if "memory" in chosen:
                print("memory …", flush=True)
                record(_guarded(bench_memory.NAME, lambda: bench_memory.run(generated.path)))
    if "workshop" in chosen:
        print("workshop: 30 browser sessions …", flush=True)
        record(_guarded(bench_workshop.NAME, bench_workshop.run))
    run.elapsed = time.perf_counter() - started
    run.notes = METHOD_NOTES
    if args.small:
        run.notes = [*METHOD_NOTES, "This run used a small portfolio (--small): 20 organisations."]
    print(f"\nwhole run: {run.elapsed:.0f} s")
    if set(chosen) == set(ALL) or args.write:
        target = REPO_ROOT / "BENCHMARKS.md"
        target.write_text(render_markdown(run, facts), encoding="utf-8")
        print(f"wrote {target}")
    failed = [r for r in run.results if r.passed is False]
    if failed:
        names = ", ".join(r.benchmark for r in failed)
        print(f"{len(failed)} figure(s) missed their target: {names}")
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
