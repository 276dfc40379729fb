"""Exports for spreadsheets: every answer as a long CSV, and a workbook of scores, answers and
actions.

The long CSV's first columns are those a long response file needs, so an export can be edited
and imported again (an export holding anonymous respondents lists them all as "Anonymous", so
it is a view to read; the JSON backup is the exact copy). Every column is documented in
docs/data-formats.md. User text is never a formula in either file (`cxaudit.transfer.safe_text`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxaudit.domain.anonymity import note_attribution, shown_roles
from cxaudit.domain.model import Answer, Assessment, AssessmentStatus, Respondent
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.results import ActionTally, ScoreSnapshot
from cxaudit.domain.scoring import ScoredAssessment
from cxaudit.errors import CxauditError
from cxaudit.transfer.safe_text import append_row, csv_document
from cxaudit.transfer.tabular import history_records

ANSWER_COLUMNS = (
    "organisation",
    "period",
    "status",
    "questionnaire_id",
    "questionnaire_version",
    "respondent",
    "role",
    "question_id",
    "area",
    "answer",
    "note",
    "na_reason",
    "evidence",
    "confidence",
    "unverified",
    "needs_reconfirm",
    "updated_at",
)
"""The long export's columns; its first ones are those a long response file needs."""

ACTION_COLUMNS = (
    "organisation",
    "period",
    "question_id",
    "area",
    "kind",
    "text",
    "current_level",
    "target_level",
    "priority",
    "owner",
    "due",
    "status",
    "carried_over",
)


@dataclass(frozen=True)
class _SummaryLine:
    """A scored assessment as the workbook's summary lists it (a `HistoryLine`)."""

    period: str
    status: AssessmentStatus
    questionnaire: Questionnaire
    scores: ScoreSnapshot
    actions: ActionTally

    @classmethod
    def of(cls, entry: ScoredAssessment) -> _SummaryLine:
        return cls(
            period=entry.assessment.period,
            status=entry.assessment.status,
            questionnaire=entry.questionnaire,
            scores=ScoreSnapshot.of(entry.result),
            actions=ActionTally.of(item.status for item in entry.assessment.actions),
        )


def answer_rows(entries: Sequence[ScoredAssessment]) -> list[dict[str, Any]]:
    """One row per answer (the long format), in questionnaire order per respondent.

    These files are for people to read, so anonymous respondents are shown as the domain
    says (`cxaudit.domain.anonymity`): their rows come after the named respondents', under
    "Anonymous" rather than the label they are known by, question by question in the order of
    what they say, without the time they answered, and without their role when that role is
    too small to show. Nothing in a row then joins up one anonymous person's answers and notes.
    The JSON backup keeps everything exactly.
    """
    return [
        row for entry in entries for row in _assessment_rows(entry.assessment, entry.questionnaire)
    ]


def _assessment_rows(assessment: Assessment, questionnaire: Questionnaire) -> list[dict[str, Any]]:
    order = {q.id: i for i, q in enumerate(questionnaire.questions)}

    def place(question_id: str) -> tuple[int, str]:
        return (order.get(question_id, len(order)), question_id)

    shown = shown_roles(assessment.respondents)
    rows: list[dict[str, Any]] = []
    for respondent in assessment.respondents:
        if respondent.anonymous:
            continue
        for answer in sorted(respondent.answers.values(), key=lambda a: place(a.question_id)):
            rows.append(_answer_row(assessment, respondent, answer, role_shown=True))
    unnamed = [
        _answer_row(assessment, respondent, answer, role_shown=respondent.role in shown)
        for respondent in assessment.respondents
        if respondent.anonymous
        for answer in respondent.answers.values()
    ]
    unnamed.sort(
        key=lambda r: (
            place(r["question_id"]),
            r["role"],
            *(str(r[column]) for column in _CONTENT_COLUMNS),
        )
    )
    return rows + unnamed


