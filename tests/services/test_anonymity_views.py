"""Anonymous respondents as every view shows them, on a real database through the use-cases:
the scored result, the PDF and Word report, and the CSV and workbook exports withhold a role's
figures while fewer than three share it, and no view but the backup ties an anonymous note to
the label its respondent is known by."""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest
from docx import Document
from openpyxl import load_workbook

from cxaudit.domain.anonymity import ANONYMOUS_HEADING
from cxaudit.domain.model import Role, make_answer
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.results import AssessmentResult
from cxaudit.domain.scoring import ScoredAssessment
from cxaudit.services import Workspace, assessing, exchange_export
from cxaudit.services import links as links_service
from cxaudit.services.reports import write_report
from cxaudit.storage import create_organisation, find_assessment
from tests.storage.conftest import db_url, workspace

__all__ = ["db_url", "workspace"]

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WITHHELD = "Fewer than 3 front-line respondents: not shown, to protect anonymous answers."
LEADERS = ("Lea One", "Lea Two", "Lea Three", "Lea Four")


@pytest.fixture
def ws(workspace: Workspace, mini: Questionnaire) -> Workspace:
    workspace.questionnaire_override = mini
    with workspace.session() as session:
        create_organisation(session, name="Acme", sector="Retail")
    return workspace


def _note(n: int) -> str:
    return f"Front line view {n}: the queue is never checked"


def _completed(ws: Workspace, mini: Questionnaire, anonymous: int) -> ScoredAssessment:
    """Four named leaders answering 5 everywhere and `anonymous` front-line links answering 1,
    each anonymous respondent leaving one note on the first question; completed."""
    issued = links_service.create_links(
        ws,
        organisation="Acme",
        period="2026-Q1",
        people=[(name, Role.LEADER) for name in LEADERS],
        anonymous=anonymous,
        now=NOW,
    )
    first = mini.questions[0].id
    unnamed = 0
    for link in issued:
        unnamed += link.anonymous
        for question in mini.questions:
            if link.anonymous:
                note = _note(unnamed) if question.id == first else ""
                answer = make_answer(question.id, 1, note=note)
            else:
                answer = make_answer(question.id, 5, note=f"{link.respondent_label} agrees")
            assessing.save_answer(ws, respondent_id=link.respondent_id, answer=answer)
        links_service.finish_respondent(ws, respondent_id=link.respondent_id, now=NOW)
    with ws.session() as session:
        assessment = find_assessment(session, organisation_ref="acme", period="2026-Q1")
    assert assessment.id is not None
    return assessing.complete(ws, assessment_id=assessment.id)


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def _docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _front_line_withheld(result: AssessmentResult) -> None:
    assert result.withheld_roles == frozenset({Role.FRONTLINE})
    assert result.perception_gaps == ()
    for area in result.areas:
        assert area.leader_score == pytest.approx(5.0)
        assert (area.frontline_score, area.role_gap, area.perception_gap) == (None, None, False)
    for question in result.questions.values():
        assert (question.frontline_mean, question.role_gap) == (None, None)
    # What mixes every role is still there: four 5s and two 1s.
    assert result.overall == pytest.approx((4 * 5 + 2 * 1) / 6)


