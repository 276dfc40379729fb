"""A bug meets the user as one line and exit code 1; its traceback goes to a log file.

User mistakes are exit code 2 with a sentence (tests/cli); anything else is cxaudit's fault. Then
the user sees one line that says where the details were saved and how to see them at once, the
traceback lands in `errors.log` in the user data folder, and `--debug` still shows it directly.
"""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cxaudit.cli import cli, crash
from cxaudit.paths import data_dir
from cxaudit.services import portfolio


def _broken(message: str) -> object:
    def organisations(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError(message)

    return organisations


def run_orgs(tmp_path: Path, *extra: str) -> Result:
    # A new database each time: on an existing file `orgs` may read it through the first look,
    # which would step round the broken service.
    path = tmp_path / f"x{len(list(tmp_path.glob('x*.db')))}.db"
    return CliRunner().invoke(cli, [*extra, "--db", str(path), "orgs"])


def test_an_internal_error_is_one_line_exit_1_and_a_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portfolio, "organisations", _broken("the index went missing"))
    result = run_orgs(tmp_path)
    assert result.exit_code == 1
    log = data_dir() / "errors.log"
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "Error: cxaudit hit an unexpected problem (RuntimeError: the index went missing); "
        f"the details are in {log}; run with --debug for details."
    ]
    saved = log.read_text()
    assert "Traceback (most recent call last)" in saved
    assert "RuntimeError: the index went missing" in saved
    assert "command: orgs" in saved
    assert stat.S_IMODE(log.stat().st_mode) == 0o600, "tracebacks are the user's alone"


def test_each_error_is_added_to_the_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(portfolio, "organisations", _broken("first"))
    run_orgs(tmp_path)
    monkeypatch.setattr(portfolio, "organisations", _broken("second"))
    run_orgs(tmp_path)
    saved = (data_dir() / "errors.log").read_text()
    assert saved.index("RuntimeError: first") < saved.index("RuntimeError: second")


def test_a_full_log_starts_over_and_keeps_the_last_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = data_dir() / "errors.log"
    log.parent.mkdir(parents=True)
    log.write_text("old\n" * (crash.LOG_LIMIT // 4 + 1))
    monkeypatch.setattr(portfolio, "organisations", _broken("fresh"))
    run_orgs(tmp_path)
    assert "RuntimeError: fresh" in log.read_text() and "old" not in log.read_text()
    assert log.with_name("errors.log.1").read_text().startswith("old\n")


def test_a_multi_line_or_hostile_message_stays_one_harmless_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(portfolio, "organisations", _broken("bad\x1b]0;pwned\x07 row\nsecond line"))
    result = run_orgs(tmp_path)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert "(RuntimeError: bad\\x1b]0;pwned\\x07 row)" in line
    long = "x" * 5000
    monkeypatch.setattr(portfolio, "organisations", _broken(long))
    [line] = run_orgs(tmp_path).stderr.splitlines()
    assert len(line) < 600, "a huge message is cut short; the log has all of it"
    assert long in (data_dir() / "errors.log").read_text()


def test_when_the_log_cannot_be_written_the_line_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "data").write_text("a file where the folder should be")
    monkeypatch.setattr(portfolio, "organisations", _broken("boom"))
    result = run_orgs(tmp_path)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert "the details could not be saved" in line
    assert line.endswith("run with --debug for details.")


def test_debug_shows_the_traceback_instead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(portfolio, "organisations", _broken("boom"))
    result = run_orgs(tmp_path, "--debug")
    assert isinstance(result.exception, RuntimeError), "the exception propagates"
    assert not (data_dir() / "errors.log").exists()


def test_a_user_error_is_still_exit_2_and_logs_nothing(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.db"), "history", "nobody"])
    assert result.exit_code == 2
    assert not (data_dir() / "errors.log").exists()


def test_a_closed_pipe_ends_quietly(tmp_path: Path, isolated_home: Path) -> None:
    """`cxaudit export -o - | head -1`: the reader leaving is no error of cxaudit's."""
    db = tmp_path / "d.db"
    env = {"CXAUDIT_HOME": str(isolated_home), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "cxaudit", "--db", str(db), "demo"], env=env, check=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "cxaudit", "--db", str(db), "export", "--format", "csv", "-o", "-"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"organisation,period")
    proc.stdout.close()
    error = proc.stderr.read().decode()
    assert proc.wait(timeout=60) in (0, 141)
    assert "unexpected" not in error and "Traceback" not in error
    assert not (isolated_home / "data" / "errors.log").exists()
