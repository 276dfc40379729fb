"""Browser mode: the right server for the right address, and a warning when the page is public."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from cxaudit.cli import cli
from cxaudit.cli.commands import serve
from cxaudit.cli.commands.serve import app_command, build_server, is_loopback, loopback_warning


def test_server_runs_cxaudit_on_the_given_address() -> None:
    server = build_server(host="127.0.0.1", port=8123)
    assert server.host == "127.0.0.1"
    assert server.port == 8123
    assert server.command == app_command()
    assert server.command.endswith("-m cxaudit")
    assert server.public_url == "http://127.0.0.1:8123"


def test_the_database_reaches_the_app_without_appearing_in_the_command() -> None:
    url = "postgresql+psycopg://ann:secret@db.example/cx"
    assert serve.app_environment(url) == {"CXAUDIT_DB": url}
    assert "secret" not in build_server(host="127.0.0.1", port=8000).command


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_addresses_need_no_warning(host: str) -> None:
    assert is_loopback(host)
    assert loopback_warning(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "workshop.example"])
def test_other_addresses_are_warned_about(host: str) -> None:
    assert not is_loopback(host)
    warning = loopback_warning(host)
    assert warning is not None and "no login" in warning and host in warning


def test_serve_warns_on_stderr_for_a_public_host(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started: list[tuple[str, int, str | None]] = []

    class FakeServer:
        def __init__(self, host: str, port: int, public_url: str | None) -> None:
            self.args = (host, port, public_url)

        def serve(self) -> None:
            started.append(self.args)

    def fake_build(*, host: str, port: int, public_url: str | None = None) -> FakeServer:
        return FakeServer(host, port, public_url)

    # The textual-serve Server is replaced, not our own code: serving would never return.
    monkeypatch.setattr(serve, "build_server", fake_build)
    # Set (not deleted) so that monkeypatch restores the environment the command changes.
    monkeypatch.setenv("CXAUDIT_DB", "sqlite:///unused.db")
    db = f"sqlite:///{tmp_path / 'w.db'}"
    result = CliRunner().invoke(cli, ["--db", db, "serve", "--host", "0.0.0.0", "--port", "9001"])
    assert result.exit_code == 0, result.output
    assert started == [("0.0.0.0", 9001, None)]
    assert "Warning: serving on 0.0.0.0" in result.stderr
    assert os.environ["CXAUDIT_DB"] == db

    started.clear()
    result = CliRunner().invoke(cli, ["--db", db, "serve"])
    assert result.exit_code == 0
    assert started == [("127.0.0.1", 8000, None)]
    assert "Warning" not in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_serve_answers_a_browser_on_localhost(tmp_path: Path) -> None:
    port = _free_port()
    env = dict(os.environ, CXAUDIT_DB=f"sqlite:///{tmp_path / 'served.db'}")
    proc = subprocess.Popen(
        [sys.executable, "-m", "cxaudit", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        page = ""
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read().decode("utf-8")
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None:
                    break
                time.sleep(0.1)
        assert page, f"the server never answered: {proc.stderr.read() if proc.stderr else ''}"
        assert "cxaudit" in page
    finally:
        proc.terminate()
        proc.wait(timeout=30)
