"""Scale: a 2-million-answer portfolio, listed and browsed, next to hand-written SQL.

Two reads a consultant makes all day are timed on the portfolio database from `scale_data`:
(1) `list_organisations`, the Home screen's list with each organisation's latest score, stage,
trend and counts; (2) `organisation_history`, one organisation's eight quarters with every
respondent, answer and action. Each is compared with the same rows fetched by raw SQL over a
plain sqlite3 connection to the same file, so the ratio is what cxaudit's repository, SQLAlchemy
and the conversion to domain objects add. The raw results are checked against cxaudit's, so
both sides really do the same work.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.harness import Result, measure, not_run
from benchmarks.scale_data import Generated

LIST_NAME = "scale: list organisations"
HISTORY_NAME = "scale: one organisation's history"
GENERATE_NAME = "scale: generate the portfolio"
TARGET_RATIO = 1.5
LIST_LIMIT = 1.0
HISTORY_LIMIT = 0.1
REPEATS = 15
TODAY = date(2025, 8, 1)

RAW_LIST = """
WITH ranked AS (
    SELECT a.organisation_id, a.period, s.overall, s.stage,
           row_number() OVER (
               PARTITION BY a.organisation_id ORDER BY a.period_start DESC, a.id DESC
           ) AS rank
    FROM assessments AS a
    LEFT JOIN assessment_scores AS s ON s.assessment_id = a.id
    WHERE a.status = 'complete'
),
latest_two AS (
    SELECT organisation_id,
           max(CASE WHEN rank = 1 THEN period END) AS latest_period,
           max(CASE WHEN rank = 1 THEN overall END) AS latest_overall,
           max(CASE WHEN rank = 1 THEN stage END) AS latest_stage,
           max(CASE WHEN rank = 2 THEN period END) AS previous_period,
           max(CASE WHEN rank = 2 THEN overall END) AS previous_overall
    FROM ranked WHERE rank <= 2 GROUP BY organisation_id
),
counts AS (
    SELECT organisation_id, count(*) AS total,
           sum(CASE WHEN status = 'draft' THEN 1 ELSE 0 END) AS drafts
    FROM assessments GROUP BY organisation_id
)
SELECT o.id, o.name, o.slug, o.sector, o.default_targets, o.next_due,
       l.latest_period, l.latest_overall, l.latest_stage, l.previous_period, l.previous_overall,
       coalesce(c.total, 0), coalesce(c.drafts, 0)
FROM organisations AS o
LEFT JOIN latest_two AS l ON l.organisation_id = o.id
LEFT JOIN counts AS c ON c.organisation_id = o.id
ORDER BY lower(o.name), o.id
"""

RAW_HISTORY = (
    """
    SELECT a.*, o.id, o.name, o.slug, o.sector, o.default_targets, o.next_due
    FROM assessments AS a JOIN organisations AS o ON o.id = a.organisation_id
    WHERE a.organisation_id = :org AND a.status = 'complete'
    ORDER BY a.period_start, a.id
    """,
    """
    SELECT r.id, r.assessment_id, r.name, r.role
    FROM respondents AS r JOIN assessments AS a ON a.id = r.assessment_id
    WHERE a.organisation_id = :org AND a.status = 'complete'
    ORDER BY r.id
    """,
    """
    SELECT x.respondent_id, x.question_id, x.value, x.na_reason, x.note, x.evidence,
           x.needs_reconfirm, x.updated_at
    FROM answers AS x
    JOIN respondents AS r ON r.id = x.respondent_id
    JOIN assessments AS a ON a.id = r.assessment_id
    WHERE a.organisation_id = :org AND a.status = 'complete'
    """,
    """
    SELECT i.* FROM action_items AS i JOIN assessments AS a ON a.id = i.assessment_id
    WHERE a.organisation_id = :org AND a.status = 'complete'
    ORDER BY i.position, i.id
    """,
    """
    SELECT q.id, q.content_hash FROM questionnaires AS q
    WHERE q.id IN (SELECT questionnaire_row_id FROM assessments WHERE organisation_id = :org)
    """,
)


def _raw_connection(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.execute("PRAGMA busy_timeout = 10000")
    return con


def raw_list(con: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """The portfolio list as one hand-written query."""
    return con.execute(RAW_LIST).fetchall()


def raw_history(con: sqlite3.Connection, organisation_id: int) -> list[list[tuple[Any, ...]]]:
    """One organisation's completed assessments, respondents, answers and actions."""
    return [con.execute(sql, {"org": organisation_id}).fetchall() for sql in RAW_HISTORY]


