"""`cxaudit report ORG`: write the PDF action plan for an organisation's assessment."""

from __future__ import annotations

from pathlib import Path

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
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help=(
        "Where to write the PDF (default: reports/<organisation>-<period>.pdf, or "
        "…-<period>-vs-<compare period>.pdf with --compare)."
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
@click.pass_context
def report_cmd(
    ctx: click.Context,
    organisation: str,
    period: str | None,
    compare_period: str | None,
    output: Path | None,
    include_names: bool | None,
    deterministic: bool | None,
    draft: bool,
    force: bool,
    appendix: bool,
) -> None:
    """Write the PDF action plan for ORGANISATION (its name, slug or id)."""
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
        )
    for warning in outcome.warnings:
        click.echo(f"Warning: {warning}", err=True)
    noun = "page" if outcome.pages == 1 else "pages"
    click.echo(f"Wrote {outcome.path} ({outcome.pages} {noun}).")


COMMANDS = (report_cmd,)
"""The commands of this family, added to the `cxaudit` group by `cxaudit.cli.app`."""
