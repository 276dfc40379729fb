"""The PDF read back with pypdf: what a reader of the report would see, page by page."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table

from cxaudit.domain.format import fmt_delta, fmt_percent, fmt_score
from cxaudit.domain.model import Respondent, Role, make_answer
from cxaudit.errors import ReportError
from cxaudit.report import ReportData, ReportOutcome, build_pdf
from cxaudit.report.document import section_titles
from cxaudit.report.flowables import guard_headings as _guard_headings
from cxaudit.report.fonts import FALLBACK_WARNING, load_fonts
from cxaudit.report.sections.appendices import APPENDIX_NOTES
from cxaudit.report.sections.comparison import comparison_title
from cxaudit.report.sections.plan import ACTION_PLAN
from cxaudit.report.sections.summary import EXECUTIVE_SUMMARY
from cxaudit.report.sections.trend import TREND
from cxaudit.report.styles import make_styles
from tests.report.conftest import ORG_NAME

MakeData = Callable[..., ReportData]


def pages_text(path: Path) -> list[str]:
    reader = pypdf.PdfReader(path)
    return [page.extract_text() for page in reader.pages]


def squash(text: str) -> str:
    """Text with every run of whitespace removed, so wrapped lines compare equal."""
    return re.sub(r"\s+", "", text)


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def build(
    data: ReportData, tmp_path: Path, name: str = "report.pdf", **kw: object
) -> ReportOutcome:
    return build_pdf(data, tmp_path / name, **kw)  # type: ignore[arg-type]


def test_every_section_title_organisation_and_page_count(
    make_data: MakeData, tmp_path: Path
) -> None:
    data = make_data()
    outcome = build(data, tmp_path)
    texts = pages_text(outcome.path)
    assert outcome.pages == len(texts) >= 9
    everything = "\n".join(texts)
    titles = section_titles(data)
    assert titles[:2] == [EXECUTIVE_SUMMARY, TREND]
    assert {"Alpha", "Beta", ACTION_PLAN} <= set(titles)
    for title in titles:
        assert title in everything, title
    assert ORG_NAME in texts[0]
    assert "Jo Consultant" in texts[0]
    assert "Mini questionnaire (version 1.0)" in texts[0]


def test_every_page_has_header_and_footer(make_data: MakeData, tmp_path: Path) -> None:
    outcome = build(make_data(), tmp_path)
    texts = pages_text(outcome.path)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert ORG_NAME in text
        assert "2026-Q2" in text


def test_summary_shows_area_scores_exactly_as_the_domain_computed_them(
    make_data: MakeData, tmp_path: Path
) -> None:
    data = make_data()
    summary = lines(pages_text(build(data, tmp_path).path)[1])
    assert data.comparison is not None
    deltas = {d.area_id: d.delta for d in data.comparison.areas}
    for area in data.result.areas:
        row = [
            area.title,
            fmt_score(area.score),
            fmt_percent(area.percent),
            area.coverage_text,
            fmt_score(area.target),
            fmt_delta(deltas[area.area_id]),
        ]
        start = summary.index(area.title, summary.index("Areas"))
        assert summary[start : start + len(row)] == row
    assert fmt_score(data.result.overall) in summary
    assert data.result.stage is not None and data.result.stage.name in summary


def test_area_page_explains_each_contribution(make_data: MakeData, tmp_path: Path) -> None:
    data = make_data()
    texts = pages_text(build(data, tmp_path).path)
    alpha = next(t for t in texts if t.startswith("Alpha") or "\nAlpha\nThe first area." in t)
    area = data.result.area("alpha")
    for contribution in area.contributions:
        assert fmt_score(contribution.points) in alpha
    assert "How the score was computed" in alpha
    assert area.coverage_text in alpha


def test_action_plan_gives_why_with_its_source(make_data: MakeData, tmp_path: Path) -> None:
    data = make_data()
    texts = pages_text(build(data, tmp_path).path)
    plan = squash(next(t for t in texts if ACTION_PLAN in t))
    assert squash("It matters.") in plan
    assert squash("Source: Article A") in plan
    assert squash("Ops lead") in plan
    # The previous plan's owner was typed with markup characters; it prints literally.
    assert squash("Dana <ops> & co") in plan


def test_note_full_of_markup_reads_back_literally(make_data: MakeData, tmp_path: Path) -> None:
    note = "Price < cost & <b>bold</b> </para> &amp; <br/> \"quoted\" 'single'\nsecond line"
    data = make_data(notes={("alpha.one", 0): note})
    texts = pages_text(build(data, tmp_path).path)
    notes = "\n".join(texts)
    assert squash(note) in squash(notes)
    # The line break the user typed is kept.
    assert any(line.endswith("'single'") for line in lines(notes))


def test_greek_and_cyrillic_read_back(make_data: MakeData, tmp_path: Path) -> None:
    note = "Καλή εξυπηρέτηση πελατών — Хорошее обслуживание клиентов"
    data = make_data(notes={("beta.one", 2): note}, names=("Ана", "Βασίλης", "Zoë"))
    outcome = build(data, tmp_path)
    everything = "\n".join(pages_text(outcome.path))
    assert squash(note) in squash(everything)
    assert not outcome.warnings


def test_chinese_and_emoji_still_build(make_data: MakeData, tmp_path: Path) -> None:
    note = "客户体验 needs work 😀🚀 (中文)"
    data = make_data(notes={("beta.one", 1): note}, include_names=True, names=("李雷", "B", "C"))
    outcome = build(data, tmp_path)
    everything = "\n".join(pages_text(outcome.path))
    assert "needs work" in everything
    assert outcome.pages >= 9
    # Drawn with a font on the machine that has the glyphs, or else boxed and said so.
    boxed = any("no glyph" in warning for warning in outcome.warnings)
    assert boxed or "客户体验" in everything


def test_very_long_note_wraps_and_splits_across_pages(make_data: MakeData, tmp_path: Path) -> None:
    long_token = "x" * 4000
    note = " ".join(["lorem ipsum dolor sit amet"] * 900) + f" {long_token} THE-END"
    short = build(make_data(), tmp_path, "short.pdf")
    outcome = build(make_data(notes={("alpha.two", 1): note}), tmp_path, "long.pdf")
    texts = pages_text(outcome.path)
    # The note appears twice (area page and appendix), several pages each time.
    assert outcome.pages >= short.pages + 6
    assert "THE-END" in texts[-2] or "THE-END" in texts[-3]
    assert squash(long_token) in squash("".join(texts))


def test_tables_split_across_pages_and_repeat_their_header(
    make_data: MakeData, tmp_path: Path
) -> None:
    data = make_data()
    crowd = [
        Respondent(
            id=100 + i,
            name=f"Person {i}",
            role=Role.FRONTLINE,
            answers={"alpha.one": make_answer("alpha.one", 1 + i % 5)},
        )
        for i in range(70)
    ]
    assessment = data.assessment.model_copy(update={"respondents": crowd})
    big = replace(data, assessment=assessment)
    texts = pages_text(build(big, tmp_path).path)
    header = "RespondentAnswerConfidenceWhatitmeans"
    answer_pages = [t for t in texts if "Appendix A" in t or "Respondent 70" in t]
    assert answer_pages
    with_header = [t for t in texts if header in squash(t)]
    # Five questions, and the first question's 70 rows need at least two pages.
    assert len(with_header) >= 2
    continued = [t for t in with_header if "Respondent 70" in t]
    assert continued and header in squash(continued[0])


def test_names_only_when_asked(make_data: MakeData, tmp_path: Path) -> None:
    hidden = "\n".join(pages_text(build(make_data(), tmp_path, "a.pdf").path))
    assert "Ana Leader" not in hidden
    assert "Respondent 1 (leader)" in hidden
    shown = "\n".join(pages_text(build(make_data(include_names=True), tmp_path, "b.pdf").path))
    assert "Ana Leader (leader)" in shown


def test_deterministic_builds_are_byte_identical(make_data: MakeData, tmp_path: Path) -> None:
    note = "Ελληνικά <b>&</b>\n中文"
    first = build(make_data(notes={("alpha.one", 0): note}), tmp_path, "1.pdf", deterministic=True)
    second = build(make_data(notes={("alpha.one", 0): note}), tmp_path, "2.pdf", deterministic=True)
    assert first.path.read_bytes() == second.path.read_bytes()


def test_falls_back_to_vera_with_a_warning(make_data: MakeData, tmp_path: Path) -> None:
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    outcome = build(make_data(notes={("alpha.one", 0): "Ελληνικά"}), tmp_path, font_dirs=[empty])
    assert FALLBACK_WARNING in outcome.warnings
    assert outcome.pages >= 10
    assert "Unicode text may not render" in FALLBACK_WARNING


def test_missing_configured_font_is_a_warning_not_a_failure(
    make_data: MakeData, tmp_path: Path
) -> None:
    outcome = build(make_data(), tmp_path, font=tmp_path / "nope.ttf")
    assert any("nope.ttf" in warning for warning in outcome.warnings)
    assert outcome.path.is_file()


def test_comparison_report_sets_periods_side_by_side(make_data: MakeData, tmp_path: Path) -> None:
    data = make_data(side_by_side=True)
    everything = "\n".join(pages_text(build(data, tmp_path).path))
    assert comparison_title("2026-Q1") in everything
    assert "compared on the 5 questions" in everything
    assert "Question by question" in everything


def test_first_assessment_has_no_trend_or_previous_plan(
    make_data: MakeData, tmp_path: Path
) -> None:
    data = make_data(with_history=False)
    everything = "\n".join(pages_text(build(data, tmp_path).path))
    assert TREND not in section_titles(data)
    assert "\nTrend\n" not in everything
    assert "no earlier plan to review" in squash(everything) or "noearlierplantoreview" in squash(
        everything
    )
    assert APPENDIX_NOTES in everything


def test_output_folder_is_created(make_data: MakeData, tmp_path: Path) -> None:
    outcome = build(make_data(), tmp_path, "deep/er/report.pdf")
    assert outcome.path.is_file()
    assert outcome.path.read_bytes().startswith(b"%PDF")


def test_unwritable_output_is_one_sentence(make_data: MakeData, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ReportError) as caught:
        build_pdf(make_data(), blocker / "report.pdf")
    message = str(caught.value)
    assert "a-file" in message and "\n" not in message and message.endswith(".")
    with pytest.raises(ReportError, match="is a folder"):
        build_pdf(make_data(), tmp_path)


def test_table_cell_taller_than_a_page_still_builds(make_data: MakeData, tmp_path: Path) -> None:
    data = make_data()
    reason = " ".join(f"reason{i}" for i in range(2500)) + " LAST-WORD"
    respondents = list(data.assessment.respondents)
    answers = dict(respondents[1].answers)
    answers["alpha.three"] = make_answer("alpha.three", "na", na_reason=reason)
    respondents[1] = respondents[1].model_copy(update={"answers": answers})
    long_reason = replace(
        data, assessment=data.assessment.model_copy(update={"respondents": respondents})
    )
    outcome = build(long_reason, tmp_path)
    texts = pages_text(outcome.path)
    assert outcome.pages == len(texts)
    assert "LAST-WORD" in "\n".join(texts)
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text


def test_outline_entries_open_the_page_their_section_starts_on(
    make_data: MakeData, tmp_path: Path
) -> None:
    data = make_data()
    outcome = build(data, tmp_path)
    reader = pypdf.PdfReader(outcome.path)
    texts = [page.extract_text() for page in reader.pages]
    top_level = [entry for entry in reader.outline if not isinstance(entry, list)]
    assert [entry.title for entry in top_level] == section_titles(data)
    assert top_level[0].title == EXECUTIVE_SUMMARY
    pages = [reader.get_destination_page_number(entry) for entry in top_level]
    assert pages == sorted(pages) and pages[-1] > pages[0]
    for entry, page in zip(top_level, pages, strict=True):
        assert squash(entry.title) in squash(texts[page]), entry.title


def test_contribution_table_headers_are_never_broken_mid_word(
    make_data: MakeData, tmp_path: Path
) -> None:
    texts = pages_text(build(make_data(), tmp_path).path)
    area_pages = [t for t in texts if "How the score was computed" in t]
    assert area_pages
    for text in area_pages:
        # pypdf reads each table cell as its own line: a header broken mid-word reads "Weigh".
        cells = lines(text)
        for title in ("Levels given", "Score", "Weight", "Share", "Points"):
            assert title in cells, cells[:20]


def _heading_pages(story_after_filler: list[Flowable], filler: float) -> dict[str, int]:
    """Lay out filler then a run of flowables; the page each titled flowable landed on."""
    pages: dict[str, int] = {}

    class Doc(SimpleDocTemplate):  # type: ignore[misc]
        def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802
            if isinstance(flowable, Paragraph):
                pages[flowable.getPlainText()] = self.page
            elif isinstance(flowable, Table):
                pages["table"] = pages.get("table", self.page)

    doc = Doc(io.BytesIO(), pagesize=A4)
    doc.build(_guard_headings([Spacer(1, filler), *story_after_filler]))
    return pages


def test_stacked_headings_stay_with_the_table_that_follows() -> None:
    styles = make_styles(load_fonts())
    rows = [["Question", "Spread"]] + [[f"Question {n}", "2"] for n in range(30)]
    frame_height = A4[1] - 2 * 72 - 12  # SimpleDocTemplate's frame, less its padding
    for left_mm in range(5, 61):  # the section title lands at every height near a page's foot
        story: list[Flowable] = [
            Paragraph("Disagreements and perception gaps", styles.h2),
            Paragraph("Disagreements", styles.h3),
            Table(rows, repeatRows=1),
        ]
        pages = _heading_pages(story, frame_height - left_mm * mm)
        title, sub = pages["Disagreements and perception gaps"], pages["Disagreements"]
        assert title == sub == pages["table"], f"{left_mm} mm left"
