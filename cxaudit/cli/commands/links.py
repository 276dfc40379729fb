"""`cxaudit links create | list | revoke`: personal links through which each person answers.

`create` prints each new link once: only the hash of its token is kept, so a lost link cannot be
shown again, only revoked and replaced. A file of links (`--output`) is created readable by its
owner only, and never over an existing file. `cxaudit serve` serves the links.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cxaudit.cli.output import echo, echo_data, is_stdout
from cxaudit.cli.state import workspace
from cxaudit.errors import CxauditError, ValidationProblem

if TYPE_CHECKING:
    from cxaudit.domain.model import Role
    from cxaudit.services.links import IssuedLink, LinkState

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
"""Where `cxaudit serve` listens unless told otherwise (its --host and --port defaults)."""
MAX_PEOPLE_FILE = 1024 * 1024
"""The largest people file read: a megabyte is tens of thousands of names."""
MAX_PEOPLE = 2000
"""The most people one `links create` issues links for."""
LINK_COLUMNS = ["name", "role", "url", "expires"]
"""The columns of `links create --format csv`, for mail-merge."""
STATE_COLUMNS = [
    "respondent",
    "role",
    "anonymous",
    "state",
    "answered",
    "questions",
    "last_activity",
    "expires",
    "link",
]
"""The columns (and JSON keys) of `links list --format csv|json`."""

_period = click.option("--period", required=True, help="The period, e.g. 2026-Q1.")


@click.group("links")
def links_group() -> None:
    """Personal links: each person answers in a browser.

    Each respondent answers in their own browser and sees only their own questions. Create
    links for an assessment, see who has finished, and revoke links; `cxaudit serve` serves
    them.
    """


def _when(moment: datetime | None) -> str:
    """A time as a table shows it: UTC, to the minute."""
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds")


def _base_url(text: str) -> str:
    from cxaudit.domain.links import check_base_url

    return check_base_url(text)


def _people_file(path: Path) -> list[tuple[str, Role]]:
    """The people in a CSV file with `name` and `role` columns (a header row first)."""
    from cxaudit.domain.links import parse_role
    from cxaudit.transfer.cells import Problems, read_text
    from cxaudit.transfer.response_rows import csv_rows, header_index

    if path.is_file() and path.stat().st_size > MAX_PEOPLE_FILE:
        raise ValidationProblem(f"{path} is larger than a people file can be (1 MB).")
    problems = Problems(str(path))
    rows = csv_rows(read_text(path).replace("\x00", ""), problems)
    filled = [(line, row) for line, row in rows if any(row)]
    if not filled:
        raise ValidationProblem(f"{path} is empty: it needs a header row with name and role.")
    _, header = filled[0]
    index = header_index(header)
    missing = [column for column in ("name", "role") if column not in index]
    if missing:
        raise ValidationProblem(
            f"{path} has no {' or '.join(missing)} column: its first row must name the columns "
            "name and role."
        )
    if len(filled) - 1 > MAX_PEOPLE:
        raise ValidationProblem(f"{path} lists more than {MAX_PEOPLE} people.")
    people: list[tuple[str, Role]] = []
    for line, row in filled[1:]:
        name = row[index["name"]] if index["name"] < len(row) else ""
        role = row[index["role"]] if index["role"] < len(row) else ""
        if not name:
            raise ValidationProblem(f"{path}, line {line}: the name is empty.")
        try:
            people.append((name, parse_role(role)))
        except ValidationProblem as exc:
            raise ValidationProblem(f"{path}, line {line}: {exc.message}") from None
    return people


def _open_secret_file(output: Path) -> int:
    """Create `output` for links: readable by its owner only, never over an existing file."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        return os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise CxauditError(
            f"{output} already exists; links are never written over a file, so give a new name."
        ) from None
    except OSError as exc:
        raise CxauditError(f"{output} cannot be written ({exc.strerror or exc}).") from None


def _csv(issued: Sequence[IssuedLink], base: str) -> str:
    from cxaudit.services.links import link_url
    from cxaudit.transfer.safe_text import csv_document

    return csv_document(
        LINK_COLUMNS,
        [
            {
                "name": link.respondent_label,
                "role": link.role.value,
                "url": link_url(base, link.token),
                "expires": _iso(link.expires_at),
            }
            for link in issued
        ],
    )


def _lines(issued: Sequence[IssuedLink], base: str) -> str:
    from cxaudit.domain.wording import role_label
    from cxaudit.services.links import link_url

    return "".join(
        f"{link.respondent_label} ({role_label(link.role.value)}): {link_url(base, link.token)}\n"
        for link in issued
    )


