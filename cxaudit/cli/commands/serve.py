"""`cxaudit serve`: the same app in a browser, for workshops around a projector.

textual-serve starts one `cxaudit` process per browser tab and streams its screen. The page has
no login, so the server binds to the loopback address unless told otherwise and warns when it is
not. The database URL reaches each app process through `CXAUDIT_DB` (exactly what `--db` reads)
rather than on the command line, because textual-serve prints its command and a PostgreSQL URL
may hold a password.
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import sys
from typing import Any

import click

from cxaudit.cli.state import get_state

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    """Whether `host` only accepts connections from this machine."""
    if host.strip().lower() in {"localhost", "localhost.localdomain", "ip6-localhost"}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def app_command() -> str:
    """The shell command textual-serve runs for each browser tab: this Python's `cxaudit`."""
    return shlex.join([sys.executable, "-m", "cxaudit"])


def app_environment(db_url: str) -> dict[str, str]:
    """The environment variables each served app needs: the database it opens."""
    return {"CXAUDIT_DB": db_url}


def loopback_warning(host: str) -> str | None:
    """The warning printed when the page can be reached from other machines, or None."""
    if is_loopback(host):
        return None
    return (
        f"Warning: serving on {host}, so anyone who can reach this machine can open cxaudit "
        "and its data; the page has no login. Use --host 127.0.0.1 to keep it local."
    )


def build_server(*, host: str, port: int, public_url: str | None = None) -> Any:
    """The textual-serve Server for `cxaudit` on `host`:`port` (not started)."""
    from textual_serve.server import Server

    return Server(app_command(), host=host, port=port, title="cxaudit", public_url=public_url)


@click.command("serve")
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to bind to.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--public-url",
    metavar="URL",
    default=None,
    help="The address browsers use to reach this server (needed behind a proxy or on 0.0.0.0).",
)
@click.pass_context
def serve_cmd(ctx: click.Context, host: str, port: int, public_url: str | None) -> None:
    """Run cxaudit in a web browser, for workshops.

    The page has no login, so it is served on this machine only unless --host says otherwise,
    and a warning is printed when it is not.
    """
    state = get_state(ctx)
    warning = loopback_warning(host)
    if warning:
        click.echo(warning, err=True)
    server = build_server(host=host, port=port, public_url=public_url)
    os.environ.update(app_environment(state.db_url))
    server.serve()


COMMANDS = (serve_cmd,)
"""The commands of this family, added to the `cxaudit` group by `cxaudit.cli.app`."""
