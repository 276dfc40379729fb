"""Odd things named as the database: each is one sentence (exit code 2), never a hang, a
traceback or a file or folder made where nobody asked for one; what cxaudit creates is private.

Each case runs the real command line in a subprocess (`python -m cxaudit --db … orgs`), with a
time limit, since a FIFO once made it wait forever.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cxaudit.storage import open_database


def _cli(
    db: str, *args: str, home: Path, umask: int | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CXAUDIT_HOME=str(home))
    env.pop("CXAUDIT_DB", None)
    command = [sys.executable, "-m", "cxaudit", *(["--db", db] if db else []), *args]
    if umask is not None:
        # The child sets its own umask before cxaudit starts, as a user's shell would.
        code = (
            f"import os, sys; os.umask({umask}); sys.argv = ['cxaudit', *{command[3:]!r}]; "
            "import runpy; runpy.run_module('cxaudit', run_name='__main__')"
        )
        command = [sys.executable, "-c", code]
    try:
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail(f"cxaudit {' '.join(args)} with --db {db!r} did not finish in 60 s")


def _one_sentence(result: subprocess.CompletedProcess[str], *words: str) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "app-home"
    folder.mkdir()
    return folder


def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path: Path, home: Path) -> None:
    fifo = tmp_path / "cxaudit.db"
    os.mkfifo(fifo)
    _one_sentence(_cli(str(fifo), "orgs", home=home), str(fifo), "not a regular file")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_device_is_refused(device: str, home: Path) -> None:
    _one_sentence(_cli(device, "orgs", home=home), device, "not a regular file")


def test_a_dangling_link_is_refused_and_nothing_is_created(tmp_path: Path, home: Path) -> None:
    target = tmp_path / "gone" / "deeper" / "cxaudit.db"
    link = tmp_path / "cxaudit.db"
    link.symlink_to(target)
    _one_sentence(_cli(str(link), "orgs", home=home), str(link), str(target), "does not exist")
    assert not (tmp_path / "gone").exists()
    assert link.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == [
        "app-home",
        "cxaudit.db",
    ]


def test_a_dangling_link_given_as_a_url_is_refused_too(tmp_path: Path, home: Path) -> None:
    target = tmp_path / "gone" / "cxaudit.db"
    link = tmp_path / "cxaudit.db"
    link.symlink_to(target)
    _one_sentence(_cli(f"sqlite:///{link}", "orgs", home=home), "does not exist")
    assert not (tmp_path / "gone").exists()


def test_a_link_to_a_real_database_is_followed(tmp_path: Path, home: Path) -> None:
    real = tmp_path / "real" / "cxaudit.db"
    open_database(f"sqlite:///{real}").dispose()
    link = tmp_path / "cxaudit.db"
    link.symlink_to(real)
    result = _cli(str(link), "orgs", home=home)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()


def test_under_umask_000_the_data_folder_and_files_are_private(home: Path) -> None:
    result = _cli("", "orgs", home=home, umask=0)
    assert result.returncode == 0, result.stderr
    data = home / "data"
    database = data / "cxaudit.db"
    assert _mode(data) == 0o700
    assert _mode(database) == 0o600
    for companion in data.glob("cxaudit.db-*"):
        assert _mode(companion) == 0o600, companion


def test_under_umask_000_every_folder_made_for_a_database_is_private(
    tmp_path: Path, home: Path
) -> None:
    database = tmp_path / "new" / "nested" / "cxaudit.db"
    result = _cli(str(database), "orgs", home=home, umask=0)
    assert result.returncode == 0, result.stderr
    assert _mode(tmp_path / "new") == 0o700
    assert _mode(tmp_path / "new" / "nested") == 0o700
    assert _mode(database) == 0o600


def test_an_existing_folder_keeps_its_mode(tmp_path: Path, home: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    result = _cli(str(shared / "cxaudit.db"), "orgs", home=home)
    assert result.returncode == 0, result.stderr
    assert _mode(shared) == 0o755


def test_an_empty_file_becomes_a_private_database(tmp_path: Path, home: Path) -> None:
    database = tmp_path / "cxaudit.db"
    database.touch()
    database.chmod(0o644)
    result = _cli(str(database), "orgs", home=home)
    assert result.returncode == 0, result.stderr
    assert database.stat().st_size > 0
    assert _mode(database) == 0o600


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://u:p@host:notaport/db",
        "postgresql+psycopg://u:p@host:99999999999999999999/db",
        "postgresql+psycopg://u:p@[::1/db",
    ],
)
def test_a_url_with_a_bad_port_is_one_sentence(url: str, home: Path) -> None:
    line = _one_sentence(_cli(url, "orgs", home=home), "is not a database URL")
    assert ":p@" not in line, "the password is never shown"
