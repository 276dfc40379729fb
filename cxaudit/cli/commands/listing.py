"""`cxaudit orgs | history`: the portfolio and an organisation's history, for people and scripts.

The default table fits an 80-column terminal; `--wide` shows every field. `--format json|csv`
print exactly the fields docs/data-formats.md describes, for scripts.
"""

from __future__ import annotations

import json

import click

from cxaudit.cli.output import echo, echo_data
from cxaudit.cli.state import workspace

TABLE_FORMATS = click.Choice(["table", "json", "csv"], case_sensitive=False)

_format = click.option(
    "--format",
    "fmt",
    type=TABLE_FORMATS,
    default="table",
    show_default=True,
    help="A table for people, or json or csv for scripts.",
)


def _echo_json(data: object) -> None:
    echo_data(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@click.command("orgs")
@_format
@click.option("--wide", is_flag=True, help="Every column: slug, sector, percent and counts.")
@click.pass_context
def orgs_cmd(ctx: click.Context, fmt: str, wide: bool) -> None:
    """List organisations with their latest score and due date.

    The table shows each organisation's latest completed period, its overall score, stage and
    trend, and when the next assessment is due.
    """
    from cxaudit.services.portfolio import organisations
    from cxaudit.transfer.tabular import ORGANISATION_COLUMNS, csv_text, organisation_rows

    with workspace(ctx) as ws:
        rows = organisation_rows(organisations(ws))
    if fmt == "json":
        _echo_json(rows)
    elif fmt == "csv":
        echo_data(csv_text(ORGANISATION_COLUMNS, rows))
    elif not rows:
        echo("No organisations yet. Run `cxaudit demo` to load an example portfolio.")
    else:
        from cxaudit.cli.listings import show_organisations

        show_organisations(rows, wide=wide)


@click.command("history")
@click.argument("org")
@_format
@click.option("--drafts", is_flag=True, help="Include assessments still being answered.")
@click.option("--wide", is_flag=True, help="Every column: coverage, percent and actions.")
@click.pass_context
def history_cmd(ctx: click.Context, org: str, fmt: str, drafts: bool, wide: bool) -> None:
    """Show an organisation's scores period by period.

    The table shows each area's score, the overall score and the stage; --wide adds the
    respondents, the coverage of every area and the action plan's progress.
    """
    from cxaudit.services.history import history
    from cxaudit.transfer.tabular import csv_text, history_records, history_rows

    with workspace(ctx) as ws:
        data = history(ws, organisation=org, include_drafts=drafts)
    name, records = data.organisation.name, data.records
    if fmt == "json":
        _echo_json({"organisation": name, "assessments": history_records(records)})
    elif fmt == "csv":
        echo_data(csv_text(*history_rows(records)))
    elif not records:
        echo(f"{name} has no completed assessments yet.")
    else:
        from cxaudit.cli.listings import show_history

        show_history(data, wide=wide)


COMMANDS = (orgs_cmd, history_cmd)
"""The commands of this family, added to the `cxaudit` group by `cxaudit.cli.app`."""
