"""The PDF shows what issue 21 added: confidence beside each level and "level 5, unverified" in
the appendix of every answer, questions that do not apply with their automatic reason, and in
the summary how many answers are unverified and which areas rest mostly on low-confidence
answers. The PDF is read back with pypdf."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pypdf

from cxaudit.domain.model import Assessment, Respondent, Role, make_answer
from cxaudit.domain.plan import path_to_target
from cxaudit.domain.scoring import resolve_targets, score_assessment
from cxaudit.report import ReportData, build_pdf
from tests.report.conftest import report_data
from tests.transfer.gated import GATED

PROFILE = {"has_contact_centre": True, "has_shops": False}

# (value, confidence, evidence, unverified) per respondent and question.
ANSWERS: dict[str, dict[str, tuple[int | str, str, str, bool]]] = {
    "Ana Leader": {
        "alpha.one": (5, "low", "", True),
        "alpha.two": (4, "high", "Call quality report", False),
        "beta.one": (2, "low", "", False),
        "beta.two": (3, "low", "", False),
    },
    "Ben Manager": {
        "alpha.one": (4, "medium", "Board minutes", False),
        "alpha.two": (3, "medium", "", False),
        "beta.one": (3, "low", "", False),
        "beta.two": (2, "low", "", False),
    },
    "Cleo Front": {
        "alpha.one": (3, "low", "", False),
        "alpha.two": (2, "low", "", False),
        "beta.one": (1, "medium", "", False),
        "beta.two": ("na", "medium", "", False),
    },
}


def _data(unverified: bool = True) -> ReportData:
    base = report_data(GATED, with_history=False)
    roles = (Role.LEADER, Role.MANAGER, Role.FRONTLINE)
    respondents = [
        Respondent(
            id=index + 1,
            name=name,
            role=roles[index],
            answers={
                qid: make_answer(
                    qid,
                    value,
                    na_reason="No second line" if value == "na" else "",
                    confidence=confidence,
                    evidence=evidence,
                    unverified=mark and unverified,
                )
                for qid, (value, confidence, evidence, mark) in answers.items()
            },
        )
        for index, (name, answers) in enumerate(ANSWERS.items())
    ]
    assessment: Assessment = base.assessment.model_copy(
        update={"respondents": respondents, "profile": PROFILE, "actions": []}
    )
    result = score_assessment(GATED, respondents, resolve_targets(GATED), PROFILE)
    return replace(
        base,
        assessment=assessment,
        result=result,
        actions=(),
        paths={area.id: path_to_target(GATED, result, area.id) for area in GATED.areas},
        board=None,
    )


def _pages(data: ReportData, path: Path) -> list[str]:
    built = build_pdf(data, path)
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(built.path).pages]


def test_the_appendix_shows_confidence_unverified_and_does_not_apply(tmp_path: Path) -> None:
    texts = _pages(_data(), tmp_path / "r.pdf")
    appendix = " ".join(t for t in texts if "Appendix A: Every answer" in t or "Respondent" in t)
    assert "Confidence" in appendix
    assert "level 5, unverified" in appendix
    assert "Does not apply: no shops: counted as N/A for every respondent." in appendix
    everything = " ".join(texts)
    rows = (
        "Respondent 1 (leader) level 5, unverified low A1 level 5",
        "Respondent 2 (manager) 4 medium A1 level 4",
        "Respondent 3 (front-line) N/A — Not applicable: No second line",
    )
    for row in rows:
        assert row in everything, row
    na_page = next(t for t in texts if "N/A reasons and don't knows" in t and "Reason" in t)
    assert "everyone N/A does not apply: no shops" in na_page


def test_the_summary_counts_unverified_answers_and_flags_low_confidence_areas(
    tmp_path: Path,
) -> None:
    texts = _pages(_data(), tmp_path / "r.pdf")
    summary = next(t for t in texts if "Executive summary" in t and "Areas" in t)
    assert "1 answer is unverified: given at a level that needs evidence, without it." in summary
    assert "Based mostly on low-confidence answers: Beta." in summary
    beta = next(t for t in texts if t.startswith("Beta ") or " Beta The second area." in t)
    assert "based mostly on low-confidence answers" in beta
    alpha = next(t for t in texts if "Alpha The first area." in t)
    assert "based mostly on low-confidence answers" not in alpha
    assert "does not apply: no shops" in alpha
    clean = _pages(_data(unverified=False), tmp_path / "clean.pdf")
    summary = next(t for t in clean if "Executive summary" in t and "Areas" in t)
    assert "No answer is unverified: every level that needs evidence has it." in summary
    assert "level 5, unverified" not in " ".join(clean)
