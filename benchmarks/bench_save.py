"""Answer save: how long one autosave takes, next to a raw driver upsert on the same table.

The app saves each answer the moment it is given, in its own transaction, through
`cxaudit.services.assessing.save_answer` (what the wizard's autosave calls): the evidence rule
is checked and the answer written; levels 4 and 5 carry evidence, as the built-in questionnaire
asks.
The baseline is the least any autosave could cost: one `INSERT … ON CONFLICT DO UPDATE` and a
commit over a plain driver connection into the same table of the same database, for a second
respondent. On SQLite that is sqlite3 with the same pragmas (WAL, synchronous=NORMAL,
busy_timeout, foreign_keys); on PostgreSQL (when `CXAUDIT_TEST_PG_URL` names a server) it is
psycopg. Saves of the two kinds alternate, so both see the same disk and the same log; the
answers are read back through both sides and checked to agree.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.harness import Result, Samples, not_run
from benchmarks.pg import pg_base_url, pg_schema, raw_connect

NAME = "answer save (SQLite, median)"
PG_NAME = "answer save (PostgreSQL, median)"
TARGET_RATIO = 2.0
ROUNDS = 4
"""Passes over the whole questionnaire: the first inserts, the rest update (re-answering)."""

UPSERT = """
INSERT INTO answers (respondent_id, question_id, value, na_reason, note, evidence,
                     updated_at, needs_reconfirm)
VALUES ({p}, {p}, {p}, '', {p}, {p}, {p}, {false})
ON CONFLICT (respondent_id, question_id) DO UPDATE SET
    value = excluded.value, na_reason = excluded.na_reason, note = excluded.note,
    evidence = excluded.evidence, updated_at = excluded.updated_at,
    needs_reconfirm = excluded.needs_reconfirm
"""
RAW_UPSERT = UPSERT.format(p="?", false="0")
PG_UPSERT = UPSERT.format(p="%s", false="false")
READ_BACK = "SELECT question_id, value, note, evidence FROM answers WHERE respondent_id = {p}"

RawSave = Callable[[int, str, str, str, str], None]


def _raw_connection(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None, timeout=10)
    con.execute("PRAGMA busy_timeout = 10000")
    mode = con.execute("PRAGMA journal_mode = WAL").fetchone()
    assert mode is not None and mode[0].lower() == "wal"
    con.execute("PRAGMA synchronous = NORMAL")
    con.execute("PRAGMA foreign_keys = ON")
    return con


def draft_with_respondents(
    db: Any, questionnaire: Any, *, organisation: str, period: str, names: list[str]
) -> tuple[int, list[int]]:
    """A new organisation's draft assessment with one respondent per name: their ids."""
    from cxaudit.domain.model import Role
    from cxaudit.storage import repository

    with db.session() as session:
        org = repository.create_organisation(session, name=organisation, sector="Retail")
        assert org.id is not None
        assessment = repository.start_assessment(
            session,
            organisation_id=org.id,
            period=period,
            questionnaire=questionnaire,
            carry_forward=False,
        )
        assert assessment.id is not None
        people = [
            repository.add_respondent(
                session, assessment_id=assessment.id, name=name, role=Role.FRONTLINE
            )
            for name in names
        ]
    ids = [p.id for p in people if p.id is not None]
    return assessment.id, ids


def _two_respondents(db: Any, questionnaire: Any) -> tuple[int, int]:
    _assessment, (app_id, raw_id) = draft_with_respondents(
        db, questionnaire, organisation="Bench Ltd", period="2025-Q1", names=["App", "Raw"]
    )
    return app_id, raw_id


def _alternate(
    ws: Any, question_ids: list[str], app_id: int, raw_id: int, raw_save: RawSave
) -> tuple[Samples, Samples]:
    """Both kinds of save, one after the other, ROUNDS passes over the questionnaire."""
    from cxaudit.domain.model import make_answer
    from cxaudit.services import assessing

    app_times: list[float] = []
    raw_times: list[float] = []
    for round_no in range(ROUNDS):
        for index, question_id in enumerate(question_ids):
            level = (index + round_no) % 5 + 1
            note = f"round {round_no}"
            evidence = f"Minutes, round {round_no}" if level >= 4 else ""
            answer = make_answer(question_id, level, note=note, evidence=evidence)

            start = time.perf_counter()
            assessing.save_answer(ws, respondent_id=app_id, answer=answer)
            app_times.append(time.perf_counter() - start)

            start = time.perf_counter()
            raw_save(raw_id, question_id, str(level), note, evidence)
            raw_times.append(time.perf_counter() - start)
    return Samples(tuple(app_times)), Samples(tuple(raw_times))


