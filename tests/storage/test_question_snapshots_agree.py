"""Each completed assessment's question snapshot holds what the domain computes, and a benchmark
reads the same figures with it as without it.

A benchmark reads each peer's level on each question from `question_scores` (written by
`snapshots` at completion, on every change to a completed assessment, and by the bulk load)
instead of from every answer. The numbers still come from one place, the domain: here each
snapshot is checked against `scoring.score_stored` of the same assessment loaded as domain
objects (the score, the level `peers.question_level` gives, how many levels were given), and
every figure a benchmark rests on (the peers' pools, the client's figures, the export's pools)
is read again with the question snapshots deleted, which makes storage score those
assessments from their answers, as it would for assessments completed before 0005 (the
upgrade to 0005 writes theirs with `write_missing_snapshots`). On the demo
data and on generated assessments (profiles whose questions do not apply, answers changed
after completion), on SQLite and (with `CXAUDIT_TEST_PG_URL`) on PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from cxaudit.domain.model import Role, make_answer
from cxaudit.domain.peers import question_level
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.scoring import score_stored
from cxaudit.services import Workspace
from cxaudit.services.demo import load_demo
from cxaudit.storage import (
    Database,
    add_respondent,
    complete_assessment,
    create_organisation,
    open_database,
    reopen_assessment,
    save_answer,
    start_assessment,
)
from cxaudit.storage.repository import peers
from cxaudit.storage.repository._load import load_assessments
from cxaudit.storage.repository.snapshots import refresh_snapshot, write_missing_snapshots
from cxaudit.storage.tables import assessments, question_scores
from tests.storage.test_progress_agrees import (
    PROFILES,
    ROUNDS,
    Person,
    _answer_round,
    _people,
    _unique,
    profiled,
)

__all__ = ["profiled"]

TODAY = date(2026, 11, 23)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

Snapshot = dict[str, tuple[float | None, int | None, int]]
"""question id -> (score, level, levels given)."""


# --------------------------------------------------------------------------------------------
# The snapshot against the domain
# --------------------------------------------------------------------------------------------


def _stored(db: Database) -> dict[int, Snapshot]:
    found: dict[int, Snapshot] = {}
    with db.session() as session:
        rows = session.execute(
            select(
                question_scores.c.assessment_id,
                question_scores.c.question_id,
                question_scores.c.score,
                question_scores.c.level,
                question_scores.c.given,
            )
        )
        for assessment_id, question_id, score, level, given_ in rows:
            found.setdefault(assessment_id, {})[question_id] = (score, level, given_)
    return found


def _computed(db: Database) -> dict[int, Snapshot]:
    """Every completed assessment's questions as the domain scores them."""
    found: dict[int, Snapshot] = {}
    with db.session() as session:
        done = load_assessments(session, assessments.c.status == "complete")
        for questionnaire, assessment in done:
            assert assessment.id is not None
            result = score_stored(questionnaire, assessment)
            found[assessment.id] = {
                q.question_id: (
                    q.score,
                    question_level(sum(q.levels), len(q.levels)) if q.levels else None,
                    len(q.levels),
                )
                for q in result.questions.values()
            }
    return found


def _check_snapshots(db: Database) -> int:
    """Every completed assessment's question snapshot is the domain's; how many were checked."""
    stored, computed = _stored(db), _computed(db)
    assert set(stored) == set(computed), "a question snapshot for each completed assessment only"
    for assessment_id, expected in computed.items():
        mine = stored[assessment_id]
        assert set(mine) == set(expected), assessment_id
        for question_id, (score, level, given_) in expected.items():
            assert mine[question_id][1:] == (level, given_), (assessment_id, question_id)
            assert mine[question_id][0] == pytest.approx(score), (assessment_id, question_id)
    return len(computed)


# --------------------------------------------------------------------------------------------
# What a benchmark reads, with and without question snapshots
# --------------------------------------------------------------------------------------------


def _benchmark_reads(db: Database) -> dict[str, Any]:
    """Every figure a benchmark or an export rests on, for every organisation."""
    read: dict[str, Any] = {}
    with db.session() as session:
        read["export"] = peers.portfolio_pools(session)
        completed = session.execute(
            select(assessments.c.organisation_id)
            .where(assessments.c.status == "complete")
            .distinct()
            .order_by(assessments.c.organisation_id)
        ).scalars()
        for organisation_id in completed:
            client = peers.client_assessment(session, organisation_id=organisation_id)
            read[f"client {organisation_id}"] = peers.client_figures(session, client=client)
            read[f"peers {organisation_id}"] = peers.peer_pool(
                session, organisation_id=organisation_id, questionnaire_id=client.questionnaire_id
            )
    return read


def _drop_question_snapshots(db: Database) -> None:
    with db.session() as session, session.begin():
        session.execute(delete(question_scores))


def _refresh_all(db: Database) -> None:
    """Write every completed assessment's snapshot again, as any change to one does."""
    with db.session() as session, session.begin():
        done = session.execute(
            select(assessments.c.id).where(assessments.c.status == "complete")
        ).scalars()
        for assessment_id in list(done):
            refresh_snapshot(session, assessment_id)


def _check_with_and_without(db: Database) -> dict[str, Any]:
    """The benchmark reads the same with question snapshots, without them (scored from the
    answers) and once they are written again; the reads."""
    with_snapshots = _benchmark_reads(db)
    _drop_question_snapshots(db)
    assert _stored(db) == {}
    assert _benchmark_reads(db) == with_snapshots
    _refresh_all(db)
    _check_snapshots(db)
    assert _benchmark_reads(db) == with_snapshots
    return with_snapshots


