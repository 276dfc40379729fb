"""The gateway over HTTP: nothing without a valid link, the cookie instead of the token, our own
Host and Origin only, the rate limit, the caps, and sizes kept in bounds.

The app behind the gateway is `fake_app.py`, a real process speaking textual-serve's protocol
that reports what it was given; the links are real, in a real SQLite file.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import aiohttp
import pytest
from aiohttp import WSMsgType
from aiohttp.test_utils import TestClient

from cxaudit.services import links
from cxaudit.web.gateway import Gateway, redact
from tests.web.conftest import ORGANISER_TOKEN, Clock, Links, expired_link, serve

NOT_VALID = "This link is not valid"


def origin(client: TestClient) -> str:
    return f"http://127.0.0.1:{client.server.port}"


async def open_link(client: TestClient, token: str, door: str = "a") -> aiohttp.ClientResponse:
    return await client.get(f"/{door}/{token}")


async def connect(
    client: TestClient, door: str = "a", query: str = "", **headers: str
) -> aiohttp.ClientWebSocketResponse:
    sent = {"Origin": origin(client), **headers}
    return await client.ws_connect(f"/{door}/ws{query}", headers=sent)


async def report(ws: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    message = await ws.receive()
    assert message.type == WSMsgType.BINARY, message
    result: dict[str, Any] = json.loads(message.data)
    return result


async def until_no_sessions(gateway: Gateway) -> None:
    while len(gateway.table):
        await asyncio.sleep(0.05)


async def test_no_token_gets_the_not_valid_page(link_db: Links) -> None:
    async with serve(link_db) as (client, gateway):
        for path in ("/", "/a/", "/o/", "/elsewhere"):
            response = await client.get(path)
            assert response.status in (403, 404), path
            assert NOT_VALID in await response.text()
        assert (await client.get("/a/ws", headers={"Origin": origin(client)})).status == 403
        assert len(gateway.table) == 0


async def test_a_bad_token_gets_403_and_starts_nothing(link_db: Links) -> None:
    async with serve(link_db) as (client, gateway):
        for token in ("A" * 43, "short", link_db.ann[:-1] + "x", ORGANISER_TOKEN):
            response = await open_link(client, token)
            assert response.status == 403
            page = await response.text()
            assert NOT_VALID in page and token not in page
            assert "cxaudit_link" not in response.cookies
        assert (await open_link(client, link_db.ann, door="o")).status == 403
        assert len(gateway.table) == 0


async def test_a_valid_link_becomes_a_cookie_and_a_token_free_page(link_db: Links) -> None:
    async with serve(link_db) as (client, _):
        first = await client.get(f"/a/{link_db.ann}", allow_redirects=False)
        assert first.status == 303 and first.headers["Location"] == "/a/"
        cookie = first.cookies["cxaudit_link"]
        assert cookie.value == link_db.ann
        assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/a/"
        page = await client.get("/a/")
        assert page.status == 200
        text = await page.text()
        assert f'data-session-websocket-url="ws://127.0.0.1:{client.server.port}/a/ws"' in text
        assert link_db.ann not in text


async def test_each_link_opens_its_own_assessment_and_respondent_only(link_db: Links) -> None:
    async with serve(link_db) as (client, _):
        await open_link(client, link_db.cleo)
        async with await connect(client) as ws:
            seen = await report(ws)
        assert seen["session"] == "respondent"
        assert seen["assessment"] == str(link_db.globex_id) != str(link_db.acme_id)
        # Cleo's cookie is no organiser's, and opens nothing at /o/.
        assert (await client.get("/o/")).status == 403


async def test_revoked_and_expired_links_get_403(link_db: Links) -> None:
    expired = expired_link(link_db.ws)
    async with serve(link_db) as (client, gateway):
        assert (await open_link(client, expired)).status == 403
        assert (await open_link(client, link_db.bob)).status == 200
        links.revoke_links(link_db.ws, organisation="Acme", period="2026-Q1", respondent="Bob")
        # The cookie from before the revocation opens nothing either: page or websocket.
        assert (await client.get("/a/")).status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await connect(client)
        assert refused.value.status == 403
        assert (await open_link(client, link_db.bob)).status == 403
        assert len(gateway.table) == 0


async def test_a_link_revoked_during_its_session_ends_the_session(link_db: Links) -> None:
    async with serve(link_db, recheck_every=0.05) as (client, gateway):
        await open_link(client, link_db.ann)
        async with await connect(client) as ws:
            await report(ws)
            assert len(gateway.table) == 1
            links.revoke_links(link_db.ws, organisation="Acme", period="2026-Q1", respondent="Ann")
            closing = await ws.receive()
            assert closing.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED)
        await until_no_sessions(gateway)
        assert (await client.get("/a/")).status == 403


async def test_the_websocket_needs_the_cookie(link_db: Links) -> None:
    async with serve(link_db) as (client, gateway):
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await connect(client)
        assert refused.value.status == 403
        # A token in the query string is not a way in.
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await connect(client, query=f"?token={link_db.ann}")
        assert len(gateway.table) == 0


async def test_another_sites_origin_is_refused(link_db: Links) -> None:
    async with serve(link_db) as (client, gateway):
        await open_link(client, link_db.ann)
        for bad in ("http://evil.example", "null", f"http://127.0.0.1:{client.server.port + 1}"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await connect(client, Origin=bad)
            assert refused.value.status == 403
        page = await client.get("/a/", headers={"Origin": "http://evil.example"})
        assert page.status == 403
        # Browsers always send an Origin with a websocket: one without is not a browser page.
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await client.ws_connect("/a/ws", headers={"Origin": ""})
        assert len(gateway.table) == 0
        async with await connect(client, Origin=f"http://localhost:{client.server.port}") as ws:
            assert (await report(ws))["session"] == "respondent"


async def test_another_host_is_refused(link_db: Links) -> None:
    async with serve(link_db) as (client, _):
        for host in ("evil.example", f"evil.example:{client.server.port}", "127.0.0.1:1"):
            response = await client.get(f"/a/{link_db.ann}", headers={"Host": host})
            assert response.status == 403, host
            assert "cxaudit_link" not in response.cookies
        assert (await client.get("/static/js/textual.js")).status == 200


async def test_a_public_url_is_accepted_as_host_and_origin(link_db: Links) -> None:
    async with serve(link_db, public_url="https://cx.example.org") as (client, _):
        first = await client.get(
            f"/a/{link_db.ann}", headers={"Host": "cx.example.org"}, allow_redirects=False
        )
        assert first.status == 303
        assert first.cookies["cxaudit_link"]["secure"]
        page = await client.get(
            "/a/", headers={"Host": "cx.example.org"}, cookies={"cxaudit_link": link_db.ann}
        )
        assert 'data-session-websocket-url="wss://cx.example.org/a/ws"' in await page.text()


async def test_twenty_bad_tokens_in_a_minute_get_429_for_a_minute(link_db: Links) -> None:
    clock = Clock()
    async with serve(link_db, clock=clock) as (client, _):
        for n in range(19):
            assert (await open_link(client, f"guess{n:02d}guessguessguess")).status == 403
        clock.now += 30
        assert (await open_link(client, link_db.ann)).status == 200  # good links do not count
        assert (await open_link(client, "guess19guessguessguess")).status == 403
        blocked = await open_link(client, link_db.bob)
        assert blocked.status == 429 and blocked.headers["Retry-After"] == "60"
        assert (await client.get("/a/")).status == 429
        assert (await client.get("/static/js/textual.js")).status == 200
        clock.now += 59
        assert (await open_link(client, link_db.bob)).status == 429
        clock.now += 2
        assert (await open_link(client, link_db.bob)).status == 200


async def test_bad_tokens_spread_over_more_than_a_minute_are_not_blocked(link_db: Links) -> None:
    clock = Clock()
    async with serve(link_db, clock=clock) as (client, _):
        for n in range(40):
            assert (await open_link(client, f"guess{n:02d}guessguessguess")).status == 403
            clock.now += 4
        assert (await open_link(client, link_db.ann)).status == 200


async def test_width_and_height_are_clamped(link_db: Links) -> None:
    async with serve(link_db) as (client, gateway):
        await open_link(client, link_db.ann)
        async with await connect(client, query="?width=4000&height=4000") as ws:
            seen = await report(ws)
            assert (seen["columns"], seen["rows"]) == ("400", "200")
            await ws.send_str(json.dumps(["resize", {"width": -5, "height": "lots"}]))
            assert (await report(ws))["resized"] == [20, 24]
            await ws.send_str(json.dumps(["resize", {"width": 10**9, "height": 10**9}]))
            assert (await report(ws))["resized"] == [400, 200]
            await ws.send_str("not json")
            await ws.send_str(json.dumps({"a": 1}))
            await ws.send_str(json.dumps(["resize", {"width": 120, "height": 40}]))
            assert (await report(ws))["resized"] == [120, 40]
        await until_no_sessions(gateway)
        await open_link(client, link_db.ann)
        async with await connect(client, query="?width=abc&height=") as ws:
            seen = await report(ws)
            assert (seen["columns"], seen["rows"]) == ("80", "24")


async def test_one_session_per_link(link_db: Links) -> None:
    async with serve(link_db) as (client, gateway):
        await open_link(client, link_db.ann)
        async with await connect(client) as ws:
            await report(ws)
            again = await client.get("/a/")
            assert again.status == 409
            assert "already open" in await again.text()
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await connect(client)
            assert refused.value.status == 409
        await until_no_sessions(gateway)
        assert (await client.get("/a/")).status == 200


async def test_sessions_are_capped_in_total(link_db: Links) -> None:
    async with serve(link_db, max_sessions=2) as (client, gateway):
        sockets = []
        for token in (link_db.ann, link_db.bob):
            await open_link(client, token)
            sockets.append(await connect(client))
            await report(sockets[-1])
        busy = await open_link(client, link_db.cleo)
        assert busy.status == 503 and "busy" in await busy.text()
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await connect(client)
        assert refused.value.status == 503
        assert len(gateway.table) == 2
        await sockets[0].close()
        await until_no_sessions_below(gateway, 2)
        assert (await client.get("/a/")).status == 200
        await sockets[1].close()


async def until_no_sessions_below(gateway: Gateway, count: int) -> None:
    while len(gateway.table) >= count:
        await asyncio.sleep(0.05)


async def test_the_organiser_link_opens_the_full_app(link_db: Links) -> None:
    async with serve(link_db) as (client, _):
        assert (await open_link(client, ORGANISER_TOKEN, door="o")).status == 200
        async with await connect(client, door="o") as ws:
            seen = await report(ws)
        assert seen["session"] == "organiser" and not seen["has_token"]


async def test_tokens_stay_out_of_logs_command_lines_and_pages(
    link_db: Links, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with serve(link_db) as (client, gateway):
        await open_link(client, "nonsense-token-nonsense")
        await open_link(client, link_db.ann)
        async with await connect(client) as ws:
            seen = await report(ws)
        await until_no_sessions(gateway)
    assert seen["has_token"]
    assert all(link_db.ann not in arg for arg in seen["argv"])
    assert link_db.ann not in caplog.text and "nonsense-token" not in caplog.text
    assert redact(f"/a/{link_db.ann}") == "/a/<token>"
    assert redact(f"/o/{ORGANISER_TOKEN}?x=1") == "/o/<token>"
    assert redact("/a/ws") == "/a/ws"
