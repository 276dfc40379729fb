"""`cxaudit report ORG`: write the report of an organisation's assessment, as a PDF or Word."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import click

from cxaudit.cli.state import workspace


@click.command("report")
@click.argument("organisation")
@click.option("--period", "-p", metavar="PERIOD", help="The assessment's period (default: latest).")
@click.option(
    "--compare",
    "compare_period",
    metavar="PERIOD",
    help="An earlier period to set side by side with this one.",
)
@click.option(
    "--profile",
    type=click.Choice(["full", "board"]),
    default="full",
    show_default=True,
    help="full: every section and appendix; board: at most four pages for a board.",
)
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["pdf", "docx"]),
    default=None,
    help="pdf, or docx for a Word document to edit (default: what --output ends in, else pdf).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help=(
        "Where to write the report (default: reports/<organisation>-<period>.pdf; "
        "…-vs-<compare period> with --compare, …-board with --profile board, .docx for Word)."
    ),
)
@click.option(
    "--names/--no-names",
    "include_names",
    default=None,
    help="Print respondents' names (default: the include_respondent_names setting, else off).",
)
@click.option(
    "--deterministic",
    is_flag=True,
    default=None,
    help="Byte-identical output for the same data (also when SOURCE_DATE_EPOCH is set).",
)
@click.option(
    "--draft",
    is_flag=True,
    help="Report on an assessment that is not complete; every page then says DRAFT.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace the output file even if cxaudit did not write it.",
)
@click.option(
    "--appendix/--no-appendix",
    default=True,
    show_default=True,
    help="Include the appendix of every respondent's answer to every question.",
)
@click.option(
    "--sector",
    "peers_sector",
    metavar="SECTOR",
    default=None,
    help="On the 'Compared with peers' page, compare only with organisations of this sector.",
)
@click.option(
    "--peers",
    "peers_files",
    type=click.Path(path_type=Path, dir_okay=False),
    multiple=True,
    metavar="FILE.json",
    help="Add the peers of a colleague's benchmark-export to that page (repeatable).",
)
@click.option(
    "--no-peers",
    is_flag=True,
    help="Leave out the 'Compared with peers' page (shown with 5 peers or more).",
)
@click.pass_context
def report_cmd(
    ctx: click.Context,
    organisation: str,
    period: str | None,
    compare_period: str | None,
    profile: Literal["full", "board"],
    file_format: Literal["pdf", "docx"] | None,
    output: Path | None,
    include_names: bool | None,
    deterministic: bool | None,
    draft: bool,
    force: bool,
    appendix: bool,
    peers_sector: str | None,
    peers_files: tuple[Path, ...],
    no_peers: bool,
) -> None:
    """Write an assessment's report as a PDF or a Word document.

    ORGANISATION is its name, slug or id; with no --period, its latest assessment. A
    completed assessment with at least 5 peers (other organisations with a completed
    assessment on the same questionnaire) gets a "Compared with peers" page after the
    summary; no peer is ever named.
    """
    from cxaudit.services.reports import write_report

    with workspace(ctx) as ws:
        outcome = write_report(
            ws,
            organisation_ref=organisation,
            period=period,
            compare_period=compare_period,
            output=output,
            deterministic=deterministic or None,
            include_names=include_names,
            draft=draft,
            force=force,
            appendix=appendix,
            profile=profile,
            file_format=file_format,
            peers=not no_peers,
            peers_sector=peers_sector,
            peers_files=peers_files,
        )
    for warning in outcome.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"Wrote {outcome.path} ({outcome.size_text}).")


COMMANDS = (report_cmd,)
"""The commands of this family, added to the `cxaudit` group by `cxaudit.cli.app`."""
