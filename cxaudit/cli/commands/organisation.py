"""`cxaudit org rename|set-sector|set-target|profile|archive|unarchive|delete`: a client's details.

The same changes the app makes from Home (`o`) and Results (`t`), through the same services.
`cxaudit delete-org` stays as the older name of `cxaudit org delete`.
"""

from __future__ import annotations

import click

from cxaudit.cli.commands.manage import delete_org_cmd
from cxaudit.cli.help import SentenceGroup
from cxaudit.cli.output import echo
from cxaudit.cli.state import workspace


@click.group("org", cls=SentenceGroup)
def org_group() -> None:
    """Rename, set targets, archive or delete an organisation.

    Each subcommand takes ORGANISATION as its id, name or slug.
    """


@org_group.command("rename")
@click.argument("organisation")
@click.argument("name")
@click.pass_context
def rename_cmd(ctx: click.Context, organisation: str, name: str) -> None:
    """Give an organisation a new name (its history stays with it)."""
    from cxaudit.services import admin

    with workspace(ctx) as ws:
        org = admin.find_organisation(ws, organisation=organisation)
        assert org.id is not None
        renamed = admin.rename_organisation(ws, organisation_id=org.id, name=name)
    echo(f"Renamed {org.name} (id {org.id}) to {renamed.name}.")


@org_group.command("set-sector")
@click.argument("organisation")
@click.argument("sector")
@click.pass_context
def set_sector_cmd(ctx: click.Context, organisation: str, sector: str) -> None:
    """Set the sector an organisation is listed under."""
    from cxaudit.services import admin

    with workspace(ctx) as ws:
        org = admin.find_organisation(ws, organisation=organisation)
        assert org.id is not None
        changed = admin.set_sector(ws, organisation_id=org.id, sector=sector)
    echo(f"{changed.name} (id {org.id}) is now in {changed.sector or 'no sector'}.")


@org_group.command("set-target")
@click.argument("organisation")
@click.argument("area")
@click.argument("target", required=False)
@click.option("--clear", is_flag=True, help="Remove the area's target instead.")
@click.pass_context
def set_target_cmd(
    ctx: click.Context, organisation: str, area: str, target: str | None, clear: bool
) -> None:
    """Set one area's target score (1.0 to 5.0); the others are kept.

    AREA is the area's id (leadership, process, skills, culture in the built-in
    questionnaire); gaps are measured against the new target from now on.
    """
    from cxaudit.errors import ValidationProblem
    from cxaudit.services import admin

    if clear == (target is not None):
        raise ValidationProblem("Give either a TARGET such as 3.5, or --clear.")
    with workspace(ctx) as ws:
        org = admin.find_organisation(ws, organisation=organisation)
        assert org.id is not None
        targets = dict(org.default_targets)
        if clear:
            targets.pop(area, None)
        else:
            try:
                targets[area] = float(str(target))
            except ValueError:
                raise ValidationProblem(
                    f"The target must be a number from 1.0 to 5.0, not '{target}'."
                ) from None
        changed = admin.set_targets(ws, organisation_id=org.id, targets=targets)
    shown = changed.default_targets.get(area)
    what = f"{shown:.2f}" if shown is not None else "the questionnaire's default"
    echo(f"The {area} target of {changed.name} (id {org.id}) is now {what}.")


@org_group.command("profile")
@click.argument("organisation")
@click.argument("answers", nargs=-1, metavar="[FLAG=yes|no]...")
@click.option(
    "--profile",
    "options",
    multiple=True,
    metavar="FLAG=yes|no",
    help="An answer to one profile question (may be repeated).",
)
@click.pass_context
def profile_cmd(
    ctx: click.Context, organisation: str, answers: tuple[str, ...], options: tuple[str, ...]
) -> None:
    """Show or set the yes/no facts that decide which questions apply.

    With no answers, lists each question with the organisation's answer. Each FLAG=yes|no
    (for example has_contact_centre=no) changes one; the change applies to assessments
    started from now on, and earlier ones keep what applied then.
    """
    from cxaudit.domain.applicability import parse_profile_answer
    from cxaudit.services import admin

    given = (*answers, *options)
    with workspace(ctx) as ws:
        org = admin.find_organisation(ws, organisation=organisation)
        assert org.id is not None
        questionnaire = admin.starting_questionnaire(ws)
        if given:
            parsed = dict(parse_profile_answer(questionnaire, text) for text in given)
            admin.set_profile(
                ws, organisation_id=org.id, answers=parsed, questionnaire=questionnaire
            )
        questions = admin.profile_questions(ws, organisation_id=org.id, questionnaire=questionnaire)
    if not questions:
        echo(f"{questionnaire.title} has no profile questions: every question applies.")
        return
    if given:
        echo(f"Updated the profile of {org.name} (id {org.id}); new assessments follow it.")
    else:
        echo(f"Profile of {org.name} (id {org.id}):")
    for question in questions:
        answer = "yes" if question.answer else "no"
        note = "" if question.given else " (the default)"
        echo(f"  {question.id}={answer}{note}  {question.question}")


def _archive(ctx: click.Context, organisation: str, *, archived: bool) -> None:
    from cxaudit.services import admin

    with workspace(ctx) as ws:
        org = admin.find_organisation(ws, organisation=organisation)
        assert org.id is not None
        admin.set_archived(ws, organisation_id=org.id, archived=archived)
    if archived:
        echo(f"Archived {org.name} (id {org.id}); its history is kept (`org unarchive` undoes it).")
    else:
        echo(f"{org.name} (id {org.id}) is listed again.")


@org_group.command("archive")
@click.argument("organisation")
@click.pass_context
def archive_cmd(ctx: click.Context, organisation: str) -> None:
    """Take an organisation off the lists, keeping its history."""
    _archive(ctx, organisation, archived=True)


@org_group.command("unarchive")
@click.argument("organisation")
@click.pass_context
def unarchive_cmd(ctx: click.Context, organisation: str) -> None:
    """List an archived organisation again."""
    _archive(ctx, organisation, archived=False)


org_group.add_command(delete_org_cmd, "delete")

COMMANDS = (org_group,)
