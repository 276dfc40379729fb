"""Scale: a 2-million-answer portfolio, listed and browsed, next to hand-written SQL.

Two reads a consultant makes all day are timed on the portfolio database from `scale_data`:
(1) `list_organisations`, the Home screen's list with each organisation's latest score, stage,
trend and counts; (2) `organisation_timeline`, one organisation's history as the History screen
and `cxaudit history` show it: each quarter's overall and area scores, stage, coverage,
respondent count and action plan by status. Each is compared with the same aggregates fetched
by raw SQL over a plain sqlite3 connection to the same file, so the ratio is what cxaudit's
repository, SQLAlchemy and the conversion to domain objects add. The raw results are checked
against cxaudit's, so both sides really do the same work.

A third: `organisation_history`, the organisation's full record (every respondent, answer and
action as domain objects), which the PDF report, the comparison and the exports load, next to
the same rows fetched raw (target ≤ 2×). And the time the portfolio took to generate through
`bulk_load_assessments` (target ≤ 30 s), taken when the cached file was made by the same code.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from benchmarks.harness import Result, measure_pair, not_run
from benchmarks.scale_data import Generated

LIST_NAME = "scale: list organisations"
HISTORY_NAME = "scale: one organisation's history"
RECORD_NAME = "scale: one organisation's full record"
GENERATE_NAME = "scale: generate the portfolio"
TARGET_RATIO = 1.5
RECORD_RATIO = 2.0
GENERATE_LIMIT = 30.0
LIST_LIMIT = 1.0
HISTORY_LIMIT = 0.1
REPEATS = 15
HISTORY_REPEATS = 300
"""The history read takes well under a millisecond, so it is sampled many more times."""
RECORD_REPEATS = 31
"""The full record takes a few milliseconds a side; more pairs steady its median."""
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
       coalesce(c.total, 0), coalesce(c.drafts, 0), o.archived_at, o.profile
FROM organisations AS o
LEFT JOIN latest_two AS l ON l.organisation_id = o.id
LEFT JOIN counts AS c ON c.organisation_id = o.id
ORDER BY lower(o.name), o.id
"""

RAW_TIMELINE = """
WITH plans AS (
    SELECT i.assessment_id,
           sum(CASE WHEN i.status = 'open' THEN 1 ELSE 0 END) AS open,
           sum(CASE WHEN i.status = 'in_progress' THEN 1 ELSE 0 END) AS in_progress,
           sum(CASE WHEN i.status = 'done' THEN 1 ELSE 0 END) AS done,
           sum(CASE WHEN i.status = 'dropped' THEN 1 ELSE 0 END) AS dropped
    FROM action_items AS i JOIN assessments AS a ON a.id = i.assessment_id
    WHERE a.organisation_id = :org
    GROUP BY i.assessment_id
)
SELECT o.id, o.name, o.slug, o.sector, o.default_targets, o.next_due,
       a.id, a.period, a.status, a.questionnaire_row_id, q.content_hash,
       s.overall, s.percent, s.stage, s.respondent_count,
       z.area_id, z.score, z.percent, z.covered, z.applicable, z.target,
       coalesce(p.open, 0), coalesce(p.in_progress, 0), coalesce(p.done, 0),
       coalesce(p.dropped, 0)
FROM organisations AS o
LEFT JOIN assessments AS a ON a.organisation_id = o.id AND a.status = 'complete'
LEFT JOIN questionnaires AS q ON q.id = a.questionnaire_row_id
LEFT JOIN assessment_scores AS s ON s.assessment_id = a.id
LEFT JOIN area_scores AS z ON z.assessment_id = a.id
LEFT JOIN plans AS p ON p.assessment_id = a.id
WHERE o.id = :org
ORDER BY a.period_start, a.id
"""

