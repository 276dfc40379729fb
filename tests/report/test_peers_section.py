"""The "Compared with peers" page, built from a hand-made benchmark (the six peers of the worked
example in docs/scoring.md), laid out alone as a PDF and read back with pypdf: it says how many
peers, which sector and when, and fits on one page."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pypdf
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import KeepInFrame, SimpleDocTemplate

from cxaudit.domain.benchmark import Benchmark, ClientFigures, benchmark, client_figures
from cxaudit.report import ReportData
from cxaudit.report.context import Context
from cxaudit.report.fonts import load_fonts
from cxaudit.report.sections.peers import COMPARED_WITH_PEERS, peers_section
from cxaudit.report.styles import PAGE_MARGIN, make_styles
from tests.domain.test_benchmark import example_pool

MakeData = Callable[..., ReportData]


def result_for(data: ReportData, *, sector: str | None = None) -> Benchmark:
    figures: ClientFigures = client_figures(data.assessment.period, data.result)
    return benchmark(data.questionnaire, figures, example_pool(), sector=sector)


def one_section_pdf(data: ReportData, result: Benchmark, path: Path) -> list[str]:
    """The section alone, laid out on A4 with the report's margins; each page's text."""
    ctx = Context(data, make_styles(load_fonts()))
    story = peers_section(ctx, result)
    doc = SimpleDocTemplate(
        str(path),
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=PAGE_MARGIN,
        bottomMargin=PAGE_MARGIN,
        invariant=1,
    )
    doc.build(story)
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def test_the_page_gives_peers_sector_dates_and_figures(make_data: MakeData, tmp_path: Path) -> None:
    data = make_data()
    result = result_for(data)
    (page,) = one_section_pdf(data, result, tmp_path / "peers.pdf")
    assert page.startswith(COMPARED_WITH_PEERS)
    assert "Peers: 6 · Sector: every sector · Assessed: Jul 2025 to Jun 2026" in page
    assert "6 peers, assessed Jul 2025 to Jun 2026" in page
    # The table: Overall and Alpha against the quartiles; Beta has too few peers.
    assert "Overall" in page and "Alpha" in page and "Beta" in page
    assert "too few peers to compare" in page
    overall = result.overall
    assert overall.peers is not None
    assert f"{overall.peers.q1:.2f} {overall.peers.median:.2f} {overall.peers.q3:.2f} 6" in page
    assert "In the peers' bottom quartile" in page
    for item in result.behind:
        assert data.questionnaire.question(item.question_id).prompt in page
    assert "1 of 5 questions are left out: fewer than 5 peers answered them." in page


def test_a_sector_filter_is_named_and_the_page_stays_one_page(
    make_data: MakeData, tmp_path: Path
) -> None:
    data = make_data()
    result = result_for(data, sector="Retail")
    many = result.behind * 6  # more questions than the page lists
    texts = one_section_pdf(data, dataclasses.replace(result, behind=many), tmp_path / "peers.pdf")
    assert len(texts) == 1
    assert "Sector: Retail" in texts[0] and "6 peers in Retail" in texts[0]
    assert f"And {len(many) - 8} more." in texts[0]


def test_the_chart_has_a_box_per_area_and_the_page_shrinks_to_fit(make_data: MakeData) -> None:
    data = make_data()
    (frame,) = peers_section(Context(data, make_styles(load_fonts())), result_for(data))
    assert isinstance(frame, KeepInFrame)
    charts = [f for f in frame._content if isinstance(f, Drawing)]
    assert len(charts) == 1 and charts[0].height > 3 * 20
