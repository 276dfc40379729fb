"""Long work shows progress on a terminal's stderr, and nothing at all anywhere else.

The services hear of their progress through an optional `progress(done, total)` callback; the
CLI draws it with Rich only when stderr is a terminal.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cxaudit.cli import cli
from cxaudit.cli.commands import data
from tests.cli.ptyrun import run_on_terminal
from tests.transfer import conftest as shared

demo_master = shared.demo_master
demo_db_path = shared.demo_db_path


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", *args])


class Recorder:
    """Stands in for the progress bar and keeps every (done, total) a service reported."""

    def __init__(self) -> None:
        self.described: list[str] = []
        self.calls: list[tuple[int, int]] = []

    @contextmanager
    def bar(self, description: str) -> Iterator[Callable[[int, int], None]]:
        self.described.append(description)
        yield lambda done, total: self.calls.append((done, total))

    def assert_finished(self) -> None:
        assert self.calls, "the service reported its progress"
        dones = [done for done, _total in self.calls]
        assert dones == sorted(dones), "progress only moves forward"
        done, total = self.calls[-1]
        assert done == total > 0, "and ends complete"


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    found = Recorder()
    monkeypatch.setattr(data, "progress_bar", found.bar)
    return found


def test_demo_reports_each_assessment_written(tmp_path: Path, recorder: Recorder) -> None:
    assert run(tmp_path / "d.db", "demo", "--today", "2026-05-10").exit_code == 0
    assert recorder.described == ["Loading the demo"]
    recorder.assert_finished()
    assert recorder.calls[-1] == (24, 24), "23 completed assessments and a draft"


def test_export_reports_each_organisation_read(demo_db_path: Path, recorder: Recorder) -> None:
    assert run(demo_db_path, "export", "--format", "csv", "-o", "-").exit_code == 0
    recorder.assert_finished()
    assert recorder.calls == [(n, 12) for n in range(1, 13)]


def test_backup_import_reports_the_assessments_handled(
    demo_db_path: Path, tmp_path: Path, recorder: Recorder
) -> None:
    backup = tmp_path / "all.json"
    assert run(demo_db_path, "export", "-o", str(backup)).exit_code == 0
    recorder.calls.clear()
    assert run(tmp_path / "new.db", "import", str(backup)).exit_code == 0
    recorder.assert_finished()
    assert recorder.calls[-1] == (24, 24)


def test_response_import_reports_reading_writing_and_completing(
    demo_db_path: Path, tmp_path: Path, recorder: Recorder
) -> None:
    answers = tmp_path / "a.csv"
    answers.write_text(
        "respondent,role,question_id,answer,note,evidence\n"
        "Zoe,leader,leadership.own_goals,4,,Team goals on the intranet\n"
    )
    args = ("import", str(answers), "--org", "New Co", "--period", "2026-Q3", "--complete")
    assert run(demo_db_path, *args).exit_code == 0
    assert recorder.calls == [(1, 3), (2, 3), (3, 3)]


def test_nothing_is_drawn_when_stderr_is_not_a_terminal(tmp_path: Path, demo_db_path: Path) -> None:
    loaded = run(tmp_path / "d.db", "demo")
    assert loaded.exit_code == 0 and loaded.stderr == ""
    exported = run(demo_db_path, "export", "--format", "json", "-o", "-")
    assert exported.stderr == "Wrote a backup of 24 assessments to standard output.\n"
    backup = tmp_path / "b.json"
    backup.write_bytes(exported.stdout_bytes)
    imported = run(tmp_path / "other.db", "import", str(backup))
    assert imported.exit_code == 0 and imported.stderr == ""


def test_a_terminal_sees_the_bar_and_stdout_stays_clean(tmp_path: Path) -> None:
    env = {**os.environ, "TERM": "xterm-256color", "CXAUDIT_HOME": str(tmp_path / "home")}
    env.pop("CXAUDIT_DB", None)
    done = run_on_terminal(["--db", str(tmp_path / "d.db"), "demo"], env, stdout=False, stderr=True)
    assert done.code == 0
    assert b"Loading the demo" in done.drawn, "the bar is drawn on stderr"
    assert done.piped.decode().startswith("Loaded the demo: 12 organisations"), "stdout: the result"
    assert b"Loading" not in done.piped and b"\x1b" not in done.piped
