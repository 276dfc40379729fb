"""No peer ever shows: every output of the benchmark is searched for every peer's name, slug,
note, sector and lowest or highest score.

The test portfolio (`build_portfolio`) is benchmarked through the CLI (table, json and csv, with
and without a sector), exported with `benchmark-export`, and printed as the report's "Compared
with peers" page; none of it may hold anything that tells one peer from another, and the export
holds no score range or question that fewer than 5 peers make up.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from cxaudit.cli import cli
from cxaudit.report import ReportData
from cxaudit.services.benchmark import benchmark
from cxaudit.services.results import results
from cxaudit.services.workspace import Workspace
from tests.report.test_peers_section import one_section_pdf
from tests.services.test_benchmark_peers import CLIENT, PEERS, TODAY, portfolio, ws

__all__ = ["portfolio", "ws"]


def secrets(ws: Workspace) -> tuple[dict[str, str], int]:
    """What would identify a peer, by what it is (names, slugs, notes and extreme scores), and
    the id of the client's latest assessment."""
    found: dict[str, str] = {}
    for peer in PEERS:
        found[f"name of {peer.slug}"] = peer.name
        found[f"slug of {peer.slug}"] = peer.slug
        found[f"note of {peer.slug}"] = peer.note
    from cxaudit.storage import repository
    from cxaudit.storage.repository import peers

    with ws.session() as session:
        organisation = repository.get_organisation(session, ref=CLIENT)
        assert organisation.id is not None
        client = peers.client_assessment(session, organisation_id=organisation.id)
        pool = peers.peer_pool(session, organisation_id=organisation.id, questionnaire_id="mini")
    found["the lowest peer's overall score"] = f"{pool.overall[0]:.2f}"
    found["the highest peer's overall score"] = f"{pool.overall[-1]:.2f}"
    return found, client.assessment_id


def assert_anonymous(what: str, text: str, hidden: dict[str, str], *, sector: str | None) -> None:
    folded = text.casefold()
    for label, secret in hidden.items():
        assert secret.casefold() not in folded, f"{what} shows the {label}: {secret!r}"
    others = {"banking", "travel", "retail"} - {(sector or "").casefold()}
    for other in others:
        assert not re.search(rf"\b{other}\b", folded), f"{what} names the sector {other}"


def test_no_output_names_or_singles_out_a_peer(
    ws: Workspace, portfolio: str, tmp_path: Path
) -> None:
    hidden, latest = secrets(ws)
    outputs: dict[str, tuple[str, str | None]] = {}
    runner = CliRunner()
    for sector in (None, "Retail"):
        for fmt in ("table", "json", "csv"):
            args = ["--db", portfolio, "benchmark", CLIENT, "--format", fmt]
            args += ["--sector", sector] if sector else []
            result = runner.invoke(cli, args)
            assert result.exit_code == 0, result.output
            outputs[f"cxaudit benchmark --format {fmt} --sector {sector}"] = (result.output, sector)
    export = tmp_path / "peers.json"
    written = runner.invoke(cli, ["--db", portfolio, "benchmark-export", "-o", str(export)])
    assert written.exit_code == 0, written.output
    exported = export.read_text(encoding="utf-8")
    outputs["the export file"] = (exported, None)
    assert not re.search(r"\d{4}-(Q[1-4]|H[12]|\d\d)\b", exported), "the export holds no period"
    assert "acme" not in exported.casefold() and "client's own note" not in exported
    for entry in json.loads(exported)["questionnaires"]:
        ranges = entry["overall"] + [r for area in entry["areas"].values() for r in area]
        counts = [r["peers"] for r in ranges] + [sum(c) for c in entry["levels"].values()]
        assert counts and min(counts) >= 5, "every score range and question counts 5 peers or more"

    view = benchmark(ws, organisation=CLIENT)
    scored = results(ws, assessment_id=latest)
    data = ReportData(
        organisation=scored.assessment.organisation,
        questionnaire=scored.questionnaire,
        assessment=scored.assessment,
        result=scored.result,
        generated=TODAY,
    )
    page = "\n".join(one_section_pdf(data, view.result, tmp_path / "peers.pdf"))
    outputs["the PDF page"] = (page, None)

    for what, (text, sector) in outputs.items():
        assert_anonymous(what, text, hidden, sector=sector)
