"""`cxaudit delete-org`, `cxaudit delete-assessment` and `cxaudit db-info`: looking after history.

Deleting asks for confirmation unless `--yes` is given, because nothing brings the data back
except a backup.
"""

from __future__ import annotations

import click

from cxaudit.cli.output import echo, printable
from cxaudit.cli.state import workspace


@click.command("delete-org")
@click.argument("organisation")
@click.option("--yes", is_flag=True, help="Delete without asking for confirmation.")
@click.pass_context
def delete_org_cmd(ctx: click.Context, organisation: str, yes: bool) -> None:
    """Delete an organisation with all of its assessments.

    ORGANISATION is its id, name or slug. The organisation found is named with its id, and
    nothing is deleted until you confirm (or give --yes).
    """
    from cxaudit.services import admin

    with workspace(ctx) as ws:
        org = admin.find_organisation(ws, organisation=organisation)
        assert org.id is not None
        who = f"{org.name} (id {org.id})"
        if not yes:
            click.confirm(
                printable(f"Delete {who} and all of its assessments?"),
                abort=True,
            )
        admin.delete_organisation(ws, organisation_id=org.id)
    echo(f"Deleted {who} and all of its assessments.")


@click.command("delete-assessment")
@click.argument("organisation")
@click.argument("period")
@click.option("--yes", is_flag=True, help="Delete without asking for confirmation.")
@click.pass_context
def delete_assessment_cmd(ctx: click.Context, organisation: str, period: str, yes: bool) -> None:
    """Delete one assessment with its answers and plan.

    ORGANISATION is its id, name or slug; PERIOD is a period such as 2026-Q1. The assessment
    found is named with its organisation's id, and nothing is deleted until you confirm (or
    give --yes).
    """
    from cxaudit.services import admin

    with workspace(ctx) as ws:
        assessment = admin.find_assessment(ws, organisation=organisation, period=period)
        assert assessment.id is not None
        org = assessment.organisation
        people = len(assessment.respondents)
        echo(
            f"The {assessment.period} assessment of {org.name} (organisation id {org.id}) "
            f"has {people} {'respondent' if people == 1 else 'respondents'}."
        )
        if not yes:
            click.confirm("Delete it with its answers and plan?", abort=True)
        admin.delete_assessment(ws, assessment_id=assessment.id)
    echo(f"Deleted the {assessment.period} assessment of {org.name}.")


@click.command("db-info")
@click.pass_context
def db_info_cmd(ctx: click.Context) -> None:
    """Show which database is in use and what it holds.

    The address is shown with any password hidden, with the schema revision, the file's size
    and how many organisations and assessments it holds.
    """
    from cxaudit.services import admin

    with workspace(ctx) as ws:
        info = admin.database_info(ws)
    echo(f"Database      {info.display_url}")
    echo(f"Engine        {info.dialect}")
    if info.sqlite_path is not None and info.size_bytes is not None:
        echo(f"File          {info.sqlite_path} ({info.size_bytes / 1024:.0f} KiB)")
    state = "up to date" if info.up_to_date else f"expected {info.head_revision}"
    echo(f"Schema        {info.revision} ({state})")
    echo(f"Organisations {info.organisations}")
    echo(f"Assessments   {info.assessments} ({info.drafts} in progress)")


COMMANDS = (delete_org_cmd, delete_assessment_cmd, db_info_cmd)
"""The commands of this family, added to the `cxaudit` group by `cxaudit.cli.app`."""
