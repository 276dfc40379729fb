"""A workshop through `cxaudit serve`: 30 respondents in their browsers at once.

The real server (`cxaudit serve`, a subprocess) runs on a free loopback port over a real
database with 30 personal links. Thirty websocket clients stand in for the browsers: each
opens its link (the cookie), connects as textual.js does (Origin, size, a resize message),
and waits for its start page. The figures: how many sessions ran at once, the total peak
memory of the server and its app processes (PSS, which shares library pages fairly, and RSS,
which counts them in every process), the time from opening the link to the first screen, and
the answer-save latency under that load (a level key pressed in one browser until the answer
is visible in the database, polled through the services every 20 ms). On SQLite, and on
PostgreSQL when `CXAUDIT_TEST_PG_URL` names a server.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from benchmarks.harness import REPO_ROOT, Result, format_value, not_run, python_env, work_dir
from benchmarks.pg import pg_base_url, pg_schema

NAME = "workshop: 30 browser sessions at once"
SESSIONS = 30
ANSWERS = 5
"""Answers each respondent gives while all 30 are connected."""
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _setup(db_url: str) -> tuple[list[str], list[int]]:
    """An organisation with a draft assessment and 30 named links; their tokens and respondents."""
    from cxaudit.catalogue import default_questionnaire
    from cxaudit.domain.model import Role
    from cxaudit.services import assessing, links
    from cxaudit.services.workspace import open_workspace

    with open_workspace(db_url) as ws:
        assessing.start(
            ws,
            organisation_id=None,
            new_name="Workshop Ltd",
            new_sector="Retail",
            period="2026-Q1",
            questionnaire=default_questionnaire(),
            respondent_name="Organiser",
            role=Role.LEADER,
            carry_forward=False,
        )
        people = [
            (f"Person {n:02d}", Role.FRONTLINE if n % 3 else Role.MANAGER) for n in range(SESSIONS)
        ]
        issued = links.create_links(
            ws, organisation="Workshop Ltd", period="2026-Q1", people=people
        )
    return [i.token for i in issued], [i.respondent_id for i in issued]


@contextmanager
def _server(db_url: str, port: int) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "cxaudit", "serve", "--port", str(port), "--max-sessions", "64"],
        cwd=REPO_ROOT,
        env=python_env({"CXAUDIT_DB": db_url}),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("Press Ctrl+C"):
                break
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=120)


def _tree(root: int) -> list[int]:
    """`root` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _memory(pids: list[int]) -> tuple[float, float]:
    """Total (PSS, RSS) of `pids` in MB."""
    pss = rss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss += int(line.split()[1])
        except OSError:
            continue
    return pss / 1024, rss / 1024


