"""`cxaudit demo | orgs | history | export | import | pack`: data in and out from the shell.

Consultants live in spreadsheets: these commands list the portfolio and an organisation's
history for people and scripts, write backups and spreadsheets, read answers collected outside
the app, and write response packs to collect them. Every failure is one `Error: …` line, exit 2.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click

from cxaudit.cli.state import workspace

TABLE_FORMATS = click.Choice(["table", "json", "csv"], case_sensitive=False)
EXPORT_FORMATS = click.Choice(["json", "csv", "xlsx"], case_sensitive=False)


def _echo_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


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
    """Load demo organisations with six quarters of history (idempotent)."""
    from cxaudit.services.demo import load_demo

    with workspace(ctx) as ws:
        summary = load_demo(ws, force=force, today=today.date() if today else None)
    click.echo(summary.message)


@click.command("orgs")
@click.option("--format", "fmt", type=TABLE_FORMATS, default="table", show_default=True)
@click.pass_context
def orgs_cmd(ctx: click.Context, fmt: str) -> None:
    """List organisations with their latest score, stage and next due date."""
    from cxaudit.services.portfolio import organisations
    from cxaudit.transfer.tabular import (
        ORGANISATION_COLUMNS,
        csv_text,
        organisation_rows,
        text_table,
    )

    with workspace(ctx) as ws:
        rows = organisation_rows(organisations(ws))
    if fmt == "json":
        _echo_json(rows)
    elif fmt == "csv":
        click.echo(csv_text(ORGANISATION_COLUMNS, rows), nl=False)
    elif not rows:
        click.echo("No organisations yet. Run `cxaudit demo` to load an example portfolio.")
    else:
        columns = ["name", "latest_period", "latest_overall", "latest_stage", "trend", "next_due"]
        table_rows = [
            {
                **row,
                "next_due": f"{row['next_due']} (overdue)" if row["overdue"] else row["next_due"],
            }
            for row in rows
        ]
        click.echo(text_table(columns, table_rows), nl=False)


@click.command("history")
@click.argument("org")
@click.option("--format", "fmt", type=TABLE_FORMATS, default="table", show_default=True)
@click.option("--drafts", is_flag=True, help="Include assessments still being answered.")
@click.pass_context
def history_cmd(ctx: click.Context, org: str, fmt: str, drafts: bool) -> None:
    """Show an organisation's area scores, overall score, stage and coverage by period."""
    from cxaudit.services.history import history
    from cxaudit.transfer.tabular import csv_text, history_records, history_rows, text_table

    with workspace(ctx) as ws:
        data = history(ws, organisation=org, include_drafts=drafts)
    name, records = data.organisation.name, data.records
    if fmt == "json":
        _echo_json({"organisation": name, "assessments": history_records(records)})
        return
    columns, rows = history_rows(records)
    if fmt == "csv":
        click.echo(csv_text(columns, rows), nl=False)
    elif not rows:
        click.echo(f"{name} has no completed assessments yet.")
    else:
        click.echo(f"{name}")
        click.echo(text_table(columns, rows), nl=False)


@click.command("export")
@click.argument("org", required=False)
@click.option("--format", "fmt", type=EXPORT_FORMATS, default=None, help="Default: from -o.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True)
@click.pass_context
def export_cmd(ctx: click.Context, org: str | None, fmt: str | None, output: Path) -> None:
    """Export everything (or one organisation) as a json backup, a long csv or an xlsx workbook."""
    from cxaudit.services import exchange

    chosen = exchange.export_format(output, fmt)
    with workspace(ctx) as ws:
        outcome = exchange.export(ws, output=output, fmt=chosen, organisation=org)
    click.echo(outcome.message)


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--org", "org", default=None, help="The organisation response files belong to.")
@click.option("--period", default=None, help="The period response files belong to, e.g. 2026-Q1.")
@click.option("--replace", is_flag=True, help="Backups: overwrite assessments that exist.")
@click.option(
    "--questionnaire",
    "questionnaire_ref",
    default=None,
    help="For a new assessment: the questionnaire id or file (default: the built-in one).",
)
@click.option("--complete", is_flag=True, help="Complete the assessment after importing.")
@click.pass_context
def import_cmd(
    ctx: click.Context,
    files: tuple[Path, ...],
    org: str | None,
    period: str | None,
    replace: bool,
    questionnaire_ref: str | None,
    complete: bool,
) -> None:
    """Import a json backup, or response files (csv, xlsx, filled packs) into --org/--period."""
    from cxaudit.services import exchange

    # Checked before the database is opened, so a mistyped command changes nothing.
    exchange.import_kind(files, organisation=org, period=period, complete=complete)
    with workspace(ctx) as ws:
        summary = exchange.import_files(
            ws,
            paths=files,
            organisation=org,
            period=period,
            replace=replace,
            questionnaire_ref=questionnaire_ref,
            complete=complete,
        )
    click.echo(summary.message)


@click.command("pack")
@click.argument("org")
@click.option("--period", required=True, help="The period the answers are for, e.g. 2026-Q1.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True)
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
    """Write a blank response workbook for one respondent to fill in offline."""
    from cxaudit.domain.periods import parse_period
    from cxaudit.services import exchange

    label = parse_period(period).label
    with workspace(ctx) as ws:
        outcome = exchange.write_pack(
            ws, organisation=org, period=label, output=output, questionnaire_ref=questionnaire_ref
        )
    click.echo(outcome.message)


COMMANDS = (demo_cmd, orgs_cmd, history_cmd, export_cmd, import_cmd, pack_cmd)
"""The commands of this family, added to the `cxaudit` group by `cxaudit.cli.app`."""
