"""`cxaudit benchmark | benchmark-export`: where a client stands among the other clients.

The table fits an 80-column terminal: the overall score and each area against the peers'
quartiles, then the questions in the peers' bottom quartile. `--format json|csv` print the
fields of `cxaudit.transfer.benchmark_file` for scripts. No peer is ever named: the service
hands over counts, quartiles and percentiles only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cxaudit.cli.output import echo, echo_data, output_file
from cxaudit.cli.state import workspace

if TYPE_CHECKING:
    from cxaudit.domain.benchmark import Spread, Standing
    from cxaudit.services.benchmark import BenchmarkView

FORMATS = click.Choice(["table", "json", "csv"], case_sensitive=False)
OUTPUT = click.Path(path_type=Path, dir_okay=False, allow_dash=True)
PEERS_FILE = click.Path(path_type=Path, dir_okay=False)


@click.command("benchmark")
@click.argument("org")
@click.option("--period", default=None, help="The period to compare (default: the latest).")
@click.option("--sector", default=None, help="Compare only with organisations of this sector.")
@click.option(
    "--peers",
    "peers_files",
    type=PEERS_FILE,
    multiple=True,
    metavar="FILE.json",
    help="Add the peers of a colleague's benchmark-export (repeatable).",
)
@click.option(
    "--min-peers",
    type=int,
    default=None,
    metavar="N",
    help="The fewest peers to show anything for: 5 unless raised, never fewer.",
)
@click.option(
    "--format",
    "fmt",
    type=FORMATS,
    default="table",
    show_default=True,
    help="A table for people, or json or csv for scripts.",
)
@click.pass_context
def benchmark_cmd(
    ctx: click.Context,
    org: str,
    period: str | None,
    sector: str | None,
    peers_files: tuple[Path, ...],
    min_peers: int | None,
    fmt: str,
) -> None:
    """Show where an organisation stands among its peers.

    Peers are the latest completed assessment of every other organisation on the same
    questionnaire. The table gives the organisation's percentile and the peers' quartiles per
    area, then the questions where it is in the peers' bottom quartile, largest weighted gap
    first. No peer is ever named, and with fewer than 5 peers nothing is shown.
    """
    from cxaudit.domain.peers import MIN_PEERS
    from cxaudit.services.benchmark import benchmark

    with workspace(ctx) as ws:
        view = benchmark(
            ws,
            organisation=org,
            period=period,
            sector=sector,
            peers_files=peers_files,
            minimum=MIN_PEERS if min_peers is None else min_peers,
        )
    if fmt == "json":
        from cxaudit.transfer.benchmark_file import benchmark_record

        record = benchmark_record(view.organisation.name, view.questionnaire, view.result)
        echo_data(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        from cxaudit.transfer.benchmark_file import BENCHMARK_COLUMNS, benchmark_rows
        from cxaudit.transfer.tabular import csv_text

        echo_data(csv_text(BENCHMARK_COLUMNS, benchmark_rows(view.questionnaire, view.result)))
    else:
        show_benchmark(view)


@click.command("benchmark-export")
@click.option(
    "-o",
    "--output",
    type=OUTPUT,
    default="-",
    show_default=True,
    help="The file to write; - for standard output.",
)
@click.option("--sector", default=None, help="Export only the organisations of this sector.")
@click.pass_context
def benchmark_export_cmd(ctx: click.Context, output: Path, sector: str | None) -> None:
    """Export anonymous peer figures for a colleague.

    A JSON file of counts only, for `cxaudit benchmark --peers`: per questionnaire, how many
    organisations, their scores as ranges of at least 5 organisations each, how many stand at
    each level of each question at least 5 answered, and the years assessed. No name, sector,
    period, note or single score is written.
    """
    from cxaudit.services.benchmark import write_benchmark_export

    with output_file(output, suffix=".json", binary=False, what="a JSON file") as target:
        with workspace(ctx) as ws:
            questionnaires, most = write_benchmark_export(ws, output=target.path, sector=sector)
        noun = "questionnaire" if questionnaires == 1 else "questionnaires"
        each = f"{most} organisations" if questionnaires == 1 else f"up to {most} each"
        target.done(
            f"Wrote anonymous peer figures for {questionnaires} {noun} ({each}) to {target.path}."
        )


# --------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------


def _quartiles(spread: Spread | None) -> list[str]:
    from cxaudit.domain.format import DASH, fmt_score

    if spread is None:
        return [DASH, DASH, DASH, DASH]
    return [fmt_score(spread.q1), fmt_score(spread.median), fmt_score(spread.q3), str(spread.peers)]


def _standing_row(title: str, standing: Standing) -> list[str]:
    from cxaudit.domain.benchmark import fmt_percentile
    from cxaudit.domain.format import fmt_score

    return [title, fmt_score(standing.score), fmt_percentile(standing.percentile)] + _quartiles(
        standing.peers
    )


def show_benchmark(view: BenchmarkView) -> None:
    """The benchmark at a terminal: areas against the peers' quartiles, then the questions in
    their bottom quartile."""
    from cxaudit.cli.tables import Column, print_table
    from cxaudit.domain.benchmark import describe_peers, fmt_percentile
    from cxaudit.domain.format import fmt_score

    q, result = view.questionnaire, view.result
    right = [Column(h, justify="right") for h in ("Score", "Percentile", "25th", "Median")]
    right += [Column(h, justify="right") for h in ("75th", "Peers")]
    rows = [_standing_row("Overall", result.overall)]
    rows += [_standing_row(q.area(s.area_id).title, s) for s in result.areas]
    title = f"{view.organisation.name}, {result.period}: {describe_peers(result)}"
    print_table([Column("Area", fold=True), *right], rows, title=title)
    if any(s.peers is None for s in (result.overall, *result.areas)):
        echo(f"— : fewer than {result.minimum} peers have a score there.")
    if result.approximate:
        echo("Approximate: a peers file gives scores only as ranges of 5 or more peers, so")
        echo("the percentiles and quartiles above are close but not exact.")
    echo()
    numbers = {
        question.id: f"{a}.{n}"
        for a, area in enumerate(q.areas, start=1)
        for n, question in enumerate(area.questions, start=1)
    }
    if result.behind:
        columns = [Column("Question", fold=True)]
        columns += [Column(h, justify="right") for h in ("Level", "Percentile", "25th", "Median")]
        columns += [Column("Weighted gap", justify="right")]
        behind = [
            [
                f"{numbers[b.question_id]} {q.question(b.question_id).prompt}",
                str(b.level),
                fmt_percentile(b.percentile),
                fmt_score(b.peers.q1),
                fmt_score(b.peers.median),
                fmt_score(b.weighted_gap),
            ]
            for b in result.behind
        ]
        print_table(columns, behind, title="In the peers' bottom quartile, largest gap first")
    else:
        echo("No question is in the peers' bottom quartile.")
    if result.questions_withheld:
        echo(
            f"{result.questions_withheld} of {len(q.questions)} questions are left out: fewer "
            f"than {result.minimum} peers answered them."
        )


COMMANDS = (benchmark_cmd, benchmark_export_cmd)
"""The commands of this family, added to the `cxaudit` group by `cxaudit.cli.app`."""
