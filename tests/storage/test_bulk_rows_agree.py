"""Rows a bulk load writes straight through the driver are the rows SQLAlchemy writes.

A bulk load (demo data, imports, the benchmarks' portfolio) writes assessments, respondents,
plans and score snapshots with `_sqlite.insert_rows` and answers with `insert_answers`: on
SQLite, without SQLAlchemy's per-row work, many rows to a statement, and with ids given up
front. Here each table's rows are written both that way and through SQLAlchemy's own insert,
with awkward values (times, missing dates, JSON, quotes and other scripts, floats to their
last digit, columns left to their defaults, counts either side of a statement's and a batch's
size), and read back raw, as stored: they must be identical. On a SQLite file and (with
`CXAUDIT_TEST_PG_URL`) on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Table, delete, insert, select
from sqlmodel import Session

from cxaudit.domain.model import (
    ActionItem,
    Answer,
    AssessmentStatus,
    Confidence,
)
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.storage import Database, bulk_load_assessments
from cxaudit.storage.repository._convert import answer_values
from cxaudit.storage.repository._sqlite import SQLITE_PARAMETERS, insert_answers, insert_rows
from cxaudit.storage.tables import (
    action_items,
    answers,
    area_scores,
    assessment_scores,
    assessments,
    question_scores,
    questionnaires,
    respondents,
)
from tests.storage.loads import assessment_of

DRAFT = AssessmentStatus.DRAFT
WHEN = datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)
ODD_TEXT = 'Ça « marche » — l\'équipe "front"; 東京; DROP TABLE x; --'


def _parents(db: Database, questionnaire: Questionnaire) -> tuple[list[int], list[int], int]:
    """Four draft assessments of one organisation, with two respondents each who have not
    answered yet: their ids, their respondents' ids and the organisation's id."""
    loads = []
    for n in range(1, 5):
        draft = assessment_of(
            questionnaire, organisation="Parents Ltd", period=f"2025-Q{n}", status=DRAFT
        )
        silent = [person.model_copy(update={"answers": {}}) for person in draft.respondents]
        loads.append(draft.model_copy(update={"respondents": silent}))
    with db.session() as session:
        ids = bulk_load_assessments(session, questionnaire=questionnaire, assessments_to_load=loads)
    with db.session() as session:
        people = list(
            session.execute(
                select(respondents.c.id)
                .where(respondents.c.assessment_id.in_(ids))
                .order_by(respondents.c.id)
            ).scalars()
        )
        organisation = session.execute(
            select(assessments.c.organisation_id).where(assessments.c.id == ids[0])
        ).scalar_one()
    return ids, people, organisation


def _raw(
    session: Session, table: Table, where: str, among: Sequence[int], leave_out: Sequence[str]
) -> list[tuple[Any, ...]]:
    """The stored rows whose `where` is among `among`, as the driver hands them back, in the
    order of the table's key, without the columns in `leave_out`."""
    columns = [c.name for c in table.c if c.name not in leave_out]
    key = ", ".join(c.name for c in table.primary_key.columns)
    listed = ", ".join(str(int(i)) for i in among)
    sql = (
        f"SELECT {', '.join(columns)} FROM {table.name} WHERE {where} IN ({listed}) ORDER BY {key}"
    )
    return [tuple(row) for row in session.connection().exec_driver_sql(sql).fetchall()]


def _both_ways(
    db: Database,
    table: Table,
    ours: list[dict[str, Any]],
    theirs: list[dict[str, Any]],
    *,
    where: str,
    sides: tuple[Sequence[int], Sequence[int]],
    leave_out: Sequence[str],
) -> None:
    with db.session() as session:
        insert_rows(session, table, ours)
        session.execute(insert(table), theirs)
        session.commit()
    with db.session() as session:
        written = _raw(session, table, where, sides[0], leave_out)
        expected = _raw(session, table, where, sides[1], leave_out)
    assert written == expected
    assert len(written) == len(ours)


