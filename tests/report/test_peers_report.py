"""The "Compared with peers" page in real reports: a portfolio in a SQLite file, reports written
through the services and the CLI, read back with pypdf and python-docx.

The page follows the summary (in the board report, where the organisation stands), gives the
number of peers, the sector filter and when the peers were assessed, and never names, slugs or
quotes a peer, in the PDF or in the Word document. With fewer than 5 peers there is no page,
and nothing in the report speaks of peers.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from cxaudit.cli import cli
from cxaudit.report.sections.peers import BOTTOM_QUARTILE, COMPARED_WITH_PEERS
from cxaudit.report.sections.summary import EXECUTIVE_SUMMARY
from cxaudit.services.benchmark import write_benchmark_export
from cxaudit.services.reports import write_report
from cxaudit.services.workspace import Workspace, open_workspace
from tests.report.peers_portfolio import CLIENT, PEERS, TODAY, build


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The client and its seven peers (five in Healthcare, two in Logistics)."""
    return build(tmp_path_factory.mktemp("peers") / "portfolio.db")


@pytest.fixture
def ws(portfolio: str) -> Iterator[Workspace]:
    with open_workspace(portfolio, today=TODAY) as opened:
        yield opened


def pdf_pages(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def outline(path: Path) -> list[str]:
    reader = pypdf.PdfReader(path)
    return [str(entry.title) for entry in reader.outline if not isinstance(entry, list)]


def docx_text(path: Path) -> str:
    """Every part of the Word document that holds text, tags stripped."""
    with zipfile.ZipFile(path) as package:
        parts = [n for n in package.namelist() if n.endswith((".xml", ".rels"))]
        xml = " ".join(package.read(name).decode("utf-8") for name in parts)
    return re.sub(r"<[^>]+>", "", xml)


def peer_secrets() -> dict[str, str]:
    """What would tell one peer from another, by what it is."""
    found: dict[str, str] = {}
    for peer in PEERS:
        found[f"name of {peer.slug}"] = peer.name
        found[f"slug of {peer.slug}"] = peer.slug
        found[f"note of {peer.slug}"] = peer.note
        found[f"respondent of {peer.slug}"] = peer.person
    found["a peer-only sector"] = "Logistics"
    return found


def assert_anonymous(what: str, text: str) -> None:
    folded = text.casefold()
    for label, secret in peer_secrets().items():
        assert secret.casefold() not in folded, f"{what} shows the {label}: {secret!r}"


def peers_page(pages: list[str]) -> tuple[int, str]:
    (found,) = [(i, text) for i, text in enumerate(pages) if COMPARED_WITH_PEERS in text]
    return found


def test_the_full_report_compares_with_peers_right_after_the_summary(
    ws: Workspace, tmp_path: Path
) -> None:
    outcome = write_report(ws, organisation_ref=CLIENT, output=tmp_path / "r.pdf")
    assert outcome.warnings == []
    pages = pdf_pages(outcome.path)
    index, page = peers_page(pages)
    assert pages[index - 1].count(EXECUTIVE_SUMMARY) == 1 and index == 2
    assert f"Page {index + 1} of {len(pages)}" in page
    assert "Peers: 7 · Sector: all sectors · Assessed: Jul 2025 to Jun 2026" in page
    assert "among 7 peers, assessed Jul 2025 to Jun 2026" in page
    assert "Overall" in page and "Leadership" in page and BOTTOM_QUARTILE in page
    titles = outline(outcome.path)
    assert titles[:2] == [EXECUTIVE_SUMMARY, COMPARED_WITH_PEERS]
    for number, text in enumerate(pages):
        assert_anonymous(f"page {number + 1}", text)
    assert_anonymous("the PDF's properties", str(pypdf.PdfReader(outcome.path).metadata))


def test_a_sector_filter_is_named_with_its_own_peers_and_dates(
    ws: Workspace, tmp_path: Path
) -> None:
    outcome = write_report(
        ws, organisation_ref=CLIENT, output=tmp_path / "r.pdf", peers_sector="Healthcare"
    )
    _, page = peers_page(pdf_pages(outcome.path))
    assert "Peers: 5 · Sector: Healthcare · Assessed: Jul 2025 to Jun 2026" in page
    assert "among 5 peers in Healthcare" in page
    for text in pdf_pages(outcome.path):
        assert_anonymous("the Healthcare report", text)


def test_the_word_document_holds_the_same_page_with_its_chart_and_no_peer(
    ws: Workspace, tmp_path: Path
) -> None:
    import docx

    outcome = write_report(ws, organisation_ref=CLIENT, output=tmp_path / "r.docx")
    document = docx.Document(str(outcome.path))
    headings = [
        p for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ]
    titles = [p.text for p in headings]
    assert titles[:2] == [EXECUTIVE_SUMMARY, COMPARED_WITH_PEERS]
    assert headings[1].paragraph_format.page_break_before
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Peers: 7" in body and "Sector: all sectors" in body
    assert "Assessed: Jul 2025 to Jun 2026" in body
    tables = ["\n".join(cell.text for cell in t._cells) for t in document.tables]
    assert any("Percentile" in t and "Median" in t and "Overall" in t for t in tables)
    assert len(document.inline_shapes) == 2  # the summary's radar and the peers' box chart
    assert_anonymous("the Word document", docx_text(outcome.path))


def test_the_board_report_gives_peers_its_fourth_page(ws: Workspace, tmp_path: Path) -> None:
    outcome = write_report(ws, organisation_ref=CLIENT, output=tmp_path / "b.pdf", profile="board")
    pages = pdf_pages(outcome.path)
    assert outcome.pages == len(pages) == 4
    index, page = peers_page(pages)
    assert index == 1 and "Peers: 7" in page
    assert outline(outcome.path)[:2] == ["Where we stand", COMPARED_WITH_PEERS]
    for text in pages:
        assert_anonymous("the board report", text)


def test_too_few_peers_leave_the_page_out_and_the_report_silent_on_peers(
    tmp_path: Path,
) -> None:
    url = build(tmp_path / "few.db", PEERS[:4])
    with open_workspace(url, today=TODAY) as ws:
        pdf = write_report(ws, organisation_ref=CLIENT, output=tmp_path / "few.pdf")
        word = write_report(ws, organisation_ref=CLIENT, output=tmp_path / "few.docx")
        board = write_report(
            ws, organisation_ref=CLIENT, output=tmp_path / "board.pdf", profile="board"
        )
    assert pdf.warnings == word.warnings == board.warnings == []
    for text in ("\n".join(pdf_pages(pdf.path)), docx_text(word.path)):
        assert COMPARED_WITH_PEERS not in text
        assert not re.search(r"\bpeers?\b", text, re.IGNORECASE)
    assert COMPARED_WITH_PEERS not in outline(pdf.path)
    assert board.pages == 3


def test_a_sector_with_too_few_peers_is_said_in_a_warning(ws: Workspace, tmp_path: Path) -> None:
    outcome = write_report(
        ws, organisation_ref=CLIENT, output=tmp_path / "r.pdf", peers_sector="Logistics"
    )
    assert outcome.warnings == [
        "The report has no 'Compared with peers' page. Benchmarking needs at least 5 other "
        "organisations with a completed assessment on this questionnaire; there are 2."
    ]
    assert all(COMPARED_WITH_PEERS not in text for text in pdf_pages(outcome.path))


def test_a_colleagues_export_adds_its_peers_to_the_page(ws: Workspace, tmp_path: Path) -> None:
    export = tmp_path / "colleague.json"
    questionnaires, organisations = write_benchmark_export(ws, output=export)
    assert questionnaires == 1 and organisations == 8
    outcome = write_report(
        ws, organisation_ref=CLIENT, output=tmp_path / "r.pdf", peers_files=[export]
    )
    _, page = peers_page(pdf_pages(outcome.path))
    # Seven peers here and the colleague's eight; the export gives years, so whole years.
    assert "Peers: 15 · Sector: all sectors · Assessed: Jan 2025 to Dec 2026" in page


def test_the_report_command_takes_sector_peers_and_no_peers(portfolio: str, tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["--db", portfolio, "report", CLIENT, "--deterministic"]
    sector = runner.invoke(cli, [*base, "-o", str(tmp_path / "s.pdf"), "--sector", "healthcare"])
    assert sector.exit_code == 0, sector.output
    assert "Sector: healthcare" in peers_page(pdf_pages(tmp_path / "s.pdf"))[1]

    none = runner.invoke(cli, [*base, "-o", str(tmp_path / "n.pdf"), "--no-peers"])
    assert none.exit_code == 0, none.output
    assert all(COMPARED_WITH_PEERS not in text for text in pdf_pages(tmp_path / "n.pdf"))

    both = runner.invoke(cli, [*base, "-o", str(tmp_path / "x.pdf"), "--no-peers", "--sector", "A"])
    assert both.exit_code == 2
    assert "--sector chooses the peers of the 'Compared with peers' page" in both.output
    assert not (tmp_path / "x.pdf").exists()

    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    bad = runner.invoke(cli, [*base, "-o", str(tmp_path / "y.pdf"), "--peers", str(broken)])
    assert bad.exit_code == 2 and "is not valid JSON" in bad.output
    assert "Traceback" not in bad.output and not (tmp_path / "y.pdf").exists()


def test_every_field_of_the_export_is_documented(ws: Workspace, tmp_path: Path) -> None:
    import json

    export = tmp_path / "peers.json"
    write_benchmark_export(ws, output=export)
    data = json.loads(export.read_text(encoding="utf-8"))
    fields = set(data) | set(data["questionnaires"][0])
    docs = Path(__file__).parents[2] / "docs" / "data-formats.md"
    section = docs.read_text(encoding="utf-8").split("(`cxaudit benchmark-export`)")[1]
    section = section.split("\n## ")[0]
    documented = {
        name
        for line in section.splitlines()
        if line.startswith("| `")
        for name in re.findall(r"`([a-z_]+)`", line.split(" | ")[0])
    }
    assert documented == fields
