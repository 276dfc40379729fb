"""The "Compared with peers" page says when its figures are approximate.

A colleague's `cxaudit benchmark-export` gives its peers' scores only as ranges of at least 5,
so once such a file is counted (`--peers`) the quartiles and percentiles are approximate and
the page says so in one sentence. The export is written by the real command from another
SQLite portfolio, the reports are written through the CLI and the services, and the PDFs are
read back with pypdf; without `--peers` the sentence appears nowhere.
"""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from cxaudit.cli import cli
from cxaudit.report.sections.peers import APPROXIMATE, COMPARED_WITH_PEERS
from cxaudit.services.reports import write_report
from cxaudit.services.workspace import open_workspace
from tests.report.peers_portfolio import CLIENT, PEERS, TODAY, Peer, build

COLLEAGUE_PEERS = (
    Peer("Thistlegate Surgery", "thistlegate-surgery", "Healthcare", "2026-Q1", 0.5),
    Peer("Orrinsby Opticians", "orrinsby-opticians", "Healthcare", "2025-Q4", -0.4),
    Peer("Wendle Physio", "wendle-physio", "Healthcare", "2026-Q2", 1.0),
    Peer("Calder Rise Clinic", "calder-rise-clinic", "Healthcare", "2026-Q1", -0.8),
    Peer("Pennock Labs", "pennock-labs", "Healthcare", "2025-Q3", 0.1),
)
"""The colleague's own clients, in a database of their own."""


def text_of(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def squeezed(text: str) -> str:
    """The text with its whitespace removed and its quotes made plain, so a sentence the PDF
    wraps across lines or sets with a typographic apostrophe still matches."""
    return "".join(text.replace("’", "'").split())


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """Our portfolio's URL and a colleague's export, written by `cxaudit benchmark-export`."""
    root = tmp_path_factory.mktemp("approximate")
    ours = build(root / "ours.db")
    theirs = build(root / "colleague.db", COLLEAGUE_PEERS)
    export = root / "colleague.json"
    result = CliRunner().invoke(cli, ["--db", theirs, "benchmark-export", "-o", str(export)])
    assert result.exit_code == 0, result.output
    assert export.stat().st_size > 0
    return ours, export


def test_a_report_counting_a_colleagues_export_says_its_figures_are_approximate(
    setting: tuple[str, Path], tmp_path: Path
) -> None:
    ours, export = setting
    output = tmp_path / "with-peers.pdf"
    args = ["--db", ours, "report", CLIENT, "--deterministic", "-o", str(output)]
    result = CliRunner().invoke(cli, [*args, "--peers", str(export)])
    assert result.exit_code == 0, result.output
    pages = text_of(output)
    (page,) = [text for text in pages if COMPARED_WITH_PEERS in text]
    # Our seven peers and the colleague's six organisations (their client among them).
    assert f"Peers: {len(PEERS) + len(COLLEAGUE_PEERS) + 1}" in page
    assert squeezed(APPROXIMATE) in squeezed(page)
    assert sum(squeezed(text).count(squeezed(APPROXIMATE)) for text in pages) == 1


def test_the_board_report_says_it_too(setting: tuple[str, Path], tmp_path: Path) -> None:
    ours, export = setting
    with open_workspace(ours, today=TODAY) as ws:
        outcome = write_report(
            ws,
            organisation_ref=CLIENT,
            output=tmp_path / "board.pdf",
            profile="board",
            peers_files=[export],
        )
    pages = text_of(outcome.path)
    assert outcome.pages == len(pages) == 4
    (page,) = [text for text in pages if COMPARED_WITH_PEERS in text]
    assert squeezed(APPROXIMATE) in squeezed(page)


def test_a_report_on_our_own_peers_alone_does_not_say_it(
    setting: tuple[str, Path], tmp_path: Path
) -> None:
    ours, _ = setting
    with open_workspace(ours, today=TODAY) as ws:
        full = write_report(ws, organisation_ref=CLIENT, output=tmp_path / "full.pdf")
        board = write_report(
            ws, organisation_ref=CLIENT, output=tmp_path / "b.pdf", profile="board"
        )
    for outcome in (full, board):
        pages = text_of(outcome.path)
        assert any(COMPARED_WITH_PEERS in text for text in pages)
        assert f"Peers: {len(PEERS)}" in "".join(pages)
        folded = "\n".join(pages).casefold()
        assert "approximate" not in folded and "score ranges" not in folded
