"""Thirty people answering at once: concurrent autosaves on PostgreSQL, none lost.

Thirty writer processes (each its own cxaudit `Database`, as thirty app instances would be)
answer the same assessment, one respondent each, and save 100 answers apiece through
`cxaudit.storage.repository.save_answer` in short sessions, as the terminal app autosaves,
all starting together. Every save's latency is recorded. Afterwards the answers are read back:
for each respondent, each question must hold the last value that writer saved. The figures are
the saves lost (target 0), the errors a user would have been shown (target 0) and the p95
save latency (reported). Runs only when `CXAUDIT_TEST_PG_URL` names a server.
"""

from __future__ import annotations

import multiprocessing
import statistics
import time
from typing import Any

from benchmarks.harness import Result, format_value, not_run
from benchmarks.pg import pg_base_url, pg_schema

NAME = "concurrency: 30 writers × 100 saves (PostgreSQL)"
P95_NAME = "concurrency: p95 save latency (PostgreSQL)"
WRITERS = 30
SAVES = 100


def _writer(url: str, respondent_id: int, question_ids: list[str], barrier: Any) -> Any:
    """One app instance: 100 saves, each timed; returns latencies, errors and the last values."""
    from cxaudit.domain.model import make_answer
    from cxaudit.storage import open_database, repository

    db = open_database(url)
    latencies: list[float] = []
    errors: list[str] = []
    last: dict[str, str] = {}
    try:
        barrier.wait(timeout=120)
        for n in range(SAVES):
            question_id = question_ids[n % len(question_ids)]
            level = (respondent_id + n) % 5 + 1
            start = time.perf_counter()
            try:
                with db.session() as session:
                    repository.save_answer(
                        session,
                        respondent_id=respondent_id,
                        answer=make_answer(question_id, level, note=f"save {n}"),
                    )
            except Exception as exc:  # noqa: BLE001 - counted: a user would have seen it
                errors.append(f"{type(exc).__name__}: {exc}"[:200])
            else:
                last[question_id] = str(level)
            latencies.append(time.perf_counter() - start)
    finally:
        db.dispose()
    return respondent_id, latencies, errors, last


def _setup(url: str) -> tuple[list[int], list[str]]:
    from benchmarks.bench_save import draft_with_respondents
    from cxaudit.catalogue import default_questionnaire
    from cxaudit.storage import open_database

    questionnaire = default_questionnaire()
    db = open_database(url)
    try:
        _draft, ids = draft_with_respondents(
            db,
            questionnaire,
            organisation="Busy Ltd",
            period="2025-Q3",
            names=[f"Writer {n + 1}" for n in range(WRITERS)],
        )
    finally:
        db.dispose()
    return ids, [q.id for q in questionnaire.questions]


def _stored(url: str) -> dict[int, dict[str, str]]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT respondent_id, question_id, value FROM answers")
            ).all()
    finally:
        engine.dispose()
    stored: dict[int, dict[str, str]] = {}
    for respondent_id, question_id, value in rows:
        stored.setdefault(int(respondent_id), {})[str(question_id)] = str(value)
    return stored


def run() -> list[Result]:
    """Start the writers together, then count what was lost and what failed."""
    target = "0 lost, 0 errors"
    if pg_base_url() is None:
        return [not_run(NAME, "saves", target, "CXAUDIT_TEST_PG_URL is not set")]
    context = multiprocessing.get_context("spawn")
    with pg_schema("cxaudit_bench_busy") as schema:
        respondent_ids, question_ids = _setup(schema.url)
        with context.Manager() as manager:
            barrier = manager.Barrier(WRITERS)
            started = time.perf_counter()
            with context.Pool(WRITERS) as pool:
                outcomes = pool.starmap(
                    _writer,
                    [(schema.url, rid, question_ids, barrier) for rid in respondent_ids],
                )
            elapsed = time.perf_counter() - started
        stored = _stored(schema.url)
    latencies = sorted(t for _, times, _, _ in outcomes for t in times)
    errors = [e for _, _, errs, _ in outcomes for e in errs]
    lost = sum(
        1
        for rid, _, _, last in outcomes
        for qid, value in last.items()
        if stored.get(rid, {}).get(qid) != value
    )
    saves = len(latencies)
    p95 = latencies[max(0, round(0.95 * saves) - 1)]
    median = statistics.median(latencies)
    first_error = f"; first error: {errors[0]}" if errors else ""
    ok = lost == 0 and not errors
    return [
        Result(
            NAME,
            float(lost + len(errors)),
            "lost or failed",
            target,
            ok,
            baseline_label="none",
            note=(
                f"{WRITERS} writer processes × {SAVES} saves = {saves} saves in "
                f"{elapsed:.1f} s (process start included); {lost} lost, {len(errors)} errors"
                f"{first_error}"
            ),
            why="" if ok else f"{lost} lost, {len(errors)} errors",
        ),
        Result(
            P95_NAME,
            p95,
            "s",
            "reported",
            None,
            baseline_label="none",
            verdict_text="reported",
            spread=(
                f"median {format_value(median, 's')}, min {format_value(latencies[0], 's')}, "
                f"max {format_value(latencies[-1], 's')} over {saves}"
            ),
            note="every save's latency across the writers, each in its own short session",
        ),
    ]
