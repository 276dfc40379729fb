"""The one-statement autosave stores exactly what the ordinary write stores, and keeps its rules.

Once a process knows a respondent's questionnaire, `save_answer` saves with one statement that
checks the respondent, the assessment's status and its questionnaire as it writes
(`repository._autosave`); everything else goes through the ordinary write. Here both paths save
the same answers for two respondents and what is stored is compared column by column; then
each rule is broken once with the fast path primed: a deleted respondent, a question from
another questionnaire, a completed assessment (its score snapshot must be refreshed), a
respondent id reused with another questionnaire, the same id in two databases, a caller's
`one_transaction`. Real SQLite files and (with `CXAUDIT_TEST_PG_URL`) the real PostgreSQL.

Which path a save took is seen from outside: the fast path runs no statement through
SQLAlchemy, the ordinary write does.
"""

from __future__ import annotations

import gc
import itertools
import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, insert, select

from cxaudit.domain.model import Answer, Confidence, Role, make_answer
from cxaudit.domain.questionnaire import Questionnaire, load_questionnaire
from cxaudit.domain.scoring import score_stored
from cxaudit.errors import NotFoundError, ValidationProblem
from cxaudit.storage import (
    Database,
    add_respondent,
    complete_assessment,
    create_organisation,
    delete_assessment,
    open_database,
    reopen_assessment,
    save_answer,
    start_assessment,
)
from cxaudit.storage.repository import one_transaction, respondent_questionnaire
from cxaudit.storage.repository._autosave import KNOWN_QUESTIONNAIRES, utc_text
from cxaudit.storage.repository._load import load_one
from cxaudit.storage.repository._sqlite import sqlite_utc_text
from cxaudit.storage.tables import answers, assessment_scores, question_scores, respondents

QUESTIONS = ("alpha.one", "alpha.two", "alpha.three", "beta.one", "beta.two")
"""The mini questionnaire's questions."""

_names = itertools.count(1)


@contextmanager
def _statements(db: Database) -> Iterator[list[str]]:
    """The statements SQLAlchemy runs on the database meanwhile (none on the fast path)."""
    seen: list[str] = []

    def note(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def _draft(db: Database, questionnaire: Questionnaire, *people: str) -> tuple[int, list[int]]:
    """A new organisation's draft assessment with these respondents: its id and theirs."""
    with db.session() as session:
        org = create_organisation(session, name=f"Org {next(_names)}")
        assert org.id is not None
        draft = start_assessment(
            session, organisation_id=org.id, period="2026-Q1", questionnaire=questionnaire
        )
        assert draft.id is not None
        ids = []
        for name in people:
            person = add_respondent(session, assessment_id=draft.id, name=name, role=Role.FRONTLINE)
            assert person.id is not None
            ids.append(person.id)
    return draft.id, ids


def _save(db: Database, respondent_id: int, answer: Answer) -> tuple[Answer, list[str]]:
    """Save as the app autosaves (a short session of its own): the answer saved and the
    statements SQLAlchemy ran for it."""
    with _statements(db) as seen, db.session() as session:
        saved = save_answer(session, respondent_id=respondent_id, answer=answer)
    return saved, seen


def _save_ordinarily(db: Database, respondent_id: int, answer: Answer) -> Answer:
    """Save through the ordinary write: inside `one_transaction` every write joins it."""
    with _statements(db) as seen, db.session() as session, one_transaction(session):
        saved = save_answer(session, respondent_id=respondent_id, answer=answer)
    assert seen, "the ordinary write ran its statements through SQLAlchemy"
    return saved


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _stored(db: Database, respondent_id: int) -> dict[str, tuple[Any, ...]]:
    """Every stored column of the respondent's answers, by question (times in naive UTC)."""
    with db.session() as session:
        rows = session.execute(
            select(
                answers.c.question_id,
                answers.c.value,
                answers.c.na_reason,
                answers.c.note,
                answers.c.evidence,
                answers.c.needs_reconfirm,
                answers.c.confidence,
                answers.c.unverified,
                answers.c.updated_at,
            ).where(answers.c.respondent_id == respondent_id)
        ).all()
    return {row[0]: (*row[1:-1], _naive_utc(row[-1])) for row in rows}


def _sqlite_times(db: Database, respondent_id: int) -> dict[str, str]:
    """The times as SQLite keeps them: text, read without SQLAlchemy."""
    assert db.sqlite_path is not None
    with sqlite3.connect(db.sqlite_path) as raw:
        rows = raw.execute(
            "SELECT question_id, updated_at FROM answers WHERE respondent_id = ?",
            (respondent_id,),
        ).fetchall()
    return dict(rows)


def _prime(db: Database, respondent_id: int) -> None:
    """Let this process learn the respondent's questionnaire, as the wizard's first look does."""
    with db.session() as session:
        respondent_questionnaire(session, respondent_id=respondent_id)


_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=20)


