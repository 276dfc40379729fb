"""`cxaudit demo | orgs | history | export | import | pack`: data in and out from the shell.

Consultants live in spreadsheets: these commands list the portfolio and an organisation's
history for people and scripts, write backups and spreadsheets, read answers collected outside
the app, and write response packs to collect them. Every failure is one `Error: …` line, exit 2.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cxaudit.cli import get_state
from cxaudit.errors import CxauditError

if TYPE_CHECKING:
    from cxaudit.storage.engine import Database

TABLE_FORMATS = click.Choice(["table", "json", "csv"], case_sensitive=False)
EXPORT_FORMATS = click.Choice(["json", "csv", "xlsx"], case_sensitive=False)


def _open(ctx: click.Context) -> Database:
    from cxaudit.storage import open_database

    return open_database(get_state(ctx).db_url)


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
def demo_cmd(ctx: click.Context, force: bool, today: object) -> None:
    """Load demo organisations with six quarters of history (idempotent)."""
    from datetime import datetime

    from cxaudit.demo import load_demo

    day = today.date() if isinstance(today, datetime) else None
    summary = load_demo(_open(ctx), force=force, today=day)
    click.echo(summary.message)


@click.command("orgs")
@click.option("--format", "fmt", type=TABLE_FORMATS, default="table", show_default=True)
@click.pass_context
def orgs_cmd(ctx: click.Context, fmt: str) -> None:
    """List organisations with their latest score, stage and next due date."""
    from cxaudit.storage import repository
    from cxaudit.transfer.tabular import csv_text, organisation_rows, text_table

    db = _open(ctx)
    with db.session() as session:
        rows = organisation_rows(
            repository.list_organisations(session, today=date.today(), standalone=True)
        )
    if fmt == "json":
        _echo_json(rows)
    elif fmt == "csv":
        click.echo(csv_text(list(rows[0]) if rows else _ORG_COLUMNS, rows), nl=False)
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


_ORG_COLUMNS = [
    "name",
    "slug",
    "sector",
    "latest_period",
    "latest_overall",
    "latest_percent",
    "latest_stage",
    "trend",
    "next_due",
    "overdue",
    "assessments",
    "drafts",
]


@click.command("history")
@click.argument("org")
@click.option("--format", "fmt", type=TABLE_FORMATS, default="table", show_default=True)
@click.option("--drafts", is_flag=True, help="Include assessments still being answered.")
@click.pass_context
def history_cmd(ctx: click.Context, org: str, fmt: str, drafts: bool) -> None:
    """Show an organisation's area scores, overall score, stage and coverage by period."""
    from cxaudit.transfer.tabular import (
        csv_text,
        history_records,
        history_rows,
        load_history,
        text_table,
    )

    name, entries = load_history(_open(ctx), org, include_drafts=drafts)
    if fmt == "json":
        _echo_json({"organisation": name, "assessments": history_records(entries)})
        return
    columns, rows = history_rows(entries)
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
    from cxaudit.transfer.backup import backup_text, export_backup
    from cxaudit.transfer.tabular import export_csv, export_xlsx, write_text_file

    chosen = (fmt or output.suffix.lstrip(".")).lower()
    if chosen not in {"json", "csv", "xlsx"}:
        raise CxauditError(
            f"Cannot tell the format of {output.name}: use --format json, csv or xlsx."
        )
    db = _open(ctx)
    if chosen == "json":
        data = export_backup(db, organisation=org)
        write_text_file(output, backup_text(data))
        count = sum(len(o["assessments"]) for o in data["organisations"])
        click.echo(f"Wrote a backup of {count} assessments to {output}.")
    elif chosen == "csv":
        rows = export_csv(db, output, organisation=org)
        click.echo(f"Wrote {rows} answers to {output}.")
    else:
        count = export_xlsx(db, output, organisation=org)
        click.echo(f"Wrote {count} assessments to {output}.")


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
    from cxaudit.transfer.backup import import_backup
    from cxaudit.transfer.responses import import_responses

    for path in files:
        if not path.exists():
            raise CxauditError(f"{path} does not exist.")
    backups = [p for p in files if p.suffix.lower() == ".json"]
    if backups:
        if len(files) > 1:
            raise CxauditError("Import one json backup at a time, without response files.")
        if org or period or complete:
            raise CxauditError(
                "A backup names its own organisations and periods; drop --org, --period "
                "and --complete."
            )
        summary = import_backup(_open(ctx), backups[0], replace=replace)
        click.echo(summary.message)
        return
    result = import_responses(
        _open(ctx),
        list(files),
        organisation=org,
        period=period,
        questionnaire_ref=questionnaire_ref,
        complete=complete,
    )
    click.echo(result.message)


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
    from cxaudit.catalogue import get_questionnaire
    from cxaudit.domain.periods import parse_period
    from cxaudit.errors import NotFoundError
    from cxaudit.storage import repository
    from cxaudit.transfer.packs import write_pack

    label = parse_period(period).label
    db = _open(ctx)
    with db.session() as session:
        organisation = repository.get_organisation(session, ref=org)
        try:
            assessment = repository.find_assessment(
                session, organisation_ref=organisation.slug, period=label
            )
        except NotFoundError:
            assessment = None
        if assessment is not None:
            assert assessment.id is not None
            questionnaire = repository.assessment_questionnaire(
                session, assessment_id=assessment.id
            )
        else:
            questionnaire = get_questionnaire(questionnaire_ref)
    if output.suffix.lower() != ".xlsx":
        raise CxauditError(f"A response pack is an xlsx workbook: name it {output.stem}.xlsx.")
    write_pack(output, questionnaire=questionnaire, organisation=organisation.name, period=label)
    click.echo(
        f"Wrote a response pack for {organisation.name} {label} to {output}; import it filled "
        "with `cxaudit import`."
    )


def register(group: click.Group) -> None:
    """Attach these commands to the `cxaudit` group."""
    for command in (demo_cmd, orgs_cmd, history_cmd, export_cmd, import_cmd, pack_cmd):
        group.add_command(command)