def _answer_row(
    assessment: Assessment, respondent: Respondent, answer: Answer, *, role_shown: bool
) -> dict[str, Any]:
    anonymous = respondent.anonymous
    stamp = answer.updated_at.isoformat() if answer.updated_at else ""
    return {
        "organisation": assessment.organisation.name,
        "period": assessment.period,
        "status": assessment.status.value,
        "questionnaire_id": assessment.questionnaire_id,
        "questionnaire_version": assessment.questionnaire_version,
        "respondent": note_attribution(respondent, respondent.name),
        "role": respondent.role.value if role_shown else "",
        "question_id": answer.question_id,
        "area": answer.question_id.split(".", 1)[0],
        "answer": str(answer.value),
        "note": answer.note,
        "na_reason": answer.na_reason,
        "evidence": answer.evidence,
        "confidence": answer.confidence.value,
        "unverified": answer.unverified,
        "needs_reconfirm": answer.needs_reconfirm,
        "updated_at": "" if anonymous else stamp,
    }


_CONTENT_COLUMNS = ("answer", "note", "na_reason", "evidence", "confidence", "unverified")
"""What orders anonymous rows under one question: what they say, never who said it."""


def action_rows(entries: Sequence[ScoredAssessment]) -> list[dict[str, Any]]:
    """One row per action item of every plan."""
    return [
        {
            "organisation": e.assessment.organisation.name,
            "period": e.assessment.period,
            "question_id": item.question_id,
            "area": item.area_id,
            "kind": item.kind,
            "text": item.text,
            "current_level": item.current_level,
            "target_level": item.target_level,
            "priority": round(item.priority, 2),
            "owner": item.owner,
            "due": item.due.isoformat() if item.due else None,
            "status": item.status.value,
            "carried_over": item.carried_from is not None,
        }
        for e in entries
        for item in e.assessment.actions
    ]


def write_answers_csv(path: Path, entries: Sequence[ScoredAssessment]) -> int:
    """Write every answer of `entries` as a long CSV; returns the row count.

    Text that starts like a formula gets a leading `'`, which the response importer removes.
    """
    rows = answer_rows(entries)
    write_text_file(path, csv_document(ANSWER_COLUMNS, rows))
    return len(rows)


def write_workbook(path: Path, entries: Sequence[ScoredAssessment]) -> int:
    """Write a workbook: a summary of scores by period and area, the answers and the actions.

    Returns the number of assessments summarised.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    area_ids: list[str] = []
    records = [_SummaryLine.of(entry) for entry in entries]
    for entry in entries:
        for area in entry.result.areas:
            if area.area_id not in area_ids:
                area_ids.append(area.area_id)
    header = ["organisation", "period", "status", "respondents", *area_ids]
    header += ["overall", "percent", "stage", "coverage", "unverified"]
    append_row(summary, header)
    for entry, record in zip(entries, history_records(records), strict=True):
        scores = {area["id"]: area["score"] for area in record["areas"]}
        append_row(
            summary,
            [
                entry.assessment.organisation.name,
                record["period"],
                record["status"],
                record["respondents"],
                *[scores.get(area_id) for area_id in area_ids],
                record["overall"],
                record["percent"],
                record["stage"],
                f"{record['covered']} of {record['applicable']}",
                entry.result.unverified_count,
            ],
        )
    answers = workbook.create_sheet("Answers")
    append_row(answers, list(ANSWER_COLUMNS))
    for row in answer_rows(entries):
        append_row(answers, [row[c] for c in ANSWER_COLUMNS])
    actions = workbook.create_sheet("Actions")
    append_row(actions, list(ACTION_COLUMNS))
    for row in action_rows(entries):
        append_row(actions, [row[c] for c in ACTION_COLUMNS])
    for sheet in (summary, answers, actions):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    with _writable(path):
        workbook.save(path)
    return len(entries)


@contextmanager
def _writable(path: Path) -> Iterator[None]:
    """Make the file's folder; a file that cannot be written becomes one clear sentence."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        yield
    except OSError as exc:
        raise CxauditError(f"{path} cannot be written ({exc.strerror or exc}).") from None


def write_text_file(path: Path, text: str) -> None:
    """Write an export, turning a folder that cannot be written into one clear sentence."""
    with _writable(path):
        path.write_text(text, encoding="utf-8", newline="")