def run(generated: Generated) -> list[Result]:
    """Time both reads against their raw SQL, after checking they return the same data."""
    try:
        from cxaudit.storage import open_database, repository
    except ImportError as exc:
        reason = str(exc)
        return [
            not_run(LIST_NAME, "s", f"≤ {TARGET_RATIO:g}× raw SQL and < {LIST_LIMIT:g} s", reason),
            not_run(HISTORY_NAME, "s", f"≤ {TARGET_RATIO:g}× raw SQL and < 100 ms", reason),
        ]
    path = generated.path
    results: list[Result] = []
    size_mb = path.stat().st_size / 1024 / 1024
    db = open_database(f"sqlite:///{path}")
    con = _raw_connection(path)
    try:
        answers_total = con.execute("SELECT count(*) FROM answers").fetchone()[0]
        assessments_total = con.execute("SELECT count(*) FROM assessments").fetchone()[0]

        def app_list() -> list[Any]:
            with db.session() as session:
                return list(repository.list_organisations(session, today=TODAY))

        summaries = app_list()
        raw_rows = raw_list(con)
        assert len(summaries) == len(raw_rows), "cxaudit and the raw SQL list the same rows"
        for summary, row in zip(summaries, raw_rows, strict=True):
            assert summary.organisation.id == row[0] and summary.latest_period == row[6]
            assert summary.latest_overall == row[7], "the same latest score"
        app_samples = measure(app_list, REPEATS, warmup=2)
        raw_samples = measure(lambda: raw_list(con), REPEATS, warmup=2)
        ratio = app_samples.median / raw_samples.median
        results.append(
            Result(
                LIST_NAME,
                app_samples.median,
                "s",
                f"≤ {TARGET_RATIO:g}× raw SQL and < {LIST_LIMIT:g} s",
                ratio <= TARGET_RATIO and app_samples.median < LIST_LIMIT,
                baseline=raw_samples.median,
                baseline_label="one hand-written query",
                spread=f"cxaudit {app_samples.spread('s')}; raw {raw_samples.spread('s')}",
                note=f"{len(summaries)} organisations with latest score, stage, trend and counts",
            )
        )

        middle = summaries[len(summaries) // 2].organisation
        assert middle.id is not None
        org_id = middle.id

        def app_history() -> list[Any]:
            with db.session() as session:
                return repository.organisation_history(session, organisation_id=org_id)

        history = app_history()
        raw = raw_history(con, org_id)
        answers_app = sum(len(r.answers) for _, a in history for r in a.respondents)
        assert len(history) == len(raw[0]) and answers_app == len(raw[2]), "the same rows"
        app_h = measure(app_history, REPEATS, warmup=2)
        raw_h = measure(lambda: raw_history(con, org_id), REPEATS, warmup=2)
        ratio_h = app_h.median / raw_h.median
        results.append(
            Result(
                HISTORY_NAME,
                app_h.median,
                "s",
                f"≤ {TARGET_RATIO:g}× raw SQL and < {HISTORY_LIMIT * 1000:g} ms",
                ratio_h <= TARGET_RATIO and app_h.median < HISTORY_LIMIT,
                baseline=raw_h.median,
                baseline_label="the same five selects, fetched",
                spread=f"cxaudit {app_h.spread('s')}; raw {raw_h.spread('s')}",
                note=(
                    f"{middle.name}: {len(history)} assessments, {answers_app} answers, "
                    f"{len(raw[3])} actions, as domain objects"
                ),
            )
        )
    finally:
        con.close()
        db.dispose()
    how = (
        f"reused from benchmarks/.work/ (same schema, generator and questionnaire), generated "
        f"on {generated.made_on}"
        if generated.cached
        else "generated in this run"
    )
    results.insert(
        0,
        Result(
            GENERATE_NAME,
            generated.seconds,
            "s",
            "reported",
            None,
            baseline_label="none",
            verdict_text="cached" if generated.cached else "measured",
            note=(
                f"{assessments_total} assessments, {answers_total:,} answers, {size_mb:.0f} MB "
                f"on disk; {how}"
            ),
        ),
    )
    return results
