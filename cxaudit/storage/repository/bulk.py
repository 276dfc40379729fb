"""Loading many whole assessments at once: demo data, benchmarks and imports.

Millions of answers are the one place where SQLAlchemy's per-row work shows, so rows are
written in batches straight through the driver (`_sqlite.insert_answers` and `insert_rows`:
on SQLite many rows to a statement, with ids given up front). What a completed assessment
keeps is still the domain's: its score snapshot (`scoring.score_stored_many`, the whole load
scored in one pass) and the organisation's next due date (`schedule`, through
`snapshots.refresh_next_due`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from cxaudit.domain import naming, periods, scoring
from cxaudit.domain.applicability import check_profile
from cxaudit.domain.model import Assessment, AssessmentStatus, Respondent
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.targets import check_targets
from cxaudit.errors import ValidationProblem
from cxaudit.storage.repository._convert import action_values
from cxaudit.storage.repository._questionnaires import store_questionnaire
from cxaudit.storage.repository._sqlite import insert_answers, insert_rows
from cxaudit.storage.repository._tx import now_utc, writes
from cxaudit.storage.repository.organisations import unique_slug
from cxaudit.storage.repository.respondents import RESPONDENT_NAME
from cxaudit.storage.repository.snapshots import SNAPSHOT_TABLES, refresh_next_due, snapshot_rows
from cxaudit.storage.tables import (
    action_items,
    assessments,
    organisations,
    respondents,
)


def _batches(rows: Sequence[dict[str, Any]], size: int) -> Iterable[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _insert_with_ids(
    session: Session, table: Table, rows: Sequence[dict[str, Any]], *, batch_size: int
) -> list[int]:
    """Insert `rows` into `table` and return their new ids, in the order given.

    SQLAlchemy returns ids in parameter order from SQLite only by running one statement per
    row. The load holds SQLite's write lock (`writes` begins it IMMEDIATE), so on SQLite the ids
    are given up front instead, each the next after the table's highest, as SQLite itself would
    pick them, and the rows go in through the driver, many to a statement (`insert_rows`).
    PostgreSQL returns the ids of its multi-row inserts in order.
    """
    if not rows:
        return []
    if session.connection().dialect.name != "sqlite":
        ids: list[int] = []
        for batch in _batches(rows, batch_size):
            ids += [
                int(i)
                for i in session.execute(
                    insert(table).returning(table.c.id, sort_by_parameter_order=True),
                    list(batch),
                ).scalars()
            ]
        return ids
    highest = session.execute(select(func.max(table.c.id))).scalar_one_or_none() or 0
    ids = list(range(highest + 1, highest + 1 + len(rows)))
    for start in range(0, len(rows), batch_size):
        given = zip(rows[start : start + batch_size], ids[start : start + batch_size], strict=True)
        insert_rows(session, table, [row | {"id": row_id} for row, row_id in given])
    return ids


def _insert_loaded_actions(
    session: Session,
    new_ids: Sequence[int],
    loaded: Sequence[Assessment],
    *,
    batch_size: int,
) -> None:
    """Insert the loaded plans, keeping the links between carried items and their sources.

    Incoming `ActionItem.id` values are ids local to the load: each `carried_from` naming one of
    them is pointed at the row that item became. A link to an item outside the load is dropped,
    since a local id says nothing about the rows already stored.
    """
    items = [
        (aid, position, item)
        for aid, assessment in zip(new_ids, loaded, strict=True)
        for position, item in enumerate(assessment.actions)
    ]
    rows = [
        action_values(item, assessment_id=aid, position=position) | {"carried_from_id": None}
        for aid, position, item in items
    ]
    stored_ids = _insert_with_ids(session, action_items, rows, batch_size=batch_size)
    by_local_id = {
        item.id: stored
        for (_, _, item), stored in zip(items, stored_ids, strict=True)
        if item.id is not None
    }
    links = [
        {"row_id": stored, "source_id": by_local_id[item.carried_from]}
        for (_, _, item), stored in zip(items, stored_ids, strict=True)
        if item.carried_from is not None and item.carried_from in by_local_id
    ]
    if links:
        link = (
            update(action_items)
            .where(action_items.c.id == bindparam("row_id"))
            .values(carried_from_id=bindparam("source_id"))
        )
        for batch in _batches(links, batch_size):
            session.connection().execute(link, list(batch))


@writes
def bulk_load_assessments(
    session: Session,
    *,
    questionnaire: Questionnaire,
    assessments_to_load: Sequence[Assessment],
    batch_size: int = 5_000,
) -> list[int]:
    """Write many whole assessments (respondents, answers, actions) in one transaction, fast.

    For demo data, benchmarks and imports. Organisations are matched by id, else by name (as
    `naming.name_key` compares names), and created when new. Completed assessments get their
    score snapshot from the domain, and each organisation's next due date follows its latest
    completed period. Action items keep their
    `carried_from` links to other items of the same load (their ids are read as local to it).
    Returns the new ids in the order given.
    """
    now = now_utc()
    row_id = store_questionnaire(session, questionnaire)
    org_ids: dict[str, int] = {}
    stored: dict[str, int] | None = None
    for assessment in assessments_to_load:
        org = assessment.organisation
        key = naming.name_key(org.name)
        if key in org_ids:
            continue
        if org.id is not None:
            org_ids[key] = org.id
            continue
        if stored is None:
            stored = {
                naming.name_key(name): int(org_id)
                for org_id, name in session.execute(
                    select(organisations.c.id, organisations.c.name)
                )
            }
        existing = stored.get(key)
        if existing is None:
            clean = naming.check_name(org.name)
            existing = session.execute(
                insert(organisations)
                .values(
                    name=clean,
                    slug=unique_slug(session, clean),
                    sector=naming.check_sector(org.sector),
                    default_targets=check_targets(org.default_targets),
                    next_due=org.next_due,
                    created_at=now,
                    profile=check_profile(org.profile),
                )
                .returning(organisations.c.id)
            ).scalar_one()
        org_ids[key] = int(existing)

    head_values = []
    for assessment in assessments_to_load:
        parsed = periods.parse_period(assessment.period)
        head_values.append(
            {
                "organisation_id": org_ids[naming.name_key(assessment.organisation.name)],
                "period": parsed.label,
                "period_start": parsed.start,
                "questionnaire_row_id": row_id,
                "questionnaire_id": questionnaire.id,
                "questionnaire_version": questionnaire.version,
                "questionnaire_hash": questionnaire.content_hash,
                "status": assessment.status.value,
                "created_at": assessment.created_at or now,
                "completed_at": assessment.completed_at
                or (now if assessment.status == AssessmentStatus.COMPLETE else None),
                "targets": check_targets(assessment.targets),
                "carried_from_id": None,
                "profile": check_profile(assessment.profile),
            }
        )
    try:
        new_ids = _insert_with_ids(session, assessments, head_values, batch_size=batch_size)
    except IntegrityError:
        session.rollback()
        raise ValidationProblem(
            "Some of these assessments already exist (same organisation and period)."
        ) from None

    people: list[dict[str, Any]] = []
    owners: list[Respondent] = []
    for assessment_id, assessment in zip(new_ids, assessments_to_load, strict=True):
        seen: set[str] = set()
        for respondent in assessment.respondents:
            if respondent.name.strip().lower() in seen:
                raise ValidationProblem(
                    f"The {assessment.period} assessment of {assessment.organisation.name} "
                    f"names the respondent '{respondent.name.strip()}' twice."
                )
            seen.add(respondent.name.strip().lower())
            people.append(
                {
                    "assessment_id": assessment_id,
                    "name": naming.check_name(respondent.name, what=RESPONDENT_NAME),
                    "role": respondent.role.value,
                    "created_at": now,
                    "anonymous": respondent.anonymous,
                    "finished_at": respondent.finished_at,
                }
            )
            owners.append(respondent)
    respondent_ids = _insert_with_ids(session, respondents, people, batch_size=batch_size)
    insert_answers(
        session,
        (
            (respondent_id, answer)
            for respondent_id, respondent in zip(respondent_ids, owners, strict=True)
            for answer in respondent.answers.values()
        ),
        now=now,
        batch_size=batch_size,
    )
    _insert_loaded_actions(session, new_ids, assessments_to_load, batch_size=batch_size)

    # Every completed assessment is scored by the domain in one pass over the load.
    completed = [
        (assessment_id, assessment)
        for assessment_id, assessment in zip(new_ids, assessments_to_load, strict=True)
        if assessment.status == AssessmentStatus.COMPLETE
    ]
    results = scoring.score_stored_many(questionnaire, [assessment for _, assessment in completed])
    snapshot: list[list[dict[str, Any]]] = [[] for _ in SNAPSHOT_TABLES]
    for (assessment_id, _), result in zip(completed, results, strict=True):
        for kept, more in zip(snapshot, snapshot_rows(assessment_id, result, now=now), strict=True):
            kept += more
    for table, kept in zip(SNAPSHOT_TABLES, snapshot, strict=True):
        for batch in _batches(kept, batch_size):
            insert_rows(session, table, batch)
    for org_id in set(org_ids.values()):
        refresh_next_due(session, org_id)
    return new_ids