@st.composite
def _answers(draw: st.DrawFn) -> Answer:
    value: int | str = draw(st.sampled_from([1, 2, 3, 4, 5, "na", "unknown"]))
    reason = draw(_TEXT.filter(str.strip)) if value == "na" else draw(_TEXT)
    return make_answer(
        draw(st.sampled_from(QUESTIONS)),
        value,
        na_reason=reason,
        note=draw(_TEXT),
        evidence=draw(_TEXT),
        needs_reconfirm=draw(st.booleans()),
        confidence=draw(st.sampled_from(list(Confidence))),
        unverified=draw(st.booleans()),
    )


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(given_answers=st.lists(_answers(), min_size=1, max_size=12))
def test_the_one_statement_save_stores_what_the_ordinary_write_stores(
    db: Database, mini: Questionnaire, given_answers: list[Answer]
) -> None:
    _draft_id, (fast, ordinary) = _draft(db, mini, "Fast", "Ordinary")
    _prime(db, fast)
    last: dict[str, tuple[Answer, Answer]] = {}
    for answer in given_answers:
        saved_fast, seen = _save(db, fast, answer)
        assert seen == [], "a known respondent's save is one statement on the driver"
        saved_ordinary = _save_ordinarily(db, ordinary, answer)
        # Both return the answer as saved: confirmed, stamped with the time of the save.
        for saved in (saved_fast, saved_ordinary):
            assert saved.needs_reconfirm is False and saved.updated_at is not None
            assert saved.model_dump(exclude={"updated_at"}) == answer.model_copy(
                update={"needs_reconfirm": False}
            ).model_dump(exclude={"updated_at"})
        last[answer.question_id] = (saved_fast, saved_ordinary)

    stored_fast, stored_ordinary = _stored(db, fast), _stored(db, ordinary)
    assert set(stored_fast) == set(stored_ordinary) == set(last)
    for question_id, (saved_fast, saved_ordinary) in last.items():
        assert stored_fast[question_id][:-1] == stored_ordinary[question_id][:-1]
        assert saved_fast.updated_at is not None and saved_ordinary.updated_at is not None
        assert stored_fast[question_id][-1] == _naive_utc(saved_fast.updated_at)
        assert stored_ordinary[question_id][-1] == _naive_utc(saved_ordinary.updated_at)
    if db.sqlite_path is not None:
        # The very text SQLAlchemy writes, so every reader of the file sees one format.
        for respondent, side in ((fast, 0), (ordinary, 1)):
            texts = _sqlite_times(db, respondent)
            for question_id, pair in last.items():
                moment = pair[side].updated_at
                assert moment is not None
                assert texts[question_id] == sqlite_utc_text(moment)
    # And the domain reads both respondents' answers alike.
    with db.session() as session:
        _questionnaire, loaded = load_one(session, _draft_id)
    by_id = {person.id: person.answers for person in loaded.respondents}
    strip = {"updated_at"}
    assert {q: a.model_dump(exclude=strip) for q, a in by_id[fast].items()} == {
        q: a.model_dump(exclude=strip) for q, a in by_id[ordinary].items()
    }


def test_the_first_save_of_a_respondent_teaches_the_process_the_rest_are_one_statement(
    db: Database, mini: Questionnaire
) -> None:
    _draft_id, (person,) = _draft(db, mini, "Ann")
    # Another test's database may have had a respondent with this id and questionnaire.
    KNOWN_QUESTIONNAIRES.pop(person, None)
    _saved, first = _save(db, person, make_answer("alpha.one", 2))
    assert first, "the first save looks the respondent up"
    _saved, second = _save(db, person, make_answer("alpha.two", 3))
    assert second == []
    assert {q: row[0] for q, row in _stored(db, person).items()} == {
        "alpha.one": "2",
        "alpha.two": "3",
    }


def test_a_deleted_respondent_is_not_found_though_the_process_knew_them(
    db: Database, mini: Questionnaire
) -> None:
    draft_id, (person,) = _draft(db, mini, "Ann")
    _save(db, person, make_answer("alpha.one", 2))
    with db.session() as session:
        delete_assessment(session, assessment_id=draft_id, confirm=True)
    with pytest.raises(NotFoundError) as caught:
        _save(db, person, make_answer("alpha.two", 4))
    assert str(caught.value) == f"There is no respondent with id {person}."
    assert _stored(db, person) == {}
    with pytest.raises(NotFoundError, match="no respondent with id 987654"):
        _save(db, 987654, make_answer("alpha.two", 4))


