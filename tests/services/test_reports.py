"""Reports made from a real SQLite database, through storage, as the CLI and the TUI make them."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from cxaudit.domain.format import fmt_score
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import CxauditError, NotFoundError, ValidationProblem
from cxaudit.report.fonts import FALLBACK_WARNING
from cxaudit.report.sections.comparison import comparison_title
from cxaudit.services import Workspace
from cxaudit.services.reports import default_report_path, gather_report_data, write_report
from tests.report.conftest import ORG_NAME, seed_database

SLUG = "acme-sons-retail"


@pytest.fixture
def ws(tmp_path: Path, mini: Questionnaire) -> Workspace:
    url = f"sqlite:///{tmp_path / 'history.db'}"
    seed_database(url, mini, notes={("alpha.one", 0): "Stock <counts> & returns"})
    workspace = Workspace.open(url)
    yield workspace  # type: ignore[misc]
    workspace.close()


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_default_path_is_reports_slug_period_under_cwd(tmp_path: Path) -> None:
    assert default_report_path("acme", "2026-Q2", base=tmp_path) == (
        tmp_path / "reports" / "acme-2026-Q2.pdf"
    )


def test_latest_assessment_by_default_with_trend_and_previous_plan(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    outcome = write_report(ws, organisation_ref=SLUG)
    assert outcome.path == tmp_path / "reports" / f"{SLUG}-2026-Q2.pdf"
    assert outcome.path.is_file()
    text = text_of(outcome.path)
    assert ORG_NAME in text
    assert "Trend" in text and "2025-Q4" in text
    assert "What became of the previous plan" in text
    assert "Stock <counts> & returns" in text
    data = gather_report_data(ws, organisation_ref=SLUG)
    for area in data.result.areas:
        assert fmt_score(area.score) in text


def test_compare_period_makes_a_comparison_report(ws: Workspace, tmp_path: Path) -> None:
    outcome = write_report(
        ws,
        organisation_ref=ORG_NAME,
        period="2026-Q2",
        compare_period="2025-Q4",
        output=tmp_path / "cmp.pdf",
    )
    text = text_of(outcome.path)
    assert comparison_title("2025-Q4") in text
    assert "Question by question" in text


def test_trend_stops_at_the_reported_period(ws: Workspace) -> None:
    data = gather_report_data(ws, organisation_ref=SLUG, period="2026-Q1")
    assert data.trend is not None and data.trend.periods == ("2025-Q4", "2026-Q1")
    assert data.previous is not None and data.previous.assessment.period == "2025-Q4"


def test_comparing_with_a_later_or_the_same_period_is_refused(ws: Workspace) -> None:
    with pytest.raises(ValidationProblem, match="comes after"):
        gather_report_data(ws, organisation_ref=SLUG, period="2026-Q1", compare_period="2026-Q2")
    with pytest.raises(ValidationProblem, match="different period"):
        gather_report_data(ws, organisation_ref=SLUG, period="2026-Q1", compare_period="2026-Q1")


def test_unknown_organisation_and_period(ws: Workspace) -> None:
    with pytest.raises(NotFoundError, match="no organisation called 'nobody'"):
        write_report(ws, organisation_ref="nobody")
    with pytest.raises(NotFoundError, match="2024-Q1"):
        write_report(ws, organisation_ref=SLUG, period="2024-Q1")


def test_source_date_epoch_makes_identical_files_dated_by_it(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 1 January 2026, UTC
    first = write_report(ws, organisation_ref=SLUG, output=tmp_path / "1.pdf")
    second = write_report(ws, organisation_ref=SLUG, output=tmp_path / "2.pdf")
    assert first.path.read_bytes() == second.path.read_bytes()
    assert "1 January 2026" in pypdf.PdfReader(first.path).pages[0].extract_text()


def test_bad_source_date_epoch_is_one_sentence(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(CxauditError, match="SOURCE_DATE_EPOCH must be a whole number"):
        write_report(ws, organisation_ref=SLUG, output=tmp_path / "x.pdf")


def test_config_sets_prepared_by_names_and_font_search(
    ws: Workspace, tmp_path: Path, isolated_home: Path
) -> None:
    empty = tmp_path / "empty-fonts"
    empty.mkdir()
    config = isolated_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(
        'prepared_by = "Jo <CX> Consultant"\n'
        "include_respondent_names = true\n"
        f"report_font_dirs = [{str(empty)!r}]\n",
        encoding="utf-8",
    )
    outcome = write_report(ws, organisation_ref=SLUG, output=tmp_path / "cfg.pdf")
    text = text_of(outcome.path)
    assert "Jo <CX> Consultant" in text
    assert "Ana Leader (leader)" in text
    assert FALLBACK_WARNING in outcome.warnings
    hidden = write_report(
        ws, organisation_ref=SLUG, output=tmp_path / "hidden.pdf", include_names=False
    )
    assert "Ana Leader" not in text_of(hidden.path)


def test_font_search_from_the_environment(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "none"
    empty.mkdir()
    monkeypatch.setenv("CXAUDIT_REPORT_FONT_DIRS", f'["{empty}"]')
    outcome = write_report(ws, organisation_ref=SLUG, output=tmp_path / "env.pdf")
    assert FALLBACK_WARNING in outcome.warnings


def test_broken_config_file_is_one_sentence(
    ws: Workspace, tmp_path: Path, isolated_home: Path
) -> None:
    config = isolated_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("prepared_by = \n", encoding="utf-8")
    with pytest.raises(CxauditError, match="is not valid TOML"):
        write_report(ws, organisation_ref=SLUG, output=tmp_path / "x.pdf")


def test_board_and_word_reports_get_their_own_default_names(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    board = write_report(ws, organisation_ref=SLUG, profile="board")
    assert board.path == tmp_path / "reports" / f"{SLUG}-2026-Q2-board.pdf"
    assert board.pages is not None and board.pages <= 4
    word = write_report(ws, organisation_ref=SLUG, file_format="docx")
    assert word.path == tmp_path / "reports" / f"{SLUG}-2026-Q2.docx"
    assert word.size_text == "Word document" and word.file_format == "docx"
    board_word = write_report(ws, organisation_ref=SLUG, profile="board", file_format="docx")
    assert board_word.path.name == f"{SLUG}-2026-Q2-board.docx"
    assert board_word.path.read_bytes().startswith(b"PK")


def test_the_format_follows_the_output_name_and_a_clash_is_refused(
    ws: Workspace, tmp_path: Path
) -> None:
    named = write_report(ws, organisation_ref=SLUG, output=tmp_path / "r.docx")
    assert named.file_format == "docx"
    with pytest.raises(ValidationProblem, match=r"ends in \.pdf, but the report asked for is docx"):
        write_report(ws, organisation_ref=SLUG, output=tmp_path / "r.pdf", file_format="docx")
    with pytest.raises(ValidationProblem, match="full or board"):
        write_report(ws, organisation_ref=SLUG, profile="summary")  # type: ignore[arg-type]


def test_the_brand_comes_from_config_with_the_clients_own_logo(
    ws: Workspace, tmp_path: Path, isolated_home: Path
) -> None:
    from PIL import Image

    config = isolated_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    Image.new("RGB", (200, 60), "#7A1F5C").save(config.parent / "cxp.png")
    Image.new("RGB", (80, 80), "#1F6F4A").save(tmp_path / "client.png")
    config.write_text(
        'prepared_by = "Top Level"\n'
        '[brand]\nfirm = "CX Partners"\nlogo = "cxp.png"\nprepared_by = "Jo Consultant"\n'
        f'[brand.organisations."{SLUG}"]\nclient_logo = "{tmp_path / "client.png"}"\n'
        'contact = "jo@cxpartners.example"\n',
        encoding="utf-8",
    )
    outcome = write_report(ws, organisation_ref=SLUG, output=tmp_path / "b.pdf")
    assert outcome.warnings == []
    reader = pypdf.PdfReader(outcome.path)
    cover = reader.pages[0].extract_text()
    assert "Jo Consultant" in cover and "Top Level" not in cover
    assert "CX Partners" in cover and "jo@cxpartners.example" in cover
    assert len(reader.pages[0].images) == 2


def test_a_bad_brand_value_stops_the_report_and_unknown_keys_warn(
    ws: Workspace, tmp_path: Path, isolated_home: Path
) -> None:
    config = isolated_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[brand]\nlogo = "nowhere.png"\n', encoding="utf-8")
    with pytest.raises(CxauditError) as caught:
        write_report(ws, organisation_ref=SLUG, output=tmp_path / "x.pdf")
    assert str(caught.value).startswith(f"The setting 'brand.logo' (in {config}) names ")
    assert "which does not exist" in str(caught.value)
    assert not (tmp_path / "x.pdf").exists()
    config.write_text('[brand]\naccent_color = "#FFFFFF"\n', encoding="utf-8")
    outcome = write_report(ws, organisation_ref=SLUG, output=tmp_path / "x.pdf")
    assert outcome.warnings == [
        f"The setting 'brand.accent_color' in {config} is not one cxaudit knows and is "
        "ignored: did you mean 'brand.accent_colour'?"
    ]