def test_assessments_and_respondents_are_stored_as_sqlalchemy_stores_them(
    db: Database, mini: Questionnaire
) -> None:
    ids, _, organisation = _parents(db, mini)
    with db.session() as session:
        questionnaire_row = session.execute(select(questionnaires.c.id)).scalar_one()

    def head(period: str, n: int) -> dict[str, Any]:
        return {
            "organisation_id": organisation,
            "period": period,
            "period_start": date(2030, 1 + 3 * (n % 4), 1),
            "questionnaire_row_id": questionnaire_row,
            "questionnaire_id": mini.id,
            "questionnaire_version": mini.version,
            "questionnaire_hash": mini.content_hash,
            "status": "complete" if n % 2 else "draft",
            "created_at": WHEN,
            "completed_at": WHEN if n % 2 else None,
            "targets": {"area_one": 3.25, "é": 4.0} if n % 3 else {},
            "carried_from_id": ids[0] if n == 2 else None,
            "profile": {"has_shops": n % 2 == 0},
        }

    _both_ways(
        db,
        assessments,
        [head(f"2031-Q{n % 4 + 1}", n) | {"id": 1000 + n} for n in range(4)],
        [head(f"2032-Q{n % 4 + 1}", n) | {"id": 2000 + n} for n in range(4)],
        where="id",
        sides=(range(1000, 1004), range(2000, 2004)),
        leave_out=("id", "period"),
    )

    def person(assessment_id: int, n: int, *, anonymous: bool | None) -> dict[str, Any]:
        row: dict[str, Any] = {
            "assessment_id": assessment_id,
            "name": f"{ODD_TEXT} {n}",
            "role": ("leader", "frontline", "manager")[n % 3],
            "created_at": WHEN,
            "finished_at": None if n % 2 else WHEN,
        }
        return row if anonymous is None else row | {"anonymous": anonymous}

    for anonymous in (True, None):  # None: the column is left to its default
        _both_ways(
            db,
            respondents,
            [person(1000, n, anonymous=anonymous) for n in range(5)],
            [person(2000, n, anonymous=anonymous) for n in range(5)],
            where="assessment_id",
            sides=([1000], [2000]),
            leave_out=("id", "assessment_id"),
        )
        with db.session() as session:
            session.execute(
                delete(respondents).where(respondents.c.assessment_id.in_([1000, 2000]))
            )
            session.commit()


def test_plans_and_score_snapshots_are_stored_as_sqlalchemy_stores_them(
    db: Database, mini: Questionnaire
) -> None:
    ids, _, _ = _parents(db, mini)

    def item(assessment_id: int, n: int, *, owner: bool) -> dict[str, Any]:
        row: dict[str, Any] = {
            "assessment_id": assessment_id,
            "position": n,
            "question_id": f"area.q{n}",
            "area_id": "area",
            "kind": "improve" if n % 2 else "find_out",
            "text": ODD_TEXT,
            "current_level": n % 5 + 1 if n % 2 else None,
            "target_level": 5 if n % 2 else None,
            "priority": 1 / 3 + n,
            "due": date(2026, 12, 31) if n % 3 else None,
            "status": "in_progress",
            "carried_from_id": None,
        }
        return row | {"owner": f"Owner {n}"} if owner else row

    for ours, theirs, owner in ((ids[0], ids[1], True), (ids[2], ids[3], False)):
        # Without an owner, the column is left to its default.
        _both_ways(
            db,
            action_items,
            [item(ours, n, owner=owner) for n in range(7)],
            [item(theirs, n, owner=owner) for n in range(7)],
            where="assessment_id",
            sides=([ours], [theirs]),
            leave_out=("id", "assessment_id"),
        )

    def overall(assessment_id: int, n: int) -> dict[str, Any]:
        return {
            "assessment_id": assessment_id,
            "overall": None if n else 2.0 / 3.0 + 1,
            "percent": None if n else (2.0 / 3.0) / 4 * 100,
            "stage": None if n else ODD_TEXT,
            "respondent_count": 10 + n,
            "computed_at": WHEN,
        }

    _both_ways(
        db,
        assessment_scores,
        [overall(ids[n], n) for n in (0, 1)],
        [overall(ids[n + 2], n) for n in (0, 1)],
        where="assessment_id",
        sides=(ids[:2], ids[2:]),
        leave_out=("assessment_id",),
    )

    def area(assessment_id: int, n: int) -> dict[str, Any]:
        return {
            "assessment_id": assessment_id,
            "area_id": f"area{n}",
            "score": None if n == 3 else 1 + n / 7,
            "percent": None if n == 3 else n / 7 / 4 * 100,
            "covered": n,
            "applicable": n + 1,
            "target": 4.0 - n / 10,
        }

    _both_ways(
        db,
        area_scores,
        [area(ids[n % 2], n) for n in range(6)],
        [area(ids[2 + n % 2], n) for n in range(6)],
        where="assessment_id",
        sides=(ids[:2], ids[2:]),
        leave_out=("assessment_id",),
    )
    # More rows than one SQLite statement carries, so full statements and a last, shorter one.
    count = SQLITE_PARAMETERS // len(question_scores.c) * 2 + 7
    _both_ways(
        db,
        question_scores,
        [
            {
                "assessment_id": ids[0],
                "question_id": f"q{n:04d}",
                "score": None if n % 5 == 0 else 1 + n % 13 / 3,
                "level": None if n % 5 == 0 else n % 5 + 1,
                "given": n % 11,
            }
            for n in range(count)
        ],
        [
            {
                "assessment_id": ids[2],
                "question_id": f"q{n:04d}",
                "score": None if n % 5 == 0 else 1 + n % 13 / 3,
                "level": None if n % 5 == 0 else n % 5 + 1,
                "given": n % 11,
            }
            for n in range(count)
        ],
        where="assessment_id",
        sides=([ids[0]], [ids[2]]),
        leave_out=("assessment_id",),
    )


