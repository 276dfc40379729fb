"""The wizard's autosave (`services.assessing.save_answer`) opens no session once it can.

After a respondent's first save the process knows their questionnaire, so the service checks
the evidence rule on it and saves with the storage's one self-committing statement, straight on
the engine: no session, no statement through SQLAlchemy. Everything it cannot decide alone still
goes the ordinary way, and what is stored is the same either way. Real SQLite files and (with
`CXAUDIT_TEST_PG_URL`) the real PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from cxaudit.catalogue import default_questionnaire
from cxaudit.domain.model import Answer, Confidence, Role, make_answer
from cxaudit.errors import StorageError, ValidationProblem
from cxaudit.services import assessing
from cxaudit.services.workspace import Workspace
from cxaudit.storage import (
    add_respondent,
    create_organisation,
    open_database,
    start_assessment,
)
from cxaudit.storage.repository import _autosave, load_assessment

GATED = "leadership.cx_direction"
"""A question of the built-in questionnaire whose levels 4 and 5 need evidence."""


@pytest.fixture(autouse=True)
def _no_hints() -> None:
    """Each test starts with a process that knows no respondent (ids repeat across databases,
    and a hint that still matches is rightly used, which would blur what is tested)."""
    _autosave.KNOWN_QUESTIONNAIRES.clear()


@contextmanager
def _observed(ws: Workspace) -> Iterator[dict[str, int]]:
    """How many sessions the workspace opens, and statements SQLAlchemy runs, meanwhile."""
    seen = {"sessions": 0, "statements": 0}
    opened = ws.session

    def counting() -> Any:
        seen["sessions"] += 1
        return opened()

    def note(*_args: Any) -> None:
        seen["statements"] += 1

    ws.session = counting  # type: ignore[method-assign]
    event.listen(ws.db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(ws.db.engine, "before_cursor_execute", note)
        ws.session = opened  # type: ignore[method-assign]


def _respondent(ws: Workspace) -> tuple[int, int]:
    """A new draft of the built-in questionnaire with one respondent: their ids."""
    with ws.session() as session:
        org = create_organisation(session, name="Autosave Ltd")
        assert org.id is not None
        draft = start_assessment(
            session,
            organisation_id=org.id,
            period="2026-Q4",
            questionnaire=default_questionnaire(),
            carry_forward=False,
        )
        assert draft.id is not None
        person = add_respondent(session, assessment_id=draft.id, name="Ann", role=Role.LEADER)
        assert person.id is not None
        return draft.id, person.id


def _stored(ws: Workspace, assessment_id: int) -> dict[str, Answer]:
    with ws.session() as session:
        (person,) = load_assessment(session, assessment_id=assessment_id).respondents
    return dict(person.answers)


def test_after_the_first_save_autosave_opens_no_session_and_stores_the_same(
    workspace: Workspace,
) -> None:
    assessment_id, person = _respondent(workspace)
    with _observed(workspace) as first:
        assessing.save_answer(workspace, respondent_id=person, answer=make_answer(GATED, 2))
    assert first["sessions"] == 1, "the first save of a respondent is the ordinary write"

    later = [
        make_answer(GATED, 3, note="Seen at the quarterly review"),
        make_answer("leadership.own_goals", 5, evidence="Board pack, section 3"),
        make_answer(
            "leadership.meeting_customers",
            4,
            evidence="Visit log",
            unverified=True,
            confidence=Confidence.LOW,
        ),
        make_answer("leadership.listening_to_contacts", "na", na_reason="No contact centre"),
    ]
    with _observed(workspace) as after:
        saved = [
            assessing.save_answer(workspace, respondent_id=person, answer=answer)
            for answer in later
        ]
    assert after == {"sessions": 0, "statements": 0}

    stored = _stored(workspace, assessment_id)
    for answer in saved:
        assert stored[answer.question_id] == answer
    # Saved with its evidence, an answer is verified whatever it was before.
    assert stored["leadership.meeting_customers"].unverified is False
    assert stored["leadership.meeting_customers"].confidence == Confidence.LOW
    assert stored[GATED].level == 3


def test_a_level_needing_evidence_is_refused_without_a_session_and_nothing_changes(
    workspace: Workspace,
) -> None:
    assessment_id, person = _respondent(workspace)
    assessing.save_answer(workspace, respondent_id=person, answer=make_answer(GATED, 3))
    with _observed(workspace) as seen, pytest.raises(ValidationProblem) as refused:
        assessing.save_answer(workspace, respondent_id=person, answer=make_answer(GATED, 5))
    # The refusal is decided again on the stored questionnaire, so a stale hint never refuses.
    assert seen["sessions"] == 1
    assert "evidence" in str(refused.value).lower()
    assert str(refused.value).count(".") <= 2
    assert _stored(workspace, assessment_id)[GATED].level == 3


def test_a_hint_from_another_database_is_never_trusted(tmp_path: Path) -> None:
    """The same respondent id in two databases: the second's save is checked on its own."""
    first = Workspace(open_database(f"sqlite:///{tmp_path / 'one.db'}"))
    second = Workspace(open_database(f"sqlite:///{tmp_path / 'two.db'}"))
    try:
        _, person = _respondent(first)
        assessing.save_answer(first, respondent_id=person, answer=make_answer(GATED, 2))
        with second.session() as session:
            org = create_organisation(session, name="Other Ltd")
            assert org.id is not None
        with pytest.raises(Exception) as missing:
            assessing.save_answer(second, respondent_id=person, answer=make_answer(GATED, 2))
        assert "no respondent" in str(missing.value).lower()
    finally:
        first.close()
        second.close()


def test_a_locked_file_gives_one_sentence_and_keeps_the_saved_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxaudit.storage import connect as connect_module

    monkeypatch.setattr(connect_module, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(_autosave, "LOCK_RETRIES", 1)
    path = tmp_path / "cxaudit.db"
    ws = Workspace(open_database(f"sqlite:///{path}"))
    try:
        assessment_id, person = _respondent(ws)
        assessing.save_answer(ws, respondent_id=person, answer=make_answer(GATED, 2))
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with _observed(ws) as seen, pytest.raises(StorageError) as busy:
                assessing.save_answer(ws, respondent_id=person, answer=make_answer(GATED, 3))
            assert seen["sessions"] == 0, "the one-statement save met the lock"
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        message = str(busy.value)
        assert "\n" not in message and "Traceback" not in message
        assert "busy" in message.lower()
        assert _stored(ws, assessment_id)[GATED].level == 2
    finally:
        ws.close()
