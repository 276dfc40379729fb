"""The `cxaudit` group: global options, the subcommands, and one-line errors.

Only click and cxaudit's light modules are imported here; textual, sqlalchemy and reportlab are
imported inside the command that needs them, so `cxaudit --help` stays fast. Every
`CxauditError` becomes one line, `Error: …`, on stderr with exit code 2; a traceback is shown only
with `--debug`.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from cxaudit import __version__
from cxaudit.cli.commands import data, manage, questionnaire, report, serve
from cxaudit.cli.state import CliState
from cxaudit.errors import CxauditError, DataImportError, QuestionnaireError

EXIT_USER_ERROR = 2


class CxauditGroup(click.Group):
    """A click group that turns user-facing failures into one clear sentence."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CxauditError as exc:
            if _debug_requested(ctx):
                raise
            click.echo(f"Error: {exc.message}", err=True)
            problems = getattr(exc, "problems", None)
            if isinstance(exc, QuestionnaireError | DataImportError) and problems:
                for problem in problems:
                    click.echo(f"  {problem}", err=True)
            ctx.exit(EXIT_USER_ERROR)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
            if _debug_requested(ctx):
                raise
            click.echo(
                f"Error: cxaudit hit an unexpected problem ({type(exc).__name__}: {exc}); "
                "run again with --debug for details.",
                err=True,
            )
            ctx.exit(1)


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
    """cxaudit: assess your organisation's customer experience maturity, quarter by quarter.

    Run with no command to open the terminal app.
    """
    from cxaudit.paths import database_url, default_db_url

    ctx.obj = CliState(db_url=database_url(db_url) if db_url else default_db_url(), debug=debug)
    if ctx.invoked_subcommand is None:
        from cxaudit.tui.app import run_app

        run_app(ctx.obj.db_url)


for _family in (questionnaire, data, report, serve, manage):
    for _command in _family.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="cxaudit")
