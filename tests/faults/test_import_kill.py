"""`cxaudit import backup.json --replace` killed part-way loses nothing (issue 19 §2).

The import used to delete the old assessment in one transaction and load the new one in
others: a SIGKILL during the load of a large backup lost the old 2025-Q2 every time, and a
backup of many organisations left some of them behind. Now the whole import is one transaction.
Each test runs the real command line on a large backup (one organisation's 2025-Q2 answered by
600 people, and 200 new organisations), waits until the import is inside its transaction, kills
it (SIGKILL: no clean-up runs) at several points of it, and checks the database is exactly as
it was (the old 2025-Q2 kept, not one new organisation) or, when the kill came after the
commit, holds the whole import: never a part. An import left to finish writes it all.

On SQLite "inside its transaction" is seen by the write lock being held, and how far it has got
by the bytes written to the write-ahead log (kills at 0 %, 20 %, 45 %, 70 % and 90 % of what an
uninterrupted import writes); on PostgreSQL by the import's connection having written (a
transaction id, found by its application name), and how far by the statement it is running
(kills as each of five kinds of statement, from the first to the last, begins). Points of
progress rather than of time, so a busy machine moves them no more than a quiet one.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cxaudit.catalogue import default_questionnaire
from cxaudit.services import Workspace
from cxaudit.services.exchange import export_backup
from cxaudit.storage import bulk_load_assessments, open_database, repository
from cxaudit.transfer.backup import backup_text
from tests.storage.conftest import PG_ENV, PG_SKIP_REASON
from tests.storage.loads import assessment_of

pytestmark = pytest.mark.slow

PEOPLE = 600
"""Respondents of the backup's 2025-Q2 for Ромашка, the assessment a replace overwrites."""
CLIENTS = 200
"""New organisations in the backup, each with one small assessment."""


def _load(url: str, *assessments: object) -> None:
    ws = Workspace(open_database(url))
    try:
        with ws.session() as session:
            bulk_load_assessments(
                session,
                questionnaire=default_questionnaire(),
                assessments_to_load=list(assessments),  # type: ignore[arg-type]
            )
    finally:
        ws.close()


def _old_state(url: str) -> None:
    """What the database holds before the import: Ромашка's 2025-Q1 and 2025-Q2, and Keep's."""
    q = default_questionnaire()
    _load(
        url,
        assessment_of(q, organisation="Ромашка", period="2025-Q1", people=2, note="older"),
        assessment_of(q, organisation="Ромашка", period="2025-Q2", people=3, note="old"),
        assessment_of(q, organisation="Keep Ltd", period="2025-Q2", people=1, note="keep"),
    )


def _everything(url: str) -> str:
    ws = Workspace(open_database(url))
    try:
        return backup_text(export_backup(ws))
    finally:
        ws.close()


def _whole_import_is_there(url: str) -> None:
    ws = Workspace(open_database(url))
    try:
        with ws.session() as session:
            found = repository.find_assessment(session, organisation_ref="Ромашка", period="2025Q2")
            names = repository.organisations_by_name(session)
    finally:
        ws.close()
    assert len(found.respondents) == PEOPLE
    assert {a.note for r in found.respondents for a in r.answers.values()} == {"new"}
    assert len(names) == 2 + CLIENTS


@pytest.fixture(scope="module")
def big_backup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The large backup: Ромашка's new 2025-Q2 and the clients' assessments."""
    folder = tmp_path_factory.mktemp("big-backup")
    q = default_questionnaire()
    url = f"sqlite:///{folder / 'source.db'}"
    _load(
        url,
        assessment_of(q, organisation="Ромашка", period="2025-Q2", people=PEOPLE, note="new"),
        *(
            assessment_of(q, organisation=f"Client {i:04d}", period="2025-Q2", people=2, note="new")
            for i in range(CLIENTS)
        ),
    )
    path = folder / "backup.json"
    path.write_text(_everything(url), encoding="utf-8")
    return path


Where = int | str
"""How far an import is inside its transaction: on SQLite the bytes it has written to the
write-ahead log, on PostgreSQL the kind of statement it is running."""


@dataclass
class Engine:
    """One database engine under test: fresh databases in the old state, a way to see how far
    the import is inside its transaction, and where in it to kill it."""

    fresh: Callable[[], str]
    """A new database in the old state; its URL."""
    where: Callable[[str], Where | None]
    """How far the import on this URL is inside its transaction; None when not inside one."""
    kill_points: Callable[[list[Where]], list[Callable[[Where], bool]]]
    """From what an uninterrupted import went through, the points to kill the next ones at."""

    def in_transaction(self, url: str) -> bool:
        """Whether the import on this URL holds an open transaction that has begun writing."""
        return self.where(url) is not None


def _written(mark: float) -> Callable[[Where], bool]:
    """Whether the import has written `mark` bytes to SQLite's write-ahead log."""

    def reached(size: Where) -> bool:
        return int(size) >= mark

    return reached


def _running(kind: str) -> Callable[[Where], bool]:
    """Whether the import is running a statement of this kind on PostgreSQL."""

    def reached(statement: Where) -> bool:
        return statement == kind

    return reached


