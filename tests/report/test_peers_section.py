"""The "Compared with peers" page, built from a hand-made benchmark (the six peers of the worked
example in docs/scoring.md): its blocks, and the page laid out alone as a PDF and read back with
pypdf. It says how many peers, which sector and when, and fits on one page."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pypdf
from reportlab.graphics.shapes import Drawing, Polygon, Rect
from reportlab.lib.colors import Color
from reportlab.platypus import KeepInFrame, SimpleDocTemplate

from cxaudit.domain.benchmark import Benchmark, ClientFigures, benchmark, client_figures
from cxaudit.report import ReportData
from cxaudit.report.blocks import BoxChart, OnePage
from cxaudit.report.context import Context
from cxaudit.report.facts import Facts
from cxaudit.report.fonts import load_fonts
from cxaudit.report.layout import Layout
from cxaudit.report.sections.peers import (
    BEHIND_SHOWN,
    COMPARED_WITH_PEERS,
    TOO_FEW,
    peers_section,
)
from cxaudit.report.styles import CONTENT_WIDTH, PAGE_MARGIN, make_styles
from tests.domain.test_benchmark import example_pool

MakeData = Callable[..., ReportData]


def result_for(data: ReportData, *, sector: str | None = None) -> Benchmark:
    figures: ClientFigures = client_figures(data.assessment.period, data.result)
    return benchmark(data.questionnaire, figures, example_pool(), sector=sector)


def layout(data: ReportData) -> Layout:
    return Layout(Context(data, make_styles(load_fonts())))


def one_section_pdf(data: ReportData, result: Benchmark, path: Path) -> list[str]:
    """The section alone, laid out on A4 with the report's margins; each page's text."""
    with_result = dataclasses.replace(data, benchmark=result)
    story = layout(with_result).flowables(peers_section(Facts(with_result)))
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
    assert "Peers: 7" not in page and "Peers: 6 · Sector: all sectors" in page
    assert "Assessed: Jul 2025 to Jun 2026" in page
    assert "6 peers, assessed Jul 2025 to Jun 2026" in page
    # The table: Overall and Alpha against the quartiles; Beta has too few peers.
    assert "Overall" in page and "Alpha" in page and "Beta" in page
    assert TOO_FEW in page
    overall = result.overall
    assert overall.peers is not None
    assert f"{overall.peers.q1:.2f} {overall.peers.median:.2f} {overall.peers.q3:.2f} 6" in page
    assert "In the peers' bottom quartile" in page
    assert result.behind
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
    assert (
        f"And {len(many) - BEHIND_SHOWN} more questions in the peers' bottom quartile."
        in (texts[0])
    )


def test_the_section_is_blocks_with_a_box_per_area_and_the_clients_marker(
    make_data: MakeData,
) -> None:
    data = make_data()
    result = result_for(data)
    with_result = dataclasses.replace(data, benchmark=result)
    (page,) = peers_section(Facts(with_result))
    assert isinstance(page, OnePage)
    (chart,) = [block for block in page.blocks if isinstance(block, BoxChart)]
    assert [row.label for row in chart.rows] == ["Overall", "Alpha", "Beta"]
    overall, alpha, beta = chart.rows
    assert overall.bold and not alpha.bold
    assert overall.marker == data.result.overall and alpha.marker == data.result.areas[0].score
    spread = result.overall.peers
    assert spread is not None
    assert overall.spread == (spread.low, spread.q1, spread.median, spread.q3, spread.high)
    assert beta.spread is None and beta.missing == TOO_FEW

    (frame,) = layout(with_result).flowables([page])
    assert isinstance(frame, KeepInFrame)
    (drawing,) = [f for f in frame._content if isinstance(f, Drawing)]
    assert drawing.width == CONTENT_WIDTH
    shapes = drawing.getContents()
    # Two boxes (Overall and Alpha) plus the legend's; a diamond per marked row plus the legend's.
    assert sum(isinstance(s, Rect) for s in shapes) == 2 + 1
    assert sum(isinstance(s, Polygon) for s in shapes) == 3 + 1


def test_a_page_without_a_benchmark_is_refused(make_data: MakeData) -> None:
    import pytest

    with pytest.raises(ValueError, match="needs a benchmark"):
        peers_section(Facts(make_data()))


def test_long_area_names_wrap_inside_the_chart_and_many_rows_draw_tighter() -> None:
    from reportlab.graphics.shapes import String

    from cxaudit.report.blocks import Box
    from cxaudit.report.boxes import ROW, ROW_TIGHT, box_chart, box_chart_height

    fonts = load_fonts()
    long = "Leadership and direction setting across every business unit and region we serve"
    rows = [Box(long, (1.5, 2.0, 2.5, 3.0, 3.5), 2.2)] * 3
    legend = ("This assessment", "Box", "Median", "Whiskers")
    drawing = box_chart(
        rows, legend, fonts, width=CONTENT_WIDTH, colour=Color(0, 0, 0), marker=Color(1, 0, 0)
    )
    texts = [s for s in drawing.getContents() if isinstance(s, String)]
    label_lines = [s for s in texts if s.text.startswith("Leadership")]
    assert len(label_lines) == 3  # one first line per row
    assert all(s.x >= 0 for s in texts)
    assert any(s.text.endswith("…") for s in texts)  # the second line is shortened
    many = box_chart_height(9, legend, fonts, CONTENT_WIDTH)
    few = box_chart_height(5, legend, fonts, CONTENT_WIDTH)
    assert many - few == 9 * ROW_TIGHT - 5 * ROW


def test_more_areas_list_fewer_questions_but_never_fewer_than_three(make_data: MakeData) -> None:
    from cxaudit.report.sections.peers import BEHIND_SHOWN_BOARD, FEWEST_SHOWN, questions_shown

    result = result_for(make_data())
    assert questions_shown(result, board=False) == BEHIND_SHOWN
    assert questions_shown(result, board=True) == BEHIND_SHOWN_BOARD
    six = dataclasses.replace(result, areas=result.areas * 3)
    assert questions_shown(six, board=False) == BEHIND_SHOWN - 2
    assert questions_shown(dataclasses.replace(result, areas=result.areas * 9), board=False) == (
        FEWEST_SHOWN
    )
