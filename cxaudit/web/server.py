"""Running the gateway: the database it checks links against, the app processes it starts, and
aiohttp's server with a log that never shows a token."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from aiohttp import web

from cxaudit.errors import CxauditError
from cxaudit.web.gateway import Gateway
from cxaudit.web.guard import AddressGuard

SHUTDOWN_GRACE = 5.0
"""Seconds the server waits for open pages when it stops (their apps are ended first)."""


def child_argv() -> list[str]:
    """The command each app process runs: this Python's `cxaudit.web.child` (no secrets in it)."""
    return [sys.executable, "-m", "cxaudit.web.child"]


def run(
    *,
    db_url: str,
    host: str,
    port: int,
    guard: AddressGuard,
    max_sessions: int,
    organiser_token: str,
    announce: Callable[[], None],
) -> None:
    """Serve until interrupted; `announce` is called once the address is bound."""
    from cxaudit.services import links
    from cxaudit.services.workspace import open_workspace

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    with open_workspace(db_url) as ws:
        gateway = Gateway(
            check_link=lambda token: links.open_link(ws, token=token),
            organiser_token=organiser_token,
            guard=guard,
            max_sessions=max_sessions,
            argv=child_argv(),
            environment={"CXAUDIT_DB": db_url},
        )
        try:
            web.run_app(
                gateway.make_app(),
                host=host,
                port=port,
                **Gateway.RUNNER_OPTIONS,
                print=lambda *_: announce(),
                shutdown_timeout=SHUTDOWN_GRACE,
            )
        except OSError as exc:
            raise CxauditError(
                f"cxaudit could not listen on {host}:{port} ({exc.strerror or exc}); "
                "choose another --port or stop what is using it."
            ) from exc
