"""A real SQLite database with personal links in two organisations, and the gateway over it."""

from __future__ import annotations

import socket
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from cxaudit.catalogue import default_questionnaire
from cxaudit.domain.model import Role
from cxaudit.services import assessing, links
from cxaudit.services.workspace import Workspace
from cxaudit.web.gateway import Gateway
from cxaudit.web.guard import AddressGuard, RateLimiter

FAKE_APP = [sys.executable, str(Path(__file__).parent / "fake_app.py")]
ORGANISER_TOKEN = "organiser-token-for-the-tests-0123456789"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Links:
    """The database and its links: Ann and Bob answer Acme 2026-Q1, Cleo answers Globex."""

    db_url: str
    ws: Workspace
    ann: str
    bob: str
    cleo: str
    acme_id: int
    globex_id: int


def _start(ws: Workspace, name: str) -> int:
    data = assessing.start(
        ws,
        organisation_id=None,
        new_name=name,
        new_sector="Retail",
        period="2026-Q1",
        questionnaire=default_questionnaire(),
        respondent_name="Lead",
        role=Role.LEADER,
        carry_forward=False,
    )
    assert data.assessment.id is not None
    return data.assessment.id


@pytest.fixture
def link_db(tmp_path: Path) -> Iterator[Links]:
    db_url = f"sqlite:///{tmp_path / 'links.db'}"
    ws = Workspace.open(db_url)
    try:
        acme = _start(ws, "Acme")
        globex = _start(ws, "Globex")
        ann, bob = links.create_links(
            ws,
            organisation="Acme",
            period="2026-Q1",
            people=[("Ann", Role.MANAGER), ("Bob", Role.FRONTLINE)],
        )
        (cleo,) = links.create_links(
            ws, organisation="Globex", period="2026-Q1", people=[("Cleo", Role.MANAGER)]
        )
        yield Links(db_url, ws, ann.token, bob.token, cleo.token, acme, globex)
    finally:
        ws.close()


def expired_link(ws: Workspace) -> str:
    """A link for a new respondent of Acme that expired yesterday."""
    (issued,) = links.create_links(
        ws,
        organisation="Acme",
        period="2026-Q1",
        people=[("Dora", Role.FRONTLINE)],
        expires_in=timedelta(days=1),
        now=datetime.now(UTC) - timedelta(days=2),
    )
    return issued.token


class Clock:
    """A clock the rate limiter reads, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@asynccontextmanager
async def serve(
    db: Links,
    *,
    max_sessions: int = 10,
    argv: list[str] | None = None,
    environment: dict[str, str] | None = None,
    clock: Clock | None = None,
    public_url: str | None = None,
    recheck_every: float = 30.0,
) -> AsyncIterator[tuple[TestClient, Gateway]]:
    """The gateway on a free loopback port, with a client that speaks to it as a browser would."""
    port = free_port()
    gateway = Gateway(
        check_link=lambda token: links.open_link(db.ws, token=token),
        organiser_token=ORGANISER_TOKEN,
        guard=AddressGuard(host="127.0.0.1", port=port, public_url=public_url),
        max_sessions=max_sessions,
        argv=argv or FAKE_APP,
        environment={"CXAUDIT_DB": db.db_url, **(environment or {})},
        limiter=RateLimiter(clock=clock) if clock else None,
        recheck_every=recheck_every,
    )
    server = TestServer(gateway.make_app(), host="127.0.0.1", port=port)
    await server.start_server(**Gateway.RUNNER_OPTIONS)
    client = TestClient(server)
    await client.start_server()
    try:
        yield client, gateway
    finally:
        await client.close()
