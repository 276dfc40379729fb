"""`cxaudit delete-org`, `cxaudit delete-assessment` and `cxaudit db-info`: looking after history.

Deleting asks for confirmation unless `--yes` is given, because nothing brings the data back
except a backup.
"""

from __future__ import annotations

import click

from cxaudit.cli.state import workspace


@click.command("delete-org")
@click.argument("organisation")
@click.option("--yes", is_flag=True, help="Delete without asking for confirmation.")
@click.pass_context
def delete_org_cmd(ctx: click.Context, organisation: str, yes: bool) -> None:
    """Delete an ORGANISATION (name, slug or id) with all of its assessments."""
    from cxaudit.services import admin

    with workspace(ctx) as ws:
        org = admin.find_organisation(ws, organisation=organisation)
        assert org.id is not None
        if not yes:
            click.confirm(
                f"Delete {org.name} with all of its assessments, answers and actions?",
                abort=True,
            )
        admin.delete_organisation(ws, organisation_id=org.id)
    click.echo(f"Deleted {org.name} and all of its assessments.")


@click.command("delete-assessment")
@click.argument("organisation")
@click.argument("period")
@click.option("--yes", is_flag=True, help="Delete without asking for confirmation.")
@click.pass_context
def delete_assessment_cmd(ctx: click.Context, organisation: str, period: str, yes: bool) -> None:
    """Delete ORGANISATION's assessment for PERIOD (e.g. 2026-Q1) with its answers and plan."""
    from cxaudit.services import admin

    with workspace(ctx) as ws:
        assessment = admin.find_assessment(ws, organisation=organisation, period=period)
        assert assessment.id is not None
        name = assessment.organisation.name
        if not yes:
            click.confirm(
                f"Delete the {assessment.period} assessment of {name} "
                f"({len(assessment.respondents)} respondents)?",
                abort=True,
            )
        admin.delete_assessment(ws, assessment_id=assessment.id)
    click.echo(f"Deleted the {assessment.period} assessment of {name}.")


@click.command("db-info")
@click.pass_context
def db_info_cmd(ctx: click.Context) -> None:
    """Show which database is in use (password hidden), its schema revision and its size."""
    from cxaudit.services import admin

    with workspace(ctx) as ws:
        info = admin.database_info(ws)
    click.echo(f"Database      {info.display_url}")
    click.echo(f"Engine        {info.dialect}")
    if info.sqlite_path is not None and info.size_bytes is not None:
        click.echo(f"File          {info.sqlite_path} ({info.size_bytes / 1024:.0f} KiB)")
    state = "up to date" if info.up_to_date else f"expected {info.head_revision}"
    click.echo(f"Schema        {info.revision} ({state})")
    click.echo(f"Organisations {info.organisations}")
    click.echo(f"Assessments   {info.assessments} ({info.drafts} in progress)")


COMMANDS = (delete_org_cmd, delete_assessment_cmd, db_info_cmd)
"""The commands of this family, added to the `cxaudit` group by `cxaudit.cli.app`."""