def test_a_question_from_elsewhere_is_refused_and_nothing_changes(
    db: Database, mini: Questionnaire
) -> None:
    _draft_id, (person,) = _draft(db, mini, "Ann")
    _save(db, person, make_answer("alpha.one", 2))
    before = _stored(db, person)
    with pytest.raises(ValidationProblem) as caught:
        _save(db, person, make_answer("gamma.one", 4))
    assert str(caught.value) == "Question 'gamma.one' is not in this assessment's questionnaire."
    assert _stored(db, person) == before


def _snapshot(db: Database, assessment_id: int) -> tuple[Any, dict[str, tuple[Any, ...]]]:
    with db.session() as session:
        overall = session.execute(
            select(assessment_scores.c.overall).where(
                assessment_scores.c.assessment_id == assessment_id
            )
        ).scalar_one_or_none()
        rows = session.execute(
            select(
                question_scores.c.question_id,
                question_scores.c.score,
                question_scores.c.level,
                question_scores.c.given,
            ).where(question_scores.c.assessment_id == assessment_id)
        ).all()
    return overall, {row[0]: tuple(row[1:]) for row in rows}


def _domain_snapshot(db: Database, assessment_id: int) -> tuple[Any, dict[str, Any]]:
    """What the domain scores from the stored answers: the overall score and per question."""
    with db.session() as session:
        questionnaire, assessment = load_one(session, assessment_id)
    result = score_stored(questionnaire, assessment)
    return result.overall, {q: (s.score, len(s.levels)) for q, s in result.questions.items()}


def test_a_change_to_a_completed_assessment_refreshes_its_snapshot_at_once(
    db: Database, mini: Questionnaire
) -> None:
    draft_id, (ann, bob) = _draft(db, mini, "Ann", "Bob")
    for person in (ann, bob):
        for question_id in QUESTIONS:
            _save(db, person, make_answer(question_id, 2))
    with db.session() as session:
        complete_assessment(session, assessment_id=draft_id)
    before = _snapshot(db, draft_id)

    _saved, seen = _save(db, ann, make_answer("alpha.one", 5))
    assert seen, "a completed assessment's save goes through the ordinary write"
    overall, per_question = _snapshot(db, draft_id)
    expected_overall, expected = _domain_snapshot(db, draft_id)
    assert (overall, per_question) != before
    assert overall == pytest.approx(expected_overall)
    assert per_question["alpha.one"][0] == pytest.approx(3.5)
    assert set(per_question) == set(expected)
    for question_id, (score, count) in expected.items():
        assert per_question[question_id][0] == pytest.approx(score)
        assert per_question[question_id][2] == count

    # Reopened, it is a draft again: saves are one statement and keep no snapshot.
    with db.session() as session:
        reopen_assessment(session, assessment_id=draft_id)
    _saved, seen = _save(db, bob, make_answer("alpha.one", 4))
    assert seen == []
    assert _snapshot(db, draft_id) == (None, {})
    assert _stored(db, bob)["alpha.one"][0] == "4"


def _other_questionnaire(mini_questionnaire_path: Path, tmp_path: Path) -> Questionnaire:
    """The mini questionnaire with its alpha area renamed: other content, other question ids."""
    text = mini_questionnaire_path.read_text(encoding="utf-8").replace('"alpha', '"omega')
    path = tmp_path / "other.toml"
    path.write_text(text.replace('id = "mini"', 'id = "other"'), encoding="utf-8")
    return load_questionnaire(path)


def test_a_respondent_id_given_again_is_checked_against_its_new_questionnaire(
    db: Database, mini: Questionnaire, mini_questionnaire_path: Path, tmp_path: Path
) -> None:
    other = _other_questionnaire(mini_questionnaire_path, tmp_path)
    first_id, (person,) = _draft(db, mini, "Ann")
    _save(db, person, make_answer("alpha.one", 2))
    with db.session() as session:
        delete_assessment(session, assessment_id=first_id, confirm=True)
    second_id, _nobody = _draft(db, other)
    with db.session() as session:
        if db.sqlite_path is not None:
            # SQLite gives the highest id again once its row is gone.
            again = add_respondent(session, assessment_id=second_id, name="Cy", role=Role.LEADER)
            assert again.id == person
        else:
            # PostgreSQL's sequences never do; put the row back by hand to test the same case.
            session.execute(
                insert(respondents).values(
                    id=person,
                    assessment_id=second_id,
                    name="Cy",
                    role=Role.LEADER.value,
                    created_at=datetime.now(UTC),
                    anonymous=False,
                )
            )
            session.commit()

    with pytest.raises(ValidationProblem, match="'alpha.two' is not in this assessment's"):
        _save(db, person, make_answer("alpha.two", 3))
    _saved, seen = _save(db, person, make_answer("omega.two", 3))
    assert seen, "the old questionnaire's hash no longer matches: the ordinary write decided"
    _saved, seen = _save(db, person, make_answer("beta.one", 4))
    assert seen == []
    assert {q: row[0] for q, row in _stored(db, person).items()} == {
        "omega.two": "3",
        "beta.one": "4",
    }