@links_group.command("create")
@click.argument("org")
@_period
@click.option(
    "--respondent",
    "respondents",
    multiple=True,
    metavar='"NAME:ROLE"',
    help='A person to link, e.g. "Ana Silva:frontline" (repeat for more).',
)
@click.option(
    "--from",
    "people_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="A CSV file of people, with name and role columns.",
)
@click.option("--anonymous", type=int, default=0, help="How many links with no name attached.")
@click.option(
    "--role",
    "anonymous_role",
    default=None,
    help="The role of the anonymous links (default frontline).",
)
@click.option(
    "--expires", default="30d", show_default=True, help="How long links last: 14d, 2w, 12h."
)
@click.option(
    "--carry-forward",
    is_flag=True,
    help="Start a new assessment from the last completed one; each named person sees their own "
    "earlier answers.",
)
@click.option(
    "--base-url",
    "--public-url",
    "base_url",
    default=DEFAULT_BASE_URL,
    show_default=True,
    metavar="URL",
    help="The address cxaudit serve is reached at.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv"], case_sensitive=False),
    default="table",
    show_default=True,
    help="One line per link for people, or csv (name, role, url, expires) for mail-merge.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    default=None,
    help="Write the links to this new file (readable by you only) instead of printing them.",
)
@click.pass_context
def create_cmd(
    ctx: click.Context,
    org: str,
    period: str,
    respondents: tuple[str, ...],
    people_file: Path | None,
    anonymous: int,
    anonymous_role: str | None,
    expires: str,
    carry_forward: bool,
    base_url: str,
    fmt: str,
    output: Path | None,
) -> None:
    """Create a personal link for each respondent of ORG's assessment.

    The assessment for --period is started as a draft if there is none. Each link is shown
    once, now: keep it, or revoke it and create another.
    """
    from cxaudit.domain.links import parse_lifetime, parse_person, parse_role
    from cxaudit.domain.model import Role
    from cxaudit.services.links import create_links

    base = _base_url(base_url)
    lifetime = parse_lifetime(expires)
    people = [parse_person(text) for text in respondents]
    if people_file is not None:
        people += _people_file(people_file)
    if anonymous_role is not None and anonymous == 0:
        raise ValidationProblem("--role is the role of anonymous links: give --anonymous N too.")
    role = Role.FRONTLINE if anonymous_role is None else parse_role(anonymous_role)
    if anonymous < 0:
        raise ValidationProblem("--anonymous is a number of links: 0 or more.")
    to_file = output is not None and not is_stdout(output)
    handle = _open_secret_file(output) if to_file and output is not None else None
    try:
        with workspace(ctx) as ws:
            issued = create_links(
                ws,
                organisation=org,
                period=period,
                people=people,
                anonymous=anonymous,
                anonymous_role=role,
                expires_in=lifetime,
                carry_forward=carry_forward,
            )
    except BaseException:
        if handle is not None and output is not None:
            os.close(handle)
            output.unlink(missing_ok=True)
        raise
    text = _csv(issued, base) if fmt == "csv" else _lines(issued, base)
    expiry = _when(issued[0].expires_at)
    count = len(issued)
    noun = "link" if count == 1 else "links"
    if handle is not None and output is not None:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        echo(f"Wrote {count} {noun} to {output}, valid until {expiry} UTC.")
    elif fmt == "csv":
        echo_data(text)
    else:
        echo_data(text)
        echo(
            f"{count} {noun}, valid until {expiry} UTC. Each is shown only now; "
            "`cxaudit serve` serves them.",
            err=True,
        )


def _state_rows(states: Sequence[LinkState]) -> list[dict[str, Any]]:
    return [
        {
            "respondent": state.respondent_label,
            "role": state.role.value,
            "anonymous": state.anonymous,
            "state": state.state,
            "answered": state.settled,
            "questions": state.total,
            "last_activity": _iso(state.last_activity),
            "expires": _iso(state.expires_at),
            "link": state.condition.value,
        }
        for state in states
    ]


@links_group.command("list")
@click.argument("org")
@_period
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"], case_sensitive=False),
    default="table",
    show_default=True,
    help="A table for people, or json or csv for scripts.",
)
@click.pass_context
def list_cmd(ctx: click.Context, org: str, period: str, fmt: str) -> None:
    """Show each link's respondent, progress and expiry.

    Progress is not opened, in progress n of N, or finished; times are in UTC.
    """
    from cxaudit.services.links import list_links

    with workspace(ctx) as ws:
        states = list_links(ws, organisation=org, period=period)
    rows = _state_rows(states)
    if fmt == "json":
        echo_data(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        from cxaudit.transfer.safe_text import csv_document

        echo_data(csv_document(STATE_COLUMNS, rows))
        return
    if not states:
        echo("No links yet: create them with `cxaudit links create`.")
        return
    from cxaudit.cli.tables import Column, print_table
    from cxaudit.domain.wording import role_label

    print_table(
        [
            Column("Respondent", fold=True),
            Column("Role"),
            Column("State"),
            Column("Last active (UTC)"),
            Column("Expires"),
        ],
        [
            [
                state.respondent_label,
                role_label(state.role.value),
                state.state,
                _when(state.last_activity),
                _link_cell(state),
            ]
            for state in states
        ],
    )


def _link_cell(state: LinkState) -> str:
    """The day the link stops opening (`2026-12-30`), or `revoked` or `expired` once it has."""
    if state.revoked or state.expired:
        return state.condition.value
    return f"{state.expires_at:%Y-%m-%d}"


@links_group.command("revoke")
@click.argument("org")
@_period
@click.option("--respondent", default=None, metavar="NAME", help="The respondent whose link goes.")
@click.option("--all", "everyone", is_flag=True, help="Revoke every link of the assessment.")
@click.pass_context
def revoke_cmd(
    ctx: click.Context, org: str, period: str, respondent: str | None, everyone: bool
) -> None:
    """Revoke links; the answers already given are kept.

    A revoked link stops opening at once and cannot be brought back: create a new one.
    """
    from cxaudit.services.links import revoke_links

    if (respondent is None) == (not everyone):
        raise ValidationProblem(
            "Give one of --respondent NAME (one person's link) or --all (every link)."
        )
    with workspace(ctx) as ws:
        count = revoke_links(
            ws, organisation=org, period=period, respondent=respondent, everyone=everyone
        )
    if count == 0:
        echo("No open links to revoke: they were revoked before.")
    else:
        echo(f"Revoked {count} {'link' if count == 1 else 'links'}.")


COMMANDS = (links_group,)
"""The commands of this family, added to the `cxaudit` group by `cxaudit.cli.app`."""
