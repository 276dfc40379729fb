"""Answer save: how long one autosave takes, next to a raw sqlite3 upsert on the same file.

The app saves each answer the moment it is given, in its own transaction, through
`cxaudit.storage.repository.save_answer` inside a short session (as the TUI's backend does).
The baseline is the least any autosave could cost: one `INSERT … ON CONFLICT DO UPDATE` and a
commit over a plain sqlite3 connection with the same pragmas (WAL, synchronous=NORMAL,
busy_timeout, foreign_keys), into the same table of the same file, for a second respondent.
Saves of the two kinds alternate, so both see the same disk and the same write-ahead log.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.harness import Result, Samples, not_run

NAME = "answer save (SQLite, median)"
TARGET_RATIO = 3.0
ROUNDS = 4
"""Passes over the whole questionnaire: the first inserts, the rest update (re-answering)."""

RAW_UPSERT = """
INSERT INTO answers (respondent_id, question_id, value, na_reason, note, evidence,
                     updated_at, needs_reconfirm)
VALUES (?, ?, ?, '', ?, '', ?, 0)
ON CONFLICT (respondent_id, question_id) DO UPDATE SET
    value = excluded.value, na_reason = excluded.na_reason, note = excluded.note,
    evidence = excluded.evidence, updated_at = excluded.updated_at,
    needs_reconfirm = excluded.needs_reconfirm
"""


def _raw_connection(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None, timeout=10)
    con.execute("PRAGMA busy_timeout = 10000")
    mode = con.execute("PRAGMA journal_mode = WAL").fetchone()
    assert mode is not None and mode[0].lower() == "wal"
    con.execute("PRAGMA synchronous = NORMAL")
    con.execute("PRAGMA foreign_keys = ON")
    return con


def run() -> list[Result]:
    """Measure both kinds of save, alternating, and compare their medians."""
    try:
        from cxaudit.catalogue import default_questionnaire
        from cxaudit.domain.model import Role, make_answer
        from cxaudit.storage import open_database, repository
    except ImportError as exc:
        return [not_run(NAME, "s", f"≤ {TARGET_RATIO:g}× raw sqlite3", str(exc))]

    questionnaire = default_questionnaire()
    question_ids = [q.id for q in questionnaire.questions]
    with tempfile.TemporaryDirectory(prefix="cxaudit-bench-save-") as folder:
        path = Path(folder) / "save.db"
        db = open_database(f"sqlite:///{path}")
        try:
            with db.session() as session:
                org = repository.create_organisation(session, name="Bench Ltd", sector="Retail")
                assert org.id is not None
                assessment = repository.start_assessment(
                    session,
                    organisation_id=org.id,
                    period="2025-Q1",
                    questionnaire=questionnaire,
                    carry_forward=False,
                )
                assert assessment.id is not None
                app_respondent = repository.add_respondent(
                    session, assessment_id=assessment.id, name="App", role=Role.LEADER
                )
                raw_respondent = repository.add_respondent(
                    session, assessment_id=assessment.id, name="Raw", role=Role.FRONTLINE
                )
            app_id, raw_id = app_respondent.id, raw_respondent.id
            assert app_id is not None and raw_id is not None
            raw = _raw_connection(path)
            app_times: list[float] = []
            raw_times: list[float] = []
            for round_no in range(ROUNDS):
                for index, question_id in enumerate(question_ids):
                    level = (index + round_no) % 5 + 1
                    note = f"round {round_no}"
                    answer = make_answer(question_id, level, note=note)

                    start = time.perf_counter()
                    with db.session() as session:
                        repository.save_answer(session, respondent_id=app_id, answer=answer)
                    app_times.append(time.perf_counter() - start)

                    start = time.perf_counter()
                    raw.execute("BEGIN IMMEDIATE")
                    raw.execute(
                        RAW_UPSERT,
                        (raw_id, question_id, str(level), note, datetime.now(UTC).isoformat()),
                    )
                    raw.execute("COMMIT")
                    raw_times.append(time.perf_counter() - start)
            raw.close()
            with db.session() as session:
                loaded = repository.load_assessment(session, assessment_id=assessment.id)
        finally:
            db.dispose()
    saved = {r.name: len(r.answers) for r in loaded.respondents}
    app_samples, raw_samples = Samples(tuple(app_times)), Samples(tuple(raw_times))
    ratio = app_samples.median / raw_samples.median
    return [
        Result(
            NAME,
            app_samples.median,
            "s",
            f"≤ {TARGET_RATIO:g}× raw sqlite3",
            ratio <= TARGET_RATIO,
            baseline=raw_samples.median,
            baseline_label="raw sqlite3 upsert + commit",
            spread=f"app {app_samples.spread('s')}; raw {raw_samples.spread('s')}",
            note=(
                f"{len(app_times)} saves each ({ROUNDS} passes over {len(question_ids)} "
                f"questions: inserts, then updates); answers read back: {saved}"
            ),
        )
    ]