def test_the_same_respondent_id_in_two_databases_keeps_each_questionnaire(
    db: Database, mini: Questionnaire, mini_questionnaire_path: Path, tmp_path: Path
) -> None:
    other = _other_questionnaire(mini_questionnaire_path, tmp_path)
    second = open_database(f"sqlite:///{tmp_path / 'second.db'}")
    try:
        _first_draft, (here,) = _draft(db, mini, "Ann")
        _second_draft, (there,) = _draft(second, other, "Bo")
        for n in range(3):
            if here == there:
                with pytest.raises(ValidationProblem):
                    _save(second, there, make_answer("alpha.one", 1))
            _save(db, here, make_answer("alpha.one", n + 1))
            _save(second, there, make_answer("omega.one", n + 2))
        assert {q: row[0] for q, row in _stored(db, here).items()} == {"alpha.one": "3"}
        assert {q: row[0] for q, row in _stored(second, there).items()} == {"omega.one": "4"}
    finally:
        second.dispose()


def test_inside_one_transaction_a_save_joins_it_and_goes_with_it(
    db: Database, mini: Questionnaire
) -> None:
    _draft_id, (person,) = _draft(db, mini, "Ann")
    _save(db, person, make_answer("alpha.one", 2))
    with db.session() as session, pytest.raises(RuntimeError), one_transaction(session):
        save_answer(session, respondent_id=person, answer=make_answer("alpha.one", 5))
        save_answer(session, respondent_id=person, answer=make_answer("beta.one", 5))
        raise RuntimeError("the use-case failed part-way")
    assert {q: row[0] for q, row in _stored(db, person).items()} == {"alpha.one": "2"}


def test_a_session_that_read_first_saves_and_then_reads_the_new_answer(
    db: Database, mini: Questionnaire
) -> None:
    draft_id, (person,) = _draft(db, mini, "Ann")
    _save(db, person, make_answer("alpha.one", 2))
    with db.session() as session:
        assert load_one(session, draft_id)[1].respondents[0].answers["alpha.one"].value == 2
        save_answer(session, respondent_id=person, answer=make_answer("alpha.one", 4))
        assert load_one(session, draft_id)[1].respondents[0].answers["alpha.one"].value == 4


def test_disposing_a_sqlite_database_closes_the_autosave_connection(
    tmp_path: Path, mini: Questionnaire
) -> None:
    path = tmp_path / "cxaudit.db"
    db = open_database(f"sqlite:///{path}")
    _draft_id, (person,) = _draft(db, mini, "Ann")
    for level in (1, 2):
        _save(db, person, make_answer("alpha.one", level))
    db.dispose()
    # The last connection to close checkpoints the write-ahead log and removes it.
    assert not path.with_name(path.name + "-wal").exists()
    # A disposed database opens new connections when it is used again.
    _save(db, person, make_answer("alpha.one", 5))
    assert _stored(db, person)["alpha.one"][0] == "5"
    db.dispose()
    assert not path.with_name(path.name + "-wal").exists()
    again = open_database(f"sqlite:///{path}")
    try:
        assert _stored(again, person)["alpha.one"][0] == "5"
        _save(again, person, make_answer("alpha.one", 3))
        assert _stored(again, person)["alpha.one"][0] == "3"
    finally:
        again.dispose()


def test_a_database_dropped_without_disposing_is_not_kept_alive_by_its_autosave_line(
    tmp_path: Path, mini: Questionnaire
) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'cxaudit.db'}")
    _draft_id, (person,) = _draft(db, mini, "Ann")
    for level in (1, 2):
        _save(db, person, make_answer("alpha.one", level))
    engine = weakref.ref(db.engine)
    del db
    gc.collect()
    assert engine() is None


def test_an_in_memory_database_keeps_its_answers(mini: Questionnaire) -> None:
    db = open_database("sqlite://")
    try:
        _draft_id, (person,) = _draft(db, mini, "Ann")
        for level in (1, 2, 3):
            _save(db, person, make_answer("alpha.one", level))
        assert _stored(db, person)["alpha.one"][0] == "3"
    finally:
        db.dispose()


@given(
    moment=st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
    ),
    offset=st.integers(-23 * 60, 23 * 60),
)
def test_the_quick_utc_text_is_the_text_sqlalchemy_writes(moment: datetime, offset: int) -> None:
    assert utc_text(moment) == sqlite_utc_text(moment)
    elsewhere = moment.astimezone(timezone(timedelta(minutes=offset)))
    assert utc_text(elsewhere) == sqlite_utc_text(moment)
