"""`cxaudit delete-org`, `cxaudit delete-assessment` and `cxaudit db-info`: looking after history.

Deleting asks for confirmation unless `--yes` is given, because nothing brings the data back
except a backup.
"""

from __future__ import annotations

import click

from cxaudit.cli import get_state


@click.command("delete-org")
@click.argument("organisation")
@click.option("--yes", is_flag=True, help="Delete without asking for confirmation.")
@click.pass_context
def delete_org_cmd(ctx: click.Context, organisation: str, yes: bool) -> None:
    """Delete an ORGANISATION (name, slug or id) with all of its assessments."""
    from cxaudit.storage import delete_organisation, get_organisation, open_database

    db = open_database(get_state(ctx).db_url)
    try:
        with db.session() as session:
            org = get_organisation(session, ref=organisation)
            assert org.id is not None
            if not yes:
                click.confirm(
                    f"Delete {org.name} with all of its assessments, answers and actions?",
                    abort=True,
                )
            delete_organisation(session, organisation_id=org.id, confirm=True)
    finally:
        db.dispose()
    click.echo(f"Deleted {org.name} and all of its assessments.")


@click.command("delete-assessment")
@click.argument("organisation")
@click.argument("period")
@click.option("--yes", is_flag=True, help="Delete without asking for confirmation.")
@click.pass_context
def delete_assessment_cmd(ctx: click.Context, organisation: str, period: str, yes: bool) -> None:
    """Delete ORGANISATION's assessment for PERIOD (e.g. 2026-Q1) with its answers and plan."""
    from cxaudit.storage import delete_assessment, find_assessment, open_database

    db = open_database(get_state(ctx).db_url)
    try:
        with db.session() as session:
            assessment = find_assessment(session, organisation_ref=organisation, period=period)
            assert assessment.id is not None
            name = assessment.organisation.name
            if not yes:
                click.confirm(
                    f"Delete the {assessment.period} assessment of {name} "
                    f"({len(assessment.respondents)} respondents)?",
                    abort=True,
                )
            delete_assessment(session, assessment_id=assessment.id, confirm=True)
    finally:
        db.dispose()
    click.echo(f"Deleted the {assessment.period} assessment of {name}.")


@click.command("db-info")
@click.pass_context
def db_info_cmd(ctx: click.Context) -> None:
    """Show which database is in use (password hidden), its schema revision and its size."""
    from cxaudit.storage import list_drafts, list_organisations, open_database
    from cxaudit.storage.engine import head_revision

    db = open_database(get_state(ctx).db_url)
    try:
        revision = db.schema_revision()
        with db.session() as session:
            summaries = list_organisations(session)
            drafts = len(list_drafts(session))
    finally:
        db.dispose()
    assessments = sum(s.assessment_count for s in summaries)
    click.echo(f"Database      {db.display_url}")
    click.echo(f"Engine        {db.dialect}")
    if db.sqlite_path is not None:
        size = db.sqlite_path.stat().st_size
        click.echo(f"File          {db.sqlite_path} ({size / 1024:.0f} KiB)")
    state = "up to date" if revision == head_revision() else f"expected {head_revision()}"
    click.echo(f"Schema        {revision} ({state})")
    click.echo(f"Organisations {len(summaries)}")
    click.echo(f"Assessments   {assessments} ({drafts} in progress)")


def register(group: click.Group) -> None:
    """Attach these commands to the `cxaudit` group."""
    group.add_command(delete_org_cmd)
    group.add_command(delete_assessment_cmd)
    group.add_command(db_info_cmd)
