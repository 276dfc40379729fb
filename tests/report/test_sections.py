"""What the sections say reads as a consultant's deliverable: no internal names, words that agree
with the figures, overdue actions marked, and an appendix of every answer only when wanted."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pypdf

from cxaudit.domain.model import ActionItem, ActionStatus
from cxaudit.report import ReportData, build_pdf
from cxaudit.report.document import section_titles
from cxaudit.report.sections.appendices import ANSWERS
from cxaudit.report.sections.plan import ACTION_PLAN

MakeData = Callable[..., ReportData]


def pages(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


def plan_page(texts: list[str]) -> str:
    return next(t for t in texts if f"{ACTION_PLAN} " in t and "highest priority first" in t)


def test_sources_print_their_titles_not_their_file_names(
    make_data: MakeData, tmp_path: Path
) -> None:
    data = make_data()
    texts = pages(build_pdf(data, tmp_path / "r.pdf").path)
    everything = "\n".join(texts)
    for source in data.questionnaire.sources:
        assert source.title in everything
        assert source.file not in everything, source.file
    method = next(t for t in texts if "Sources The articles the questions draw on." in t)
    assert "1. Article A" in method and "2. Article B" in method


def test_the_plan_words_agree_with_its_steps(make_data: MakeData, tmp_path: Path) -> None:
    data = make_data()
    question = data.questionnaire.questions[0]
    jump = ActionItem(
        question_id=question.id,
        area_id=question.area_id,
        text="Lift it three levels",
        current_level=2,
        target_level=5,
        priority=9.0,
    )
    one = jump.model_copy(
        update={"text": "Lift it one level", "current_level": 3, "target_level": 4}
    )
    texts = pages(build_pdf(replace(data, actions=(jump, one)), tmp_path / "r.pdf").path)
    plan = plan_page(texts)
    assert "by a level" not in plan
    assert "the path raises a question one level at a time" in plan
    assert "level 2 → 5 (3 levels)" in plan
    assert "level 3 → 4" in plan and "level 3 → 4 (" not in plan


def test_overdue_actions_are_marked_as_of_the_report_date(
    make_data: MakeData, tmp_path: Path
) -> None:
    data = make_data()  # dated 2 July 2026
    base = data.actions[0]
    late = base.model_copy(
        update={"text": "Late one", "due": date(2026, 6, 30), "status": ActionStatus.IN_PROGRESS}
    )
    done = base.model_copy(
        update={"text": "Done one", "due": date(2026, 1, 31), "status": ActionStatus.DONE}
    )
    future = base.model_copy(update={"text": "Future one", "due": date(2026, 7, 2)})
    texts = pages(build_pdf(replace(data, actions=(late, done, future)), tmp_path / "r.pdf").path)
    plan = plan_page(texts)
    rows = re.split(r"\s(?=\d \w+ (?:Late|Done|Future) one)", plan)
    late_row = next(r for r in rows if "Late one" in r)
    assert "2026-06-30" in late_row and "in progress overdue" in late_row
    assert "overdue" not in next(r for r in rows if "Done one" in r)
    assert "overdue" not in next(r for r in rows if "Future one" in r)
    assert "Overdue: past its due date on 2026-07-02 and not done." in plan


def test_the_appendix_of_every_answer_is_optional(make_data: MakeData, tmp_path: Path) -> None:
    full = build_pdf(make_data(), tmp_path / "full.pdf")
    short_data = replace(make_data(), appendix=False)
    short = build_pdf(short_data, tmp_path / "short.pdf")
    assert short.pages < full.pages
    titles = section_titles(short_data)
    assert [t for t in titles if t.startswith("Appendix")] == [
        "Appendix A: N/A reasons and don't knows",
        "Appendix B: Notes and evidence",
        "Appendix C: How scores are calculated",
    ]
    everything = "\n".join(pages(short.path))
    assert ANSWERS not in everything
    for title in titles:
        assert title in everything
    assert "Appendix D: How scores are calculated" in "\n".join(pages(full.path))
