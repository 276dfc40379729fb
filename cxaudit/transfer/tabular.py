"""Tables for people and scripts: the portfolio, an organisation's history, and answer exports.

The shell views (`cxaudit orgs`, `cxaudit history`) and the CSV and xlsx exports all read their
numbers from the domain's results; this module only lays them out. Scores are given with two
decimals, exactly as the app and the PDF print them. Every field is documented in
docs/data-formats.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxaudit.domain.format import fmt_score
from cxaudit.domain.model import Assessment
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.results import ActionTally, AssessmentResult, ScoreSnapshot, percent
from cxaudit.errors import CxauditError

if TYPE_CHECKING:
    from cxaudit.storage.engine import Database
    from cxaudit.storage.views import HistoryRecord, OrganisationSummary

TREND_WORDS = {1: "rising", -1: "falling", 0: "flat"}

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


def score_value(score: float | None) -> float | None:
    """A score as scripts receive it: the two decimals people see, or None."""
    return None if score is None else float(fmt_score(score))


def percent_value(score: float | None) -> int | None:
    """A score's percentage, rounded to a whole number as it is shown."""
    value = percent(score)
    return None if value is None else round(value)


# --------------------------------------------------------------------------------------------
# The portfolio and an organisation's history
# --------------------------------------------------------------------------------------------


def organisation_rows(summaries: Sequence[OrganisationSummary]) -> list[dict[str, Any]]:
    """One row per organisation for `cxaudit orgs`."""
    return [
        {
            "name": s.organisation.name,
            "slug": s.organisation.slug,
            "sector": s.organisation.sector,
            "latest_period": s.latest_period,
            "latest_overall": score_value(s.latest_overall),
            "latest_percent": percent_value(s.latest_overall),
            "latest_stage": s.latest_stage,
            "trend": TREND_WORDS.get(s.trend, "flat"),
            "next_due": s.next_due.isoformat() if s.next_due else None,
            "overdue": s.overdue,
            "assessments": s.assessment_count,
            "drafts": s.draft_count,
        }
        for s in summaries
    ]


@dataclass(frozen=True)
class HistoryEntry:
    """One assessment of an organisation's history with the domain's result for it."""

    questionnaire: Questionnaire
    assessment: Assessment
    result: AssessmentResult

    def record(self) -> HistoryRecord:
        """The entry as history lists it: period, status, scores and plan by status."""
        from cxaudit.storage.views import HistoryRecord

        assert self.assessment.id is not None
        return HistoryRecord(
            assessment_id=self.assessment.id,
            period=self.assessment.period,
            status=self.assessment.status,
            questionnaire=self.questionnaire,
            scores=ScoreSnapshot.of(self.result),
            actions=ActionTally.of(item.status for item in self.assessment.actions),
        )


def load_history(
    db: Database, organisation: str, *, include_drafts: bool = False
) -> tuple[str, tuple[HistoryRecord, ...]]:
    """An organisation's name and its assessments by period, with the scores kept for each."""
    from cxaudit.storage import repository

    with db.session() as session:
        org = repository.get_organisation(session, ref=organisation)
        assert org.id is not None
        timeline = repository.organisation_timeline(
            session, organisation_id=org.id, include_drafts=include_drafts
        )
    return org.name, timeline.records


def history_records(records: Sequence[HistoryRecord]) -> list[dict[str, Any]]:
    """One nested record per assessment for `cxaudit history --format json`."""
    out: list[dict[str, Any]] = []
    for record in records:
        scores = record.scores
        out.append(
            {
                "period": record.period,
                "status": record.status.value,
                "questionnaire_version": record.questionnaire_version,
                "respondents": scores.respondent_count,
                "overall": score_value(scores.overall),
                "percent": percent_value(scores.overall),
                "stage": scores.stage,
                "covered": scores.covered,
                "applicable": scores.applicable,
                "areas": [
                    {
                        "id": area.area_id,
                        "title": record.questionnaire.area(area.area_id).title,
                        "score": score_value(area.score),
                        "target": area.target,
                        "covered": area.covered,
                        "applicable": area.applicable,
                    }
                    for area in scores.areas
                ],
                "actions": record.actions._asdict(),
            }
        )
    return out


def history_rows(records: Sequence[HistoryRecord]) -> tuple[list[str], list[dict[str, Any]]]:
    """Flat rows (one per assessment) and their columns, for CSV and the terminal table."""
    area_ids: list[str] = []
    for record in records:
        for area in record.scores.areas:
            if area.area_id not in area_ids:
                area_ids.append(area.area_id)
    columns = ["period", "status", "respondents"]
    columns += [name for area_id in area_ids for name in (area_id, f"{area_id}_coverage")]
    columns += ["overall", "percent", "stage", "coverage", "actions_done", "actions_total"]
    rows: list[dict[str, Any]] = []
    for record, data in zip(records, history_records(records), strict=True):
        row: dict[str, Any] = {
            "period": data["period"],
            "status": data["status"],
            "respondents": data["respondents"],
            "overall": data["overall"],
            "percent": data["percent"],
            "stage": data["stage"],
            "coverage": f"{data['covered']} of {data['applicable']}",
            "actions_done": record.actions.done,
            "actions_total": record.actions.total,
        }
        for area in data["areas"]:
            row[area["id"]] = area["score"]
            row[f"{area['id']}_coverage"] = f"{area['covered']} of {area['applicable']}"
        rows.append(row)
    return columns, rows


