"""`cxaudit serve`: personal links and the organiser's app, in a browser, behind a guarded gateway.

Nothing is served without a valid link. Respondents open the links `cxaudit links create` prints
(`/a/<token>`); the organiser opens the full app with the URL printed here at start, made fresh
each time and kept only in memory (`/o/<token>`). The server binds to the loopback address
unless told otherwise; on a network it belongs behind a reverse proxy that adds TLS, named with
`--public-url`. The database URL reaches each app process through `CXAUDIT_DB`, never the
command line, because a PostgreSQL URL may hold a password.
"""

from __future__ import annotations

import ipaddress
import secrets

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


def base_url(host: str, port: int, public_url: str | None) -> str:
    """The address people use: `--public-url`, else this host and port (loopback for 0.0.0.0)."""
    if public_url:
        return public_url.rstrip("/")
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else "[::1]" if host == "::" else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def network_advice(host: str, port: int, public_url: str | None) -> str | None:
    """What to do when the server can be reached from other machines, or None on loopback."""
    if is_loopback(host):
        return None
    lines = [
        f"Serving on {host}: other machines can reach this server. Links travel in plain HTTP "
        "here, so put it behind a reverse proxy that adds TLS (HTTPS), for example Caddy:",
        f"    caddy reverse-proxy --from cx.example.org --to 127.0.0.1:{port}",
        "then run cxaudit serve on 127.0.0.1 with --public-url https://cx.example.org, so that "
        "links and the browser's origin use that address.",
    ]
    if not public_url:
        lines.append(
            "Without --public-url only the loopback addresses are accepted as this server's "
            "name; pages asked for by any other name get 403."
        )
    return "\n".join(lines)


@click.command("serve")
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to bind to.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--public-url",
    metavar="URL",
    default=None,
    help="The address browsers use to reach this server (behind a proxy, or on a network).",
)
@click.option(
    "--max-sessions",
    type=click.IntRange(1, 1000),
    default=None,
    help="Browsers served at once (default: what this machine's cores and memory hold).",
)
@click.pass_context
def serve_cmd(
    ctx: click.Context, host: str, port: int, public_url: str | None, max_sessions: int | None
) -> None:
    """Serve personal links and the full app in browsers.

    Respondents open the links `cxaudit links create` prints; the organiser opens the URL
    printed at start. Anything else gets "this link is not valid".
    """
    from cxaudit.web.guard import AddressGuard, default_max_sessions
    from cxaudit.web.server import run

    state = get_state(ctx)
    guard = AddressGuard(host=host, port=port, public_url=public_url)
    limit = max_sessions or default_max_sessions()
    token = secrets.token_urlsafe(32)
    base = base_url(host, port, public_url)

    def announce() -> None:
        click.echo(f"cxaudit is serving on {host}:{port}, up to {limit} browsers at once.")
        click.echo("Organiser (the full app; keep this private, it changes at every start):")
        click.echo(f"    {base}/o/{token}")
        create = 'cxaudit links create ORGANISATION --period PERIOD --respondent "Name:role"'
        if base != f"http://{DEFAULT_HOST}:{DEFAULT_PORT}":
            create += f" --public-url {base}"
        click.echo(f"Respondents: create their personal links with\n    {create}")
        advice = network_advice(host, port, public_url)
        if advice:
            click.echo(advice, err=True)
        click.echo("Press Ctrl+C to stop.")

    run(
        db_url=state.db_url,
        host=host,
        port=port,
        guard=guard,
        max_sessions=limit,
        organiser_token=token,
        announce=announce,
    )


COMMANDS = (serve_cmd,)
"""The commands of this family, added to the `cxaudit` group by `cxaudit.cli.app`."""
