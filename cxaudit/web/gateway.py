"""The aiohttp application in front of the apps: nothing is served without a valid link.

Two doors: `/a/<token>` for a respondent's link and `/o/<token>` for the organiser's (a token made
when the server starts, kept only in memory). Opening a link checks the token first: a bad one
gets a 403 page and nothing starts. A good one is moved into an HttpOnly, SameSite=Strict cookie
and the browser is sent on to the token-free page (`/a/` or `/o/`), whose websocket is
authenticated by the cookie alone. Host and Origin must name this server; sessions are capped
in total and to one per respondent link; and an address sending 20 bad tokens in a minute gets
429 for a minute. Tokens are never logged and never put on a command line.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import re
import secrets
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from aiohttp import WSMsgType, web
from aiohttp.abc import AbstractAccessLogger
from textual_serve.download_manager import DownloadManager

from cxaudit.web import pages
from cxaudit.web.guard import AddressGuard, RateLimiter, clamp_size
from cxaudit.web.sessions import AppSession, SessionTable

log = logging.getLogger("cxaudit.web")

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,128}")
RECHECK_EVERY = 30.0
"""Seconds between checks of a live respondent session's link: a revoked or expired link ends it."""
MAX_MESSAGE = 64 * 1024
"""The largest websocket message from a browser: key presses and sizes are a few bytes."""


class Grant(Protocol):
    """What a valid respondent link gives (cxaudit.services.links.LinkGrant)."""

    @property
    def link_id(self) -> int: ...
    @property
    def assessment_id(self) -> int: ...
    @property
    def respondent_id(self) -> int: ...


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
LinkChecker = Callable[[str], Grant | None]
"""Checks a respondent token against the database (blocking: run in a thread)."""


@dataclass(frozen=True)
class Door:
    """One kind of link: its path prefix, its cookie and what its app process runs as."""

    prefix: str
    cookie: str
    session: str


RESPONDENT = Door("/a/", "cxaudit_link", "respondent")
ORGANISER = Door("/o/", "cxaudit_organiser", "organiser")


@dataclass(frozen=True)
class Admission:
    """A checked token: the session key it holds and the environment its app process gets."""

    key: str
    environment: dict[str, str]
    per_link: bool
    door: Door
    token: str


def redact(path: str) -> str:
    """A request path safe to log: a token after /a/ or /o/ is replaced."""
    return re.sub(r"^/([ao])/(?!ws$)[^/?]+", r"/\1/<token>", path.split("?", 1)[0])