def _check_same(app: list[tuple[Any, ...]], raw: list[tuple[Any, ...]]) -> None:
    """Both sides stored the same answers (the last pass's values and notes)."""
    assert sorted(app) == sorted(raw), "cxaudit and the raw upsert stored the same answers"
    assert app, "answers were stored"


def _result(
    name: str,
    app: Samples,
    raw: Samples,
    label: str,
    question_count: int,
    engine: str,
) -> Result:
    ratio = app.median / raw.median
    return Result(
        name,
        app.median,
        "s",
        f"≤ {TARGET_RATIO:g}× raw {engine}",
        ratio <= TARGET_RATIO,
        baseline=raw.median,
        baseline_label=label,
        spread=f"app {app.spread('s')}; raw {raw.spread('s')}",
        note=(
            f"{len(app.values)} saves each ({ROUNDS} passes over {question_count} questions: "
            "inserts, then updates; levels 4 and 5 with evidence); both respondents' answers "
            "read back and found equal"
        ),
        why="" if ratio <= TARGET_RATIO else _why(ratio),
    )


def _why(ratio: float) -> str:
    return (
        f"{ratio:.2f}×: the save is one statement that checks the respondent, their "
        "assessment's status and questionnaire as it writes (more pages read than the bare "
        "upsert), plus the evidence rule and the answer's conversion in Python"
    )


def run_sqlite() -> list[Result]:
    """Measure both kinds of save on a SQLite file, alternating, and compare their medians."""
    target = f"≤ {TARGET_RATIO:g}× raw sqlite3"
    try:
        from cxaudit.catalogue import default_questionnaire
        from cxaudit.services.workspace import Workspace
        from cxaudit.storage import open_database
    except ImportError as exc:
        return [not_run(NAME, "s", target, str(exc))]

    questionnaire = default_questionnaire()
    question_ids = [q.id for q in questionnaire.questions]
    with tempfile.TemporaryDirectory(prefix="cxaudit-bench-save-") as folder:
        path = Path(folder) / "save.db"
        db = open_database(f"sqlite:///{path}")
        raw = _raw_connection(path)
        try:
            app_id, raw_id = _two_respondents(db, questionnaire)

            def raw_save(
                respondent: int, question: str, value: str, note: str, evidence: str
            ) -> None:
                raw.execute("BEGIN IMMEDIATE")
                raw.execute(
                    RAW_UPSERT,
                    (respondent, question, value, note, evidence, datetime.now(UTC).isoformat()),
                )
                raw.execute("COMMIT")

            app, base = _alternate(Workspace(db), question_ids, app_id, raw_id, raw_save)
            query = READ_BACK.format(p="?")
            app_rows = raw.execute(query, (app_id,)).fetchall()
            raw_rows = raw.execute(query, (raw_id,)).fetchall()
        finally:
            raw.close()
            db.dispose()
    _check_same(app_rows, raw_rows)
    label = "raw sqlite3 upsert + commit"
    return [_result(NAME, app, base, label, len(question_ids), "sqlite3")]


def run_postgres() -> list[Result]:
    """The same comparison on PostgreSQL, against raw psycopg; not run without a server."""
    target = f"≤ {TARGET_RATIO:g}× raw psycopg"
    if pg_base_url() is None:
        return [not_run(PG_NAME, "s", target, "CXAUDIT_TEST_PG_URL is not set")]
    from cxaudit.catalogue import default_questionnaire
    from cxaudit.services.workspace import Workspace
    from cxaudit.storage import open_database

    questionnaire = default_questionnaire()
    question_ids = [q.id for q in questionnaire.questions]
    with pg_schema("cxaudit_bench_save") as schema:
        db = open_database(schema.url)
        raw: Any = raw_connect(schema)
        try:
            app_id, raw_id = _two_respondents(db, questionnaire)

            def raw_save(
                respondent: int, question: str, value: str, note: str, evidence: str
            ) -> None:
                raw.execute(
                    PG_UPSERT, (respondent, question, value, note, evidence, datetime.now(UTC))
                )
                raw.commit()

            app, base = _alternate(Workspace(db), question_ids, app_id, raw_id, raw_save)
            query = READ_BACK.format(p="%s")
            app_rows = raw.execute(query, (app_id,)).fetchall()
            raw_rows = raw.execute(query, (raw_id,)).fetchall()
            raw.rollback()
        finally:
            raw.close()
            db.dispose()
    _check_same(app_rows, raw_rows)
    return [
        _result(PG_NAME, app, base, "raw psycopg upsert + commit", len(question_ids), "psycopg")
    ]


def run() -> list[Result]:
    """Both databases: SQLite always, PostgreSQL when a server is named."""
    return [*run_sqlite(), *run_postgres()]
