"""The subcommands of `cxaudit`, one module per family, registered on the group in `cli.py`.

Each module imports only click and light cxaudit modules at the top; heavy libraries are imported
inside the command function.
"""

from __future__ import annotations

import importlib

import click

# Each module defines `register(group)`.
_MODULES = (
    "cxaudit.commands.questionnaire",
    "cxaudit.commands.data",
    "cxaudit.commands.report",
    "cxaudit.commands.serve",
    "cxaudit.commands.manage",
)


def register_all(group: click.Group) -> None:
    """Attach every command family to the `cxaudit` group."""
    for name in _MODULES:
        importlib.import_module(name).register(group)