class RedactingAccessLogger(AbstractAccessLogger):
    """aiohttp's access log line, with tokens taken out of the path."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            '%s "%s %s" %s %.3fs',
            request.remote,
            request.method,
            redact(request.path),
            response.status,
            time,
        )


class Gateway:
    """The guarded server: build it, then serve `make_app()` with aiohttp."""

    def __init__(
        self,
        *,
        check_link: LinkChecker,
        organiser_token: str,
        guard: AddressGuard,
        max_sessions: int,
        argv: Sequence[str],
        environment: Mapping[str, str],
        limiter: RateLimiter | None = None,
        title: str = "cxaudit",
        recheck_every: float = RECHECK_EVERY,
    ) -> None:
        self.check_link = check_link
        self.organiser_token = organiser_token
        self.guard = guard
        self.limiter = limiter or RateLimiter()
        self.table = SessionTable(max_sessions)
        self.argv = list(argv)
        self.environment = dict(environment)
        self.title = title
        self.recheck_every = recheck_every
        self.download_manager = DownloadManager()
        self._organiser_sessions = itertools.count(1)
        self._sockets: set[web.WebSocketResponse] = set()
        self._stopping: set[asyncio.Future[None]] = set()

    # -- the application ------------------------------------------------------------------

    #: What aiohttp's runner needs besides the application: an access log without tokens.
    RUNNER_OPTIONS: ClassVar[dict[str, Any]] = {"access_log_class": RedactingAccessLogger}

    def make_app(self) -> web.Application:
        """The aiohttp application (its shutdown ends every app process)."""
        app = web.Application(middlewares=[self._guard_middleware])
        for door in (RESPONDENT, ORGANISER):
            base = door.prefix.rstrip("/")
            app.router.add_get(base + "/ws", self._websocket_handler(door))
            app.router.add_get(base + "/", self._page_handler(door))
            app.router.add_get(base + "/{token}", self._open_handler(door))
        app.router.add_static("/static", pages.STATIC_DIR)
        app.router.add_get("/", self._no_link)
        app.on_shutdown.append(self._stop_everything)
        app.on_cleanup.append(self._wait_for_stops)
        return app

    @web.middleware
    async def _guard_middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self.guard.host_ok(request.headers.get("Host")):
            return pages.refusal(403, pages.HOST_REFUSED)
        websocket = request.path.endswith("/ws")
        if not self.guard.origin_ok(request.headers.get("Origin"), required=websocket):
            return pages.refusal(403, pages.ORIGIN_REFUSED)
        if not request.path.startswith("/static/") and self.limiter.blocked(self._address(request)):
            return pages.refusal(429, pages.TOO_MANY, retry_after=60)
        try:
            response = await handler(request)
        except web.HTTPNotFound:
            return pages.refusal(404, pages.NOT_VALID)
        except web.HTTPException as error:
            return pages.refusal(error.status, pages.NOT_VALID)
        return response

    @staticmethod
    def _address(request: web.Request) -> str:
        return request.remote or "unknown"

    async def _no_link(self, request: web.Request) -> web.Response:
        return pages.refusal(403, pages.NOT_VALID)

    # -- tokens ---------------------------------------------------------------------------

    async def _admit(self, door: Door, token: str | None) -> Admission | None:
        """The admission a token gives at `door`, or None; tokens are compared in constant time."""
        if not token or not TOKEN_PATTERN.fullmatch(token):
            return None
        if door is ORGANISER:
            if not secrets.compare_digest(token.encode(), self.organiser_token.encode()):
                return None
            return Admission(
                f"organiser:{next(self._organiser_sessions)}",
                {"CXAUDIT_SESSION": "organiser"},
                False,
                door,
                token,
            )
        try:
            grant = await asyncio.to_thread(self.check_link, token)
        except Exception:  # noqa: BLE001 - a database failure must not show the token or a trace
            log.exception("checking a respondent link failed")
            return None
        if grant is None:
            return None
        environment = {
            "CXAUDIT_SESSION": "respondent",
            "CXAUDIT_LINK_TOKEN": token,
            "CXAUDIT_LINK_ASSESSMENT": str(grant.assessment_id),
            "CXAUDIT_LINK_RESPONDENT": str(grant.respondent_id),
        }
        return Admission(f"link:{grant.link_id}", environment, True, door, token)

    def _refuse_token(self, request: web.Request) -> web.Response:
        self.limiter.failed(self._address(request))
        return pages.refusal(403, pages.NOT_VALID)

    def _busy(self, admission: Admission) -> web.Response | None:
        """The busy page if `admission` may not start a session now."""
        if admission.per_link and self.table.holds(admission.key):
            return pages.refusal(409, pages.LINK_IN_USE)
        if self.table.full():
            return pages.refusal(503, pages.SERVER_FULL, retry_after=60)
        return None

    def _secure(self, request: web.Request) -> bool:
        return request.secure or (self.guard.secure and request.host in self.guard.hosts)

    # -- handlers -------------------------------------------------------------------------

    def _open_handler(self, door: Door) -> Handler:
        async def open_link(request: web.Request) -> web.Response:
            """A link from a message: check it, keep it in a cookie, go to the token-free page."""
            token = request.match_info["token"]
            if await self._admit(door, token) is None:
                return self._refuse_token(request)
            response = web.Response(
                status=303, headers={**pages.SECURITY_HEADERS, "Location": door.prefix}
            )
            response.set_cookie(
                door.cookie,
                token,
                path=door.prefix,
                httponly=True,
                samesite="Strict",
                secure=self._secure(request),
            )
            return response

        return open_link

    def _page_handler(self, door: Door) -> Handler:
        async def page(request: web.Request) -> web.Response:
            admission = await self._admit(door, request.cookies.get(door.cookie))
            if admission is None:
                return self._refuse_token(request)
            busy = self._busy(admission)
            if busy is not None:
                return busy
            scheme = "wss" if self._secure(request) else "ws"
            font_size = max(8, min(40, _to_int(request.query.get("fontsize"), 16)))
            return pages.app_page(
                websocket_url=f"{scheme}://{request.host}{door.prefix}ws",
                font_size=font_size,
                title=self.title,
            )

        return page

    def _websocket_handler(self, door: Door) -> Handler:
        async def websocket(request: web.Request) -> web.StreamResponse:
            admission = await self._admit(door, request.cookies.get(door.cookie))
            if admission is None:
                return self._refuse_token(request)
            busy = self._busy(admission)
            if busy is not None or not self.table.claim(admission.key):
                return busy or pages.refusal(503, pages.SERVER_FULL, retry_after=60)
            try:
                return await self._run_session(request, admission)
            finally:
                self.table.release(admission.key)

        return websocket

    async def _run_session(self, request: web.Request, admission: Admission) -> web.StreamResponse:
        width, height = clamp_size(request.query.get("width"), request.query.get("height"))
        ws = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        await ws.prepare(request)

        async def close() -> None:
            await ws.close()

        session = AppSession(
            self.argv,
            {**self.environment, **admission.environment},
            write_bytes=ws.send_bytes,
            write_str=ws.send_str,
            close=close,
            download_manager=self.download_manager,
        )
        self.table.attach(admission.key, session)
        self._sockets.add(ws)
        kind = admission.environment["CXAUDIT_SESSION"]
        log.info("%s session started (%d of %d in use)", kind, len(self.table), self.table.limit)
        watch = asyncio.create_task(self._recheck(ws, admission))
        try:
            await session.start(width, height)
            await _relay(ws, session)
        except asyncio.CancelledError:
            pass
        except Exception:  # noqa: BLE001 - one broken session must not stop the server
            log.exception("a %s session failed", kind)
        finally:
            watch.cancel()
            self._sockets.discard(ws)
            # The app is ended even if this handler is cancelled meanwhile (the server stopping):
            # the stop runs as its own task, which shutdown waits for.
            stopping = asyncio.ensure_future(session.stop())
            self._stopping.add(stopping)
            stopping.add_done_callback(self._stopping.discard)
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(stopping)
            with contextlib.suppress(Exception):
                await ws.close()
            log.info("%s session ended", kind)
        return ws

    async def _recheck(self, ws: web.WebSocketResponse, admission: Admission) -> None:
        """Check a live respondent session's link now and then; close it once revoked or expired
        (the app's saves so far are kept; the page then shows "Session ended")."""
        if not admission.per_link:
            return
        while not ws.closed:
            await asyncio.sleep(self.recheck_every)
            if await self._admit(admission.door, admission.token) is None:
                log.info("a respondent session ended: its link was revoked or has expired")
                await ws.close()
                return

    async def _stop_everything(self, app: web.Application) -> None:
        """On shutdown: end every app process (and its group), and close the pages' sockets."""
        await asyncio.gather(
            *(session.stop() for session in self.table.sessions()),
            *(ws.close() for ws in list(self._sockets)),
            return_exceptions=True,
        )

    async def _wait_for_stops(self, app: web.Application) -> None:
        """After shutdown: wait for the app processes still being ended."""
        while self._stopping:
            await asyncio.gather(*list(self._stopping), return_exceptions=True)


def _to_int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default


async def _relay(ws: web.WebSocketResponse, session: AppSession) -> None:
    """Pass the browser's keys and sizes to the app until the browser goes."""
    async for message in ws:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        except (ValueError, TypeError, IndexError, KeyError):
            continue
        if kind == "stdin" and isinstance(data, str):
            await session.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            await session.set_terminal_size(*clamp_size(data.get("width"), data.get("height")))
        elif kind == "ping":
            await ws.send_json(["pong", data])
        elif kind == "blur":
            await session.blur()
        elif kind == "focus":
            await session.focus()