def _sqlite_engine(folder: Path) -> Engine:
    pristine = folder / "pristine.db"
    _old_state(f"sqlite:///{pristine}")
    made = iter(range(1_000))

    def fresh() -> str:
        copy = folder / f"run-{next(made)}.db"
        shutil.copy(pristine, copy)
        return f"sqlite:///{copy}"

    def where(url: str) -> Where | None:
        path = url.removeprefix("sqlite:///")
        connection = sqlite3.connect(path, timeout=0)
        connection.isolation_level = None
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
            return None
        except sqlite3.OperationalError:
            # The write lock is held, by the import's one transaction; a large transaction
            # spills its pages to the log as it goes, long before it commits.
            wal = Path(f"{path}-wal")
            return wal.stat().st_size if wal.exists() else 0
        finally:
            connection.close()

    def kill_points(trace: list[Where]) -> list[Callable[[Where], bool]]:
        start, end = int(trace[0]), max(int(size) for size in trace)
        marks = [start + share * (end - start) for share in (0.0, 0.2, 0.45, 0.7, 0.9)]
        return [_written(mark) for mark in marks]

    return Engine(fresh, where, kill_points)


@pytest.fixture
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """SQLite or PostgreSQL, as the test's parameter says (`indirect`)."""
    if request.param == "sqlite":
        yield _sqlite_engine(tmp_path)
        return
    if not os.environ.get(PG_ENV):
        pytest.skip(PG_SKIP_REASON)
    yield from _postgres_engine()


def _postgres_engine() -> Iterator[Engine]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = os.environ[PG_ENV]
    admin = create_engine(base)
    schemas: list[str] = []
    name = f"cxaudit-kill-{uuid.uuid4().hex[:8]}"

    def fresh() -> str:
        schema = f"cxaudit_kill_{uuid.uuid4().hex[:12]}"
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        schemas.append(schema)
        options = {"options": f"-csearch_path={schema}", "application_name": name}
        url = make_url(base).update_query_dict(options).render_as_string(hide_password=False)
        _old_state(url)
        return url

    def where(_url: str) -> Where | None:
        with admin.connect() as connection:
            found = connection.execute(
                text(
                    "SELECT query FROM pg_stat_activity "
                    "WHERE application_name = :name AND backend_xid IS NOT NULL"
                ),
                {"name": name},
            ).scalar_one_or_none()
        return None if found is None else " ".join(str(found).split()[:3])

    def kill_points(trace: list[Where]) -> list[Callable[[Where], bool]]:
        # The kinds of statement (`INSERT INTO answers`) the import went through, in order;
        # kill as each of five, spread from the first to the last, begins.
        kinds = list(dict.fromkeys(str(statement) for statement in trace))
        chosen = sorted({round(i * (len(kinds) - 1) / 4) for i in range(5)})
        return [_running(kinds[i]) for i in chosen]

    try:
        yield Engine(fresh, where, kill_points)
    finally:
        with admin.begin() as connection:
            for schema in schemas:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _start_import(url: str, backup: Path, home: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, CXAUDIT_HOME=str(home))
    env.pop("CXAUDIT_DB", None)
    return subprocess.Popen(
        [sys.executable, "-m", "cxaudit", "--db", url, "import", str(backup), "--replace", "--yes"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_transaction(process: subprocess.Popen[str], engine: Engine, url: str) -> float:
    """Wait until the import is inside its transaction; the moment it was seen."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if engine.in_transaction(url):
            return time.monotonic()
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the import ended before its transaction was seen: {out}{err}")
        time.sleep(0.005)
    process.kill()
    pytest.fail("the import never began its transaction")


@pytest.mark.parametrize(
    "engine", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_an_import_killed_part_way_leaves_the_database_as_it_was(
    engine: Engine, big_backup: Path, tmp_path: Path
) -> None:
    home = tmp_path / "app-home"
    home.mkdir()

    # What the transaction goes through when left alone, and that it then writes everything.
    url = engine.fresh()
    process = _start_import(url, big_backup, home)
    _wait_for_transaction(process, engine, url)
    trace: list[Where] = []
    while (seen := engine.where(url)) is not None and process.poll() is None:
        trace.append(seen)
        time.sleep(0.002)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, out + err
    assert "1 replaced" in out and f"{CLIENTS} new organisations" in out
    _whole_import_is_there(url)

    points = engine.kill_points(trace)
    assert len(points) >= 4, trace
    killed = 0
    for point in points:
        url = engine.fresh()
        before = _everything(url)
        process = _start_import(url, big_backup, home)
        _wait_for_transaction(process, engine, url)
        while process.poll() is None and (seen := engine.where(url)) is not None:
            if point(seen):
                break
            time.sleep(0.002)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        out, err = process.communicate(timeout=60)
        assert process.returncode in (0, -signal.SIGKILL), out + err
        if _everything(url) == before:
            killed += 1
        else:  # it committed before the kill: then all of it is there
            _whole_import_is_there(url)
    assert killed >= len(points) - 1, "the kills must land inside the import's transaction"

    # After a kill the database is sound: the same import, run again, writes it all.
    process = _start_import(url, big_backup, home)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, out + err
    _whole_import_is_there(url)
