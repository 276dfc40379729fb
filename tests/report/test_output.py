"""Where a report goes: its own name for a comparison, never over a file cxaudit did not write."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pypdf
import pytest
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import ReportError
from cxaudit.report import ReportData, build_pdf
from cxaudit.report.output import written_by_cxaudit
from cxaudit.services import Workspace
from cxaudit.services.reports import default_report_path, write_report
from cxaudit.storage import open_database
from tests.report.conftest import seed_database

MakeData = Callable[..., ReportData]
SLUG = "acme-sons-retail"


def other_pdf(path: Path, *, creator: str, text: str = "Someone else's PDF") -> Path:
    """A PDF written by another program (reportlab, with another Creator)."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, creator=creator, invariant=1)
    doc.build([Paragraph(text, getSampleStyleSheet()["Normal"])])
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def ws(tmp_path: Path, mini: Questionnaire) -> Iterator[Workspace]:
    url = f"sqlite:///{tmp_path / 'out.db'}"
    seed_database(url, mini)
    workspace = Workspace(open_database(url))
    yield workspace
    workspace.close()


def test_a_comparison_report_gets_its_own_default_name(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    plain = write_report(ws, organisation_ref=SLUG, period="2026-Q2")
    plain_bytes = plain.path.read_bytes()
    compared = write_report(ws, organisation_ref=SLUG, period="2026-Q2", compare_period="2026-q1")
    assert plain.path == tmp_path / "reports" / f"{SLUG}-2026-Q2.pdf"
    assert compared.path == tmp_path / "reports" / f"{SLUG}-2026-Q2-vs-2026-Q1.pdf"
    assert plain.path.read_bytes() == plain_bytes
    assert compared.pages > plain.pages
    assert default_report_path("x", "2026-Q3", compare_period="2026-Q2", base=tmp_path) == (
        tmp_path / "reports" / "x-2026-Q3-vs-2026-Q2.pdf"
    )


def test_a_file_cxaudit_did_not_write_needs_force(make_data: MakeData, tmp_path: Path) -> None:
    target = tmp_path / "contract.pdf"
    other_pdf(target, creator="Word")
    before = target.read_bytes()
    with pytest.raises(ReportError) as caught:
        build_pdf(make_data(), target)
    message = str(caught.value)
    assert "was not written by cxaudit" in message and "--force" in message
    assert "\n" not in message
    assert target.read_bytes() == before
    outcome = build_pdf(make_data(), target, force=True)
    assert written_by_cxaudit(outcome.path)
    assert len(pypdf.PdfReader(target).pages) == outcome.pages


def test_any_other_file_needs_force_too(make_data: MakeData, tmp_path: Path) -> None:
    for name, content in (("notes.pdf", b"plain text, not a PDF"), ("empty.pdf", b"")):
        target = tmp_path / name
        target.write_bytes(content)
        with pytest.raises(ReportError, match="not written by cxaudit"):
            build_pdf(make_data(), target)
        assert target.read_bytes() == content


def test_a_cxaudit_report_is_replaced_without_asking(make_data: MakeData, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    first = build_pdf(make_data(), target)
    second = build_pdf(make_data(with_history=False), target)
    assert first.path == second.path == target
    assert len(pypdf.PdfReader(target).pages) == second.pages


def test_the_creator_is_read_from_the_document_information_only(tmp_path: Path) -> None:
    assert not written_by_cxaudit(other_pdf(tmp_path / "a.pdf", creator="Acrobat"))
    # The words in the page's text do not count: only the document's own information.
    text = other_pdf(tmp_path / "b.pdf", creator="Acrobat", text="/Creator (cxaudit)")
    assert not written_by_cxaudit(text)
    comment = tmp_path / "comment.pdf"
    comment.write_bytes(text.read_bytes().replace(b"\n", b"\n% /Creator (cxaudit)\n", 1))
    assert not written_by_cxaudit(comment)
    assert written_by_cxaudit(other_pdf(tmp_path / "c.pdf", creator="cxaudit"))
    assert not written_by_cxaudit(tmp_path / "missing.pdf")