class _AllUp:
    """Lets every session wait until all of them show their first screen (or one has failed)."""

    def __init__(self, count: int) -> None:
        self.left = count
        self.event = asyncio.Event()

    def arrived(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.event.set()

    async def wait(self) -> None:
        with suppress(TimeoutError):
            await asyncio.wait_for(self.event.wait(), 600)


class _Peak(threading.Thread):
    """Samples the server tree's memory until stopped; keeps the peaks and the most processes."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.stop = threading.Event()
        self.pss = self.rss = 0.0
        self.processes = 0

    def run(self) -> None:
        while not self.stop.is_set():
            pids = _tree(self.root)
            pss, rss = _memory(pids)
            self.pss, self.rss = max(self.pss, pss), max(self.rss, rss)
            self.processes = max(self.processes, len(pids))
            self.stop.wait(0.25)


async def _session(
    port: int, token: str, respondent_id: int, settled: dict[int, int], all_up: _AllUp
) -> tuple[float, list[float]]:
    import aiohttp

    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(f"{base}/a/{token}") as page:
            if page.status != 200:
                raise RuntimeError(f"the link page answered {page.status}")
        ws = await http.ws_connect(
            f"{base}/a/ws?width=100&height=30", headers={"Origin": base}, heartbeat=30
        )
        received = bytearray()
        await ws.send_str(json.dumps(["resize", {"width": 100, "height": 30}]))

        async def sees(words: bytes) -> None:
            while words not in ESCAPES.sub(b"", bytes(received)):
                message = await ws.receive()
                if message.type != aiohttp.WSMsgType.BINARY:
                    raise RuntimeError(f"the session ended ({message.type})")
                received.extend(message.data)

        async def press(key: str) -> None:
            await ws.send_str(json.dumps(["stdin", key]))

        async def drain() -> None:
            while True:
                message = await ws.receive()
                if message.type != aiohttp.WSMsgType.BINARY:
                    return

        try:
            await sees(b"answering as")
        except BaseException:
            all_up.arrived()
            raise
        first_screen = time.perf_counter() - started
        all_up.arrived()
        await all_up.wait()
        drainer = None
        await press("\r")
        await sees(b"Before you start")
        await press("\r")
        await sees(b"2026-Q1 \xc2\xb7 Person")
        drainer = asyncio.create_task(drain())
        latencies = []
        for n in range(ANSWERS):
            pressed = time.perf_counter()
            await press("3")
            while settled.get(respondent_id, 0) < n + 1:
                await asyncio.sleep(0.005)
            latencies.append(time.perf_counter() - pressed)
            await press("\x1b[C")  # right: the next question
        await ws.close()
        if drainer is not None:
            drainer.cancel()
    return first_screen, latencies


async def _poll(db_url: str, settled: dict[int, int], done: asyncio.Event) -> None:
    from cxaudit.services import links
    from cxaudit.services.workspace import open_workspace

    with open_workspace(db_url) as ws:
        while not done.is_set():
            states = await asyncio.to_thread(
                links.list_links, ws, organisation="Workshop Ltd", period="2026-Q1"
            )
            for state in states:
                settled[state.respondent_id] = state.settled
            await asyncio.sleep(0.02)


async def _workshop(
    db_url: str, port: int, tokens: list[str], respondents: list[int]
) -> dict[str, list[Any]]:
    settled: dict[int, int] = {}
    done = asyncio.Event()
    poller = asyncio.create_task(_poll(db_url, settled, done))
    all_up = _AllUp(len(tokens))
    outcomes = await asyncio.gather(
        *(_session(port, t, r, settled, all_up) for t, r in zip(tokens, respondents, strict=True)),
        return_exceptions=True,
    )
    done.set()
    await poller
    good = [o for o in outcomes if not isinstance(o, BaseException)]
    errors = [f"{type(o).__name__}: {o}" for o in outcomes if isinstance(o, BaseException)]
    return {
        "first": [o[0] for o in good],
        "saves": [s for o in good for s in o[1]],
        "errors": errors,
    }


def _measure(db_url: str, label: str) -> list[Result]:
    tokens, respondents = _setup(db_url)
    port = _free_port()
    with _server(db_url, port) as proc:
        peak = _Peak(proc.pid)
        peak.start()
        idle_pss, _ = _memory(_tree(proc.pid))
        started = time.perf_counter()
        outcome = asyncio.run(_workshop(db_url, port, tokens, respondents))
        elapsed = time.perf_counter() - started
        peak.stop.set()
        peak.join()
    first, saves, errors = outcome["first"], outcome["saves"], outcome["errors"]
    held = len(first)
    note = f"{held} of {SESSIONS} sessions ran; {peak.processes} processes at most; whole run "
    note += f"{elapsed:.0f} s; server alone {idle_pss:.0f} MB PSS"
    if errors:
        note += f"; failures: {errors[0]}"
    results = [
        Result(
            f"workshop: peak memory, server + {held} apps, PSS ({label})",
            peak.pss,
            "MB",
            "reported",
            None,
            note=note,
            verdict_text="reported",
            spread=f"RSS {format_value(peak.rss, 'MB')} (shared pages counted per process)",
        ),
    ]
    if first:
        results.append(
            Result(
                f"workshop: time to first screen, median of {held} ({label})",
                statistics.median(first),
                "s",
                "reported",
                None,
                spread=f"min {format_value(min(first), 's')} / max {format_value(max(first), 's')}",
                verdict_text="reported",
            )
        )
    if saves:
        ordered = sorted(saves)
        p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
        results.append(
            Result(
                f"workshop: answer save p95, key to database, {held} sessions ({label})",
                p95,
                "s",
                "reported",
                None,
                spread=f"median {format_value(statistics.median(saves), 's')} / max "
                f"{format_value(max(saves), 's')} over {len(saves)}",
                verdict_text="reported",
            )
        )
    return results


def run() -> list[Result]:
    """The workshop on SQLite, then on PostgreSQL when a server is named."""
    path = work_dir() / "workshop.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    results = _measure(f"sqlite:///{path}", "SQLite")
    if pg_base_url() is None:
        results.append(
            not_run(f"{NAME} (PostgreSQL)", "s", "reported", "CXAUDIT_TEST_PG_URL is not set")
        )
        return results
    with pg_schema("cxaudit_workshop") as schema:
        results += _measure(schema.url, "PostgreSQL")
    return results


if __name__ == "__main__":
    for result in run():
        print(
            result.benchmark, format_value(result.figure, result.unit), result.spread, result.note
        )
