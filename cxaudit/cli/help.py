"""Command lists in `--help` that never cut a description mid-sentence.

Click shortens each command's description to fit one line of the list, which cut "Delete
ORGANISATION's assessment for PERIOD (e.g." in half. Every command's docstring now starts with
one short sentence, and `SentenceGroup` lists that sentence whole: should one be longer than the
line, it wraps under itself instead of ending in "...".
"""

from __future__ import annotations

import click


def short_help(command: click.Command) -> str:
    """A command's one-sentence description: its `short_help`, else its docstring's first
    paragraph up to the end of the first sentence, never shortened."""
    return command.get_short_help_str(limit=10_000)


class SentenceGroup(click.Group):
    """A click group whose `--help` lists each command with its first sentence, whole."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, short_help(command)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
