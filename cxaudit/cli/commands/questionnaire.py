"""`cxaudit questionnaire …`: list, show and check questionnaire files."""

from __future__ import annotations

from pathlib import Path

import click

from cxaudit.cli.help import SentenceGroup
from cxaudit.cli.output import echo, printable


@click.group("questionnaire", cls=SentenceGroup)
def questionnaire_group() -> None:
    """List, show and check questionnaires."""


@questionnaire_group.command("list")
def list_cmd() -> None:
    """List the questionnaires cxaudit can use.

    The built-in questionnaire comes first, then your own files; a file that cannot be used is
    listed with the reason.
    """
    from cxaudit.catalogue import list_questionnaires
    from cxaudit.cli.listings import show_questionnaires

    show_questionnaires(list_questionnaires())


@questionnaire_group.command("show")
@click.argument("ref", required=False)
def show_cmd(ref: str | None) -> None:
    """Show a questionnaire's areas and stages.

    REF is a questionnaire id or file (default: the built-in questionnaire).
    """
    from cxaudit.catalogue import get_questionnaire

    q = get_questionnaire(ref)
    width = _text_width()
    echo(printable(f"{q.title} ({q.id} v{q.version})"))
    echo(f"hash {q.content_hash[:12]}  default target {q.default_target:.1f}")
    if q.description:
        echo(click.wrap_text(printable(q.description), width))
    echo("")
    echo("Areas")
    label = max([len("Total")] + [len(a.title) for a in q.areas])
    for area in q.areas:
        title = printable(area.title)
        echo(f"  {title:<{label}} {len(area.questions):>3} questions  weight {area.weight:g}")
    echo(f"  {'Total':<{label}} {len(q.questions):>3} questions")
    echo("")
    gate = q.evidence_from_level
    own = sum(1 for question in q.questions if q.evidence_gate(question.id) != gate)
    differ = f" ({own} question{'' if own == 1 else 's'} set their own)" if own else ""
    echo(
        f"Evidence: levels {gate} and up need an evidence note{differ}."
        if gate
        else f"Evidence: no level needs an evidence note{differ}."
    )
    if q.profile:
        echo("")
        echo("Profile questions (a question needing a flag is skipped when it is no)")
        for flag in q.profile:
            needing = sum(1 for question in q.questions if flag.id in question.applies_if)
            default = "yes" if flag.default else "no"
            text = printable(
                f"{flag.id} (default {default}, {needing} question"
                f"{'' if needing == 1 else 's'}): {flag.question}"
            )
            echo(click.wrap_text(text, width, initial_indent="  ", subsequent_indent="    "))
    echo("")
    echo("Stages")
    for stage in q.stages:
        text = printable(f"{stage.min:.1f}–{stage.max:.1f}  {stage.name}: {stage.description}")
        echo(click.wrap_text(text, width, initial_indent="  ", subsequent_indent=" " * 11))


def _text_width() -> int:
    """The terminal's width (as `COLUMNS` or the window gives it), 80 at the most."""
    import shutil

    return max(40, min(shutil.get_terminal_size().columns, 80))


@questionnaire_group.command("check")
@click.argument("file", type=click.Path(path_type=Path))
def check_cmd(file: Path) -> None:
    """Check a questionnaire file and list every problem.

    Each problem is printed on its own line, and the exit code is 2 when there is one.
    Warnings (a gated question with no evidence hint, for example) are listed too but leave
    the file usable.
    """
    from cxaudit.domain.questionnaire import check_questionnaire_file

    # A QuestionnaireError carries every problem (and the warnings after them); the cxaudit
    # group prints the summary and then one line each on stderr, and exits with code 2.
    q, warnings = check_questionnaire_file(file)
    for line in warnings:
        echo(line, err=True)
    noted = f", {len(warnings)} warning{'' if len(warnings) == 1 else 's'}" if warnings else ""
    echo(f"{file}: valid ({q.id} v{q.version}, {len(q.questions)} questions{noted}).")


COMMANDS = (questionnaire_group,)
"""The commands of this family, added to the `cxaudit` group by `cxaudit.cli.app`."""