def test_two_anonymous_front_line_are_withheld_everywhere_people_look(
    ws: Workspace, mini: Questionnaire, tmp_path: Path
) -> None:
    done = _completed(ws, mini, anonymous=2)
    _front_line_withheld(done.result)
    # The results screen's use-case reads the same.
    from cxaudit.services.results import results

    assert done.assessment.id is not None
    _front_line_withheld(results(ws, assessment_id=done.assessment.id).result)

    pdf = write_report(ws, organisation_ref="acme", output=tmp_path / "r.pdf", include_names=True)
    text = _pdf_text(pdf.path)
    flat = re.sub(r"\s+", " ", text)
    assert WITHHELD in flat
    assert "Leaders score the area" not in flat
    assert "Perception gaps" in flat  # the heading stays, with the sentence in its place
    # Each anonymous note is there, under "Anonymous", never under its respondent's label.
    lines = [line.strip() for line in text.splitlines()]
    for n in (1, 2):
        assert _note(n) in flat
        at = next(i for i, line in enumerate(lines) if line.startswith(f"Front line view {n}"))
        assert lines[at - 1] == ANONYMOUS_HEADING
    # The labels are only in the cover's list of who answered: not beside a note, nor in the
    # appendix of every answer, where they would join up one person's answers.
    assert flat.count("Anonymous front line") == 2
    assert flat.index("Anonymous front line 2") < flat.index("Respondents' notes")
    # Named respondents keep their label beside their notes.
    assert "Lea One (leader)" in flat and "Lea One agrees" in flat

    word = write_report(ws, organisation_ref="acme", output=tmp_path / "r.docx", include_names=True)
    words = re.sub(r"\s+", " ", _docx_text(word.path))
    assert WITHHELD in words and "Leaders score the area" not in words
    assert _note(1) in words
    assert words.count("Anonymous front line") == 2

    exchange_export.export_csv(ws, path=tmp_path / "answers.csv", organisation="acme")
    raw = (tmp_path / "answers.csv").read_text(encoding="utf-8")
    assert "Anonymous front line" not in raw
    rows = list(csv.DictReader(raw.splitlines()))
    _check_people_rows(rows, mini, shown_role="")

    exchange_export.export_xlsx(ws, path=tmp_path / "book.xlsx", organisation="acme")
    sheet = load_workbook(tmp_path / "book.xlsx", read_only=True)["Answers"]
    table = [[("" if v is None else v) for v in row] for row in sheet.iter_rows(values_only=True)]
    header, body = table[0], table[1:]
    assert not any("Anonymous front line" in str(v) for row in body for v in row)
    _check_people_rows(
        [{str(k): str(v) for k, v in zip(header, row, strict=True)} for row in body],
        mini,
        shown_role="",
    )

    # The backup is not a view: it keeps each respondent exactly, label and notes included.
    backup = json.dumps(exchange_export.export_backup(ws, organisation="acme"))
    assert "Anonymous front line 1" in backup and "Anonymous front line 2" in backup
    assert _note(1) in backup and _note(2) in backup


def _check_people_rows(rows: list[dict[str, str]], mini: Questionnaire, *, shown_role: str) -> None:
    """Named leaders' rows first with their names and times; then every anonymous answer under
    "Anonymous", with no time and (while the front line is too small) no role."""
    named = [r for r in rows if r["respondent"] != ANONYMOUS_HEADING]
    unnamed = [r for r in rows if r["respondent"] == ANONYMOUS_HEADING]
    count = len(unnamed) // len(mini.questions)
    assert rows == named + unnamed
    assert {r["respondent"] for r in named} == set(LEADERS)
    assert all(r["role"] == "leader" and r["updated_at"] for r in named)
    assert all(r["role"] == shown_role and r["updated_at"] == "" for r in unnamed)
    # Question by question, so no run of rows is one person's answers.
    assert [r["question_id"] for r in unnamed] == [
        q.id for q in mini.questions for _ in range(count)
    ]
    noted = sorted(r["note"] for r in unnamed if r["note"])
    assert noted == [_note(n) for n in range(1, count + 1)]
    assert not any(r["role"] == "frontline" for r in rows) or shown_role == "frontline"


def test_three_anonymous_front_line_are_shown(
    ws: Workspace, mini: Questionnaire, tmp_path: Path
) -> None:
    done = _completed(ws, mini, anonymous=3)
    result = done.result
    assert result.withheld_roles == frozenset()
    area = result.areas[0]
    assert area.leader_score == pytest.approx(5.0)
    assert area.frontline_score == pytest.approx(1.0)
    assert area.role_gap == pytest.approx(4.0) and area.perception_gap
    assert len(result.perception_gaps) == len(mini.questions)

    pdf = write_report(ws, organisation_ref="acme", output=tmp_path / "r.pdf", include_names=True)
    flat = re.sub(r"\s+", " ", _pdf_text(pdf.path))
    assert WITHHELD not in flat
    assert "Leaders score the area 5.00, the front line 1.00" in flat
    # Shown figures or not, an anonymous note still carries no label of its own.
    assert _note(3) in flat
    assert flat.count("Anonymous front line") == 3

    exchange_export.export_csv(ws, path=tmp_path / "answers.csv", organisation="acme")
    raw = (tmp_path / "answers.csv").read_text(encoding="utf-8")
    assert "Anonymous front line" not in raw
    _check_people_rows(list(csv.DictReader(raw.splitlines())), mini, shown_role="frontline")
