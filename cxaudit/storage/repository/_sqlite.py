"""Straight to the SQLite driver, where SQLAlchemy's per-call work costs as much as the statement.

The portfolio, the drafts and the timeline are read on every visit to Home or History, and
an answer is saved on every level picked: on SQLite these run as SQL compiled once per process
on a pooled driver connection. Values then come back (and go in) as the driver gives them,
and its errors are turned into SQLAlchemy's, so callers handle both paths alike. Many rows
at once (a bulk load, a response file's respondents) go in through the driver too, several
rows to a statement on SQLite, converted as SQLAlchemy converts them (a test holds the stored
rows equal).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain
from operator import itemgetter
from typing import Any

from sqlalchemy import Select, Table, insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.schema import ScalarElementColumnDefault
from sqlmodel import Session

from cxaudit.domain.model import Answer, Confidence
from cxaudit.storage.repository._convert import ANSWER_COLUMNS, value_text
from cxaudit.storage.tables import answers


@dataclass(frozen=True)
class _Prepared:
    """A read-only select compiled once for SQLite, with its parameter names in driver order."""

    sql: str
    names: tuple[str, ...]
    fixed: Mapping[str, Any]


_CONFIDENCE_TEXT = {level: level.value for level in Confidence}
"""A confidence as stored (a dictionary look-up costs less than the enum's `value`)."""

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


SQLITE_PARAMETERS = 999
"""The most values one SQLite statement may bind in the oldest builds cxaudit runs on."""


def insert_driver_rows(
    connection: Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert rows of values already in the driver's formats (see `insert_driver_values`)."""
    insert_driver_values(connection, table, columns, list(chain.from_iterable(rows)))


def insert_driver_values(
    connection: Connection, table: str, columns: Sequence[str], values: Sequence[Any]
) -> None:
    """Insert rows given one after another as one run of values, already in the driver's
    formats (a row's values in the order of `columns`), through the driver.

    On SQLite each statement carries as many rows as fit in `SQLITE_PARAMETERS` values (one
    multi-row INSERT costs a third less per row than a statement per row); PostgreSQL's driver
    pipelines an `executemany` itself.
    """
    if not values:
        return
    width = len(columns)
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    if dialect.name != "sqlite":
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        rows = [tuple(values[start : start + width]) for start in range(0, len(values), width)]
        connection.exec_driver_sql(head + f"({', '.join([mark] * width)})", rows)
        return
    one = f"({', '.join(['?'] * width)})"
    per = max(1, SQLITE_PARAMETERS // width)
    size = per * width
    whole = len(values) - len(values) % size
    if whole:
        statements = range(0, whole, size)
        connection.exec_driver_sql(
            head + ", ".join([one] * per),
            [tuple(values[start : start + size]) for start in statements],
        )
    if whole < len(values):
        rest = tuple(values[whole:])
        connection.exec_driver_sql(head + ", ".join([one] * (len(rest) // width)), rest)


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows given as SQLAlchemy takes them (column name to value, the same columns in
    every row), in the session's transaction.

    On SQLite they go straight to the driver (`insert_driver_rows`): each value is converted by
    its column type's own bind processor, as SQLAlchemy converts it, and a column the rows leave
    out takes its column's default, as SQLAlchemy fills it in, but column by column rather than
    row by row (a test holds the stored rows equal). Elsewhere SQLAlchemy inserts them.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    given = list(rows[0])
    left_out = [column for column in table.c if column.key not in given]
    defaults = {
        column.key: column.default.arg
        for column in left_out
        if isinstance(column.default, ScalarElementColumnDefault)
    }
    worked_out = any(
        column.default is not None for column in left_out if column.key not in defaults
    )
    if dialect.name != "sqlite" or worked_out:
        # A default worked out per row (a function, a sequence) is SQLAlchemy's to give.
        connection.execute(insert(table), list(rows))
        return
    names = given + list(defaults)
    fixed = tuple(defaults.values())
    pick = itemgetter(*given) if len(given) > 1 else (lambda row: (row[given[0]],))
    values: list[Sequence[Any]] = [pick(row) + fixed for row in rows]
    processors = [table.c[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names]
    if any(processors):
        by_column = [
            column if convert is None else list(map(convert, column))
            for convert, column in zip(processors, zip(*values, strict=True), strict=True)
        ]
        values = list(zip(*by_column, strict=True))
    insert_driver_rows(connection, table.name, names, values)


def insert_answers(
    session: Session,
    given: Iterable[tuple[int, Answer]],
    *,
    now: datetime,
    batch_size: int = 5_000,
    confirmed: bool = False,
) -> None:
    """Insert answers straight through the driver (`insert_driver_values`), in batches.

    `confirmed` stores every answer as saved at `now` with no needs-reconfirm mark, whatever
    the objects say: answers entered as a whole round are confirmed as they are written.

    Millions of rows are the one place where SQLAlchemy's per-row parameter processing shows,
    so rows are built as plain values in the driver's own formats (SQLite keeps times as UTC
    text, as SQLAlchemy does; PostgreSQL takes aware datetimes).
    """
    connection = session.connection()
    stamp: Callable[[datetime], Any] = (
        sqlite_utc_text
        if connection.dialect.name == "sqlite"
        else lambda moment: moment.astimezone(UTC)
    )
    # Answers share a handful of times (most carry `now`): each is converted once.
    stamps: dict[datetime, Any] = {}
    # One answer object may stand for many respondents' identical answers (a generated
    # portfolio shares them): its stored values are worked out once per batch. The object is
    # kept with them, so its id cannot be taken by another object while the batch is built.
    known: dict[int, tuple[Answer, tuple[Any, ...]]] = {}

    # Rows go in as one run of values, as `insert_driver_values` takes them.
    width = len(ANSWER_COLUMNS)
    full = batch_size * width
    values: list[Any] = []
    for respondent_id, answer in given:
        found = known.get(id(answer))
        if found is None:
            when = now if confirmed else answer.updated_at or now
            found = known[id(answer)] = (
                answer,
                (
                    answer.question_id,
                    value_text(answer.value),
                    answer.na_reason,
                    answer.note,
                    answer.evidence,
                    stamps.get(when) or stamps.setdefault(when, stamp(when)),
                    answer.needs_reconfirm and not confirmed,
                    _CONFIDENCE_TEXT[answer.confidence],
                    answer.unverified,
                ),
            )
        values.append(respondent_id)
        values += found[1]
        if len(values) >= full:
            insert_driver_values(connection, answers.name, ANSWER_COLUMNS, values)
            values = []
            known.clear()
    insert_driver_values(connection, answers.name, ANSWER_COLUMNS, values)
