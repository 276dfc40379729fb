"""`cxaudit questionnaire …`: list, show and check questionnaire files."""

from __future__ import annotations

from pathlib import Path

import click


@click.group("questionnaire")
def questionnaire_group() -> None:
    """List, show and check questionnaires."""


@questionnaire_group.command("list")
def list_cmd() -> None:
    """List the questionnaires cxaudit can use."""
    from cxaudit.catalogue import list_questionnaires

    for entry in list_questionnaires():
        origin = "built-in" if entry.builtin else str(entry.path)
        q = entry.questionnaire
        if q is not None:
            count = len(q.questions)
            click.echo(f"{q.id:<24} v{q.version:<8} {count:>3} questions  {q.title} ({origin})")
        else:
            click.echo(f"{entry.path.name:<24} {'':<9} {'':>3} UNUSABLE: {entry.error}")


@questionnaire_group.command("show")
@click.argument("ref", required=False)
def show_cmd(ref: str | None) -> None:
    """Show a questionnaire's areas, question counts and stages (default: the built-in one)."""
    from cxaudit.catalogue import get_questionnaire

    q = get_questionnaire(ref)
    click.echo(f"{q.title} ({q.id} v{q.version})")
    click.echo(f"hash {q.content_hash[:12]}  default target {q.default_target:.1f}")
    if q.description:
        click.echo(q.description)
    click.echo("")
    click.echo("Areas")
    for area in q.areas:
        click.echo(f"  {area.title:<12} {len(area.questions):>3} questions  weight {area.weight:g}")
    click.echo(f"  {'Total':<12} {len(q.questions):>3} questions")
    click.echo("")
    click.echo("Stages")
    for stage in q.stages:
        click.echo(f"  {stage.min:.1f}–{stage.max:.1f}  {stage.name}: {stage.description}")


@questionnaire_group.command("check")
@click.argument("file", type=click.Path(path_type=Path))
def check_cmd(file: Path) -> None:
    """Check a questionnaire file; list every problem, one per line."""
    from cxaudit.domain.questionnaire import load_questionnaire

    # A QuestionnaireError carries every problem; the cxaudit group prints the summary and then
    # one problem per line on stderr, and exits with code 2.
    q = load_questionnaire(file)
    click.echo(f"{file}: valid ({q.id} v{q.version}, {len(q.questions)} questions).")


COMMANDS = (questionnaire_group,)
"""The commands of this family, added to the `cxaudit` group by `cxaudit.cli.app`."""