# --------------------------------------------------------------------------------------------
# The demo data
# --------------------------------------------------------------------------------------------


def test_demo_question_snapshots_are_the_domain_s(db: Database) -> None:
    load_demo(Workspace(db), today=TODAY)
    assert _check_snapshots(db) > 10
    reads = _check_with_and_without(db)
    levels = [pool.levels for key, pool in reads.items() if key.startswith("peers")]
    assert any(levels), "the demo's peers have levels to compare"


def test_a_change_to_a_completed_assessment_rewrites_its_question_snapshot(db: Database) -> None:
    load_demo(Workspace(db), today=TODAY)
    with db.session() as session:
        latest = session.execute(
            select(assessments.c.id, assessments.c.questionnaire_id)
            .where(assessments.c.status == "complete")
            .order_by(assessments.c.id.desc())
            .limit(1)
        ).one()
    before = _stored(db)[latest.id]
    question_id = next(q for q, (_, level, _given) in before.items() if level not in (None, 1))
    with db.session() as session:
        person = add_respondent(session, assessment_id=latest.id, name="Zed", role=Role.LEADER)
        assert person.id is not None
        save_answer(session, respondent_id=person.id, answer=make_answer(question_id, 1))
    after = _stored(db)[latest.id]
    assert after[question_id][2] == before[question_id][2] + 1
    assert after != before
    _check_snapshots(db)
    with db.session() as session:
        reopen_assessment(session, assessment_id=latest.id)
    assert latest.id not in _stored(db), "a draft keeps no question snapshot"
    _check_snapshots(db)
    with db.session() as session:
        complete_assessment(session, assessment_id=latest.id)
    assert _stored(db)[latest.id] == after
    _check_with_and_without(db)


# --------------------------------------------------------------------------------------------
# Generated assessments: profiles, answers to questions that do not apply, later changes
# --------------------------------------------------------------------------------------------


@ROUNDS
@given(
    first=_people(later=False),
    changes=_people(later=True),
    organisation_profile=PROFILES,
    peers_count=st.integers(0, 2),
)
def test_generated_question_snapshots_are_the_domain_s(
    db: Database,
    profiled: Questionnaire,
    first: list[Person],
    changes: list[Person],
    organisation_profile: dict[str, bool],
    peers_count: int,
) -> None:
    with db.session() as session:
        for index in range(peers_count + 1):
            org = create_organisation(
                session,
                name=_unique("Snapshot"),
                profile={k: v for k, v in organisation_profile.items() if k != "not_a_flag"},
            )
            assert org.id is not None
            made = start_assessment(
                session, organisation_id=org.id, period="2026-Q1", questionnaire=profiled
            )
            assert made.id is not None
            # Answers to every question, those that do not apply included.
            _answer_round(session, profiled, made.id, first)
            if not any(person.steps for person in first):
                continue
            complete_assessment(session, assessment_id=made.id)
            if index == 0:
                # Changed after completion: new respondents, answers changed or cleared.
                later = [replace(p, name=f"Later {p.name.strip()}") for p in changes]
                _answer_round(session, profiled, made.id, later)
    _check_snapshots(db)
    _check_with_and_without(db)


# --------------------------------------------------------------------------------------------
# The last release's demo, migrated
# --------------------------------------------------------------------------------------------


def _old_levels(path: Path, chosen: list[int]) -> Counter[tuple[str, int]]:
    """Peers per (question, level), as the last release counted them: from every answer."""
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT x.question_id, sum(CAST(x.value AS INTEGER)) / count(*) "
            "FROM respondents AS r JOIN answers AS x ON x.respondent_id = r.id "
            f"WHERE r.assessment_id IN ({', '.join('?' for _ in chosen)}) "
            "AND x.value IN ('1', '2', '3', '4', '5') "
            "GROUP BY r.assessment_id, x.question_id",
            chosen,
        ).fetchall()
    connection.close()
    return Counter((question_id, int(level)) for question_id, level in rows)


def test_the_migrated_demo_benchmarks_as_it_did(tmp_path: Path) -> None:
    path = tmp_path / "cxaudit.db"
    with sqlite3.connect(path) as connection:
        connection.executescript((FIXTURES / "schema_0003_demo.sql").read_text(encoding="utf-8"))
    connection.close()
    db = open_database(f"sqlite:///{path}")
    try:
        with db.session() as session:
            chosen = peers.chosen_ids(session, organisation_id=0, questionnaire_id="cx-maturity")
            (pool,) = peers.portfolio_pools(session)
            complete = session.execute(
                select(func.count()).where(assessments.c.status == "complete")
            ).scalar_one()
        assert pool.peers == len(chosen) == 3 and complete > len(chosen)
        then = _old_levels(path, chosen)
        now = Counter(
            {
                (question_id, level): n
                for question_id, counts in pool.levels.items()
                for level, n in enumerate(counts, start=1)
                if n
            }
        )
        assert now == then and sum(then.values()) > 50
        # The upgrade itself wrote every completed assessment's snapshot, once.
        assert _check_snapshots(db) == complete
        with db.session() as session, session.begin():
            assert write_missing_snapshots(session) == 0, "each one written once"
        with_snapshots = _benchmark_reads(db)
        with db.session() as session, session.begin():
            session.execute(delete(question_scores))
        assert _benchmark_reads(db) == with_snapshots, "the fallback reads the same"
        with db.session() as session, session.begin():
            assert write_missing_snapshots(session) == complete
        assert _check_snapshots(db) == complete
    finally:
        db.dispose()
