"""The pages the gateway serves itself: the refusals (403, 429, busy) and the app's page.

The refusals are plain HTML with no script and nothing from the request in them, so no token or
header ever comes back in an error page. The app's page is textual-serve's own template.
"""

from __future__ import annotations

import html
from pathlib import Path

import jinja2
import textual_serve
from aiohttp import web

STATIC_DIR = Path(textual_serve.__file__).parent / "static"
TEMPLATE_DIR = Path(textual_serve.__file__).parent / "templates"

SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
}

NOT_VALID = (
    "This link is not valid",
    "The link may have been mistyped, revoked or expired. Ask the person who sent it for a new "
    "one.",
)
HOST_REFUSED = (
    "This address is not served here",
    "cxaudit answers only on the address it was started for. If you run it behind a proxy or "
    "on another name, start it with --public-url set to that address.",
)
ORIGIN_REFUSED = (
    "Refused: another site's page",
    "cxaudit only accepts connections from its own pages.",
)
TOO_MANY = (
    "Too many attempts",
    "Too many links that are not valid came from this address. Wait a minute, then try the link "
    "you were sent again.",
)
LINK_IN_USE = (
    "This link is already open",
    "Your link is open in another window or device. Close it there, wait a few seconds, and "
    "reload this page.",
)
SERVER_FULL = (
    "cxaudit is busy",
    "Everyone's sessions are in use right now. Wait a minute and reload this page; your "
    "answers so far are saved.",
)


def _page(title: str, text: str) -> str:
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(title)} · cxaudit</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;"
        "padding:0 1rem;color:#1d2a33}h1{font-size:1.4rem}</style></head>"
        f"<body><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>"
    )


def refusal(status: int, page: tuple[str, str], *, retry_after: int | None = None) -> web.Response:
    """A plain HTML page with `status`, and nothing from the request in it."""
    headers = dict(SECURITY_HEADERS)
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return web.Response(status=status, text=_page(*page), content_type="text/html", headers=headers)


_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATE_DIR), autoescape=True, auto_reload=False
)


def app_page(*, websocket_url: str, font_size: int, title: str = "cxaudit") -> web.Response:
    """textual-serve's page that draws the terminal and opens `websocket_url`."""
    text = _templates.get_template("app_index.html").render(
        font_size=font_size,
        app_websocket_url=websocket_url,
        config={"static": {"url": "/static/"}},
        application={"name": title},
    )
    return web.Response(text=text, content_type="text/html", headers=SECURITY_HEADERS)
