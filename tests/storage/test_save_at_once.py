"""Autosaves at once: threads sharing one database, processes on PostgreSQL, a locked SQLite file.

The one-statement save runs on SQLite through one connection each database keeps for its
autosaves (a save that finds it busy takes a pooled one) and on PostgreSQL through the pool in
autocommit. Whatever runs at the same time, every answer a save reported must be stored, and a
SQLite file locked for longer than the busy timeout is waited out, never reported as locked.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import event

from cxaudit.domain.model import Role, make_answer
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.storage import (
    Database,
    add_respondent,
    create_organisation,
    load_assessment,
    open_database,
    save_answer,
    start_assessment,
)
from cxaudit.storage import connect as connect_module
from tests.storage.answer_worker import level_for

WORKER = Path(__file__).with_name("answer_worker.py")


def _draft(db: Database, questionnaire: Questionnaire) -> int:
    with db.session() as session:
        org = create_organisation(session, name="Acme")
        assert org.id is not None
        draft = start_assessment(
            session, organisation_id=org.id, period="2026-Q1", questionnaire=questionnaire
        )
    assert draft.id is not None
    return draft.id


def _values(db: Database, assessment_id: int) -> dict[str, dict[str, int | str]]:
    with db.session() as session:
        assessment = load_assessment(session, assessment_id=assessment_id)
    return {r.name: {q: a.value for q, a in r.answers.items()} for r in assessment.respondents}


def test_threads_sharing_one_database_lose_no_answer(db: Database, mini: Questionnaire) -> None:
    assessment_id = _draft(db, mini)
    names = [f"Person {n}" for n in range(6)]
    with db.session() as session:
        people = [
            add_respondent(session, assessment_id=assessment_id, name=name, role=Role.FRONTLINE)
            for name in names
        ]
    rounds = 5
    start = threading.Barrier(len(people))
    failures: list[BaseException] = []

    def answer(respondent_id: int) -> None:
        try:
            start.wait(timeout=30)
            for round_number in range(rounds):
                for position, question in enumerate(mini.questions):
                    level = level_for(round_number, position)
                    with db.session() as session:
                        save_answer(
                            session,
                            respondent_id=respondent_id,
                            answer=make_answer(question.id, level, note=f"round {round_number}"),
                        )
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=answer, args=(person.id,)) for person in people if person.id]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    last = rounds - 1
    expected = {q.id: level_for(last, position) for position, q in enumerate(mini.questions)}
    assert _values(db, assessment_id) == {name: expected for name in names}


@pytest.mark.postgres
@pytest.mark.slow
def test_processes_answering_at_once_on_postgresql_lose_nothing(
    pg_url: str, mini: Questionnaire, tmp_path: Path
) -> None:
    db = open_database(pg_url)
    try:
        assessment_id = _draft(db, mini)
    finally:
        db.dispose()
    go = tmp_path / "go"
    rounds = 8
    names = ("Ann", "Bob", "Cy")
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), pg_url, str(assessment_id), name, str(rounds), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in names
    ]
    for worker in workers:
        assert worker.stdout is not None
        assert worker.stdout.readline().startswith("ready ")
    go.touch()
    outputs = [worker.communicate(timeout=180) for worker in workers]
    for (out, err), worker in zip(outputs, workers, strict=True):
        assert worker.returncode == 0, out + err
        assert out.count("saved ") == rounds * len(mini.questions)
    last = rounds - 1
    expected = {q.id: level_for(last, position) for position, q in enumerate(mini.questions)}
    db = open_database(pg_url)
    try:
        assert _values(db, assessment_id) == {name: expected for name in names}
    finally:
        db.dispose()


def test_a_sqlite_file_locked_past_the_busy_timeout_is_waited_out(
    tmp_path: Path, mini: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A short busy timeout, so that the lock outlasts it and the save must retry with backoff.
    monkeypatch.setattr(connect_module, "BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "cxaudit.db"
    db = open_database(f"sqlite:///{path}")
    try:
        with db.session() as session:
            assert session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar() == 50
        assessment_id = _draft(db, mini)
        with db.session() as session:
            person = add_respondent(
                session, assessment_id=assessment_id, name="Ann", role=Role.LEADER
            )
            assert person.id is not None
            save_answer(session, respondent_id=person.id, answer=make_answer("alpha.one", 1))

        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        released = threading.Event()

        def release() -> None:
            threading.Event().wait(0.4)
            released.set()
            other.execute("COMMIT")

        holder = threading.Thread(target=release)
        seen: list[str] = []

        def note(*args: object) -> None:
            seen.append(str(args[2]))

        event.listen(db.engine, "before_cursor_execute", note)
        holder.start()
        try:
            with db.session() as session:
                save_answer(session, respondent_id=person.id, answer=make_answer("alpha.one", 4))
            # It returned only once the other connection had let go of the file.
            assert released.is_set()
            assert seen == [], "the one-statement save waited, not the ordinary write"
        finally:
            event.remove(db.engine, "before_cursor_execute", note)
            holder.join()
            other.close()
        assert _values(db, assessment_id) == {"Ann": {"alpha.one": 4}}
    finally:
        db.dispose()
