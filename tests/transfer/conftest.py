"""A demo database built once per session and copied for each test that needs one."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

DEMO_TODAY = date(2026, 5, 10)


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A SQLite file holding the demo as of 10 May 2026."""
    from cxaudit.services.demo import load_demo
    from cxaudit.services.workspace import Workspace

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    ws = Workspace.open(f"sqlite:///{path}")
    load_demo(ws, today=DEMO_TODAY)
    ws.close()
    yield path


@pytest.fixture
def demo_db_path(demo_master: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database."""
    copy = tmp_path / "demo.db"
    shutil.copy(demo_master, copy)
    return copy


def database_checksum(path: Path) -> str:
    """A digest of every row of every table: equal digests mean nothing was changed."""
    connection = sqlite3.connect(path)
    try:
        digest = hashlib.sha256()
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        for table in tables:
            digest.update(table.encode())
            for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        connection.close()
