"""Drafts never look final: refused unless asked for, and then marked DRAFT on every page.

Read back page by page with pypdf, as a board member holding the printout would read it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest

from cxaudit.domain.model import AssessmentStatus, Role, make_answer
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import ValidationProblem
from cxaudit.report import ReportData, build_pdf
from cxaudit.report.template import COVER_HEADLINE, DRAFT_HEADLINE
from cxaudit.services import Workspace
from cxaudit.services.reports import write_report
from cxaudit.storage import Database, open_database, repository
from tests.report.conftest import ORG_NAME, seed_database

MakeData = Callable[..., ReportData]
SLUG = "acme-sons-retail"


def pages(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages]


@pytest.fixture
def ws(tmp_path: Path, mini: Questionnaire) -> Iterator[Workspace]:
    """Three completed quarters, a 2026-Q3 draft half answered, and an organisation whose
    only assessment has no answers at all."""
    url = f"sqlite:///{tmp_path / 'drafts.db'}"
    seed_database(url, mini)
    db: Database = open_database(url)
    with db.session() as session:
        org = repository.get_organisation(session, ref=SLUG)
        assert org.id is not None
        draft = repository.start_assessment(
            session, organisation_id=org.id, period="2026-Q3", questionnaire=mini
        )
        assert draft.id is not None
        ana = repository.add_respondent(
            session, assessment_id=draft.id, name="Ana Leader", role=Role.LEADER
        )
        repository.add_respondent(
            session, assessment_id=draft.id, name="Cleo Front", role=Role.FRONTLINE
        )
        assert ana.id is not None
        for question_id, level in (("alpha.one", 3), ("beta.one", 4)):
            repository.save_answer(
                session, respondent_id=ana.id, answer=make_answer(question_id, level)
            )
        cafe = repository.create_organisation(session, name="Cafe", sector="Food")
        assert cafe.id is not None
        empty = repository.start_assessment(
            session, organisation_id=cafe.id, period="2026-Q3", questionnaire=mini
        )
        assert empty.id is not None
        repository.add_respondent(session, assessment_id=empty.id, name="Dee", role=Role.OTHER)
    workspace = Workspace(db)
    yield workspace
    workspace.close()


def test_an_unfinished_assessment_is_refused_in_one_sentence(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(ValidationProblem) as caught:
        write_report(ws, organisation_ref=SLUG, period="2026-Q3", output=tmp_path / "r.pdf")
    message = str(caught.value)
    assert "2026-Q3" in message and "not complete" in message and "--draft" in message
    assert "\n" not in message and message.endswith(".")
    assert not (tmp_path / "r.pdf").exists()


def draft_of_q3(ws: Workspace, output: Path, *, include_names: bool) -> list[str]:
    outcome = write_report(
        ws,
        organisation_ref=SLUG,
        period="2026-Q3",
        output=output,
        draft=True,
        include_names=include_names,
    )
    texts = pages(outcome.path)
    assert len(texts) == outcome.pages
    return texts


def test_a_draft_says_draft_on_every_page_and_progress_on_the_cover(
    ws: Workspace, tmp_path: Path
) -> None:
    texts = draft_of_q3(ws, tmp_path / "draft.pdf", include_names=True)
    for number, text in enumerate(texts, start=1):
        assert "DRAFT" in text, f"page {number} has no DRAFT mark"
    cover = texts[0]
    assert DRAFT_HEADLINE in cover and COVER_HEADLINE not in cover
    assert "this assessment is not complete" in cover
    assert "Ana Leader, leader: 2 of 5 answered" in cover
    assert "Cleo Front, front-line: 0 of 5 answered" in cover
    title = pypdf.PdfReader(tmp_path / "draft.pdf").metadata.title  # type: ignore[union-attr]
    assert title is not None and title.startswith("DRAFT")


def test_a_draft_without_names_gives_progress_by_anonymous_label(
    ws: Workspace, tmp_path: Path
) -> None:
    texts = draft_of_q3(ws, tmp_path / "anon.pdf", include_names=False)
    assert "Respondent 1, leader: 2 of 5 answered" in texts[0]
    assert "Respondent 2, front-line: 0 of 5 answered" in texts[0]
    assert not [n for n, t in enumerate(texts) if "Ana Leader" in t or "Cleo Front" in t]


def test_no_answers_at_all_is_refused_even_as_a_draft(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(ValidationProblem, match="has no answers yet, so there is nothing"):
        write_report(ws, organisation_ref="Cafe", output=tmp_path / "cafe.pdf", draft=True)
    assert not (tmp_path / "cafe.pdf").exists()


def test_draft_allowed_on_a_complete_assessment_gives_the_final_report(
    ws: Workspace, tmp_path: Path
) -> None:
    outcome = write_report(
        ws, organisation_ref=SLUG, period="2026-Q2", output=tmp_path / "q2.pdf", draft=True
    )
    texts = pages(outcome.path)
    assert COVER_HEADLINE in texts[0]
    assert not [n for n, t in enumerate(texts) if re.search(r"\bDRAFT\b", t)]


def test_build_pdf_itself_marks_an_unfinished_assessment(
    make_data: MakeData, tmp_path: Path
) -> None:
    data = make_data()
    unfinished = replace(
        data, assessment=data.assessment.model_copy(update={"status": AssessmentStatus.DRAFT})
    )
    texts = pages(build_pdf(unfinished, tmp_path / "d.pdf").path)
    assert all("DRAFT" in text for text in texts)
    assert "Respondent 1, leader: 5 of 5 answered" in texts[0]
    nobody = replace(
        unfinished,
        assessment=unfinished.assessment.model_copy(
            update={
                "respondents": [
                    r.model_copy(update={"answers": {}}) for r in unfinished.assessment.respondents
                ]
            }
        ),
    )
    with pytest.raises(ValidationProblem, match="no answers"):
        build_pdf(nobody, tmp_path / "none.pdf")
    assert ORG_NAME in texts[0]
