"""`cxaudit benchmark` and `benchmark-export` as a consultant runs them: 80 columns, one-line
errors with exit 2, scripts' formats, and a colleague's export pooled in."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner, Result

from cxaudit.cli import cli
from tests.cli.conftest import WIDTH
from tests.services.test_benchmark_peers import CLIENT, portfolio

__all__ = ["portfolio"]


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, *args])


def test_the_table_fits_80_columns_and_names_no_peer(portfolio: str) -> None:
    result = run(portfolio, "benchmark", "acme-client-stores")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{CLIENT}, 2026-Q2: 9 peers, assessed Jul 2025 to Jun 2026"
    assert all(len(line) <= WIDTH for line in lines), result.output
    assert "\x1b" not in result.output
    header = next(line for line in lines if line.startswith("Area"))
    assert header.split() == ["Area", "Score", "Percentile", "25th", "Median", "75th", "Peers"]
    assert any(line.startswith("Overall") for line in lines)
    assert "In the peers' bottom quartile, largest gap first" in result.output
    assert "1.1 Question one?" in result.output


def test_too_few_peers_is_one_sentence_and_exit_2(portfolio: str) -> None:
    result = run(portfolio, "benchmark", CLIENT, "--sector", "banking")
    assert result.exit_code == 2
    assert result.output.strip() == (
        "Error: Benchmarking needs at least 5 other organisations with a completed assessment "
        "on this questionnaire; there are 3."
    )
    lowered = run(portfolio, "benchmark", CLIENT, "--min-peers", "4")
    assert lowered.exit_code == 2 and "the minimum cannot be 4" in lowered.output
    raised = run(portfolio, "benchmark", CLIENT, "--min-peers", "10")
    assert raised.exit_code == 2 and "at least 10 other organisations" in raised.output
    unknown = run(portfolio, "benchmark", "Nobody Ltd")
    assert unknown.exit_code == 2 and unknown.output.startswith("Error: ")


def test_json_and_csv_carry_the_same_figures(portfolio: str) -> None:
    record = json.loads(run(portfolio, "benchmark", CLIENT, "--format", "json").output)
    assert record["organisation"] == CLIENT and record["peers"] == 9
    assert record["sector"] is None and record["peers_from"] == "2025-07-01"
    rows = list(
        csv.DictReader(io.StringIO(run(portfolio, "benchmark", CLIENT, "--format", "csv").output))
    )
    assert rows[0]["kind"] == "overall"
    assert float(rows[0]["q1"]) == record["overall"]["q1"]
    assert [r["id"] for r in rows if r["kind"] == "question"] == [
        r["id"] for r in record["bottom_quartile"]
    ]
    filtered = json.loads(
        run(portfolio, "benchmark", CLIENT, "--sector", "Retail", "--format", "json").output
    )
    assert filtered["sector"] == "Retail" and filtered["peers"] == 5


def test_an_export_pools_into_another_benchmark(portfolio: str, tmp_path: Path) -> None:
    target = tmp_path / "colleague.json"
    written = run(portfolio, "benchmark-export", "-o", str(target))
    assert written.exit_code == 0, written.output
    assert written.output.strip() == (
        f"Wrote anonymous peer figures for 1 questionnaire (10 organisations) to {target}."
    )
    to_stdout = run(portfolio, "benchmark-export")
    assert json.loads(to_stdout.stdout)["format"] == "cxaudit-benchmark-peers"
    pooled = run(portfolio, "benchmark", CLIENT, "--peers", str(target), "--format", "json")
    assert json.loads(pooled.output)["peers"] == 19 and json.loads(pooled.output)["approximate"]
    table = run(portfolio, "benchmark", CLIENT, "--peers", str(target))
    assert "percentiles and quartiles above are close but not exact" in " ".join(
        table.output.split()
    )
    assert max(len(line) for line in table.output.splitlines()) <= 80
    assert "Approximate" not in run(portfolio, "benchmark", CLIENT).output
    too_few = run(portfolio, "benchmark-export", "--sector", "Travel")
    assert too_few.exit_code == 2
    assert "An export needs at least 5 organisations in Travel" in too_few.output
