"""The board report read back from the PDF: at most four pages holding the scores, the largest
gaps, the most important open actions and what became of the last plan, area by area."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pypdf

from cxaudit.domain.board import board_summary
from cxaudit.domain.format import fmt_gap, fmt_score
from cxaudit.domain.model import ActionItem, ActionStatus
from cxaudit.report import ReportData, build_pdf
from cxaudit.report.document import section_titles
from cxaudit.report.sections.board import (
    LARGEST_GAPS,
    OPEN_ACTIONS,
    WHERE_WE_STAND,
    previous_plan_title,
)
from cxaudit.report.titles import BOARD_HEADLINE
from tests.report.conftest import ORG_NAME

MakeData = Callable[..., ReportData]


def pages(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def with_plan(data: ReportData, actions: list[ActionItem]) -> ReportData:
    """The data with another plan, and the board's lists worked out again for it."""
    assert data.previous is not None
    board = board_summary(
        data.questionnaire,
        data.result,
        actions,
        today=data.generated,
        previous_actions=data.previous.assessment.actions,
        previous_period=data.previous.assessment.period,
        comparison=data.comparison,
    )
    return replace(data, actions=tuple(actions), board=board)


def test_board_report_is_at_most_four_pages_in_the_domains_order(
    make_data: MakeData, tmp_path: Path
) -> None:
    data = make_data(profile="board")
    outcome = build_pdf(data, tmp_path / "board.pdf")
    texts = pages(outcome.path)
    assert outcome.pages == len(texts) <= 4
    assert section_titles(data) == [
        WHERE_WE_STAND,
        LARGEST_GAPS,
        OPEN_ACTIONS,
        previous_plan_title("2026-Q1"),
    ]
    reader = pypdf.PdfReader(outcome.path)
    assert [entry.title for entry in reader.outline] == section_titles(data)
    assert BOARD_HEADLINE in texts[0] and ORG_NAME in texts[0]
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
    # Nothing of the full report's detail.
    everything = "\n".join(texts)
    assert "Appendix" not in everything and "How the score was computed" not in everything


def test_first_page_has_overall_stage_change_and_each_area_against_target(
    make_data: MakeData, tmp_path: Path
) -> None:
    data = make_data(profile="board")
    first = pages(build_pdf(data, tmp_path / "board.pdf").path)[0]
    assert data.result.stage is not None and data.comparison is not None
    assert fmt_score(data.result.overall) in first
    assert data.result.stage.name in first
    assert "CHANGE SINCE 2026-Q1" in first
    for area in data.result.areas:
        row = f"{area.title} {fmt_score(area.score)} {fmt_score(area.target)}"
        assert row in first, row
        assert fmt_gap(area.gap_to_target) in first
    # Three assessments on record: each area shows its trend as a one-line chart.
    assert "last 3 assessments" in first


def test_second_page_lists_the_gaps_and_open_actions_with_owner_due_and_overdue(
    make_data: MakeData, tmp_path: Path
) -> None:
    data = make_data(profile="board")
    base = data.actions[0]
    plan = [
        base.model_copy(update={"text": f"Step {n}", "owner": f"Owner {n}", "priority": 20 - n})
        for n in range(1, 15)
    ]
    plan[1] = plan[1].model_copy(update={"status": ActionStatus.DONE})
    plan[2] = plan[2].model_copy(
        update={"due": date(2026, 6, 1), "status": ActionStatus.IN_PROGRESS}
    )
    second = pages(build_pdf(with_plan(data, plan), tmp_path / "board.pdf").path)[1]
    assert data.board is not None
    for gap in data.board.gaps:
        assert fmt_score(gap.score) in second
    shown = re.findall(r"Step \d+", second)
    assert shown == [f"Step {n}" for n in (1, 3, 4, 5, 6, 7, 8, 9, 10, 11)]
    assert "Owner 1" in second and "Owner 11" in second
    assert "10 of the plan's 13 open actions" in second
    assert "2026-06-01 in progress overdue" in second
    assert "1 open action is overdue: past its due date on 2026-07-02." in second


def test_last_page_gives_one_line_per_area_for_the_previous_plan(
    make_data: MakeData, tmp_path: Path
) -> None:
    data = make_data(profile="board")
    last = pages(build_pdf(data, tmp_path / "board.pdf").path)[-1]
    assert previous_plan_title("2026-Q1") in last
    # The previous plan: Alpha's action done, Beta's dropped.
    assert "Alpha 1 1 done" in last
    assert "Beta 1 1 dropped" in last
    assert "Jo Consultant" in last


def test_a_first_assessment_has_no_previous_plan_to_review(
    make_data: MakeData, tmp_path: Path
) -> None:
    data = make_data(profile="board", with_history=False)
    texts = pages(build_pdf(data, tmp_path / "board.pdf").path)
    assert len(texts) <= 4
    assert "there is no earlier plan to review" in texts[-1]
    assert "The trend appears once there are two assessments." in texts[0]


def test_very_long_typed_text_still_fits_in_four_pages(make_data: MakeData, tmp_path: Path) -> None:
    data = make_data(profile="board")
    long_text = " ".join(["A very long action written by someone with a lot to say."] * 30)
    plan = [
        item.model_copy(update={"text": long_text, "owner": "Owner " * 20}) for item in data.actions
    ] * 5
    outcome = build_pdf(with_plan(data, plan), tmp_path / "board.pdf")
    assert outcome.pages <= 4