RAW_HISTORY = (
    """
    SELECT a.*, o.id, o.name, o.slug, o.sector, o.default_targets, o.next_due, o.profile
    FROM assessments AS a JOIN organisations AS o ON o.id = a.organisation_id
    WHERE a.organisation_id = :org AND a.status = 'complete'
    ORDER BY a.period_start, a.id
    """,
    """
    SELECT r.id, r.assessment_id, r.name, r.role, r.anonymous, r.finished_at
    FROM respondents AS r JOIN assessments AS a ON a.id = r.assessment_id
    WHERE a.organisation_id = :org AND a.status = 'complete'
    ORDER BY r.id
    """,
    """
    SELECT x.respondent_id, x.question_id, x.value, x.na_reason, x.note, x.evidence,
           x.needs_reconfirm, x.updated_at, x.confidence, x.unverified
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


def raw_timeline(con: sqlite3.Connection, organisation_id: int) -> list[tuple[Any, ...]]:
    """One organisation's quarters: scores, stage, coverage, respondents and plan by status."""
    return con.execute(RAW_TIMELINE, {"org": organisation_id}).fetchall()


def raw_history(con: sqlite3.Connection, organisation_id: int) -> list[list[tuple[Any, ...]]]:
    """One organisation's completed assessments, respondents, answers and actions."""
    return [con.execute(sql, {"org": organisation_id}).fetchall() for sql in RAW_HISTORY]


def check_same_record(history: list[Any], raw: list[list[tuple[Any, ...]]]) -> int:
    """Check the app's record holds exactly the raw rows (assessments in order; every
    respondent, answer and action); the number of answers."""
    heads, people, given, plan, _ = raw
    assessments = [a for _, a in history]
    assert [a.id for a in assessments] == [row[0] for row in heads], "the same assessments"
    assert sorted(
        (r.id, a.id, r.name, r.role.value, r.anonymous) for a in assessments for r in a.respondents
    ) == sorted((row[0], row[1], row[2], row[3], bool(row[4])) for row in people)

    def moment(text: str) -> datetime:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)

    kept = sorted(
        (r.id, x.question_id, str(x.value), x.na_reason, x.note, x.evidence)
        + (x.needs_reconfirm, x.updated_at, x.confidence.value, x.unverified)
        for a in assessments
        for r in a.respondents
        for x in r.answers.values()
    )
    assert kept == sorted(
        (*row[:6], bool(row[6]), moment(row[7]), row[8], bool(row[9])) for row in given
    ), "the same answers"
    assert sorted((i.id, a.id, i.text, i.status.value) for a in assessments for i in a.actions) == (
        sorted((row[0], row[1], row[6], row[12]) for row in plan)
    ), "the same actions"
    return len(kept)


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
                return list(repository.list_organisations(session, today=TODAY, standalone=True))

        summaries = app_list()
        raw_rows = raw_list(con)
        assert len(summaries) == len(raw_rows), "cxaudit and the raw SQL list the same rows"
        for summary, row in zip(summaries, raw_rows, strict=True):
            assert summary.organisation.id == row[0] and summary.latest_period == row[6]
            assert summary.latest_overall == row[7], "the same latest score"
            assert summary.organisation.profile == json.loads(row[14]), "the same profile"
        app_samples, raw_samples = measure_pair(app_list, lambda: raw_list(con), REPEATS, 2)
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

        def app_timeline() -> Any:
            with db.session() as session:
                return repository.organisation_timeline(
                    session, organisation_id=org_id, standalone=True
                )

        timeline = app_timeline()
        raw_rows_t = raw_timeline(con, org_id)
        raw_periods = list(dict.fromkeys(row[7] for row in raw_rows_t))
        assert [r.period for r in timeline.records] == raw_periods, "the same quarters"
        raw_overall = {row[7]: row[11] for row in raw_rows_t}
        raw_done = {row[7]: row[21:25] for row in raw_rows_t}
        for record in timeline.records:
            assert record.scores.overall == raw_overall[record.period], "the same scores"
            assert tuple(record.actions) == raw_done[record.period], "the same plan tally"
            assert len(record.scores.areas) == 4, "every area's snapshot"
        app_t, raw_t = measure_pair(
            app_timeline, lambda: raw_timeline(con, org_id), HISTORY_REPEATS, 20
        )
        ratio_t = app_t.median / raw_t.median
        results.append(
            Result(
                HISTORY_NAME,
                app_t.median,
                "s",
                f"≤ {TARGET_RATIO:g}× raw SQL and < {HISTORY_LIMIT * 1000:g} ms",
                ratio_t <= TARGET_RATIO and app_t.median < HISTORY_LIMIT,
                baseline=raw_t.median,
                baseline_label="one hand-written query",
                spread=f"cxaudit {app_t.spread('s')}; raw {raw_t.spread('s')}",
                note=(
                    f"{middle.name}: {len(timeline.records)} quarters with overall and area "
                    "scores, stage, coverage, respondents and plan by status, as the History "
                    "screen and `cxaudit history` read them"
                ),
            )
        )

        def app_history() -> list[Any]:
            with db.session() as session:
                return repository.organisation_history(session, organisation_id=org_id)

        history = app_history()
        raw = raw_history(con, org_id)
        answers_app = check_same_record(history, raw)
        app_h, raw_h = measure_pair(
            app_history, lambda: raw_history(con, org_id), RECORD_REPEATS, 2
        )
        ratio_h = app_h.median / raw_h.median
        results.append(
            Result(
                RECORD_NAME,
                app_h.median,
                "s",
                f"≤ {RECORD_RATIO:g}× raw",
                ratio_h <= RECORD_RATIO,
                baseline=raw_h.median,
                baseline_label="the same rows by five hand-written selects, fetched",
                why=(
                    ""
                    if ratio_h <= RECORD_RATIO
                    else (
                        f"{ratio_h:.2f}×: its rows are fetched about as fast as raw; building "
                        "every answer, respondent and action as a domain object (without "
                        "validating again) and collecting them adds the rest"
                    )
                ),
                spread=f"cxaudit {app_h.spread('s')}; raw {raw_h.spread('s')}",
                note=(
                    f"{len(history)} assessments, {answers_app} answers, {len(raw[3])} actions "
                    "as domain objects, as the PDF report, comparisons and exports load them"
                ),
            )
        )
    finally:
        con.close()
        db.dispose()
    how = (
        f"reused from benchmarks/.work/: generated on {generated.made_on} by the same code "
        "(schema, generator, questionnaire and the storage and domain sources it runs)"
        if generated.cached
        else "generated in this run"
    )
    seconds = generated.seconds
    fast = seconds is not None and seconds <= GENERATE_LIMIT
    results.insert(
        0,
        Result(
            GENERATE_NAME,
            seconds,
            "s",
            f"≤ {GENERATE_LIMIT:g} s",
            None if seconds is None else fast,
            baseline_label="none",
            why="" if fast or seconds is None else _generation_why(generated),
            note=(
                f"{assessments_total} assessments, {answers_total:,} answers, {size_mb:.0f} MB "
                f"on disk; {_loading_share(generated)}{how}"
            ),
        ),
    )
    return results


def _loading_share(generated: Generated) -> str:
    if generated.loading is None or not generated.seconds:
        return ""
    return (
        f"{generated.loading:.1f} s of it inside `bulk_load_assessments` (scoring each "
        "assessment's snapshot and writing it), the rest making the data (random answers, "
        "each quarter's plan built from the domain's scores); "
    )


def _generation_why(generated: Generated) -> str:
    if generated.loading is None or not generated.seconds:
        return "the time is split between making the data and loading it"
    share = generated.loading / generated.seconds
    return (
        f"{share:.0%} of it inside `bulk_load_assessments`, the rest making the data, which "
        "scores every quarter and builds its plan through the domain"
    )
