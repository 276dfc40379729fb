"""The `cxaudit` group: global options, the subcommands, and one-line errors.

Only click and cxaudit's light modules are imported here; textual, sqlalchemy and reportlab are
imported inside the command that needs them, so `cxaudit --help` stays fast. Every
`CxauditError` becomes one line, `Error: …`, on stderr with exit code 2. Anything else is a bug:
exit code 1, one line saying where its traceback was saved, and the traceback itself on the
terminal only with `--debug`.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from cxaudit import __version__
from cxaudit.cli.commands import (
    benchmark,
    data,
    links,
    listing,
    manage,
    organisation,
    questionnaire,
    report,
    serve,
)
from cxaudit.cli.help import SentenceGroup
from cxaudit.cli.output import echo, printable
from cxaudit.cli.state import CliState
from cxaudit.errors import CxauditError, DataImportError, QuestionnaireError

EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 1
EXIT_BROKEN_PIPE = 141
"""What a shell reports for a program stopped by SIGPIPE (128 + 13)."""


class CxauditGroup(SentenceGroup):
    """A click group that turns user-facing failures into one clear sentence."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CxauditError as exc:
            if _debug_requested(ctx):
                raise
            echo(f"Error: {printable(exc.message)}", err=True)
            problems = getattr(exc, "problems", None)
            if isinstance(exc, QuestionnaireError | DataImportError) and problems:
                for problem in problems:
                    echo(f"  {printable(problem)}", err=True)
            ctx.exit(EXIT_USER_ERROR)
        except click.ClickException as exc:
            # Usage errors quote what was typed; a pasted control character is shown escaped.
            exc.message = printable(exc.message)  # type: ignore[misc]
            raise
        except (click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # The reader went away (`cxaudit export -o - | head`): stop quietly, as Unix tools do.
            _silence_stdout()
            ctx.exit(EXIT_BROKEN_PIPE)
        except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
            if _debug_requested(ctx):
                raise
            from cxaudit.cli.crash import crash_message

            echo(crash_message(exc, command=ctx.invoked_subcommand), err=True)
            ctx.exit(EXIT_INTERNAL_ERROR)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush meets no broken pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (tests) or nothing to do
        pass


def _debug_requested(ctx: click.Context) -> bool:
    state = ctx.find_object(CliState)
    return bool(state and state.debug) or "--debug" in sys.argv


@click.group(
    cls=CxauditGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", prog_name="cxaudit")
@click.option(
    "--db",
    "db_url",
    envvar="CXAUDIT_DB",
    metavar="URL",
    help=(
        "A SQLite file path or a database URL (default: a SQLite file in your user data "
        "folder). Also CXAUDIT_DB."
    ),
)
@click.option("--debug", is_flag=True, help="Show full tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None, debug: bool) -> None:
    """Assess your organisation's customer experience maturity.

    Quarter by quarter: run with no command to open the terminal app, or give a command below.
    """
    from cxaudit.paths import database_url, default_db_url

    ctx.obj = CliState(db_url=database_url(db_url) if db_url else default_db_url(), debug=debug)
    if ctx.invoked_subcommand is None:
        from cxaudit.tui.app import run_app

        run_app(ctx.obj.db_url)


for _family in (
    questionnaire,
    listing,
    benchmark,
    data,
    report,
    serve,
    links,
    manage,
    organisation,
):
    for _command in _family.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="cxaudit")
