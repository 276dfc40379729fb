"""A consultant's portfolio for the report's "Compared with peers" page, in a real SQLite file.

A client and its peers on the bundled questionnaire, each peer with a distinctive name, slug,
note and respondent, so a test can search a report for every one of them. Written through the
storage's bulk load (as the demo is), scored by the domain on the way in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cxaudit.catalogue import default_questionnaire
from cxaudit.domain.model import (
    Answer,
    Assessment,
    AssessmentStatus,
    Organisation,
    Respondent,
    Role,
)
from cxaudit.domain.questionnaire import Questionnaire

CLIENT = "Harbourline Clinics"
CLIENT_SLUG = "harbourline-clinics"
CLIENT_SECTOR = "Healthcare"
TODAY = date(2026, 8, 1)


@dataclass(frozen=True)
class Peer:
    """One of the client's peers."""

    name: str
    slug: str
    sector: str
    period: str
    bias: float

    @property
    def note(self) -> str:
        """A note only this peer's respondents wrote."""
        return f"Confidential remark by {self.slug}"

    @property
    def person(self) -> str:
        """The name of this peer's first respondent."""
        return f"Quentin of {self.slug}"


PEERS = (
    Peer("Zephyrine Bakeries", "zephyrine-bakeries", "Healthcare", "2025-Q3", 0.8),
    Peer("Marrowdale Hospice", "marrowdale-hospice", "healthcare", "2026-Q1", -0.6),
    Peer("Cobblewick Dental", "cobblewick-dental", "Healthcare", "2026-Q2", 0.2),
    Peer("Fenwyrd Pharmacy", "fenwyrd-pharmacy", "HEALTHCARE", "2025-Q4", 1.2),
    Peer("Ulverstone Care", "ulverstone-care", "Healthcare", "2026-Q1", -1.0),
    Peer("Brisklow Freight", "brisklow-freight", "Logistics", "2026-Q2", 0.4),
    Peer("Quaymoor Haulage", "quaymoor-haulage", "Logistics", "2025-Q4", -0.3),
)
"""Seven peers: five in Healthcare (in several spellings), two in Logistics."""


def _people(
    q: Questionnaire, rng: random.Random, bias: float, note: str, person: str
) -> list[Respondent]:
    people: list[Respondent] = []
    for seat, role in enumerate((Role.LEADER, Role.MANAGER, Role.FRONTLINE)):
        answers: dict[str, Answer] = {}
        for question in q.questions:
            level = min(5, max(1, round(rng.uniform(1.5, 4.5) + bias)))
            answers[question.id] = Answer(
                question_id=question.id, value=level, note=note if seat == 0 else ""
            )
        name = person if seat == 0 else f"Respondent {seat} of {note[-8:]}"
        people.append(Respondent(name=name, role=role, answers=answers))
    return people


def _assessment(
    q: Questionnaire, org: Organisation, period: str, people: list[Respondent]
) -> Assessment:
    return Assessment(
        organisation=org,
        period=period,
        questionnaire_id=q.id,
        questionnaire_version=q.version,
        questionnaire_hash=q.content_hash,
        status=AssessmentStatus.COMPLETE,
        respondents=people,
    )


def build(path: Path, peers: tuple[Peer, ...] = PEERS, q: Questionnaire | None = None) -> str:
    """The client (2026-Q2, completed, below most peers) and `peers`, on `q` (the bundled
    questionnaire by default), in a SQLite file; its URL."""
    from cxaudit.storage import open_database, repository

    q = q or default_questionnaire()
    rng = random.Random(21)
    client = Organisation(name=CLIENT, slug=CLIENT_SLUG, sector=CLIENT_SECTOR)
    loads = [_assessment(q, client, "2026-Q2", _people(q, rng, -0.9, "client's own", "Ada"))]
    for peer in peers:
        org = Organisation(name=peer.name, slug=peer.slug, sector=peer.sector)
        people = _people(q, rng, peer.bias, peer.note, peer.person)
        loads.append(_assessment(q, org, peer.period, people))
    url = f"sqlite:///{path}"
    db = open_database(url)
    try:
        with db.session() as session:
            repository.bulk_load_assessments(session, questionnaire=q, assessments_to_load=loads)
    finally:
        db.dispose()
    return url
