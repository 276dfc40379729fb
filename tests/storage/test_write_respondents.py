"""`write_respondents` (what imports and the demo call) writes exactly what `add_respondents`
writes, and refuses exactly what it refuses; only the stored objects are not built again.
Real SQLite files and (with `CXAUDIT_TEST_PG_URL`) the real PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from cxaudit.domain.model import Confidence, Respondent, Role, make_answer
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import ValidationProblem
from cxaudit.storage import (
    Database,
    add_respondent,
    add_respondents,
    complete_assessment,
    create_organisation,
    save_answer,
    start_assessment,
)
from cxaudit.storage.repository import write_respondents
from cxaudit.storage.tables import answers, assessment_scores, respondents

OLD = datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)

Adder = Callable[..., Any]


def _round() -> list[Respondent]:
    """A paper round: carried answers (old time, to reconfirm) among fresh ones."""
    return [
        Respondent(
            name="Bob",
            role=Role.FRONTLINE,
            answers={
                "alpha.one": make_answer(
                    "alpha.one", 2, note="paper form", needs_reconfirm=True, updated_at=OLD
                ),
                "beta.one": make_answer("beta.one", "unknown", confidence=Confidence.LOW),
            },
        ),
        Respondent(
            name="Cy",
            role=Role.LEADER,
            anonymous=True,
            answers={
                "alpha.two": make_answer("alpha.two", "na", na_reason="Not our remit"),
                "beta.two": make_answer("beta.two", 5, evidence="Minutes", unverified=True),
            },
        ),
    ]


def _draft(db: Database, mini: Questionnaire, name: str) -> int:
    with db.session() as session:
        org = create_organisation(session, name=name)
        assert org.id is not None
        draft = start_assessment(
            session, organisation_id=org.id, period="2026-Q1", questionnaire=mini
        )
        assert draft.id is not None
        return draft.id


def _stored(db: Database, assessment_id: int) -> list[tuple[Any, ...]]:
    """Every stored column but ids and times, plus whether each time is the write's own."""
    with db.session() as session:
        rows = session.execute(
            select(
                respondents.c.name,
                respondents.c.role,
                respondents.c.anonymous,
                answers.c.question_id,
                answers.c.value,
                answers.c.na_reason,
                answers.c.note,
                answers.c.evidence,
                answers.c.needs_reconfirm,
                answers.c.confidence,
                answers.c.unverified,
                answers.c.updated_at,
            )
            .join(answers, answers.c.respondent_id == respondents.c.id)
            .where(respondents.c.assessment_id == assessment_id)
            .order_by(respondents.c.name, answers.c.question_id)
        ).all()
    return [(*row[:-1], row[-1].replace(tzinfo=UTC) > OLD) for row in rows]


def test_the_rows_written_are_the_same_either_way(db: Database, mini: Questionnaire) -> None:
    added, written = _draft(db, mini, "Added Ltd"), _draft(db, mini, "Written Ltd")
    with db.session() as session:
        people = add_respondents(session, assessment_id=added, respondents=_round())
        ids = write_respondents(session, assessment_id=written, respondents=_round())
        session.commit()
    assert len(ids) == 2 and all(isinstance(i, int) for i in ids)
    assert [p.id for p in people] != ids
    stored = _stored(db, written)
    assert stored == _stored(db, added)
    # Entered as a whole round, every answer is confirmed as it is written.
    assert {row[8] for row in stored} == {False}
    assert {row[-1] for row in stored} == {True}
    assert len(stored) == 4


@pytest.mark.parametrize("adder", [add_respondents, write_respondents])
def test_a_refused_round_writes_nothing_either_way(
    db: Database, mini: Questionnaire, adder: Adder
) -> None:
    assessment_id = _draft(db, mini, "Refused Ltd")
    bad: Sequence[Sequence[Respondent]] = [
        [Respondent(name="Bob"), Respondent(name=" bob ")],
        [Respondent(name="Dee", answers={"gamma.one": make_answer("gamma.one", 2)})],
        [Respondent(name="  ")],
    ]
    for people in bad:
        with db.session() as session, pytest.raises(ValidationProblem):
            adder(session, assessment_id=assessment_id, respondents=people)
    assert _stored(db, assessment_id) == []


def test_writing_into_a_completed_assessment_refreshes_its_snapshot(
    db: Database, mini: Questionnaire
) -> None:
    assessment_id = _draft(db, mini, "Done Ltd")
    with db.session() as session:
        ann = add_respondent(session, assessment_id=assessment_id, name="Ann", role=Role.LEADER)
        assert ann.id is not None
        for question in mini.questions:
            save_answer(session, respondent_id=ann.id, answer=make_answer(question.id, 1))
        complete_assessment(session, assessment_id=assessment_id)
        session.commit()

    def overall() -> float:
        with db.session() as session:
            return float(
                session.execute(
                    select(assessment_scores.c.overall).where(
                        assessment_scores.c.assessment_id == assessment_id
                    )
                ).scalar_one()
            )

    before = overall()
    with db.session() as session:
        write_respondents(
            session,
            assessment_id=assessment_id,
            respondents=[
                Respondent(
                    name="Bob",
                    answers={q.id: make_answer(q.id, 3) for q in mini.questions},
                )
            ],
        )
        session.commit()
    assert overall() > before
