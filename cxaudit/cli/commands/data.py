"""`cxaudit demo | export | import | pack`: data in and out from the shell.

Consultants live in spreadsheets: these commands write backups and spreadsheets, read answers
collected outside the app, and write response packs to collect them. `-o -` writes to standard
output. Long work shows a progress bar when stderr is a terminal. Every failure is one
`Error: …` line, exit 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cxaudit.cli.output import echo, output_file
from cxaudit.cli.progress import progress_bar
from cxaudit.cli.state import workspace

if TYPE_CHECKING:
    from cxaudit.services.exchange import Replacement

EXPORT_FORMATS = click.Choice(["json", "csv", "xlsx"], case_sensitive=False)
OUTPUT = click.Path(path_type=Path, dir_okay=False, allow_dash=True)
"""An output file, where `-` means standard output."""
LISTED = 10
"""Organisations named one by one before a long list is summed up."""


@click.command("demo")
@click.option("--force", is_flag=True, help="Rebuild the demo organisations from scratch.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    hidden=True,
    help="Pretend today is this date (for repeatable demos).",
)
@click.pass_context
def demo_cmd(ctx: click.Context, force: bool, today: datetime | None) -> None:
    """Load demo organisations with six quarters of history.

    Running it again leaves a loaded demo as it is; --force rebuilds it. Organisations that are
    not part of the demo are never touched.
    """
    from cxaudit.services.demo import load_demo

    with workspace(ctx) as ws, progress_bar("Loading the demo") as step:
        summary = load_demo(ws, force=force, today=today.date() if today else None, progress=step)
    echo(summary.message)


@click.command("export")
@click.argument("org", required=False)
@click.option("--format", "fmt", type=EXPORT_FORMATS, default=None, help="Default: from -o.")
@click.option(
    "-o", "--output", type=OUTPUT, required=True, help="The file to write; - for standard output."
)
@click.pass_context
def export_cmd(ctx: click.Context, org: str | None, fmt: str | None, output: Path) -> None:
    """Export everything, or one organisation, to a file.

    A json backup holds everything; a csv has one row per answer; an xlsx workbook has sheets
    of scores, answers and actions. With -o - the file goes to standard output (an xlsx only
    when that is not a terminal) and the summary line to stderr.
    """
    from cxaudit.services import exchange

    chosen = exchange.export_format(output, fmt)
    binary = chosen == "xlsx"
    with (
        output_file(output, suffix=f".{chosen}", binary=binary, what="an xlsx workbook") as target,
        workspace(ctx) as ws,
        progress_bar("Exporting") as step,
    ):
        outcome = exchange.export(
            ws, output=target.path, fmt=chosen, organisation=org, progress=step
        )
    target.done(outcome.message)


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--org", "org", default=None, help="The organisation response files belong to.")
@click.option("--period", default=None, help="The period response files belong to, e.g. 2026-Q1.")
@click.option("--replace", is_flag=True, help="Backups: overwrite assessments that exist.")
@click.option("--yes", is_flag=True, help="With --replace: overwrite without asking.")
@click.option(
    "--questionnaire",
    "questionnaire_ref",
    default=None,
    help="For a new assessment: the questionnaire id or file (default: the built-in one).",
)
@click.option("--complete", is_flag=True, help="Complete the assessment after importing.")
@click.option(
    "--accept-unverified",
    is_flag=True,
    help="Let in answers that lack the evidence their level needs, marked unverified.",
)
@click.pass_context
def import_cmd(
    ctx: click.Context,
    files: tuple[Path, ...],
    org: str | None,
    period: str | None,
    replace: bool,
    yes: bool,
    questionnaire_ref: str | None,
    complete: bool,
    accept_unverified: bool,
) -> None:
    """Import a json backup, or response files into a period.

    Response files (csv, xlsx, filled packs) go to --org and --period; a pack names its own.
    An answer at or above its question's evidence gate needs evidence; --accept-unverified lets
    such answers in without it, marked unverified (they count as given and are listed).
    A backup is merged; --replace overwrites the assessments it shares with the database, after
    naming them and asking (unless --yes).
    """
    from cxaudit.services import exchange

    # Checked before the database is opened, so a mistyped command changes nothing.
    kind = exchange.import_kind(
        files,
        organisation=org,
        period=period,
        complete=complete,
        accept_unverified=accept_unverified,
    )
    with workspace(ctx) as ws:
        if kind == "backup" and replace:
            replacements = exchange.backup_replacements(ws, path=files[0])
            if replacements:
                _confirm_replacements(replacements, yes=yes)
        name = files[0].name if len(files) == 1 else f"{len(files)} files"
        with progress_bar(f"Importing {name}") as step:
            summary = exchange.import_files(
                ws,
                paths=files,
                organisation=org,
                period=period,
                replace=replace,
                questionnaire_ref=questionnaire_ref,
                complete=complete,
                accept_unverified=accept_unverified,
                progress=step,
            )
    echo(summary.message)


def _confirm_replacements(replacements: Sequence[Replacement], *, yes: bool) -> None:
    """Name every stored assessment a backup would overwrite, by organisation and id, and ask
    unless `yes`."""
    periods: dict[tuple[str, int], list[str]] = {}
    for item in replacements:
        periods.setdefault((item.organisation, item.organisation_id), []).append(item.period)
    noun = "assessment" if len(replacements) == 1 else "assessments"
    echo(f"This import replaces {len(replacements)} stored {noun}:")
    for (name, org_id), labels in list(periods.items())[:LISTED]:
        echo(f"  {name} (id {org_id}): {', '.join(labels)}")
    if len(periods) > LISTED:
        echo(f"  and {len(periods) - LISTED} more organisations")
    if not yes:
        click.confirm("Replace them?", abort=True)


@click.command("pack")
@click.argument("org")
@click.option("--period", required=True, help="The period the answers are for, e.g. 2026-Q1.")
@click.option(
    "-o", "--output", type=OUTPUT, required=True, help="The xlsx file; - for standard output."
)
@click.option(
    "--questionnaire",
    "questionnaire_ref",
    default=None,
    help="When the assessment is not started yet: the questionnaire to use.",
)
@click.pass_context
def pack_cmd(
    ctx: click.Context, org: str, period: str, output: Path, questionnaire_ref: str | None
) -> None:
    """Write a blank response workbook to fill in offline.

    One workbook per respondent; filled packs come back with `cxaudit import`. With -o - the
    workbook goes to standard output, when that is not a terminal.
    """
    from cxaudit.domain.periods import parse_period
    from cxaudit.services import exchange

    label = parse_period(period).label
    with (
        output_file(output, suffix=".xlsx", binary=True, what="an xlsx workbook") as target,
        workspace(ctx) as ws,
    ):
        outcome = exchange.write_pack(
            ws,
            organisation=org,
            period=label,
            output=target.path,
            questionnaire_ref=questionnaire_ref,
        )
    target.done(outcome.message)


COMMANDS = (demo_cmd, export_cmd, import_cmd, pack_cmd)
"""The commands of this family, added to the `cxaudit` group by `cxaudit.cli.app`."""
