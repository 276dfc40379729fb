"""The repository: keyword-only functions that take a session and return domain objects.

The TUI, the CLI, the report and the import/export commands all read and write history through
these functions, so there is one place where rows become domain objects and back.

Rules kept here:

- **Autosave.** Every function that changes something commits before it returns, in its own
  short transaction; a process killed afterwards loses nothing. On SQLite the transaction takes
  the write lock first (`BEGIN IMMEDIATE`), waits up to the busy timeout, and is retried with
  backoff if a lock still slips through, so two app instances never show "database is locked".
- **Set-based reads.** Answers, respondents and actions are loaded with one select per table for
  any number of assessments, never one query per respondent or per organisation.
- **No arithmetic.** Scores, stages, plans and trends come from `cxaudit.domain`; a completed
  assessment keeps a snapshot of the domain's scores so the portfolio lists in one query.
"""

from __future__ import annotations

import functools
import gc
import json
import random
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import EllipsisType
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    select,
    type_coerce,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from cxaudit.domain import periods, plan, schedule, scoring
from cxaudit.domain.model import (
    ActionItem,
    ActionStatus,
    Answer,
    AnswerValue,
    Assessment,
    AssessmentStatus,
    Organisation,
    Respondent,
    Role,
)
from cxaudit.domain.questionnaire import (
    Questionnaire,
    questionnaire_from_data,
)
from cxaudit.domain.results import (
    ActionTally,
    AreaSnapshot,
    AssessmentResult,
    ScoreSnapshot,
)
from cxaudit.domain.targets import check_targets
from cxaudit.errors import NotFoundError, StorageError, ValidationProblem
from cxaudit.storage.engine import IMMEDIATE
from cxaudit.storage.rows import (
    PortfolioLine,
    aware,
    draft_summaries,
    portfolio_lines_from_rows,
    stored_date,
    stored_targets,
    trusted_factory,
)
from cxaudit.storage.tables import (
    action_items,
    answers,
    area_scores,
    assessment_scores,
    assessments,
    organisations,
    questionnaires,
    respondents,
)
from cxaudit.storage.views import (
    DraftSummary,
    HistoryRecord,
    OrganisationSummary,
    OrganisationTimeline,
)

_P = ParamSpec("_P")
_T = TypeVar("_T")

LOCK_RETRIES = 12
"""How many times a write is retried when SQLite still reports a lock after its busy timeout."""

_ANSWER_COLUMNS = (
    "respondent_id",
    "question_id",
    "value",
    "na_reason",
    "note",
    "evidence",
    "updated_at",
    "needs_reconfirm",
)

_COMPLETE = AssessmentStatus.COMPLETE.value
_ASSESSMENT_STATUSES = {status.value: status for status in AssessmentStatus}
_DRAFT = AssessmentStatus.DRAFT.value


# --------------------------------------------------------------------------------------------
# Transactions
# --------------------------------------------------------------------------------------------