# --------------------------------------------------------------------------------------------
# Writing tables
# --------------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def csv_text(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    """Rows as CSV text with a header (empty cells for missing values)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return out.getvalue()


def text_table(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    """A plain, aligned table for the terminal; a missing figure shows as "—"."""
    from cxaudit.domain.format import DASH

    cells = [[_cell(row.get(c)) or DASH for c in columns] for row in rows]
    widths = [
        max([len(column)] + [len(line[i]) for line in cells]) for i, column in enumerate(columns)
    ]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for line in cells:
        lines.append("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Exports: long CSV and xlsx
# --------------------------------------------------------------------------------------------


def _all_history(db: Database, organisation: str | None) -> list[HistoryEntry]:
    from cxaudit.storage import repository

    with db.session() as session:
        if organisation is not None:
            chosen = [repository.get_organisation(session, ref=organisation)]
        else:
            chosen = [s.organisation for s in repository.list_organisations(session)]
        loaded: list[tuple[Questionnaire, Assessment]] = []
        for org in chosen:
            assert org.id is not None
            loaded += repository.organisation_history(
                session, organisation_id=org.id, include_drafts=True
            )
    from cxaudit.domain.scoring import score_stored

    return [HistoryEntry(q, a, score_stored(q, a)) for q, a in loaded]


def answer_rows(entries: Sequence[HistoryEntry]) -> list[dict[str, Any]]:
    """One row per answer (the long format), in questionnaire order per respondent."""
    rows: list[dict[str, Any]] = []
    for entry in entries:
        assessment, questionnaire = entry.assessment, entry.questionnaire
        order = {q.id: i for i, q in enumerate(questionnaire.questions)}
        for respondent in assessment.respondents:
            for answer in sorted(
                respondent.answers.values(),
                key=lambda a: (order.get(a.question_id, len(order)), a.question_id),
            ):
                rows.append(
                    {
                        "organisation": assessment.organisation.name,
                        "period": assessment.period,
                        "status": assessment.status.value,
                        "questionnaire_id": assessment.questionnaire_id,
                        "questionnaire_version": assessment.questionnaire_version,
                        "respondent": respondent.name,
                        "role": respondent.role.value,
                        "question_id": answer.question_id,
                        "area": answer.question_id.split(".", 1)[0],
                        "answer": str(answer.value),
                        "note": answer.note,
                        "na_reason": answer.na_reason,
                        "evidence": answer.evidence,
                        "needs_reconfirm": answer.needs_reconfirm,
                        "updated_at": answer.updated_at.isoformat() if answer.updated_at else "",
                    }
                )
    return rows


def action_rows(entries: Sequence[HistoryEntry]) -> list[dict[str, Any]]:
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


def export_csv(db: Database, path: Path, *, organisation: str | None = None) -> int:
    """Write every answer (of one organisation, or all) as a long CSV; returns the row count."""
    rows = answer_rows(_all_history(db, organisation))
    _write_text(path, csv_text(ANSWER_COLUMNS, rows))
    return len(rows)


def export_xlsx(db: Database, path: Path, *, organisation: str | None = None) -> int:
    """Write a workbook: a summary of scores by period and area, the answers and the actions.

    Returns the number of assessments summarised.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    entries = _all_history(db, organisation)
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    area_ids: list[str] = []
    records = [entry.record() for entry in entries]
    for entry in entries:
        for area in entry.result.areas:
            if area.area_id not in area_ids:
                area_ids.append(area.area_id)
    header = ["organisation", "period", "status", "respondents", *area_ids]
    header += ["overall", "percent", "stage", "coverage"]
    summary.append(header)
    for entry, record in zip(entries, history_records(records), strict=True):
        scores = {area["id"]: area["score"] for area in record["areas"]}
        summary.append(
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
            ]
        )
    answers = workbook.create_sheet("Answers")
    answers.append(list(ANSWER_COLUMNS))
    for row in answer_rows(entries):
        answers.append([row[c] for c in ANSWER_COLUMNS])
    actions = workbook.create_sheet("Actions")
    actions.append(list(ACTION_COLUMNS))
    for row in action_rows(entries):
        actions.append([row[c] for c in ACTION_COLUMNS])
    for sheet in (summary, answers, actions):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(path)
    except OSError as exc:
        raise CxauditError(f"{path} cannot be written ({exc.strerror or exc}).") from None
    return len(entries)


def _write_text(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise CxauditError(f"{path} cannot be written ({exc.strerror or exc}).") from None


def write_text_file(path: Path, text: str) -> None:
    """Write an export, turning a folder that cannot be written into one clear sentence."""
    _write_text(path, text)
