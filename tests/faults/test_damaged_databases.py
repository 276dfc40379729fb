"""Damaged databases: every kind of bad file gets one clear sentence and is left as it was.

A corrupt or truncated file, a file that is not SQLite at all, a database written by a newer
cxaudit and a read-only database are each opened through the real command line and through the
real terminal app. The user gets a one-line message (exit code 2 on the command line, a message
on Home in the app) and never a traceback; the file keeps every byte and nothing is written
next to it.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cxaudit.domain.model import Role
from tests.faults.conftest import make_draft
from tests.faults.ptyapp import CTRL_Q, PtyApp


@dataclass(frozen=True)
class Damage:
    """One way a database file can be bad, and the words the user must read about it."""

    name: str
    make: Callable[[Path], Path]
    says: str


def _real_database(folder: Path) -> Path:
    draft = make_draft(
        folder, organisation="Kestrel Freight", people=[("Ada", Role.LEADER), ("Ben", Role.OTHER)]
    )
    return draft.path


def _corrupt(folder: Path) -> Path:
    path = _real_database(folder)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    assert len(data) > 3 * page, "a database with a few pages to damage"
    for offset in range(page, len(data) - page, 2 * page):
        data[offset : offset + page] = bytes((i * 37 + 11) % 256 for i in range(page))
    path.write_bytes(bytes(data))
    return path


def _truncated(folder: Path) -> Path:
    path = _real_database(folder)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3 + 100])
    return path


def _not_sqlite(folder: Path) -> Path:
    path = folder / "cxaudit.db"
    path.write_text("organisation,score\nKestrel Freight,3.4\n", encoding="utf-8")
    return path


def _newer(folder: Path) -> Path:
    path = _real_database(folder)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.close()
    return path


def _read_only_file(folder: Path) -> Path:
    path = _real_database(folder)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return path


def _read_only_folder(folder: Path) -> Path:
    inner = folder / "locked-away"
    inner.mkdir()
    path = _real_database(inner)
    inner.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    return path


DAMAGES = [
    Damage("corrupt", _corrupt, "damaged"),
    Damage("truncated", _truncated, "damaged"),
    Damage("not-sqlite", _not_sqlite, "not a cxaudit database"),
    Damage("newer-version", _newer, "newer cxaudit"),
    Damage("read-only-file", _read_only_file, "read-only"),
    Damage("read-only-folder", _read_only_folder, "read-only"),
]


@dataclass(frozen=True)
class Snapshot:
    """Every file in the database's folder with its SHA-256."""

    files: dict[str, str]

    @classmethod
    def of(cls, folder: Path) -> Snapshot:
        return cls(
            {
                p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.iterdir())
                if p.is_file()
            }
        )


@pytest.fixture(params=DAMAGES, ids=[d.name for d in DAMAGES])
def damaged(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Damage, Path]]:
    damage: Damage = request.param
    folder = tmp_path / "db"
    folder.mkdir()
    path = damage.make(folder)
    yield damage, path
    # Give the folders back their write bit so pytest can clean up.
    for p in (path.parent, path):
        if p.exists():
            p.chmod(p.stat().st_mode | stat.S_IWUSR)


def _cli(path: Path, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CXAUDIT_HOME=str(home))
    env.pop("CXAUDIT_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "cxaudit", "--db", f"sqlite:///{path}", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_the_damage_is_real(damaged: tuple[Damage, Path]) -> None:
    """Each file really is what its name says (so the other tests test something)."""
    damage, path = damaged
    if damage.name in {"corrupt", "truncated", "not-sqlite"}:
        with pytest.raises(sqlite3.DatabaseError):
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                verdict = con.execute("PRAGMA quick_check").fetchone()
                if verdict[0] != "ok":
                    raise sqlite3.DatabaseError(verdict[0])
            finally:
                con.close()
    elif damage.name == "newer-version":
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        con.close()
        assert row == ("9999_from_the_future",)
    else:
        target = path if damage.name == "read-only-file" else path.parent
        assert not target.stat().st_mode & stat.S_IWUSR


@pytest.mark.parametrize("command", [["orgs"], ["history", "kestrel-freight"], ["demo"]])
def test_the_command_line_says_one_clear_sentence_and_leaves_the_file(
    damaged: tuple[Damage, Path], command: list[str], app_home: Path
) -> None:
    damage, path = damaged
    before = Snapshot.of(path.parent)
    result = _cli(path, *command, home=app_home)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert damage.says in lines[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert Snapshot.of(path.parent).files[path.name] == before.files[path.name]


@pytest.mark.slow
def test_the_app_shows_the_problem_and_quits_cleanly(
    damaged: tuple[Damage, Path], app_home: Path
) -> None:
    damage, path = damaged
    before = Snapshot.of(path.parent)
    app = PtyApp(f"sqlite:///{path}", home=app_home)
    try:
        app.start()
        app.wait_for_text("could not be opened", timeout=60, wrapped=True)
        app.wait_for_text(damage.says, timeout=10, wrapped=True)
        app.send(CTRL_Q)
        assert app.wait_exit(timeout=20) == 0
    finally:
        app.close()
    assert "Traceback" not in app.text()
    assert Snapshot.of(path.parent).files[path.name] == before.files[path.name]


def test_nothing_is_written_beside_a_damaged_file(
    damaged: tuple[Damage, Path], app_home: Path
) -> None:
    """Opening a bad file creates no `-wal` or `-shm` file next to it, so the folder a user may
    send to support or restore from a backup is exactly as it was."""
    _damage, path = damaged
    before = Snapshot.of(path.parent)
    result = _cli(path, "orgs", home=app_home)
    assert result.returncode == 2
    assert Snapshot.of(path.parent) == before
