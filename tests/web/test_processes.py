"""Every app process ends when its browser goes, or when the server stops, counted in /proc.

The app here is `fake_app.py` at its most stubborn: it ignores the request to quit and SIGTERM,
and starts a grandchild that ignores SIGTERM too, so only ending the whole process group works.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from tests.web.conftest import Links, serve
from tests.web.test_gateway import connect, open_link, report, until_no_sessions

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def alive_in_groups(groups: set[int]) -> list[int]:
    """The processes (not zombies) whose process group is one of `groups`."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        state, pgrp = fields[0], int(fields[2])
        if pgrp in groups and state != "Z":
            alive.append(int(entry.name))
    return alive


async def until_gone(groups: set[int]) -> None:
    # Waits for the condition; the bound only keeps a broken build from hanging the run.
    for _ in range(600):
        if not alive_in_groups(groups):
            return
        await asyncio.sleep(0.1)
    pytest.fail(f"app processes still alive: {alive_in_groups(groups)}")


async def test_app_processes_end_when_their_browsers_go(link_db: Links) -> None:
    async with serve(link_db, environment={"FAKE_APP": "stubborn"}) as (client, gateway):
        groups: set[int] = set()
        sockets = []
        for token in (link_db.ann, link_db.bob, link_db.cleo):
            await open_link(client, token)
            ws = await connect(client, query="?width=4000&height=4000")
            groups.add(int((await report(ws))["pid"]))
            sockets.append(ws)
        # Each app started a grandchild in its own group: six processes in three groups.
        while len(alive_in_groups(groups)) < 6:
            await asyncio.sleep(0.05)
        assert len(gateway.table) == 3
        for ws in sockets:
            await ws.close()
        await until_no_sessions(gateway)
        await until_gone(groups)
        assert alive_in_groups(groups) == []


async def test_app_processes_end_when_the_server_stops(link_db: Links) -> None:
    groups: set[int] = set()
    async with serve(link_db, environment={"FAKE_APP": "stubborn"}) as (client, gateway):
        for token in (link_db.ann, link_db.bob):
            await open_link(client, token)
            ws = await connect(client)
            groups.add(int((await report(ws))["pid"]))
        assert len(gateway.table) == 2
    # The server has stopped with both browsers still connected.
    await until_gone(groups)
    assert alive_in_groups(groups) == []
    assert all(os.getpgid(os.getpid()) != group for group in groups)
