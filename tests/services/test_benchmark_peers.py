"""Storage reads the peers the domain would choose, and counts their figures as the domain would.

`build_portfolio` is shared with the use-case, CLI, report and privacy tests: a client, nine
peers in three sectors, and three organisations that must never count (archived, only a draft,
another questionnaire), each peer with a distinctive name, a note and its own scores.

`cxaudit.storage.repository.peers` picks the peers with one window over the assessments and
counts each question's levels in SQL; here the same portfolio is loaded whole, as domain
objects, and the domain's own rules (`choose_peers`, `score_stored`, `client_figures`) decide
the same things. Runs on SQLite and, when a server is named, on PostgreSQL.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update

from cxaudit.domain.benchmark import client_figures
from cxaudit.domain.model import (
    Answer,
    Assessment,
    AssessmentStatus,
    Organisation,
    Respondent,
    Role,
)
from cxaudit.domain.peers import choose_peers
from cxaudit.domain.questionnaire import Questionnaire, load_questionnaire, questionnaire_from_data
from cxaudit.domain.scoring import score_stored
from cxaudit.services.workspace import Workspace, open_workspace
from cxaudit.storage import Database, open_database, repository
from cxaudit.storage.repository import peers
from tests.storage.conftest import db_url

__all__ = ["db_url"]

CLIENT = "Acme Client Stores"
TODAY = date(2026, 8, 1)


@dataclass(frozen=True)
class Peer:
    """An organisation of the test portfolio."""

    name: str
    slug: str
    sector: str
    periods: tuple[str, ...]
    bias: float
    """Added to every level its respondents give (before clamping to 1–5)."""
    kind: str = "peer"
    """`peer`, or why it must not count: `archived`, `draft`, `other` (questionnaire)."""

    @property
    def note(self) -> str:
        """A note only this organisation's respondents wrote."""
        return f"Private remark from {self.slug}"


PEERS = (
    Peer("Quillfeather Holdings", "quillfeather-holdings", "Retail", ("2026-Q1",), -1.0),
    Peer("Brackenridge Mutual", "brackenridge-mutual", "Banking", ("2025-Q4", "2026-Q2"), 0.5),
    Peer("Orrinsby Outfitters", "orrinsby-outfitters", "retail", ("2026-Q2",), 0.0),
    Peer("Tallowmere Savings", "tallowmere-savings", "Banking", ("2025-Q3",), 1.0),
    Peer("Vexmoor Voyages", "vexmoor-voyages", "Travel", ("2026-Q1",), -0.5),
    Peer("Halloway Grocers", "halloway-grocers", "RETAIL", ("2025-Q2", "2025-Q4"), 1.5),
    Peer("Pemberwick Credit", "pemberwick-credit", "Banking", ("2026-Q2",), -1.5),
    Peer("Siskin Street Market", "siskin-street-market", "Retail", ("2026-Q1",), 0.3),
    Peer("Lindqvist Larder", "lindqvist-larder", "rEtail", ("2026-Q2",), -0.2),
    Peer("Gorsedene Archive Co", "gorsedene-archive-co", "Retail", ("2026-Q1",), 2.0, "archived"),
    Peer("Drafton Pending", "drafton-pending", "Retail", ("2026-Q2",), 2.0, "draft"),
    Peer("Otherwise Questioned", "otherwise-questioned", "Retail", ("2026-Q2",), 2.0, "other"),
)
COUNTED = tuple(p for p in PEERS if p.kind == "peer")


def _respondents(q: Questionnaire, rng: random.Random, bias: float, note: str) -> list[Respondent]:
    people = []
    for seat, role in enumerate((Role.LEADER, Role.MANAGER, Role.FRONTLINE)):
        answers: dict[str, Answer] = {}
        for question in q.questions:
            roll = rng.random()
            if roll < 0.1:
                answers[question.id] = Answer(question_id=question.id, value="unknown")
                continue
            level = min(5, max(1, round(rng.uniform(1.5, 4.5) + bias)))
            answers[question.id] = Answer(
                question_id=question.id, value=level, note=note if seat == 0 else ""
            )
        name = f"Person {seat + 1} of {note[-12:]}"
        people.append(Respondent(name=name, role=role, answers=answers))
    return people


def _assessment(
    q: Questionnaire, org: Organisation, period: str, people: list[Respondent], *, done: bool
) -> Assessment:
    return Assessment(
        organisation=org,
        period=period,
        questionnaire_id=q.id,
        questionnaire_version=q.version,
        questionnaire_hash=q.content_hash,
        status=AssessmentStatus.COMPLETE if done else AssessmentStatus.DRAFT,
        respondents=people,
    )


def other_questionnaire(q: Questionnaire) -> Questionnaire:
    """The same questions under another questionnaire id: never comparable."""
    return questionnaire_from_data({**q.to_toml_dict(), "id": "other"})


