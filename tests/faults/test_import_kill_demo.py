"""`cxaudit demo` killed part-way leaves no partial demo, and the next `demo` loads all of it.

Issue 19 §2: a demo cut short left one organisation and six assessments, after which `demo`
said "already loaded" and stayed partial. The demo is now one transaction; here it is killed
(SIGKILL) at five points of it, on SQLite and PostgreSQL, with the same harness as the backup
import's kill test.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cxaudit.services import Workspace
from cxaudit.services.demo import DEMO_NAMES
from cxaudit.storage import open_database, repository
from tests.faults.test_import_kill import Engine, _everything, _wait_for_transaction, engine

__all__ = ["engine"]

pytestmark = pytest.mark.slow

SHARES = (0.0, 0.1, 0.2, 0.35, 0.5)
"""Where in the demo's transaction each kill lands, as a share of how long it lasts alone."""


def _demo(url: str, home: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, CXAUDIT_HOME=str(home))
    env.pop("CXAUDIT_DB", None)
    return subprocess.Popen(
        [sys.executable, "-m", "cxaudit", "--db", url, "demo"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _names(url: str) -> set[str]:
    ws = Workspace(open_database(url))
    try:
        with ws.session() as session:
            return set(repository.organisations_by_name(session))
    finally:
        ws.close()


@pytest.mark.parametrize(
    "engine", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_a_demo_killed_part_way_leaves_nothing_and_the_next_loads_it_all(
    engine: Engine, tmp_path: Path
) -> None:
    home = tmp_path / "app-home"
    home.mkdir()
    url = engine.fresh()
    process = _demo(url, home)
    began = _wait_for_transaction(process, engine, url)
    while engine.in_transaction(url) and process.poll() is None:
        time.sleep(0.002)
    lasted = time.monotonic() - began
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0 and out.startswith("Loaded the demo"), out + err

    # The demo's transaction is short and small (it may not reach the write-ahead log before
    # it commits), so its kills are placed in time: early shares of how long it lasted.
    killed = 0
    for share in SHARES:
        url = engine.fresh()
        before = _everything(url)
        process = _demo(url, home)
        began = _wait_for_transaction(process, engine, url)
        time.sleep(max(0.0, began + share * lasted - time.monotonic()))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        out, err = process.communicate(timeout=60)
        assert process.returncode in (0, -signal.SIGKILL), out + err
        if _everything(url) == before:
            killed += 1
        else:  # it committed before the kill: then the whole demo is there
            assert {name.casefold() for name in DEMO_NAMES} <= _names(url)
        again = _demo(url, home)
        out, err = again.communicate(timeout=120)
        assert again.returncode == 0, out + err
        assert out.startswith("Loaded the demo") or "already loaded" in out, out
        assert {name.casefold() for name in DEMO_NAMES} <= _names(url)
    assert killed >= 2, "kills must land inside the demo's transaction"
