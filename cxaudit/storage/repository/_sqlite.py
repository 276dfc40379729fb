"""Straight to the SQLite driver, where SQLAlchemy's per-call work costs as much as the statement.

The portfolio, the drafts and the timeline are read on every visit to Home or History, and
an answer is saved on every level picked: on SQLite these run as SQL compiled once per process
on a pooled driver connection. Values then come back (and go in) as the driver gives them,
and its errors are turned into SQLAlchemy's, so callers handle both paths alike. Many answers
at once (a bulk load, a response file's respondents) go in through the driver's `executemany`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cxaudit.domain.model import Answer
from cxaudit.storage.repository._convert import ANSWER_COLUMNS, value_text
from cxaudit.storage.tables import answers


@dataclass(frozen=True)
class _Prepared:
    """A read-only select compiled once for SQLite, with its parameter names in driver order."""

    sql: str
    names: tuple[str, ...]
    fixed: Mapping[str, Any]


PREPARED_READS: dict[str, _Prepared] = {}
"""Read-only selects compiled for SQLite, by the name their callers give them."""


def read_rows(
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
    prepared = PREPARED_READS.get(name)
    if prepared is None:
        compiled = statement.compile(dialect=bind.dialect)
        prepared = PREPARED_READS[name] = _Prepared(
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
            raise driver_error(prepared.sql, ordered, exc) from exc
        return rows
    finally:
        pooled.close()


def sqlite_utc_text(moment: datetime) -> str:
    """A time as SQLAlchemy keeps it in SQLite: naive UTC text with microseconds."""
    naive = moment.astimezone(UTC).replace(tzinfo=None)
    return naive.isoformat(sep=" ", timespec="microseconds")


def driver_error(statement: str, params: Sequence[Any], exc: BaseException) -> Any:
    """A driver error as SQLAlchemy would report it, so callers handle both paths alike."""
    import sqlite3

    from sqlalchemy.exc import DBAPIError

    return DBAPIError.instance(statement, params, exc, sqlite3.Error)


def insert_answers(
    session: Session,
    given: Iterable[tuple[int, Answer]],
    *,
    now: datetime,
    batch_size: int = 5_000,
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
        f"INSERT INTO {answers.name} ({', '.join(ANSWER_COLUMNS)}) "
        f"VALUES ({', '.join([mark] * len(ANSWER_COLUMNS))})"
    )
    stamp: Callable[[datetime], Any] = (
        sqlite_utc_text if dialect.name == "sqlite" else lambda moment: moment.astimezone(UTC)
    )
    # Answers share a handful of times (most carry `now`): each is converted once.
    stamps: dict[datetime, Any] = {}

    batch: list[tuple[Any, ...]] = []
    for respondent_id, answer in given:
        when = answer.updated_at or now
        batch.append(
            (
                respondent_id,
                answer.question_id,
                value_text(answer.value),
                answer.na_reason,
                answer.note,
                answer.evidence,
                stamps.get(when) or stamps.setdefault(when, stamp(when)),
                answer.needs_reconfirm,
                answer.confidence.value,
                answer.unverified,
            )
        )
        if len(batch) >= batch_size:
            connection.exec_driver_sql(sql, batch)
            batch = []
    if batch:
        connection.exec_driver_sql(sql, batch)