def _is_lock_error(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "locked" in text or "busy" in text


def _begin_write(session: Session) -> None:
    """Start a write transaction; on SQLite take the write lock up front."""
    if session.in_transaction():
        # Whatever was read before belongs to an older snapshot; start afresh.
        session.commit()
    if session.get_bind().dialect.name == "sqlite":
        session.connection(execution_options={IMMEDIATE: True})


def _writes(
    fn: Callable[Concatenate[Session, _P], _T],
) -> Callable[Concatenate[Session, _P], _T]:
    """Run `fn` in its own write transaction, commit it, and retry it if SQLite was busy."""

    @functools.wraps(fn)
    def wrapper(session: Session, /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        delay = 0.02
        for attempt in range(LOCK_RETRIES + 1):
            try:
                _begin_write(session)
                result = fn(session, *args, **kwargs)
                session.commit()
                return result
            except OperationalError as exc:
                session.rollback()
                if not _is_lock_error(exc) or attempt == LOCK_RETRIES:
                    raise
                time.sleep(delay + random.uniform(0, delay))
                delay = min(delay * 2, 1.0)
            except BaseException:
                session.rollback()
                raise
        raise StorageError("The database stayed busy; nothing was lost, try again in a moment.")

    return wrapper


def _now() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------------------------
# Conversions between rows and domain objects
# --------------------------------------------------------------------------------------------


def _value_to_text(value: AnswerValue) -> str:
    return str(value)


def _value_from_text(text: str) -> AnswerValue:
    if text == "na":
        return "na"
    if text == "unknown":
        return "unknown"
    return int(text)


def _answer(row: Any) -> Answer:
    return Answer(
        question_id=row.question_id,
        value=_value_from_text(row.value),
        na_reason=row.na_reason,
        note=row.note,
        evidence=row.evidence,
        needs_reconfirm=bool(row.needs_reconfirm),
        updated_at=aware(row.updated_at),
    )


def _trusted_answers(rows: Iterable[Any]) -> Iterable[tuple[int, Answer]]:
    """Answers built from stored rows without validation: they were validated when saved.

    Loading an organisation's history builds thousands of these, so validation, value parsing
    and time-zone fixing are skipped or done once per distinct value.
    """
    construct = trusted_factory(Answer)
    plain = construct is not Answer.model_construct
    new, put, fields = Answer.__new__, object.__setattr__, frozenset(Answer.model_fields)
    values: dict[str, AnswerValue] = {"na": "na", "unknown": "unknown"}
    for level in range(1, 6):
        values[str(level)] = level
    times: dict[Any, datetime | None] = {None: None}
    for row in rows:
        respondent_id, question_id, value, na_reason, note, evidence, reconfirm, updated = row
        when = times.get(updated)
        if when is None and updated is not None:
            moment = datetime.fromisoformat(updated) if isinstance(updated, str) else updated
            when = times[updated] = aware(moment)
        given = {
            "question_id": question_id,
            "value": values[value] if value in values else _value_from_text(value),
            "na_reason": na_reason,
            "note": note,
            "evidence": evidence,
            "needs_reconfirm": bool(reconfirm),
            "updated_at": when,
        }
        if plain:
            # What `trusted_factory(Answer)` does, inlined: this loop runs per stored answer.
            answer = new(Answer)
            put(answer, "__dict__", given)
            put(answer, "__pydantic_fields_set__", set(fields))
            put(answer, "__pydantic_extra__", None)
            put(answer, "__pydantic_private__", None)
        else:
            answer = construct(**given)
        yield respondent_id, answer


def _organisation(row: Any) -> Organisation:
    return Organisation(
        id=row.id,
        name=row.name,
        slug=row.slug,
        sector=row.sector,
        default_targets=dict(row.default_targets or {}),
        next_due=row.next_due,
    )


def _action(row: Any, *, trusted: bool = False) -> ActionItem:
    make = trusted_factory(ActionItem) if trusted else ActionItem
    return make(
        id=row.id,
        question_id=row.question_id,
        area_id=row.area_id,
        kind=row.kind,
        text=row.text,
        current_level=row.current_level,
        target_level=row.target_level,
        priority=row.priority,
        owner=row.owner,
        due=row.due,
        status=ActionStatus(row.status),
        carried_from=row.carried_from_id,
    )


def _action_values(item: ActionItem, *, assessment_id: int, position: int) -> dict[str, Any]:
    return {
        "assessment_id": assessment_id,
        "position": position,
        "question_id": item.question_id,
        "area_id": item.area_id,
        "kind": item.kind,
        "text": item.text,
        "current_level": item.current_level,
        "target_level": item.target_level,
        "priority": item.priority,
        "owner": item.owner,
        "due": item.due,
        "status": item.status.value,
        "carried_from_id": item.carried_from,
    }


def _answer_values(respondent_id: int, answer: Answer, *, now: datetime) -> dict[str, Any]:
    return {
        "respondent_id": respondent_id,
        "question_id": answer.question_id,
        "value": _value_to_text(answer.value),
        "na_reason": answer.na_reason,
        "note": answer.note,
        "evidence": answer.evidence,
        "updated_at": answer.updated_at or now,
        "needs_reconfirm": answer.needs_reconfirm,
    }


def _check_targets(targets: Mapping[str, float] | None) -> dict[str, float]:
    return check_targets(targets)


# --------------------------------------------------------------------------------------------
# Questionnaires stored with assessments
# --------------------------------------------------------------------------------------------

_QUESTIONNAIRE_CACHE: dict[str, Questionnaire] = {}
_QUESTIONNAIRE_CACHE_SIZE = 32


_QUESTIONNAIRE_CACHE_LOCK = threading.Lock()
"""The app reads from several worker threads; only changes to the cache need the lock."""


def _remember(questionnaire: Questionnaire) -> Questionnaire:
    digest = questionnaire.content_hash
    with _QUESTIONNAIRE_CACHE_LOCK:
        while len(_QUESTIONNAIRE_CACHE) >= _QUESTIONNAIRE_CACHE_SIZE:
            _QUESTIONNAIRE_CACHE.pop(next(iter(_QUESTIONNAIRE_CACHE)), None)
        _QUESTIONNAIRE_CACHE[digest] = questionnaire
    return questionnaire


def _store_questionnaire(session: Session, questionnaire: Questionnaire) -> int:
    """The row id of this questionnaire's content, storing it the first time it is used."""
    digest = questionnaire.content_hash
    found = session.execute(
        select(questionnaires.c.id).where(questionnaires.c.content_hash == digest)
    ).scalar_one_or_none()
    if found is not None:
        return int(found)
    new_id = session.execute(
        insert(questionnaires)
        .values(
            content_hash=digest,
            questionnaire_id=questionnaire.id,
            version=questionnaire.version,
            question_count=len(questionnaire.questions),
            content=questionnaire.to_toml_dict(),
        )
        .returning(questionnaires.c.id)
    ).scalar_one()
    _remember(questionnaire)
    return int(new_id)


def _questionnaires_by_row(session: Session, row_ids: Iterable[int]) -> dict[int, Questionnaire]:
    """Stored questionnaires by row id; content is parsed once per process and hash."""
    wanted = set(row_ids)
    if not wanted:
        return {}
    hashes = session.execute(
        select(questionnaires.c.id, questionnaires.c.content_hash).where(
            questionnaires.c.id.in_(wanted)
        )
    ).all()
    found: dict[int, Questionnaire] = {}
    missing: dict[int, str] = {}
    for row_id, digest in hashes:
        cached = _QUESTIONNAIRE_CACHE.get(digest)
        if cached is not None:
            found[row_id] = cached
        else:
            missing[row_id] = digest
    if missing:
        rows = session.execute(
            select(
                questionnaires.c.id,
                questionnaires.c.questionnaire_id,
                questionnaires.c.version,
                questionnaires.c.content,
            ).where(questionnaires.c.id.in_(missing))
        ).all()
        for row in rows:
            origin = f"the stored copy of questionnaire {row.questionnaire_id} v{row.version}"
            found[row.id] = _remember(questionnaire_from_data(dict(row.content), origin))
    return found


# --------------------------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------------------------


def slugify(name: str) -> str:
    """A short, URL- and file-safe form of a name: `Acme Retail (UK)` → `acme-retail-uk`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:180] or "organisation"


def _unique_slug(session: Session, name: str, *, exclude_id: int | None = None) -> str:
    base = slugify(name)
    query = select(organisations.c.slug).where(
        (organisations.c.slug == base) | organisations.c.slug.like(f"{base}-%")
    )
    if exclude_id is not None:
        query = query.where(organisations.c.id != exclude_id)
    taken = set(session.execute(query).scalars())
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _check_name_free(session: Session, name: str, *, exclude_id: int | None = None) -> str:
    clean = name.strip()
    if not clean:
        raise ValidationProblem("An organisation needs a name.")
    query = select(organisations.c.name).where(func.lower(organisations.c.name) == clean.lower())
    if exclude_id is not None:
        query = query.where(organisations.c.id != exclude_id)
    existing = session.execute(query).scalar_one_or_none()
    if existing is not None:
        raise ValidationProblem(f"An organisation called '{existing}' already exists.")
    return clean


def _organisation_row(session: Session, organisation_id: int) -> Any:
    row = session.execute(
        select(organisations).where(organisations.c.id == organisation_id)
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"There is no organisation with id {organisation_id}.")
    return row


@_writes
def create_organisation(
    session: Session,
    *,
    name: str,
    sector: str = "",
    default_targets: Mapping[str, float] | None = None,
    next_due: date | None = None,
) -> Organisation:
    """Add an organisation; its name must be new (ignoring case) and its slug is made from it."""
    clean = _check_name_free(session, name)
    values = {
        "name": clean,
        "slug": _unique_slug(session, clean),
        "sector": sector.strip(),
        "default_targets": _check_targets(default_targets),
        "next_due": next_due,
        "created_at": _now(),
    }
    try:
        new_id = session.execute(
            insert(organisations).values(**values).returning(organisations.c.id)
        ).scalar_one()
    except IntegrityError:
        session.rollback()
        raise ValidationProblem(f"An organisation called '{clean}' already exists.") from None
    return _organisation(_organisation_row(session, int(new_id)))


def get_organisation(session: Session, *, ref: str) -> Organisation:
    """An organisation by slug, by name (ignoring case) or by id."""
    text = str(ref).strip()
    for condition in (
        organisations.c.slug == text,
        func.lower(organisations.c.name) == text.lower(),
        organisations.c.slug == slugify(text),
    ):
        row = session.execute(select(organisations).where(condition)).first()
        if row is not None:
            return _organisation(row)
    if text.isdigit():
        row = session.execute(select(organisations).where(organisations.c.id == int(text))).first()
        if row is not None:
            return _organisation(row)
    raise NotFoundError(f"There is no organisation called '{text}'.")


@_writes
def update_organisation(
    session: Session,
    *,
    organisation_id: int,
    name: str | EllipsisType = ...,
    sector: str | EllipsisType = ...,
    default_targets: Mapping[str, float] | None | EllipsisType = ...,
    next_due: date | None | EllipsisType = ...,
) -> Organisation:
    """Change an organisation's details; arguments left out stay as they are."""
    row = _organisation_row(session, organisation_id)
    values: dict[str, Any] = {}
    if not isinstance(name, EllipsisType) and name.strip() != row.name:
        clean = _check_name_free(session, name, exclude_id=organisation_id)
        values["name"] = clean
        if slugify(clean) != row.slug:
            values["slug"] = _unique_slug(session, clean, exclude_id=organisation_id)
    if not isinstance(sector, EllipsisType):
        values["sector"] = sector.strip()
    if not isinstance(default_targets, EllipsisType):
        values["default_targets"] = _check_targets(default_targets)
    if not isinstance(next_due, EllipsisType):
        values["next_due"] = next_due
    if values:
        try:
            session.execute(
                update(organisations).where(organisations.c.id == organisation_id).values(**values)
            )
        except IntegrityError:
            session.rollback()
            raise ValidationProblem(
                f"An organisation called '{values.get('name', row.name)}' already exists."
            ) from None
    targets_changed = "default_targets" in values and values["default_targets"] != stored_targets(
        row.default_targets
    )
    if targets_changed:
        # Kept scores carry each area's target; history must show the targets now in force.
        completed = session.execute(
            select(assessments.c.id).where(
                assessments.c.organisation_id == organisation_id,
                assessments.c.status == _COMPLETE,
            )
        ).scalars()
        for assessment_id in list(completed):
            _refresh_snapshot(session, int(assessment_id))
    return _organisation(_organisation_row(session, organisation_id))


@dataclass(frozen=True)
class _Prepared:
    """A read-only select compiled once for SQLite, with its parameter names in driver order."""

    sql: str
    names: tuple[str, ...]
    fixed: Mapping[str, Any]


_PREPARED: dict[str, _Prepared] = {}


def _read_rows(
    session: Session,
    name: str,
    statement: Select[Any],
    params: Mapping[str, Any],
    *,
    standalone: bool,
) -> Sequence[Sequence[Any]]:
    """The rows of one read-only select, as plain tuples.

    With `standalone` (the caller reads nothing else in this session, so no other read needs
    to see the same snapshot), on SQLite, and when the session holds no transaction, the
    select (compiled once per process) runs straight on a pooled driver connection: one
    statement reads one consistent snapshot of the file, and SQLAlchemy's per-call work would
    otherwise cost as much as the read. Values then come back as the driver gives them (dates
    and times as ISO text, JSON as text), which `cxaudit.storage.rows` reads. Otherwise the
    select runs in the session, in the same transaction as the session's other reads.
    """
    import sqlite3

    bind = session.get_bind()
    if (
        not standalone
        or bind.dialect.name != "sqlite"
        or session.in_transaction()
        or not isinstance(bind, Engine)
    ):
        return session.execute(statement, dict(params)).all()
    prepared = _PREPARED.get(name)
    if prepared is None:
        compiled = statement.compile(dialect=bind.dialect)
        prepared = _PREPARED[name] = _Prepared(
            sql=str(compiled), names=tuple(compiled.positiontup or ()), fixed=compiled.params
        )
    values = {**prepared.fixed, **params}
    ordered = tuple(values[key] for key in prepared.names)
    pooled = bind.raw_connection()
    try:
        driver = pooled.driver_connection
        assert driver is not None
        try:
            rows: list[tuple[Any, ...]] = driver.execute(prepared.sql, ordered).fetchall()
        except sqlite3.Error as exc:
            raise _driver_error(prepared.sql, ordered, exc) from exc
        return rows
    finally:
        pooled.close()


def _organisation_columns() -> tuple[Any, ...]:
    """An organisation's columns as the list reads them (its targets as stored text)."""
    return (
        organisations.c.id,
        organisations.c.name,
        organisations.c.slug,
        organisations.c.sector,
        type_coerce(organisations.c.default_targets, String).label("default_targets"),
        organisations.c.next_due,
    )


@functools.cache
def _portfolio_select() -> Select[Any]:
    """Every organisation with its latest two completed scores and its assessment counts."""
    ranked = (
        select(
            assessments.c.organisation_id,
            assessments.c.period,
            assessment_scores.c.overall,
            assessment_scores.c.stage,
            func.row_number()
            .over(
                partition_by=assessments.c.organisation_id,
                order_by=(assessments.c.period_start.desc(), assessments.c.id.desc()),
            )
            .label("rank"),
        )
        .select_from(
            assessments.outerjoin(
                assessment_scores, assessment_scores.c.assessment_id == assessments.c.id
            )
        )
        .where(assessments.c.status == _COMPLETE)
        .cte("ranked")
    )

    # The latest two per organisation folded into one row, so the join below is one-to-one.
    def pick(column: Any, rank: int) -> Any:
        return func.max(case((ranked.c.rank == rank, column)))

    latest_two = (
        select(
            ranked.c.organisation_id,
            pick(ranked.c.period, 1).label("latest_period"),
            pick(ranked.c.overall, 1).label("latest_overall"),
            pick(ranked.c.stage, 1).label("latest_stage"),
            pick(ranked.c.period, 2).label("previous_period"),
            pick(ranked.c.overall, 2).label("previous_overall"),
        )
        .where(ranked.c.rank <= 2)
        .group_by(ranked.c.organisation_id)
        .subquery("latest_two")
    )
    counts = (
        select(
            assessments.c.organisation_id,
            func.count().label("total"),
            func.sum(case((assessments.c.status == _DRAFT, 1), else_=0)).label("drafts"),
        )
        .group_by(assessments.c.organisation_id)
        .subquery("counts")
    )
    return (
        select(
            *_organisation_columns(),
            latest_two.c.latest_period,
            latest_two.c.latest_overall,
            latest_two.c.latest_stage,
            latest_two.c.previous_overall,
            func.coalesce(counts.c.total, 0).label("assessment_count"),
            func.coalesce(counts.c.drafts, 0).label("draft_count"),
        )
        .select_from(
            organisations.outerjoin(
                latest_two, latest_two.c.organisation_id == organisations.c.id
            ).outerjoin(counts, counts.c.organisation_id == organisations.c.id)
        )
        .order_by(func.lower(organisations.c.name), organisations.c.id)
    )


def portfolio_lines(
    session: Session, *, today: date | None = None, standalone: bool = False
) -> list[PortfolioLine]:
    """Every organisation's line in the portfolio list, by name: latest completed score, stage,
    trend, due date and counts, without building the organisations themselves.

    One query for the whole portfolio: the latest two completed assessments of each organisation
    are picked with a window function and their stored score snapshots joined in.

    `standalone` says the caller reads nothing else in this session, so the read may skip the
    session (on SQLite, a read on its own is one consistent snapshot anyway). Callers that go
    on to read more, such as an export, leave it off so every read sees the same data.
    """
    rows = _read_rows(session, "portfolio", _portfolio_select(), {}, standalone=standalone)
    return portfolio_lines_from_rows(rows, today=today or date.today())


def list_organisations(
    session: Session, *, today: date | None = None, standalone: bool = False
) -> list[OrganisationSummary]:
    """Every organisation with its latest completed score, stage, trend and due date, by name.

    The lines of `portfolio_lines`, each with its organisation as a domain object.
    """
    make_organisation = trusted_factory(Organisation)
    return [
        OrganisationSummary(
            organisation=make_organisation(
                id=line.organisation_id,
                name=line.name,
                slug=line.slug,
                sector=line.sector,
                default_targets=line.default_targets,
                next_due=line.next_due,
            ),
            latest_period=line.latest_period,
            latest_overall=line.latest_overall,
            latest_stage=line.latest_stage,
            trend=line.trend,
            next_due=line.next_due,
            overdue=line.overdue,
            assessment_count=line.assessment_count,
            draft_count=line.draft_count,
        )
        for line in portfolio_lines(session, today=today, standalone=standalone)
    ]


# --------------------------------------------------------------------------------------------
# Loading assessments, set-based
# --------------------------------------------------------------------------------------------


@contextmanager
def _no_collection_pauses() -> Iterator[None]:
    """Hold off the cyclic garbage collector while thousands of objects are built at once.

    Every object built here stays alive in the result, so collecting in the middle only walks
    them again and again; the collector runs as usual once the load is over.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_assessments(
    session: Session, condition: ColumnElement[bool]
) -> list[tuple[Questionnaire, Assessment]]:
    """Every assessment matching `condition` with its respondents, answers and actions.

    Four selects whatever the number of assessments: assessments, respondents, answers, actions.
    """
    with _no_collection_pauses():
        return _load_assessments_now(session, condition)


def _load_assessments_now(
    session: Session, condition: ColumnElement[bool]
) -> list[tuple[Questionnaire, Assessment]]:
    head_rows = session.execute(
        select(
            assessments,
            organisations.c.id.label("org_id"),
            organisations.c.name.label("org_name"),
            organisations.c.slug.label("org_slug"),
            organisations.c.sector.label("org_sector"),
            organisations.c.default_targets.label("org_targets"),
            organisations.c.next_due.label("org_next_due"),
        )
        .join(organisations, organisations.c.id == assessments.c.organisation_id)
        .where(condition)
        .order_by(assessments.c.period_start, assessments.c.id)
    ).all()
    if not head_rows:
        return []
    ids = [row.id for row in head_rows]
    by_assessment: dict[int, list[Respondent]] = {i: [] for i in ids}
    by_respondent: dict[int, Respondent] = {}
    respondent_rows = session.execute(
        select(
            respondents.c.id, respondents.c.assessment_id, respondents.c.name, respondents.c.role
        )
        .join(assessments, assessments.c.id == respondents.c.assessment_id)
        .where(condition)
        .order_by(respondents.c.id)
    ).all()
    for row in respondent_rows:
        respondent = Respondent.model_construct(
            id=row.id, name=row.name, role=Role(row.role), answers={}
        )
        by_assessment[row.assessment_id].append(respondent)
        by_respondent[row.id] = respondent
    answer_result = session.connection().execute(
        select(
            answers.c.respondent_id,
            answers.c.question_id,
            answers.c.value,
            answers.c.na_reason,
            answers.c.note,
            answers.c.evidence,
            answers.c.needs_reconfirm,
            answers.c.updated_at,
        )
        .join(respondents, respondents.c.id == answers.c.respondent_id)
        .join(assessments, assessments.c.id == respondents.c.assessment_id)
        .where(condition)
    )
    with answer_result:
        if session.get_bind().dialect.name == "sqlite":
            # Thousands of rows: fetched as the driver gives them; times are parsed below,
            # once per distinct value, rather than per row by the result's type processing.
            answer_rows: Sequence[Any] = answer_result.cursor.fetchall()
        else:
            answer_rows = answer_result.all()
    for respondent_id, answer in _trusted_answers(answer_rows):
        by_respondent[respondent_id].answers[answer.question_id] = answer
    actions_by_assessment: dict[int, list[ActionItem]] = {i: [] for i in ids}
    action_rows = session.execute(
        select(action_items)
        .join(assessments, assessments.c.id == action_items.c.assessment_id)
        .where(condition)
        .order_by(action_items.c.position, action_items.c.id)
    ).all()
    for row in action_rows:
        actions_by_assessment[row.assessment_id].append(_action(row, trusted=True))
    questionnaire_map = _questionnaires_by_row(session, {r.questionnaire_row_id for r in head_rows})
    loaded: list[tuple[Questionnaire, Assessment]] = []
    for row in head_rows:
        organisation = Organisation(
            id=row.org_id,
            name=row.org_name,
            slug=row.org_slug,
            sector=row.org_sector,
            default_targets=dict(row.org_targets or {}),
            next_due=row.org_next_due,
        )
        assessment = Assessment(
            id=row.id,
            organisation=organisation,
            period=row.period,
            questionnaire_id=row.questionnaire_id,
            questionnaire_version=row.questionnaire_version,
            questionnaire_hash=row.questionnaire_hash,
            status=AssessmentStatus(row.status),
            created_at=aware(row.created_at),
            completed_at=aware(row.completed_at),
            targets=dict(row.targets or {}),
            respondents=by_assessment[row.id],
            actions=actions_by_assessment[row.id],
        )
        loaded.append((questionnaire_map[row.questionnaire_row_id], assessment))
    return loaded


def _load_one(session: Session, assessment_id: int) -> tuple[Questionnaire, Assessment]:
    found = _load_assessments(session, assessments.c.id == assessment_id)
    if not found:
        raise NotFoundError(f"There is no assessment with id {assessment_id}.")
    return found[0]


def load_assessment(session: Session, *, assessment_id: int) -> Assessment:
    """An assessment with its organisation, respondents, answers and action plan."""
    return _load_one(session, assessment_id)[1]


def assessment_questionnaire(session: Session, *, assessment_id: int) -> Questionnaire:
    """The questionnaire exactly as it was when the assessment was started."""
    row_id = session.execute(
        select(assessments.c.questionnaire_row_id).where(assessments.c.id == assessment_id)
    ).scalar_one_or_none()
    if row_id is None:
        raise NotFoundError(f"There is no assessment with id {assessment_id}.")
    return _questionnaires_by_row(session, [row_id])[row_id]


def organisation_history(
    session: Session, *, organisation_id: int, include_drafts: bool = False
) -> list[tuple[Questionnaire, Assessment]]:
    """An organisation's assessments by period start, each with the questionnaire it used.

    Drafts are left out unless asked for: history is what was completed.
    """
    _organisation_row(session, organisation_id)
    condition = assessments.c.organisation_id == organisation_id
    if not include_drafts:
        condition = and_(condition, assessments.c.status == _COMPLETE)
    return _load_assessments(session, condition)


@functools.cache
def _timeline_select(include_drafts: bool) -> Select[Any]:
    """One organisation (by the `organisation_id` parameter) with each assessment's snapshot.

    One row per assessment and area (one row in all for an organisation without assessments),
    with the assessment's action plan counted by status.
    """
    organisation_id = bindparam("organisation_id", type_=Integer)
    status = action_items.c.status

    def tally(value: ActionStatus) -> Any:
        return func.sum(case((status == value.value, 1), else_=0))

    def counted(column: Any) -> Any:
        return func.coalesce(column, 0)

    plans = (
        select(
            action_items.c.assessment_id,
            tally(ActionStatus.OPEN).label("open"),
            tally(ActionStatus.IN_PROGRESS).label("in_progress"),
            tally(ActionStatus.DONE).label("done"),
            tally(ActionStatus.DROPPED).label("dropped"),
        )
        .join(assessments, assessments.c.id == action_items.c.assessment_id)
        .where(assessments.c.organisation_id == organisation_id)
        .group_by(action_items.c.assessment_id)
        .subquery("plans")
    )
    joined = assessments.c.organisation_id == organisations.c.id
    if not include_drafts:
        joined = and_(joined, assessments.c.status == _COMPLETE)
    return (
        select(
            *_organisation_columns(),
            assessments.c.id.label("assessment_id"),
            assessments.c.period,
            assessments.c.status,
            assessments.c.questionnaire_row_id,
            questionnaires.c.content_hash,
            assessment_scores.c.overall,
            assessment_scores.c.percent,
            assessment_scores.c.stage,
            assessment_scores.c.respondent_count,
            area_scores.c.area_id,
            area_scores.c.score,
            area_scores.c.percent.label("area_percent"),
            area_scores.c.covered,
            area_scores.c.applicable,
            area_scores.c.target,
            counted(plans.c.open),
            counted(plans.c.in_progress),
            counted(plans.c.done),
            counted(plans.c.dropped),
        )
        .select_from(
            organisations.outerjoin(assessments, joined)
            .outerjoin(questionnaires, questionnaires.c.id == assessments.c.questionnaire_row_id)
            .outerjoin(assessment_scores, assessment_scores.c.assessment_id == assessments.c.id)
            .outerjoin(area_scores, area_scores.c.assessment_id == assessments.c.id)
            .outerjoin(plans, plans.c.assessment_id == assessments.c.id)
        )
        .where(organisations.c.id == organisation_id)
        .order_by(assessments.c.period_start, assessments.c.id)
    )


_AREA_ORDER: dict[str, tuple[str, ...]] = {}


def _reads_more(rows: Sequence[Sequence[Any]]) -> bool:
    """Whether building the timeline from `rows` needs further reads (answers to score, or a
    questionnaire not yet parsed in this process)."""
    return any(
        row[6] is not None and (row[14] is None or row[10] not in _QUESTIONNAIRE_CACHE)
        for row in rows
    )


def _area_ids(questionnaire: Questionnaire) -> tuple[str, ...]:
    """A questionnaire's area ids in order, worked out once per content hash."""
    digest = questionnaire.content_hash
    order = _AREA_ORDER.get(digest)
    if order is None:
        order = _AREA_ORDER[digest] = tuple(area.id for area in questionnaire.areas)
    return order


def organisation_timeline(
    session: Session,
    *,
    organisation_id: int,
    include_drafts: bool = False,
    standalone: bool = False,
) -> OrganisationTimeline:
    """An organisation and its assessments by period start, each with its scores and plan tally.

    What the history screen and `cxaudit history` show, read in one query from the snapshots
    the domain computed at completion; no answer is loaded. A draft (or a completed assessment
    stored without a snapshot) is scored by the domain from its answers instead, read in the
    same transaction. `standalone`: see `list_organisations`.
    """
    name = f"timeline:{include_drafts}"
    statement = _timeline_select(include_drafts)
    params = {"organisation_id": organisation_id}
    rows = _read_rows(session, name, statement, params, standalone=standalone)
    if not session.in_transaction() and _reads_more(rows):
        # Answers or questionnaires are needed too: read everything again in one transaction,
        # so the scores kept and the answers scored come from the same moment.
        session.connection()
        rows = _read_rows(session, name, statement, params, standalone=False)
    if not rows:
        raise NotFoundError(f"There is no organisation with id {organisation_id}.")
    first = rows[0]
    organisation = trusted_factory(Organisation)(
        id=first[0],
        name=first[1],
        slug=first[2],
        sector=first[3],
        default_targets=stored_targets(first[4]),
        next_due=stored_date(first[5]),
    )
    heads: dict[int, Sequence[Any]] = {}
    kept: dict[int, dict[str, AreaSnapshot]] = {}
    # Straight from the row's slice: the named tuple's own constructor costs a call per area.
    new = tuple.__new__
    for row in rows:
        assessment_id = row[6]
        if assessment_id is None:
            continue
        areas = kept.get(assessment_id)
        if areas is None:
            heads[assessment_id] = row
            areas = kept[assessment_id] = {}
        if row[15] is not None:
            areas[row[15]] = new(AreaSnapshot, row[15:21])
    by_row: dict[int, Questionnaire] = {}
    unknown: set[int] = set()
    for head in heads.values():
        cached = _QUESTIONNAIRE_CACHE.get(head[10])
        if cached is not None:
            by_row[head[9]] = cached
        else:
            unknown.add(head[9])
    if unknown:
        by_row.update(_questionnaires_by_row(session, unknown))
    # A snapshot always has a respondent count; without one, the domain scores the answers.
    unscored = [i for i, head in heads.items() if head[14] is None]
    scored: dict[int, ScoreSnapshot] = {}
    if unscored:
        for questionnaire, assessment in _load_assessments(session, assessments.c.id.in_(unscored)):
            assert assessment.id is not None
            scored[assessment.id] = ScoreSnapshot.of(
                scoring.score_stored(questionnaire, assessment)
            )
    records: list[HistoryRecord] = []
    for assessment_id, head in heads.items():
        questionnaire = by_row[head[9]]
        snapshot = scored.get(assessment_id)
        if snapshot is None:
            areas = kept[assessment_id]
            order = _area_ids(questionnaire)
            snapshot = ScoreSnapshot(
                head[11],
                head[12],
                head[13],
                head[14],
                tuple(map(areas.__getitem__, order))
                if len(areas) == len(order)
                else tuple(areas[i] for i in order if i in areas),
            )
        records.append(
            HistoryRecord(
                assessment_id,
                head[7],
                _ASSESSMENT_STATUSES[head[8]],
                questionnaire,
                snapshot,
                new(ActionTally, head[21:25]),
            )
        )
    return OrganisationTimeline(organisation=organisation, records=tuple(records))


def find_assessment(
    session: Session, *, organisation_ref: str, period: str | None = None
) -> Assessment:
    """An organisation's assessment for `period`.

    With no period: the latest completed assessment, or the latest draft when none is completed.
    """
    organisation = get_organisation(session, ref=organisation_ref)
    query = select(assessments.c.id).where(assessments.c.organisation_id == organisation.id)
    if period is not None:
        label = periods.parse_period(period).label
        found = session.execute(query.where(assessments.c.period == label)).scalar_one_or_none()
        if found is None:
            raise NotFoundError(f"{organisation.name} has no assessment for {label}.")
    else:
        found = session.execute(
            query.order_by(
                (assessments.c.status == _COMPLETE).desc(),
                assessments.c.period_start.desc(),
                assessments.c.id.desc(),
            ).limit(1)
        ).scalar_one_or_none()
        if found is None:
            raise NotFoundError(f"{organisation.name} has no assessments yet.")
    return load_assessment(session, assessment_id=int(found))


@functools.cache
def _drafts_select() -> Select[Any]:
    """Every draft with its organisation, respondents, confirmed answers and last save."""
    drafts = select(assessments.c.id).where(assessments.c.status == _DRAFT)
    people = (
        select(respondents.c.assessment_id, func.count().label("people"))
        .where(respondents.c.assessment_id.in_(drafts))
        .group_by(respondents.c.assessment_id)
        .subquery("people")
    )
    given = (
        select(
            respondents.c.assessment_id,
            func.sum(case((answers.c.needs_reconfirm.is_(False), 1), else_=0)).label("answered"),
            func.max(answers.c.updated_at).label("last_saved"),
        )
        .join(respondents, respondents.c.id == answers.c.respondent_id)
        .where(respondents.c.assessment_id.in_(drafts))
        .group_by(respondents.c.assessment_id)
        .subquery("given")
    )
    return (
        select(
            assessments.c.id,
            assessments.c.organisation_id,
            organisations.c.name,
            assessments.c.period,
            assessments.c.created_at,
            questionnaires.c.question_count,
            func.coalesce(people.c.people, 0).label("people"),
            func.coalesce(given.c.answered, 0).label("answered"),
            given.c.last_saved,
        )
        .join(organisations, organisations.c.id == assessments.c.organisation_id)
        .join(questionnaires, questionnaires.c.id == assessments.c.questionnaire_row_id)
        .outerjoin(people, people.c.assessment_id == assessments.c.id)
        .outerjoin(given, given.c.assessment_id == assessments.c.id)
        .where(assessments.c.status == _DRAFT)
    )


def list_drafts(session: Session, *, standalone: bool = False) -> list[DraftSummary]:
    """Every assessment still being answered, most recently touched first.

    `standalone`: nothing else is read in this session (see `list_organisations`).
    """
    return draft_summaries(
        _read_rows(session, "drafts", _drafts_select(), {}, standalone=standalone)
    )


# --------------------------------------------------------------------------------------------
# Starting an assessment, respondents and carry-forward
# --------------------------------------------------------------------------------------------


def _latest_completed_before(
    session: Session, *, organisation_id: int, before: date, exclude_id: int | None = None
) -> int | None:
    query = select(assessments.c.id).where(
        assessments.c.organisation_id == organisation_id,
        assessments.c.status == _COMPLETE,
        assessments.c.period_start < before,
    )
    if exclude_id is not None:
        query = query.where(assessments.c.id != exclude_id)
    found = session.execute(
        query.order_by(assessments.c.period_start.desc(), assessments.c.id.desc()).limit(1)
    ).scalar_one_or_none()
    return None if found is None else int(found)


def _actions_of(session: Session, assessment_id: int) -> list[ActionItem]:
    rows = session.execute(
        select(action_items)
        .where(action_items.c.assessment_id == assessment_id)
        .order_by(action_items.c.position, action_items.c.id)
    ).all()
    return [_action(row) for row in rows]


@_writes
def start_assessment(
    session: Session,
    *,
    organisation_id: int,
    period: str,
    questionnaire: Questionnaire,
    carry_forward: bool = False,
    targets: Mapping[str, float] | None = None,
) -> Assessment:
    """Start a draft assessment of an organisation for a period, with a copy of the questionnaire.

    The questionnaire's content is stored once per content hash, so the assessment keeps its
    wording whatever later happens to the questionnaire file.

    With `carry_forward`, the organisation's latest completed assessment before this period
    becomes the source of the new one: its open and in-progress action items are carried over
    (keeping owner, due date and status, each linked to the item it came from), and respondents
    added with `prefill_from_latest=True` start from that assessment's answers.
    """
    organisation = _organisation(_organisation_row(session, organisation_id))
    parsed = periods.parse_period(period)
    checked_targets = _check_targets(targets)
    duplicate = session.execute(
        select(assessments.c.id).where(
            assessments.c.organisation_id == organisation_id,
            assessments.c.period == parsed.label,
        )
    ).first()
    if duplicate is not None:
        raise ValidationProblem(
            f"{organisation.name} already has an assessment for {parsed.label}."
        )
    source_id = (
        _latest_completed_before(session, organisation_id=organisation_id, before=parsed.start)
        if carry_forward
        else None
    )
    row_id = _store_questionnaire(session, questionnaire)
    try:
        new_id = session.execute(
            insert(assessments)
            .values(
                organisation_id=organisation_id,
                period=parsed.label,
                period_start=parsed.start,
                questionnaire_row_id=row_id,
                questionnaire_id=questionnaire.id,
                questionnaire_version=questionnaire.version,
                questionnaire_hash=questionnaire.content_hash,
                status=_DRAFT,
                created_at=_now(),
                targets=checked_targets,
                carried_from_id=source_id,
            )
            .returning(assessments.c.id)
        ).scalar_one()
    except IntegrityError:
        session.rollback()
        raise ValidationProblem(
            f"{organisation.name} already has an assessment for {parsed.label}."
        ) from None
    if source_id is not None:
        carried = plan.carry_forward_actions(_actions_of(session, source_id))
        if carried:
            session.execute(
                insert(action_items),
                [
                    _action_values(item, assessment_id=int(new_id), position=i)
                    for i, item in enumerate(carried)
                ],
            )
    return _load_one(session, int(new_id))[1]


def _prefill_source(session: Session, *, assessment_row: Any, name: str, role: Role) -> int | None:
    """The earlier respondent whose answers a new respondent starts from.

    The rule: in the source assessment (the one this assessment carried forward from, else the
    organisation's latest completed assessment before this period), the respondent with the
    same name (ignoring case) or, failing that, the first respondent with the same role.
    """
    source_id = assessment_row.carried_from_id or _latest_completed_before(
        session,
        organisation_id=assessment_row.organisation_id,
        before=assessment_row.period_start,
        exclude_id=assessment_row.id,
    )
    if source_id is None:
        return None
    candidates = session.execute(
        select(respondents.c.id, respondents.c.name, respondents.c.role)
        .where(respondents.c.assessment_id == source_id)
        .order_by(respondents.c.id)
    ).all()
    for row in candidates:
        if row.name.strip().lower() == name.lower():
            return int(row.id)
    for row in candidates:
        if row.role == role.value:
            return int(row.id)
    return None


@_writes
def add_respondent(
    session: Session,
    *,
    assessment_id: int,
    name: str,
    role: Role,
    prefill_from_latest: bool = False,
) -> Respondent:
    """Add a person to an assessment; names are unique within one assessment (ignoring case).

    Pre-filling (`prefill_from_latest=True`) follows one rule. The source assessment is the one
    this assessment carried forward from (`start_assessment(..., carry_forward=True)`), else the
    organisation's latest completed assessment before this period. In it, the respondent with
    the same name (ignoring case) is used or, failing that, the first respondent with the same
    role. Their answers to questions this assessment still asks are copied, each marked
    `needs_reconfirm` until the new respondent saves it again. With no source or no match the
    respondent starts empty.
    """
    clean = name.strip()
    if not clean:
        raise ValidationProblem("A respondent needs a name.")
    row = session.execute(
        select(assessments).where(assessments.c.id == assessment_id)
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"There is no assessment with id {assessment_id}.")
    taken = session.execute(
        select(respondents.c.name).where(
            respondents.c.assessment_id == assessment_id,
            func.lower(respondents.c.name) == clean.lower(),
        )
    ).first()
    if taken is not None:
        raise ValidationProblem(f"This assessment already has a respondent called '{taken[0]}'.")
    now = _now()
    respondent_id = int(
        session.execute(
            insert(respondents)
            .values(assessment_id=assessment_id, name=clean, role=Role(role).value, created_at=now)
            .returning(respondents.c.id)
        ).scalar_one()
    )
    given: dict[str, Answer] = {}
    if prefill_from_latest:
        source = _prefill_source(session, assessment_row=row, name=clean, role=Role(role))
        if source is not None:
            asked = _questionnaires_by_row(session, [row.questionnaire_row_id])[
                row.questionnaire_row_id
            ]
            earlier = session.execute(
                select(answers).where(answers.c.respondent_id == source)
            ).all()
            for previous in earlier:
                if asked.has_question(previous.question_id):
                    answer = _answer(previous).model_copy(
                        update={"needs_reconfirm": True, "updated_at": now}
                    )
                    given[answer.question_id] = answer
            if given:
                session.execute(
                    insert(answers),
                    [_answer_values(respondent_id, a, now=now) for a in given.values()],
                )
    return Respondent(id=respondent_id, name=clean, role=Role(role), answers=given)


_people = respondents
"""The respondents table, by a name that `add_respondents`' own argument does not hide."""


@_writes
def add_respondents(
    session: Session, *, assessment_id: int, respondents: Sequence[Respondent]
) -> list[Respondent]:
    """Add several people with their answers to an assessment, all in one transaction.

    For entering a paper round or a spreadsheet at once: either every respondent and answer is
    kept or, when one is refused (an empty or repeated name, a question this assessment does
    not ask), nothing is. Answers are saved as given, confirmed; a completed assessment's score
    snapshot is refreshed. Returns the respondents with their new ids, in the order given.
    """
    people = respondents
    row = session.execute(
        select(
            assessments.c.status,
            assessments.c.questionnaire_row_id,
        ).where(assessments.c.id == assessment_id)
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"There is no assessment with id {assessment_id}.")
    asked = _questionnaires_by_row(session, [row.questionnaire_row_id])[row.questionnaire_row_id]
    taken = {
        str(name).lower(): str(name)
        for name in session.execute(
            select(_people.c.name).where(_people.c.assessment_id == assessment_id)
        ).scalars()
    }
    clean_names: list[str] = []
    for person in people:
        clean = person.name.strip()
        if not clean:
            raise ValidationProblem("A respondent needs a name.")
        if clean.lower() in taken:
            raise ValidationProblem(
                f"This assessment already has a respondent called '{taken[clean.lower()]}'."
            )
        taken[clean.lower()] = clean
        for question_id in person.answers:
            if not asked.has_question(question_id):
                raise ValidationProblem(
                    f"Question '{question_id}' is not in this assessment's questionnaire."
                )
        clean_names.append(clean)
    if not people:
        return []
    now = _now()
    new_ids = [
        int(i)
        for i in session.execute(
            insert(_people).returning(_people.c.id, sort_by_parameter_order=True),
            [
                {
                    "assessment_id": assessment_id,
                    "name": clean,
                    "role": Role(person.role).value,
                    "created_at": now,
                }
                for clean, person in zip(clean_names, people, strict=True)
            ],
        ).scalars()
    ]
    added: list[Respondent] = []
    answer_rows: list[dict[str, Any]] = []
    for new_id, clean, person in zip(new_ids, clean_names, people, strict=True):
        given = {
            question_id: answer.model_copy(update={"needs_reconfirm": False, "updated_at": now})
            for question_id, answer in person.answers.items()
        }
        answer_rows += [_answer_values(new_id, answer, now=now) for answer in given.values()]
        added.append(Respondent(id=new_id, name=clean, role=Role(person.role), answers=given))
    if answer_rows:
        session.execute(insert(answers), answer_rows)
    if row.status == _COMPLETE:
        _refresh_snapshot(session, assessment_id)
    return added


# --------------------------------------------------------------------------------------------
# Answers
# --------------------------------------------------------------------------------------------


def _respondent_context(session: Session, respondent_id: int) -> Any:
    """The respondent's assessment, its status and questionnaire; NotFoundError if unknown."""
    row = session.execute(
        select(
            respondents.c.id,
            respondents.c.assessment_id,
            assessments.c.status,
            assessments.c.questionnaire_row_id,
            assessments.c.questionnaire_hash,
        )
        .join(assessments, assessments.c.id == respondents.c.assessment_id)
        .where(respondents.c.id == respondent_id)
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"There is no respondent with id {respondent_id}.")
    return row


_ANSWER_SET = ("value", "na_reason", "note", "evidence", "updated_at", "needs_reconfirm")

_SQLITE_CONTEXT = (
    f"SELECT r.assessment_id, a.status, a.questionnaire_row_id, a.questionnaire_hash "
    f"FROM {respondents.name} AS r JOIN {assessments.name} AS a ON a.id = r.assessment_id "
    f"WHERE r.id = ?"
)
_SQLITE_UPSERT = (
    f"INSERT INTO {answers.name} ({', '.join(_ANSWER_COLUMNS)}) "
    f"VALUES ({', '.join(['?'] * len(_ANSWER_COLUMNS))}) "
    f"ON CONFLICT (respondent_id, question_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _ANSWER_SET)
)
"""Autosave runs on every keystroke that picks a level, so on SQLite its two statements are
written once here and run straight on the driver: no statement building or compiling per save."""

_SQLITE_QUESTIONNAIRE = (
    f"SELECT questionnaire_id, version, content FROM {questionnaires.name} WHERE id = ?"
)

_QUESTION_IDS: dict[str, frozenset[str]] = {}
"""Question ids by questionnaire content hash: checking an answer's question needs no select."""


@functools.cache
def _postgres_upsert() -> Any:
    """The PostgreSQL upsert, built once per process and reused with new parameters."""
    from sqlalchemy.dialects import postgresql

    statement = postgresql.insert(answers)
    return statement.on_conflict_do_update(
        index_elements=[answers.c.respondent_id, answers.c.question_id],
        set_={k: statement.excluded[k] for k in _ANSWER_SET},
    )


def _question_ids(session: Session, *, row_id: int, digest: str) -> frozenset[str]:
    found = _QUESTION_IDS.get(digest)
    if found is None:
        asked = _questionnaires_by_row(session, [row_id])[row_id]
        found = frozenset(q.id for q in asked.questions)
        _QUESTION_IDS[digest] = found
    return found


def _sqlite_utc_text(moment: datetime) -> str:
    """A time as SQLAlchemy keeps it in SQLite: naive UTC text with microseconds."""
    naive = moment.astimezone(UTC).replace(tzinfo=None)
    return naive.isoformat(sep=" ", timespec="microseconds")


def _driver_error(statement: str, params: Sequence[Any], exc: BaseException) -> Any:
    """A driver error as SQLAlchemy would report it, so callers handle both paths alike."""
    import sqlite3

    from sqlalchemy.exc import DBAPIError

    return DBAPIError.instance(statement, params, exc, sqlite3.Error)


def _save_sqlite_fast(session: Session, respondent_id: int, answer: Answer, now: datetime) -> bool:
    """Save one answer on SQLite straight through a pooled driver connection.

    One `BEGIN IMMEDIATE` transaction holds a lookup of the respondent and the upsert, and
    commits at once; a lock that outlasts the busy timeout is retried with backoff like every
    other write. Returns False, having written nothing, when the assessment is complete: its
    score snapshot must be refreshed in the same transaction, which the general path does.
    """
    import sqlite3

    if session.in_transaction():
        # Whatever was read before belongs to an older snapshot; start afresh.
        session.commit()
    bind = session.get_bind()
    if not isinstance(bind, Engine):
        return False
    pooled = bind.raw_connection()
    try:
        driver = pooled.driver_connection
        assert driver is not None
        delay = 0.02
        for attempt in range(LOCK_RETRIES + 1):
            statement: str = "BEGIN IMMEDIATE"
            params: Sequence[Any] = ()
            try:
                driver.execute(statement)
                try:
                    statement, params = _SQLITE_CONTEXT, (respondent_id,)
                    context = driver.execute(statement, params).fetchone()
                    if context is None:
                        raise NotFoundError(f"There is no respondent with id {respondent_id}.")
                    _assessment_id, status, row_id, digest = context
                    if status == _COMPLETE:
                        return False
                    asked = _QUESTION_IDS.get(digest)
                    if asked is None:
                        statement, params = _SQLITE_QUESTIONNAIRE, (row_id,)
                        stored = driver.execute(statement, params).fetchone()
                        origin = f"the stored copy of questionnaire {stored[0]} v{stored[1]}"
                        parsed = _remember(questionnaire_from_data(json.loads(stored[2]), origin))
                        asked = _QUESTION_IDS[digest] = frozenset(q.id for q in parsed.questions)
                    if answer.question_id not in asked:
                        raise ValidationProblem(
                            f"Question '{answer.question_id}' is not in this assessment's "
                            "questionnaire."
                        )
                    statement = _SQLITE_UPSERT
                    params = (
                        respondent_id,
                        answer.question_id,
                        _value_to_text(answer.value),
                        answer.na_reason,
                        answer.note,
                        answer.evidence,
                        _sqlite_utc_text(now),
                        0,
                    )
                    driver.execute(statement, params)
                    statement, params = "COMMIT", ()
                    driver.execute(statement)
                    return True
                finally:
                    if driver.in_transaction:
                        driver.execute("ROLLBACK")
            except sqlite3.Error as exc:
                wrapped = _driver_error(statement, params, exc)
                if not isinstance(wrapped, OperationalError) or not _is_lock_error(wrapped):
                    raise wrapped from exc
                if attempt == LOCK_RETRIES:
                    raise wrapped from exc
                time.sleep(delay + random.uniform(0, delay))
                delay = min(delay * 2, 1.0)
        raise StorageError("The database stayed busy; nothing was lost, try again in a moment.")
    finally:
        pooled.close()


def _save_other(session: Session, respondent_id: int, answer: Answer, now: datetime) -> Any:
    context = _respondent_context(session, respondent_id)
    assessment_id, status = context.assessment_id, context.status
    asked = _question_ids(
        session, row_id=context.questionnaire_row_id, digest=context.questionnaire_hash
    )
    if answer.question_id not in asked:
        raise ValidationProblem(
            f"Question '{answer.question_id}' is not in this assessment's questionnaire."
        )
    session.connection().execute(_postgres_upsert(), _answer_values(respondent_id, answer, now=now))
    return assessment_id, status


@_writes
def _save_answer_in_session(
    session: Session, respondent_id: int, answer: Answer, now: datetime
) -> None:
    assessment_id, status = _save_other(session, respondent_id, answer, now)
    if status == _COMPLETE:
        _refresh_snapshot(session, int(assessment_id))


def save_answer(session: Session, *, respondent_id: int, answer: Answer) -> Answer:
    """Save (or replace) one answer at once; saving clears its needs-reconfirm mark.

    A change to a completed assessment refreshes its score snapshot straight away.
    """
    now = _now()
    # The answer was validated when it was made; only the two stored fields change.
    saved: Answer = trusted_factory(Answer)(
        **(answer.__dict__ | {"needs_reconfirm": False, "updated_at": now})
    )
    if session.get_bind().dialect.name == "sqlite" and _save_sqlite_fast(
        session, respondent_id, saved, now
    ):
        return saved
    _save_answer_in_session(session, respondent_id, saved, now)
    return saved


@_writes
def clear_answer(session: Session, *, respondent_id: int, question_id: str) -> None:
    """Remove a respondent's answer to one question (it becomes unanswered)."""
    context = _respondent_context(session, respondent_id)
    session.execute(
        delete(answers).where(
            answers.c.respondent_id == respondent_id, answers.c.question_id == question_id
        )
    )
    if context.status == _COMPLETE:
        _refresh_snapshot(session, int(context.assessment_id))


# --------------------------------------------------------------------------------------------
# Completing, reopening and the score snapshot
# --------------------------------------------------------------------------------------------


def _snapshot_rows(
    assessment_id: int, result: AssessmentResult, *, now: datetime
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The rows that keep the domain's scores of one assessment."""
    overall = {
        "assessment_id": assessment_id,
        "overall": result.overall,
        "percent": result.percent,
        "stage": result.stage.name if result.stage is not None else None,
        "respondent_count": result.respondent_count,
        "computed_at": now,
    }
    per_area = [
        {
            "assessment_id": assessment_id,
            "area_id": area.area_id,
            "score": area.score,
            "percent": area.percent,
            "covered": area.covered,
            "applicable": area.applicable,
            "target": area.target,
        }
        for area in result.areas
    ]
    return overall, per_area


def _write_snapshot(
    session: Session, assessment_id: int, result: AssessmentResult, *, now: datetime
) -> None:
    session.execute(
        delete(assessment_scores).where(assessment_scores.c.assessment_id == assessment_id)
    )
    session.execute(delete(area_scores).where(area_scores.c.assessment_id == assessment_id))
    overall, per_area = _snapshot_rows(assessment_id, result, now=now)
    session.execute(insert(assessment_scores), [overall])
    if per_area:
        session.execute(insert(area_scores), per_area)


def _refresh_snapshot(session: Session, assessment_id: int) -> None:
    questionnaire, assessment = _load_one(session, assessment_id)
    _write_snapshot(
        session, assessment_id, scoring.score_stored(questionnaire, assessment), now=_now()
    )


def _refresh_next_due(session: Session, organisation_id: int) -> None:
    """Due next: the last day of the period after the organisation's latest completed one.

    An audit of a period is done during the next one, so completing 2026-Q3 makes the next
    audit due by 2026-12-31; only after that day is the organisation overdue.
    """
    latest = session.execute(
        select(assessments.c.period)
        .where(assessments.c.organisation_id == organisation_id, assessments.c.status == _COMPLETE)
        .order_by(assessments.c.period_start.desc(), assessments.c.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if latest is None:
        return
    due = schedule.next_due_after(latest)
    session.execute(
        update(organisations).where(organisations.c.id == organisation_id).values(next_due=due)
    )


@_writes
def complete_assessment(
    session: Session, *, assessment_id: int, now: datetime | None = None
) -> Assessment:
    """Score the assessment with the domain, store its action plan and a score snapshot.

    The fresh plan is merged with the items carried from the previous audit (a carried item
    keeps its owner, due date and status). Completing again after a reopen keeps the owner, due
    date and status of plan items that are still on the plan. The organisation's next
    assessment becomes due by the last day of the period after its latest completed one.
    """
    when = now or _now()
    questionnaire, assessment = _load_one(session, assessment_id)
    if not any(r.answers for r in assessment.respondents):
        raise ValidationProblem(
            f"The {assessment.period} assessment of {assessment.organisation.name} has no "
            "answers yet; answer at least one question before completing it."
        )
    result = scoring.score_stored(questionnaire, assessment)
    kept: set[int] = set()
    for position, item in enumerate(plan.plan_for(questionnaire, result, assessment.actions)):
        values = _action_values(item, assessment_id=assessment_id, position=position)
        if item.id is None:
            session.execute(insert(action_items).values(**values))
        else:
            kept.add(item.id)
            session.execute(
                update(action_items).where(action_items.c.id == item.id).values(**values)
            )
    stale = [i.id for i in assessment.actions if i.id is not None and i.id not in kept]
    if stale:
        session.execute(delete(action_items).where(action_items.c.id.in_(stale)))
    _write_snapshot(session, assessment_id, result, now=when)
    session.execute(
        update(assessments)
        .where(assessments.c.id == assessment_id)
        .values(status=_COMPLETE, completed_at=when)
    )
    assert assessment.organisation.id is not None
    _refresh_next_due(session, assessment.organisation.id)
    return _load_one(session, assessment_id)[1]


@_writes
def reopen_assessment(session: Session, *, assessment_id: int) -> Assessment:
    """Make a completed assessment a draft again; its plan stays, its score snapshot goes."""
    found = session.execute(
        update(assessments)
        .where(assessments.c.id == assessment_id)
        .values(status=_DRAFT, completed_at=None)
        .returning(assessments.c.id)
    ).first()
    if found is None:
        raise NotFoundError(f"There is no assessment with id {assessment_id}.")
    session.execute(
        delete(assessment_scores).where(assessment_scores.c.assessment_id == assessment_id)
    )
    session.execute(delete(area_scores).where(area_scores.c.assessment_id == assessment_id))
    return _load_one(session, assessment_id)[1]


# --------------------------------------------------------------------------------------------
# Action items
# --------------------------------------------------------------------------------------------


@_writes
def update_action_item(
    session: Session,
    *,
    action_id: int,
    owner: str | None = None,
    due: date | None | EllipsisType = ...,
    status: ActionStatus | None = None,
    text: str | None = None,
) -> ActionItem:
    """Change an action's owner, due date (None clears it), status or wording, saved at once."""
    values: dict[str, Any] = {}
    if owner is not None:
        values["owner"] = owner.strip()
    if not isinstance(due, EllipsisType):
        values["due"] = due
    if status is not None:
        values["status"] = ActionStatus(status).value
    if text is not None:
        if not text.strip():
            raise ValidationProblem("An action needs some text.")
        values["text"] = text.strip()
    statement = update(action_items).where(action_items.c.id == action_id)
    if values:
        session.execute(statement.values(**values))
    row = session.execute(select(action_items).where(action_items.c.id == action_id)).first()
    if row is None:
        raise NotFoundError(f"There is no action item with id {action_id}.")
    return _action(row)


# --------------------------------------------------------------------------------------------
# Deleting
# --------------------------------------------------------------------------------------------


@_writes
def delete_assessment(session: Session, *, assessment_id: int, confirm: bool) -> None:
    """Delete an assessment with its respondents, answers, plan and scores; needs `confirm`.

    Items later carried from its plan stay, no longer linked.
    """
    row = session.execute(
        select(assessments.c.period, organisations.c.name)
        .join(organisations, organisations.c.id == assessments.c.organisation_id)
        .where(assessments.c.id == assessment_id)
    ).first()
    if row is None:
        raise NotFoundError(f"There is no assessment with id {assessment_id}.")
    if not confirm:
        raise ValidationProblem(
            f"Deleting the {row.period} assessment of {row.name} removes all its answers and "
            "actions; confirm to go ahead."
        )
    session.execute(delete(assessments).where(assessments.c.id == assessment_id))


@_writes
def delete_organisation(session: Session, *, organisation_id: int, confirm: bool) -> None:
    """Delete an organisation with all of its assessments and their data; needs `confirm`."""
    row = _organisation_row(session, organisation_id)
    if not confirm:
        raise ValidationProblem(
            f"Deleting {row.name} removes all of its assessments, answers and actions; "
            "confirm to go ahead."
        )
    session.execute(delete(organisations).where(organisations.c.id == organisation_id))


# --------------------------------------------------------------------------------------------
# Bulk loading
# --------------------------------------------------------------------------------------------


def _batches(rows: Sequence[dict[str, Any]], size: int) -> Iterable[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _insert_answers_fast(
    session: Session,
    given: Iterable[tuple[int, Answer]],
    *,
    now: datetime,
    batch_size: int,
) -> None:
    """Insert answers straight through the driver's `executemany`, in batches.

    Millions of rows are the one place where SQLAlchemy's per-row parameter processing shows,
    so rows are built as plain tuples in the driver's own formats (SQLite keeps times as UTC
    text, as SQLAlchemy does; PostgreSQL takes aware datetimes).
    """
    connection = session.connection()
    dialect = connection.dialect
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {answers.name} ({', '.join(_ANSWER_COLUMNS)}) "
        f"VALUES ({', '.join([mark] * len(_ANSWER_COLUMNS))})"
    )
    as_text = dialect.name == "sqlite"

    def when(value: datetime | None) -> Any:
        moment = (value or now).astimezone(UTC)
        return (
            moment.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
            if (as_text)
            else moment
        )

    batch: list[tuple[Any, ...]] = []
    for respondent_id, answer in given:
        batch.append(
            (
                respondent_id,
                answer.question_id,
                _value_to_text(answer.value),
                answer.na_reason,
                answer.note,
                answer.evidence,
                when(answer.updated_at),
                answer.needs_reconfirm,
            )
        )
        if len(batch) >= batch_size:
            connection.exec_driver_sql(sql, batch)
            batch = []
    if batch:
        connection.exec_driver_sql(sql, batch)


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
        _action_values(item, assessment_id=aid, position=position) | {"carried_from_id": None}
        for aid, position, item in items
    ]
    stored_ids: list[int] = []
    for batch in _batches(rows, batch_size):
        stored_ids += [
            int(i)
            for i in session.execute(
                insert(action_items).returning(action_items.c.id, sort_by_parameter_order=True),
                list(batch),
            ).scalars()
        ]
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


@_writes
def bulk_load_assessments(
    session: Session,
    *,
    questionnaire: Questionnaire,
    assessments_to_load: Sequence[Assessment],
    batch_size: int = 5_000,
) -> list[int]:
    """Write many whole assessments (respondents, answers, actions) in one transaction, fast.

    For demo data, benchmarks and imports. Organisations are matched by id, else by name, and
    created when new. Completed assessments get their score snapshot from the domain, and each
    organisation's next due date follows its latest completed period. Action items keep their
    `carried_from` links to other items of the same load (their ids are read as local to it).
    Returns the new ids in the order given.
    """
    now = _now()
    row_id = _store_questionnaire(session, questionnaire)
    org_ids: dict[str, int] = {}
    for assessment in assessments_to_load:
        org = assessment.organisation
        key = org.name.strip().lower()
        if key in org_ids:
            continue
        if org.id is not None:
            org_ids[key] = org.id
            continue
        existing = session.execute(
            select(organisations.c.id).where(func.lower(organisations.c.name) == key)
        ).scalar_one_or_none()
        if existing is None:
            existing = session.execute(
                insert(organisations)
                .values(
                    name=org.name.strip(),
                    slug=_unique_slug(session, org.name),
                    sector=org.sector,
                    default_targets=_check_targets(org.default_targets),
                    next_due=org.next_due,
                    created_at=now,
                )
                .returning(organisations.c.id)
            ).scalar_one()
        org_ids[key] = int(existing)

    head_values = []
    for assessment in assessments_to_load:
        parsed = periods.parse_period(assessment.period)
        head_values.append(
            {
                "organisation_id": org_ids[assessment.organisation.name.strip().lower()],
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
                "targets": _check_targets(assessment.targets),
                "carried_from_id": None,
            }
        )
    try:
        new_ids = [
            int(i)
            for i in session.execute(
                insert(assessments).returning(assessments.c.id, sort_by_parameter_order=True),
                head_values,
            ).scalars()
        ]
    except IntegrityError:
        session.rollback()
        raise ValidationProblem(
            "Some of these assessments already exist (same organisation and period)."
        ) from None

    people: list[dict[str, Any]] = []
    owners: list[Respondent] = []
    for assessment_id, assessment in zip(new_ids, assessments_to_load, strict=True):
        for respondent in assessment.respondents:
            people.append(
                {
                    "assessment_id": assessment_id,
                    "name": respondent.name,
                    "role": respondent.role.value,
                    "created_at": now,
                }
            )
            owners.append(respondent)
    respondent_ids: list[int] = []
    for batch in _batches(people, batch_size):
        respondent_ids += [
            int(i)
            for i in session.execute(
                insert(respondents).returning(respondents.c.id, sort_by_parameter_order=True),
                list(batch),
            ).scalars()
        ]
    _insert_answers_fast(
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

    overall_rows: list[dict[str, Any]] = []
    area_rows: list[dict[str, Any]] = []
    for assessment_id, assessment in zip(new_ids, assessments_to_load, strict=True):
        if assessment.status == AssessmentStatus.COMPLETE:
            overall, per_area = _snapshot_rows(
                assessment_id, scoring.score_stored(questionnaire, assessment), now=now
            )
            overall_rows.append(overall)
            area_rows += per_area
    for batch in _batches(overall_rows, batch_size):
        session.execute(insert(assessment_scores), list(batch))
    for batch in _batches(area_rows, batch_size):
        session.execute(insert(area_scores), list(batch))
    for org_id in set(org_ids.values()):
        _refresh_next_due(session, org_id)
    return new_ids
