"""What every subcommand needs from the global options, and the workspace it runs in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from cxaudit.services.workspace import Workspace


@dataclass
class CliState:
    """What every subcommand needs from the global options."""

    db_url: str
    debug: bool


def get_state(ctx: click.Context) -> CliState:
    """The global options, for a subcommand."""
    state = ctx.find_object(CliState)
    assert state is not None, "the cxaudit group always sets its state"
    return state


@contextmanager
def workspace(ctx: click.Context) -> Iterator[Workspace]:
    """The workspace on the database the global options name, closed when the command ends."""
    from cxaudit.services.workspace import open_workspace

    with open_workspace(get_state(ctx).db_url) as ws:
        yield ws
