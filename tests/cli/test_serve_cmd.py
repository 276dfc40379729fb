"""`cxaudit serve`: the organiser's URL at start, loopback by default, advice on a network, and a
gateway that answers nothing without a link."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from cxaudit.cli import cli
from cxaudit.cli.commands.serve import base_url, is_loopback, network_advice
from cxaudit.web.guard import default_max_sessions


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_addresses_need_no_advice(host: str) -> None:
    assert is_loopback(host)
    assert network_advice(host, 8000, None) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "workshop.example"])
def test_other_addresses_get_the_tls_advice(host: str) -> None:
    assert not is_loopback(host)
    advice = network_advice(host, 8000, None)
    assert advice is not None
    assert "reverse proxy" in advice and "TLS" in advice and "--public-url" in advice
    with_url = network_advice(host, 8000, "https://cx.example.org")
    assert with_url is not None and "Without --public-url" not in with_url


def test_links_use_the_public_url_else_the_served_address() -> None:
    assert base_url("127.0.0.1", 8000, None) == "http://127.0.0.1:8000"
    assert base_url("0.0.0.0", 8080, None) == "http://127.0.0.1:8080"
    assert base_url("::1", 8000, None) == "http://[::1]:8000"
    assert base_url("0.0.0.0", 8000, "https://cx.example.org/") == "https://cx.example.org"


def test_the_default_cap_follows_cores_and_memory() -> None:
    gib = 1024**3
    assert default_max_sessions(cpus=2, memory=24 * gib) == 40
    assert default_max_sessions(cpus=16, memory=2 * gib) == 13
    assert default_max_sessions(cpus=1, memory=100 * 1024**2) == 2
    assert default_max_sessions() >= 2


def test_a_bad_public_url_is_one_sentence(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    result = CliRunner().invoke(cli, ["--db", db, "serve", "--public-url", "cx.example.org"])
    assert result.exit_code == 2
    assert "--public-url must be an http:// or https:// address" in result.stderr
    assert "Traceback" not in result.output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_port_in_use_is_one_sentence(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["--db", db, "serve", "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert f"could not listen on 127.0.0.1:{port}" in result.stderr
    assert "/o/" not in result.output


def _get(url: str, host: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    # A browser keeps the cookie set on the redirect: so does this opener.
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.slow
def test_serve_prints_the_organiser_url_and_guards_the_rest(tmp_path: Path) -> None:
    port = _free_port()
    env = dict(os.environ, CXAUDIT_DB=f"sqlite:///{tmp_path / 'served.db'}")
    proc = subprocess.Popen(
        [sys.executable, "-m", "cxaudit", "serve", "--port", str(port), "--max-sessions", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert proc.stdout is not None
        printed = []
        for line in proc.stdout:
            printed.append(line)
            if line.startswith("Press Ctrl+C"):
                break
        text = "".join(printed)
        assert "up to 3 browsers" in text
        assert "cxaudit links create ORGANISATION" in text
        assert f"--public-url http://127.0.0.1:{port}" in text
        found = re.search(rf"http://127\.0\.0\.1:{port}/o/([A-Za-z0-9_-]{{43}})", text)
        assert found, text
        organiser = found.group(0)
        assert _get(f"http://127.0.0.1:{port}/")[0] == 403
        assert _get(f"http://127.0.0.1:{port}/o/{'x' * 43}")[0] == 403
        status, page = _get(organiser)  # follows the redirect with the cookie
        assert status == 200 and "data-session-websocket-url" in page
        assert found.group(1) not in page
        assert _get(organiser, host="evil.example")[0] == 403
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert found.group(1) not in err  # the access log never shows a token
    assert "/o/<token>" in err
