"""The Word report opens cleanly in LibreOffice: converted to PDF headless, with no error and
no warning, the board report in at most four pages.

Skipped where LibreOffice is not installed (`.ci/run` installs it when apt is available).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from cxaudit.report import ReportData, build_docx

MakeData = Callable[..., ReportData]

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
HARMLESS = ("javaldx", "java may not function")
"""LibreOffice's note that it found no Java, which it does not need to convert a document."""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed"),
]


def convert(paths: list[Path], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Convert Word documents to PDF as `soffice --headless --convert-to pdf` does."""
    assert SOFFICE is not None
    profile = tmp_path / "lo-profile"
    return subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def test_full_and_board_documents_convert_without_a_warning(
    make_data: MakeData, tmp_path: Path
) -> None:
    full = build_docx(make_data(notes={("alpha.one", 0): "Ελληνικά & <b>"}), tmp_path / "f.docx")
    board = build_docx(make_data(profile="board"), tmp_path / "b.docx")
    done = convert([full.path, board.path], tmp_path)
    assert done.returncode == 0, done.stderr
    problems = [
        line
        for line in done.stderr.splitlines()
        if line.strip() and not any(h in line for h in HARMLESS)
    ]
    assert problems == []
    assert done.stdout.count("using filter : writer_pdf_Export") == 2
    full_pdf = pypdf.PdfReader(tmp_path / "pdf" / "f.pdf")
    board_pdf = pypdf.PdfReader(tmp_path / "pdf" / "b.pdf")
    assert len(full_pdf.pages) >= 9
    assert len(board_pdf.pages) <= 4
    first = full_pdf.pages[0].extract_text()
    assert "Results and action plan" in first and "Page 1 of" in first
    assert "Ελληνικά & <b>" in "\n".join(page.extract_text() for page in full_pdf.pages)
