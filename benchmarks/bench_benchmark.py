"""Benchmark: one organisation among its 499 peers, next to the same aggregates by raw SQL.

`cxaudit.services.benchmark.benchmark` (what `cxaudit benchmark` and the Benchmark tab call) is
timed on the portfolio database from `scale_data`: it resolves the organisation, reads its
latest completed assessment's snapshot (overall, area and question scores), reads every peer's
snapshot scores and the peers per level of each question counted in SQL from the question
snapshots, and has the domain work out the percentiles, quartiles and bottom-quartile
questions. The baseline fetches the same aggregates from the same snapshot tables with
hand-written SQL over a plain sqlite3 connection to the same file (the client's snapshot and
levels, the peers' snapshots, the peers per level of each question), without any of the
domain's work. The raw figures are checked against cxaudit's before anything is timed.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.harness import Result, measure_pair, not_run
from benchmarks.scale_data import Generated

NAME = "benchmark: one organisation among its peers"
TARGET_RATIO = 1.5
LIMIT = 0.2
REPEATS = 30
TARGET = f"≤ {TARGET_RATIO:g}× raw SQL and < {LIMIT * 1000:g} ms"

RAW_CLIENT = """
SELECT a.id, a.questionnaire_id FROM assessments AS a
WHERE a.organisation_id = :org AND a.status = 'complete'
ORDER BY a.period_start DESC, a.id DESC LIMIT 1
"""

RAW_SNAPSHOT = """
SELECT s.overall, z.area_id, z.score FROM assessment_scores AS s
LEFT JOIN area_scores AS z ON z.assessment_id = s.assessment_id
WHERE s.assessment_id = :assessment
"""

RAW_CLIENT_LEVELS = """
SELECT q.question_id, q.level FROM question_scores AS q
WHERE q.assessment_id = :assessment AND q.level IS NOT NULL
"""

CHOSEN = """
WITH ranked AS (
    SELECT a.id, a.period, row_number() OVER (
        PARTITION BY a.organisation_id ORDER BY a.period_start DESC, a.id DESC
    ) AS rank
    FROM assessments AS a JOIN organisations AS o ON o.id = a.organisation_id
    WHERE a.status = 'complete' AND o.archived_at IS NULL AND o.id != :org
      AND a.questionnaire_id = :questionnaire
),
chosen AS (SELECT id, period FROM ranked WHERE rank = 1)
"""

RAW_PEER_SCORES = (
    CHOSEN
    + """
SELECT c.id, c.period, s.overall, z.area_id, z.score FROM chosen AS c
LEFT JOIN assessment_scores AS s ON s.assessment_id = c.id
LEFT JOIN area_scores AS z ON z.assessment_id = c.id
"""
)

RAW_PEER_LEVELS = (
    CHOSEN
    + """
SELECT q.question_id, q.level, count(*) FROM chosen AS c
JOIN question_scores AS q ON q.assessment_id = c.id
WHERE q.level IS NOT NULL
GROUP BY q.question_id, q.level
"""
)


def raw_benchmark(con: sqlite3.Connection, organisation_id: int) -> dict[str, Any]:
    """The aggregates a benchmark rests on, fetched by hand-written SQL."""
    assessment_id, questionnaire_id = con.execute(RAW_CLIENT, {"org": organisation_id}).fetchone()
    client = {"assessment": assessment_id}
    peers = {"org": organisation_id, "questionnaire": questionnaire_id}
    return {
        "client": con.execute(RAW_SNAPSHOT, client).fetchall(),
        "client_levels": con.execute(RAW_CLIENT_LEVELS, client).fetchall(),
        "peers": con.execute(RAW_PEER_SCORES, peers).fetchall(),
        "levels": con.execute(RAW_PEER_LEVELS, peers).fetchall(),
    }


def _check(view: Any, pool: Any, client: Any, raw: dict[str, Any]) -> int:
    """Assert that cxaudit's benchmark rests on exactly the raw aggregates; the peer count."""
    from cxaudit.domain.benchmark import spread_of

    result = view.result
    peer_ids = {row[0] for row in raw["peers"]}
    assert result.peers == pool.peers == len(peer_ids), "the same peers"
    overall = {row[0]: row[2] for row in raw["peers"]}
    assert sorted(overall.values()) == list(pool.overall), "the same overall scores"
    assert result.overall.peers == spread_of(overall.values()), "the same quartiles"
    by_area: dict[str, list[float]] = defaultdict(list)
    for row in raw["peers"]:
        by_area[row[3]].append(row[4])
    for standing in result.areas:
        assert standing.peers == spread_of(by_area[standing.area_id]), "the same area quartiles"
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * 5)
    for question_id, level, n in raw["levels"]:
        counts[question_id][level - 1] += n
    assert {q: tuple(c) for q, c in counts.items()} == dict(pool.levels), "the same levels"
    assert result.overall.score == raw["client"][0][0], "the same client score"
    assert dict(client.levels) == dict(raw["client_levels"]), "the same client levels"
    return len(peer_ids)


def run(generated: Generated) -> list[Result]:
    """Time the benchmark against raw SQL, after checking both see the same aggregates."""
    try:
        from cxaudit.services.benchmark import benchmark
        from cxaudit.services.workspace import Workspace
        from cxaudit.storage import open_database
        from cxaudit.storage.repository import peers
    except ImportError as exc:
        return [not_run(NAME, "s", TARGET, str(exc))]
    path: Path = generated.path
    db = open_database(f"sqlite:///{path}")
    ws = Workspace(db)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        count = con.execute("SELECT count(*) FROM organisations").fetchone()[0]
        org_id = int(
            con.execute("SELECT id FROM organisations ORDER BY id").fetchall()[count // 2][0]
        )

        def app() -> Any:
            return benchmark(ws, organisation=org_id)

        view = app()
        with db.session() as session:
            pool = peers.peer_pool(
                session, organisation_id=org_id, questionnaire_id=view.questionnaire.id
            )
            client = peers.client_figures(
                session, client=peers.client_assessment(session, organisation_id=org_id)
            )
        peer_count = _check(view, pool, client, raw_benchmark(con, org_id))
        counted = CHOSEN + (
            "SELECT count(*) FROM chosen AS c JOIN question_scores AS q ON q.assessment_id = c.id"
        )
        read = con.execute(counted, {"org": org_id, "questionnaire": view.questionnaire.id})
        snapshot_rows = int(read.fetchone()[0])
        app_samples, raw_samples = measure_pair(app, lambda: raw_benchmark(con, org_id), REPEATS, 3)
    finally:
        con.close()
        db.dispose()
    ratio = app_samples.median / raw_samples.median
    why = f"{ratio:.2f}×" if ratio > TARGET_RATIO else ""
    if app_samples.median >= LIMIT and raw_samples.median >= LIMIT * 0.75:
        why = (
            f"{why + ': ' if why else ''}the hand-written SQL alone takes "
            f"{raw_samples.median * 1000:.0f} ms reading the peers' question snapshots "
            f"({snapshot_rows:,} rows)"
        )
    return [
        Result(
            NAME,
            app_samples.median,
            "s",
            TARGET,
            ratio <= TARGET_RATIO and app_samples.median < LIMIT,
            baseline=raw_samples.median,
            baseline_label="the same aggregates by hand-written SQL",
            spread=f"cxaudit {app_samples.spread('s')}; raw {raw_samples.spread('s')}",
            why=why,
            note=(
                f"{view.organisation.name} among {peer_count} peers: percentiles, quartiles "
                f"and {len(view.result.behind)} bottom-quartile questions, as `cxaudit "
                "benchmark` and the Benchmark tab read them"
            ),
        )
    ]
