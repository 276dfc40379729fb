"""A large response CSV written a batch at a time is still all or nothing, killed or not.

A staff survey's answers are built and written 20,000 at a time (so that they are never all in
memory as domain objects), but every batch joins the import's one transaction. The real command
line imports 2,500 respondents × 48 answers (six batches) into a draft that already holds one
respondent; SIGKILL at several points inside the transaction (by the bytes it has written to
SQLite's write-ahead log: points of progress, not of time) leaves the draft exactly as it was,
and the import left alone writes everyone.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cxaudit.catalogue import default_questionnaire
from cxaudit.services import Workspace
from cxaudit.services.exchange import import_files
from cxaudit.storage import open_database

pytestmark = pytest.mark.slow

PEOPLE = 2_500
ORG = "Acme Survey Ltd"
PERIOD = "2026-Q1"
HEADER = "respondent,role,question_id,answer,note\n"


def _survey(path: Path) -> Path:
    questions = [q.id for q in default_questionnaire().questions]
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for person in range(PEOPLE):
            for n, qid in enumerate(questions):
                out.write(f"Person {person:05d},frontline,{qid},{1 + (person + n) % 3},\n")
    return path


def _pristine(folder: Path) -> Path:
    """A database whose draft already holds one respondent, Keep."""
    keep = folder / "keep.csv"
    keep.write_text(HEADER + "Keep,leader,leadership.cx_direction,2,kept\n", encoding="utf-8")
    path = folder / "pristine.db"
    ws = Workspace(open_database(f"sqlite:///{path}"))
    try:
        import_files(ws, paths=[keep], organisation=ORG, period=PERIOD)
    finally:
        ws.close()
    return path


def _stored(path: Path) -> tuple[list[str], int]:
    """The respondents' names and how many answers are stored."""
    connection = sqlite3.connect(path)
    try:
        names = [n for (n,) in connection.execute("SELECT name FROM respondents ORDER BY id")]
        (count,) = connection.execute("SELECT count(*) FROM answers").fetchone()
    finally:
        connection.close()
    return names, int(count)


def _writing(path: Path) -> int | None:
    """The bytes the import has written to the log while it holds the write lock, or None."""
    connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return None
    except sqlite3.OperationalError:
        wal = Path(f"{path}-wal")
        return wal.stat().st_size if wal.exists() else 0
    finally:
        connection.close()


def _start(db: Path, survey: Path, home: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, CXAUDIT_HOME=str(home))
    env.pop("CXAUDIT_DB", None)
    command = ["import", str(survey), "--org", ORG, "--period", PERIOD]
    return subprocess.Popen(
        [sys.executable, "-m", "cxaudit", "--db", f"sqlite:///{db}", *command],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _inside(process: subprocess.Popen[str], db: Path) -> None:
    deadline = time.monotonic() + 300
    while _writing(db) is None:
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            out, err = process.communicate()
            pytest.fail(f"the import's transaction was never seen: {out}{err}")
        time.sleep(0.002)


def test_a_batched_response_import_killed_part_way_keeps_the_draft_as_it_was(
    tmp_path: Path,
) -> None:
    survey = _survey(tmp_path / "survey.csv")
    pristine = _pristine(tmp_path)
    before = _stored(pristine)
    assert before == (["Keep"], 1)
    home = tmp_path / "home"
    home.mkdir()
    runs = iter(range(100))

    def fresh() -> Path:
        copy = tmp_path / f"run-{next(runs)}.db"
        copy.write_bytes(pristine.read_bytes())
        return copy

    # Left alone, the import writes everyone; how much it writes to the log says where to kill.
    db = fresh()
    process = _start(db, survey, home)
    _inside(process, db)
    sizes = []
    while process.poll() is None and (size := _writing(db)) is not None:
        sizes.append(size)
        time.sleep(0.002)
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, out + err
    assert f"Imported {PEOPLE} respondents and {PEOPLE * 48} answers" in out
    names, answers = _stored(db)
    assert names == ["Keep"] + [f"Person {n:05d}" for n in range(PEOPLE)]
    assert answers == 1 + PEOPLE * 48
    start, end = min(sizes), max(sizes)
    assert end > start, sizes

    killed = 0
    for share in (0.1, 0.4, 0.7, 0.9):
        db = fresh()
        process = _start(db, survey, home)
        _inside(process, db)
        mark = start + share * (end - start)
        while process.poll() is None and (size := _writing(db)) is not None and size < mark:
            time.sleep(0.002)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        out, err = process.communicate(timeout=60)
        assert process.returncode in (0, -signal.SIGKILL), out + err
        stored = _stored(db)
        if stored == before:
            killed += 1
        else:  # it committed before the kill: then everyone is there
            assert stored == (names, answers)
    assert killed >= 3, "the kills must land inside the import's transaction"
