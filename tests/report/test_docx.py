"""The Word report read back with python-docx: the PDF's headings, tables and actions, editable.

Every figure is checked against the domain's results, as a consultant opening the file in Word
would read it: real Heading 1 and 2 paragraphs, real tables whose header row repeats, and the
plan's actions one row each.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table

from cxaudit.domain.format import DASH, fmt_delta, fmt_percent, fmt_score
from cxaudit.errors import ReportError
from cxaudit.report import ReportData, build_docx
from cxaudit.report.document import section_titles
from cxaudit.report.output import written_by_cxaudit
from cxaudit.report.sections.plan import PREVIOUS_PLAN
from tests.report.conftest import ORG_NAME

MakeData = Callable[..., ReportData]


def read(data: ReportData, path: Path, **kw: object) -> Document:
    outcome = build_docx(data, path, **kw)  # type: ignore[arg-type]
    assert outcome.path == path and outcome.pages is None and outcome.file_format == "docx"
    return docx.Document(str(path))


def headings(doc: Document, level: int) -> list[str]:
    return [
        p.text for p in doc.paragraphs if p.style is not None and p.style.name == f"Heading {level}"
    ]


def table_with(doc: Document, *head: str) -> Table:
    for table in doc.tables:
        if tuple(cell.text for cell in table.rows[0].cells) == head:
            return table
    raise AssertionError(f"no table headed {head}")


def rows(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows[1:]]


def test_headings_are_word_headings_in_the_pdfs_order(make_data: MakeData, tmp_path: Path) -> None:
    data = make_data()
    doc = read(data, tmp_path / "r.docx")
    assert headings(doc, 1) == section_titles(data)
    level_two = headings(doc, 2)
    assert level_two.count("How the score was computed") == len(data.result.areas)
    assert PREVIOUS_PLAN in level_two
    assert ORG_NAME in [p.text for p in doc.paragraphs]


def test_area_table_holds_the_domains_figures(make_data: MakeData, tmp_path: Path) -> None:
    data = make_data()
    doc = read(data, tmp_path / "r.docx")
    assert data.comparison is not None
    deltas = {d.area_id: d.delta for d in data.comparison.areas}
    table = table_with(
        doc, "Area", "Score", "Percent", "Coverage", "Target", "Change since 2026-Q1"
    )
    assert rows(table) == [
        [
            area.title,
            fmt_score(area.score),
            fmt_percent(area.percent),
            area.coverage_text,
            fmt_score(area.target),
            fmt_delta(deltas[area.area_id]),
        ]
        for area in data.result.areas
    ]
    # The header row repeats on every page the table spans.
    header = table.rows[0]._tr
    assert header.trPr is not None and header.trPr.find(qn("w:tblHeader")) is not None


def test_every_action_is_an_editable_row(make_data: MakeData, tmp_path: Path) -> None:
    data = make_data()
    doc = read(data, tmp_path / "r.docx")
    table = table_with(doc, "#", "Area", "Action", "Why (source)", "Owner", "Due", "Status")
    found = rows(table)
    assert len(found) == len(data.actions)
    for rank, (row, item) in enumerate(zip(found, data.actions, strict=True), start=1):
        number, area, action, _why, owner, due, status = row
        assert number == str(rank)
        assert area == next(a.title for a in data.questionnaire.areas if a.id == item.area_id)
        assert action.splitlines()[0] == item.text
        assert owner == (item.owner or DASH)
        assert due == (item.due.isoformat() if item.due else DASH)
        assert status.splitlines()[0] == item.status.label
    assert found[0][4:6] == ["Ops lead", "2026-09-30"]
    # Plain paragraphs in plain cells: a consultant types over them in Word.
    cell = table.rows[1].cells[2]._tc
    assert cell.find(qn("w:sdt")) is None


def test_charts_are_pictures_drawn_once(make_data: MakeData, tmp_path: Path) -> None:
    pytest.importorskip("pypdfium2")
    path = tmp_path / "r.docx"
    doc = read(make_data(), path)
    # The radar on the summary and the trend chart.
    assert len(doc.inline_shapes) == 2
    with zipfile.ZipFile(path) as archive:
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
        assert len(media) == 2
        assert all(archive.read(name).startswith(b"\x89PNG") for name in media)


def test_typed_markup_and_line_breaks_read_back_literally(
    make_data: MakeData, tmp_path: Path
) -> None:
    note = 'Price < cost & <b>bold</b> "quoted"\nsecond line\x07'
    doc = read(make_data(notes={("alpha.one", 0): note}), tmp_path / "r.docx")
    texts = [p.text for p in doc.paragraphs]
    assert any('Price < cost & <b>bold</b> "quoted"\nsecond line' in t for t in texts)


def test_board_docx_lists_the_domains_actions(make_data: MakeData, tmp_path: Path) -> None:
    data = make_data(profile="board")
    doc = read(data, tmp_path / "b.docx")
    assert headings(doc, 1) == section_titles(data)
    assert data.board is not None
    table = table_with(doc, "#", "Area", "Action", "Owner", "Due", "Status")
    assert [row[0] for row in rows(table)] == [str(a.rank) for a in data.board.actions]
    assert [row[2].splitlines()[0] for row in rows(table)] == [
        a.item.text for a in data.board.actions
    ]


def test_deterministic_builds_are_byte_identical(make_data: MakeData, tmp_path: Path) -> None:
    first = build_docx(make_data(), tmp_path / "1.docx", deterministic=True)
    second = build_docx(make_data(), tmp_path / "2.docx", deterministic=True)
    assert first.path.read_bytes() == second.path.read_bytes()


def test_a_document_edited_since_is_not_replaced_without_force(
    make_data: MakeData, tmp_path: Path
) -> None:
    path = tmp_path / "r.docx"
    build_docx(make_data(), path)
    assert written_by_cxaudit(path)
    build_docx(make_data(), path)  # cxaudit's own file is replaced
    edited = docx.Document(str(path))
    edited.core_properties.last_modified_by = "Jo Consultant"
    edited.save(str(path))
    assert not written_by_cxaudit(path)
    with pytest.raises(ReportError, match="was not written by cxaudit, or was edited since"):
        build_docx(make_data(), path)
    assert build_docx(make_data(), path, force=True).path == path


def test_word_styles_take_the_brands_colours(make_data: MakeData, tmp_path: Path) -> None:
    from cxaudit.report.brand import Brand

    data = replace(make_data(), brand=Brand(primary_colour="#7A1F5C", accent_colour="#1F6F4A"))
    doc = read(data, tmp_path / "r.docx")
    assert str(doc.styles["Heading 1"].font.color.rgb) == "7A1F5C"
    assert str(doc.styles["Heading 3"].font.color.rgb) == "1F6F4A"
    table = table_with(doc, "#", "Area", "Action", "Why (source)", "Owner", "Due", "Status")
    shading = table.rows[0].cells[0]._tc.tcPr.find(qn("w:shd"))
    assert shading is not None and shading.get(qn("w:fill")) == "F2E9EF"


def test_any_typed_text_gives_a_valid_document(make_data: MakeData, tmp_path: Path) -> None:
    hostile = "nul\x00 bell\x07 bom\ufeff non\ufffe\uffff rtl \u202eabc emoji 😀 客户"
    name = "Zoë \u202eRTL\u202c 😀"
    data = make_data(notes={("alpha.one", 0): hostile}, include_names=True, names=(name, "B", "C"))
    doc = read(data, tmp_path / "r.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "nul bell bom non rtl \u202eabc emoji 😀 客户" in text
    assert any(name in cell.text for table in doc.tables for cell in table.columns[0].cells)


def test_without_pypdfium2_the_charts_are_left_out_and_said_so(
    make_data: MakeData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from cxaudit.report.word.pictures import CHARTS_UNAVAILABLE

    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    outcome = build_docx(make_data(), tmp_path / "r.docx")
    assert outcome.warnings == [CHARTS_UNAVAILABLE]
    assert len(docx.Document(str(outcome.path)).inline_shapes) == 0


def test_a_draft_says_so_on_the_cover_and_in_every_header(
    make_data: MakeData, tmp_path: Path
) -> None:
    from cxaudit.domain.model import AssessmentStatus

    data = make_data()
    draft = replace(
        data, assessment=data.assessment.model_copy(update={"status": AssessmentStatus.DRAFT})
    )
    doc = read(draft, tmp_path / "d.docx")
    band = doc.tables[0].rows[0].cells[0].text
    assert "Draft results and action plan" in band
    header = doc.sections[0].header.paragraphs[0].text
    assert "DRAFT · 2026-Q2" in header
    assert any(p.text.startswith("DRAFT: this assessment is not complete") for p in doc.paragraphs)
