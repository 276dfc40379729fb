"""`cxaudit report` on a real SQLite file: where the PDF goes and how failures read."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from cxaudit.cli import cli
from cxaudit.domain.questionnaire import load_questionnaire
from tests.report.conftest import seed_database

SLUG = "acme-sons-retail"


@pytest.fixture
def db_url(tmp_path: Path, mini_questionnaire_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    seed_database(url, load_questionnaire(mini_questionnaire_path))
    return url


def run(db_url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", db_url, "report", *args])
    return result.exit_code, result.stdout, result.stderr


def test_default_output_path(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(db_url, SLUG)
    assert code == 0, err
    target = tmp_path / "reports" / f"{SLUG}-2026-Q2.pdf"
    assert target.is_file()
    assert out.startswith(f"Wrote {target} (")
    pages = len(pypdf.PdfReader(target).pages)
    assert f"({pages} pages)" in out


def test_output_option_and_period(db_url: str, tmp_path: Path) -> None:
    target = tmp_path / "out" / "q1.pdf"
    code, out, err = run(db_url, SLUG, "--period", "2026-Q1", "-o", str(target))
    assert code == 0, err
    assert str(target) in out
    first_page = pypdf.PdfReader(target).pages[0].extract_text()
    assert "2026-Q1" in first_page


def test_compare(db_url: str, tmp_path: Path) -> None:
    target = tmp_path / "cmp.pdf"
    code, _, err = run(db_url, SLUG, "--compare", "2025-Q4", "-o", str(target), "--names")
    assert code == 0, err
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(target).pages)
    assert "Comparison with 2025-Q4" in text
    assert "Ana Leader" in text


def test_unknown_organisation_is_one_line_exit_2(db_url: str) -> None:
    code, out, err = run(db_url, "nobody")
    assert code == 2
    assert err == "Error: There is no organisation called 'nobody'.\n"
    assert out == ""


def test_unwritable_output_is_one_line_exit_2(db_url: str, tmp_path: Path) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("x")
    code, _, err = run(db_url, SLUG, "-o", str(blocker / "r.pdf"))
    assert code == 2
    assert err.startswith("Error: Cannot create the folder") and err.count("\n") == 1


def test_font_fallback_warning_goes_to_stderr(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "nofonts"
    empty.mkdir()
    monkeypatch.setenv("CXAUDIT_REPORT_FONT_DIRS", f'["{empty}"]')
    code, out, err = run(db_url, SLUG, "-o", str(tmp_path / "v.pdf"))
    assert code == 0
    assert err.startswith("Warning: No Unicode font")
    assert "Unicode text may not render" in err
    assert "Warning" not in out


def test_deterministic_flag_gives_identical_bytes(db_url: str, tmp_path: Path) -> None:
    for name in ("a.pdf", "b.pdf"):
        code, _, err = run(db_url, SLUG, "--deterministic", "-o", str(tmp_path / name))
        assert code == 0, err
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
