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


def pages_text(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


@pytest.fixture
def draft_db_url(db_url: str, mini_questionnaire_path: Path) -> str:
    """The seeded history plus a 2026-Q3 draft with one answer, and an organisation whose only
    assessment has no answers."""
    from cxaudit.domain.model import Role, make_answer
    from cxaudit.storage import open_database, repository

    mini = load_questionnaire(mini_questionnaire_path)
    db = open_database(db_url)
    try:
        with db.session() as session:
            org = repository.get_organisation(session, ref=SLUG)
            cafe = repository.create_organisation(session, name="Cafe")
            assert org.id is not None and cafe.id is not None
            draft = repository.start_assessment(
                session, organisation_id=org.id, period="2026-Q3", questionnaire=mini
            )
            repository.start_assessment(
                session, organisation_id=cafe.id, period="2026-Q3", questionnaire=mini
            )
            assert draft.id is not None
            person = repository.add_respondent(
                session, assessment_id=draft.id, name="Ana Leader", role=Role.LEADER
            )
            assert person.id is not None
            repository.save_answer(
                session, respondent_id=person.id, answer=make_answer("alpha.one", 3)
            )
    finally:
        db.dispose()
    return db_url


def test_an_unfinished_assessment_is_refused_unless_draft(
    draft_db_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "q3.pdf"
    code, out, err = run(draft_db_url, SLUG, "-p", "2026-Q3", "-o", str(target))
    assert code == 2 and out == ""
    assert err.startswith("Error: The 2026-Q3 assessment of ") and err.count("\n") == 1
    assert "not complete" in err and "--draft" in err
    assert not target.exists()
    code, out, err = run(draft_db_url, SLUG, "-p", "2026-Q3", "-o", str(target), "--draft")
    assert code == 0, err
    texts = pages_text(target)
    assert all("DRAFT" in text for text in texts)
    assert "Respondent 1, leader: 1 of 5 answered" in texts[0]


def test_no_answers_is_refused_even_with_draft(draft_db_url: str, tmp_path: Path) -> None:
    code, _, err = run(draft_db_url, "Cafe", "--draft", "-o", str(tmp_path / "cafe.pdf"))
    assert code == 2
    assert "has no answers yet, so there is nothing to report" in err
    assert err.count("\n") == 1


def test_compare_gets_its_own_default_name(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(db_url, SLUG)[0] == 0
    plain = tmp_path / "reports" / f"{SLUG}-2026-Q2.pdf"
    before = plain.read_bytes()
    code, out, err = run(db_url, SLUG, "--compare", "2026-Q1")
    assert code == 0, err
    compared = tmp_path / "reports" / f"{SLUG}-2026-Q2-vs-2026-Q1.pdf"
    assert out.startswith(f"Wrote {compared} (")
    assert plain.read_bytes() == before


def test_force_is_needed_over_a_file_cxaudit_did_not_write(db_url: str, tmp_path: Path) -> None:
    target = tmp_path / "minutes.pdf"
    target.write_bytes(b"%PDF-1.4\nsomeone else's minutes\n%%EOF\n")
    code, out, err = run(db_url, SLUG, "-o", str(target))
    assert code == 2 and out == ""
    assert "was not written by cxaudit" in err and "--force" in err
    assert target.read_bytes().startswith(b"%PDF-1.4\nsomeone")
    code, _, err = run(db_url, SLUG, "-o", str(target), "--force")
    assert code == 0, err
    # Now it is cxaudit's own report, so writing it again needs no --force.
    assert run(db_url, SLUG, "-o", str(target))[0] == 0


def test_no_appendix_leaves_out_every_answer(db_url: str, tmp_path: Path) -> None:
    full, short = tmp_path / "full.pdf", tmp_path / "short.pdf"
    assert run(db_url, SLUG, "-o", str(full))[0] == 0
    assert run(db_url, SLUG, "-o", str(short), "--no-appendix")[0] == 0
    assert len(pages_text(short)) < len(pages_text(full))
    assert "Every answer" in "\n".join(pages_text(full))
    assert "Every answer" not in "\n".join(pages_text(short))


def test_board_profile_and_word_format(db_url: str, tmp_path: Path) -> None:
    code, out, err = run(db_url, SLUG, "--profile", "board", "-o", str(tmp_path / "b.pdf"))
    assert code == 0, err
    pages = len(pypdf.PdfReader(tmp_path / "b.pdf").pages)
    assert pages <= 4 and out.strip() == f"Wrote {tmp_path / 'b.pdf'} ({pages} pages)."
    code, out, err = run(db_url, SLUG, "--format", "docx", "-o", str(tmp_path / "r.docx"))
    assert code == 0, err
    assert out.strip() == f"Wrote {tmp_path / 'r.docx'} (Word document)."
    code, out, err = run(db_url, SLUG, "--format", "docx", "-o", str(tmp_path / "r.pdf"))
    assert code == 2 and "ends in .pdf, but the report asked for is docx" in err
    assert not (tmp_path / "r.pdf").exists()
