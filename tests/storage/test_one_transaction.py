"""`one_transaction`: many repository writes kept together, all or nothing, on both engines.

An import or the demo writes through the same repository functions as the app, each of which
normally commits on its own. Inside `one_transaction` they join the caller's transaction: until
the block ends nobody else sees them, and a failure (or a kill, see `tests/faults`) keeps none.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cxaudit.domain.model import Role, make_answer
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import StorageError, ValidationProblem
from cxaudit.storage import (
    Database,
    add_respondent,
    complete_assessment,
    create_organisation,
    delete_organisation,
    list_organisations,
    load_assessment,
    save_answer,
    start_assessment,
)
from cxaudit.storage.repository import one_transaction
from cxaudit.storage.tables import organisations


def _names(db: Database) -> list[str]:
    """The organisations as a separate connection sees them."""
    with db.session() as session:
        return [s.organisation.name for s in list_organisations(session)]


def _whole_assessment(session: object, mini: Questionnaire, name: str) -> int:
    """An organisation with a completed assessment, written the everyday way."""
    from sqlmodel import Session

    assert isinstance(session, Session)
    org = create_organisation(session, name=name)
    assert org.id is not None
    draft = start_assessment(session, organisation_id=org.id, period="2026-Q1", questionnaire=mini)
    assert draft.id is not None
    ann = add_respondent(session, assessment_id=draft.id, name="Ann", role=Role.LEADER)
    assert ann.id is not None
    for question in mini.questions:
        save_answer(session, respondent_id=ann.id, answer=make_answer(question.id, 3))
    complete_assessment(session, assessment_id=draft.id)
    return draft.id


def test_writes_inside_are_kept_together_and_seen_only_at_the_end(
    db: Database, mini: Questionnaire
) -> None:
    with db.session() as session, one_transaction(session):
        assessment_id = _whole_assessment(session, mini, "Acme")
        create_organisation(session, name="Globex")
        # Another connection sees nothing yet (SQLite's writer holds the lock, but readers
        # read the last committed state; PostgreSQL reads committed rows only).
        assert _names(db) == []
    assert _names(db) == ["Acme", "Globex"]
    with db.session() as session:
        done = load_assessment(session, assessment_id=assessment_id)
    assert done.status.value == "complete" and len(done.respondents[0].answers) == 5
    assert done.actions, "completion wrote the plan in the same transaction"


def test_an_error_inside_keeps_nothing(db: Database, mini: Questionnaire) -> None:
    with db.session() as session:
        create_organisation(session, name="Before")
    stop = pytest.raises(RuntimeError, match="stop")
    with stop, db.session() as session, one_transaction(session):
        _whole_assessment(session, mini, "Acme")
        delete_organisation(
            session,
            organisation_id=list_organisations(session)[0].organisation.id or 0,
            confirm=True,
        )
        raise RuntimeError("stop")
    assert _names(db) == ["Before"]


def test_a_failed_write_spoils_the_block_even_when_its_error_was_caught(db: Database) -> None:
    spoiled = pytest.raises(StorageError, match="none of this command's changes were kept")
    with spoiled, db.session() as session, one_transaction(session):
        create_organisation(session, name="Acme")
        with pytest.raises(ValidationProblem):
            create_organisation(session, name="ACME")
        create_organisation(session, name="Globex")
    assert _names(db) == []


def test_a_block_inside_another_joins_it(db: Database) -> None:
    with pytest.raises(RuntimeError), db.session() as session, one_transaction(session):
        with one_transaction(session):
            create_organisation(session, name="Inner")
        assert _names(db) == [], "the inner block did not commit on its own"
        raise RuntimeError("the outer block fails")
    assert _names(db) == []


def test_after_the_block_writes_commit_on_their_own_again(db: Database) -> None:
    with db.session() as session:
        with one_transaction(session):
            create_organisation(session, name="Acme")
        create_organisation(session, name="Globex")
        assert _names(db) == ["Acme", "Globex"]
        count = session.execute(select(func.count()).select_from(organisations)).scalar_one()
    assert count == 2