def _answers(count: int) -> list[Answer]:
    made: list[Answer] = []
    for n in range(count):
        value: int | str = ("na", "unknown", 1, 2, 3, 4, 5)[n % 7]
        made.append(
            Answer(
                question_id=f"area.question_{n:04d}",
                value=value,  # type: ignore[arg-type]
                na_reason=ODD_TEXT if value == "na" else "",
                note=ODD_TEXT if n % 3 == 0 else "",
                evidence="Shown the dashboard." if n % 4 == 0 else "",
                needs_reconfirm=n % 5 == 0,
                updated_at=None if n % 2 else WHEN.replace(microsecond=n),
                confidence=list(Confidence)[n % 3],
                unverified=n % 6 == 0,
            )
        )
    return made


@pytest.mark.parametrize("count", [1, 98, 99, 100, 101, 250])
def test_answers_are_stored_as_sqlalchemy_stores_them(
    db: Database, mini: Questionnaire, count: int
) -> None:
    _, people, _ = _parents(db, mini)
    given = _answers(count)
    now = datetime(2026, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)
    # The same answer objects stand for two respondents' answers, as a generated portfolio
    # shares them; batches of 150 split the larger counts across two batches.
    with db.session() as session:
        insert_answers(
            session,
            [(person, answer) for person in people[:2] for answer in given],
            now=now,
            batch_size=150,
        )
        session.execute(
            insert(answers),
            [answer_values(person, a, now=now) for person in people[2:4] for a in given],
        )
        session.commit()
    with db.session() as session:
        for ours, theirs in ((people[0], people[2]), (people[1], people[3])):
            written = _raw(session, answers, "respondent_id", [ours], ("id", "respondent_id"))
            expected = _raw(session, answers, "respondent_id", [theirs], ("id", "respondent_id"))
            assert written == expected
            assert len(written) == count


def test_loaded_ids_name_the_rows_they_were_given_for(db: Database, mini: Questionnaire) -> None:
    # Ids given up front follow the highest stored, even after the highest rows were deleted.
    first = [
        assessment_of(mini, organisation="Acme", period=f"2024-Q{n}", people=3, note=ODD_TEXT)
        for n in (1, 2)
    ]
    with db.session() as session:
        bulk_load_assessments(session, questionnaire=mini, assessments_to_load=first)
    with db.session() as session:
        top = session.execute(select(assessments.c.id).order_by(assessments.c.id.desc())).first()
        assert top is not None
        session.execute(delete(assessments).where(assessments.c.id == top[0]))
        session.commit()
    second = [
        assessment_of(mini, organisation=name, period="2025-Q1", people=names)
        for name, names in (("Acme", ["Ann", "Bo"]), ("Bolt", ["Cy"]))
    ]
    second[0] = second[0].model_copy(
        update={
            "actions": [
                ActionItem(id=7, question_id="q1", area_id="area", text="Start"),
                ActionItem(question_id="q2", area_id="area", text="Carry on", carried_from=7),
            ]
        }
    )
    with db.session() as session:
        new_ids = bulk_load_assessments(session, questionnaire=mini, assessments_to_load=second)
    with db.session() as session:
        for new_id, loaded in zip(new_ids, second, strict=True):
            period = session.execute(
                select(assessments.c.period).where(assessments.c.id == new_id)
            ).scalar_one()
            names = list(
                session.execute(
                    select(respondents.c.name)
                    .where(respondents.c.assessment_id == new_id)
                    .order_by(respondents.c.id)
                ).scalars()
            )
            stored_answers = session.execute(
                select(answers.c.question_id)
                .join(respondents, respondents.c.id == answers.c.respondent_id)
                .where(respondents.c.assessment_id == new_id)
            ).all()
            assert period == loaded.period
            assert names == [r.name for r in loaded.respondents]
            assert len(stored_answers) == sum(len(r.answers) for r in loaded.respondents)
        plan = session.execute(
            select(action_items.c.id, action_items.c.text, action_items.c.carried_from_id)
            .where(action_items.c.assessment_id == new_ids[0])
            .order_by(action_items.c.position)
        ).all()
        assert [row.text for row in plan] == ["Start", "Carry on"]
        assert plan[1].carried_from_id == plan[0].id