def build_portfolio(url: str, q: Questionnaire, peers: tuple[Peer, ...] = PEERS) -> None:
    """The client (two completed quarters, Retail) and `peers`, written to the database at `url`."""
    from cxaudit.storage import open_database, repository
    from cxaudit.storage.tables import organisations

    rng = random.Random(16)
    db = open_database(url)
    try:
        client = Organisation(name=CLIENT, slug="acme-client-stores", sector="Retail")
        loads: dict[str, list[Assessment]] = {"mini": [], "other": []}
        for period in ("2026-Q1", "2026-Q2"):
            people = _respondents(q, rng, -1.2, "client's own note")
            loads["mini"].append(_assessment(q, client, period, people, done=True))
        for peer in peers:
            org = Organisation(name=peer.name, slug=peer.slug, sector=peer.sector)
            used = other_questionnaire(q) if peer.kind == "other" else q
            for period in peer.periods:
                people = _respondents(used, rng, peer.bias, peer.note)
                loads[used.id].append(
                    _assessment(used, org, period, people, done=peer.kind != "draft")
                )
        with db.session() as session:
            for questionnaire in (q, other_questionnaire(q)):
                if loads[questionnaire.id]:
                    repository.bulk_load_assessments(
                        session,
                        questionnaire=questionnaire,
                        assessments_to_load=loads[questionnaire.id],
                    )
        archived = [p.name for p in peers if p.kind == "archived"]
        with db.session() as session, session.begin():
            session.execute(
                update(organisations)
                .where(organisations.c.name.in_(archived))
                .values(archived_at=TODAY)
            )
    finally:
        db.dispose()


@pytest.fixture
def portfolio(tmp_path: Path, mini_questionnaire_path: Path) -> str:
    """The test portfolio in a SQLite file (for the use-case, CLI and privacy tests)."""
    url = f"sqlite:///{tmp_path / 'portfolio.db'}"
    build_portfolio(url, load_questionnaire(mini_questionnaire_path))
    return url


@pytest.fixture
def ws(portfolio: str) -> Iterator[Workspace]:
    """A workspace on `portfolio`, dated `TODAY`."""
    with open_workspace(portfolio, today=TODAY) as opened:
        yield opened


@pytest.fixture
def stored_portfolio(db_url: str, mini: Questionnaire) -> Iterator[tuple[Database, int]]:
    """The test portfolio, open, with the client's organisation id."""
    build_portfolio(db_url, mini)
    db = open_database(db_url)
    try:
        with db.session() as session:
            client = repository.get_organisation(session, ref=CLIENT)
        assert client.id is not None
        yield db, client.id
    finally:
        db.dispose()


@pytest.mark.parametrize("sector", [None, "RETAIL", "Banking", "Nowhere"])
def test_storage_chooses_and_counts_the_peers_as_the_domain_does(
    stored_portfolio: tuple[Database, int], mini: Questionnaire, sector: str | None
) -> None:
    db, client_id = stored_portfolio
    with db.session() as session:
        expected = choose_peers(
            peers.peer_candidates(session),
            client_organisation_id=client_id,
            questionnaire_id="mini",
            sector=sector,
        )
        chosen = peers.chosen_ids(
            session, organisation_id=client_id, questionnaire_id="mini", sector=sector
        )
        pool = peers.peer_pool(
            session, organisation_id=client_id, questionnaire_id="mini", sector=sector
        )
        loaded = [repository.load_assessment(session, assessment_id=i) for i in expected]
    assert chosen == expected
    assert pool.peers == len(expected)
    if not expected:
        return
    assert {a.questionnaire_id for a in loaded} == {"mini"}
    results = [score_stored(mini, assessment) for assessment in loaded]
    assert list(pool.overall) == pytest.approx(sorted(r.overall for r in results if r.overall))
    for area in mini.areas:
        scores = sorted(s for r in results if (s := r.area(area.id).score) is not None)
        assert list(pool.areas.get(area.id, ())) == pytest.approx(scores)
    levels: dict[str, Counter[int]] = {}
    for assessment, result in zip(loaded, results, strict=True):
        for question_id, level in client_figures(assessment.period, result).levels.items():
            levels.setdefault(question_id, Counter())[level] += 1
    assert {q: tuple(c[level] for level in range(1, 6)) for q, c in levels.items()} == dict(
        pool.levels
    )
    spans = sorted(assessment.period for assessment in loaded)
    assert pool.first is not None and pool.last is not None
    assert pool.first.year == int(spans[0][:4]) and pool.last.year == int(spans[-1][:4])


def test_the_clients_figures_are_the_domains(
    stored_portfolio: tuple[Database, int], mini: Questionnaire
) -> None:
    db, client_id = stored_portfolio
    with db.session() as session:
        for period in ("2026-Q1", "2026-Q2"):
            chosen = peers.client_assessment(session, organisation_id=client_id, period=period)
            stored = peers.client_figures(session, client=chosen)
            assessment = repository.load_assessment(session, assessment_id=chosen.assessment_id)
            expected = client_figures(period, score_stored(mini, assessment))
            assert stored.levels == expected.levels
            assert stored.overall == pytest.approx(expected.overall)
            assert dict(stored.areas) == pytest.approx(dict(expected.areas))
        assert peers.client_assessment(session, organisation_id=client_id).period == "2026-Q2"


def test_a_peer_completed_before_snapshots_were_kept_is_scored_by_the_domain(
    stored_portfolio: tuple[Database, int],
) -> None:
    from sqlalchemy import delete

    from cxaudit.storage.tables import area_scores, assessment_scores

    db, client_id = stored_portfolio
    with db.session() as session:
        before = peers.peer_pool(session, organisation_id=client_id, questionnaire_id="mini")
        first = peers.chosen_ids(session, organisation_id=client_id, questionnaire_id="mini")[0]
    with db.session() as session, session.begin():
        for table in (assessment_scores, area_scores):
            session.execute(delete(table).where(table.c.assessment_id == first))
    with db.session() as session:
        after = peers.peer_pool(session, organisation_id=client_id, questionnaire_id="mini")
    assert after == before
