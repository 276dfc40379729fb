"""Tables for people and scripts: the portfolio and an organisation's history.

The shell views (`cxaudit orgs`, `cxaudit history`: their scripts' formats here, their terminal
tables in `cxaudit.cli.listings`) and the xlsx summary read their numbers from the domain's
results; this module only lays them out. Scores are given with two decimals, exactly
as the app and the PDF print them. Every field is documented in docs/data-formats.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from cxaudit.domain.format import fmt_score
from cxaudit.domain.model import AssessmentStatus, Organisation
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.results import ActionTally, ScoreSnapshot, percent
from cxaudit.domain.wording import known_trend, trend_word

TREND_WORDS = {1: "rising", -1: "falling", 0: "flat"}

ORGANISATION_COLUMNS = (
    "name",
    "slug",
    "sector",
    "latest_period",
    "latest_overall",
    "latest_percent",
    "latest_stage",
    "trend",
    "next_due",
    "overdue",
    "assessments",
    "drafts",
)
"""The columns of `organisation_rows`, in order."""


class OrganisationLine(Protocol):
    """One organisation of the portfolio as the listing reads it (storage's summary has it)."""

    @property
    def organisation(self) -> Organisation: ...
    @property
    def latest_period(self) -> str | None: ...
    @property
    def latest_overall(self) -> float | None: ...
    @property
    def latest_stage(self) -> str | None: ...
    @property
    def trend(self) -> int: ...
    @property
    def next_due(self) -> date | None: ...
    @property
    def overdue(self) -> bool: ...
    @property
    def assessment_count(self) -> int: ...
    @property
    def draft_count(self) -> int: ...


class HistoryLine(Protocol):
    """One assessment of a history as the listing reads it: when, on what, how it scored."""

    @property
    def period(self) -> str: ...
    @property
    def status(self) -> AssessmentStatus: ...
    @property
    def questionnaire(self) -> Questionnaire: ...
    @property
    def scores(self) -> ScoreSnapshot: ...
    @property
    def actions(self) -> ActionTally: ...


def score_value(score: float | None) -> float | None:
    """A score as scripts receive it: the two decimals people see, or None."""
    return None if score is None else float(fmt_score(score))


def percent_value(score: float | None) -> int | None:
    """A score's percentage, rounded to a whole number as it is shown."""
    value = percent(score)
    return None if value is None else round(value)


def organisation_rows(summaries: Sequence[OrganisationLine]) -> list[dict[str, Any]]:
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
            # Not enough history (fewer than two completed) is no trend, never "flat".
            "trend": trend_word(known_trend(s.trend, s.assessment_count - s.draft_count)),
            "next_due": s.next_due.isoformat() if s.next_due else None,
            "overdue": s.overdue,
            "assessments": s.assessment_count,
            "drafts": s.draft_count,
        }
        for s in summaries
    ]


def history_records(records: Sequence[HistoryLine]) -> list[dict[str, Any]]:
    """One nested record per assessment for `cxaudit history --format json`."""
    out: list[dict[str, Any]] = []
    for record in records:
        scores = record.scores
        out.append(
            {
                "period": record.period,
                "status": record.status.value,
                "questionnaire_version": record.questionnaire.version,
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


def history_rows(records: Sequence[HistoryLine]) -> tuple[list[str], list[dict[str, Any]]]:
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


def csv_text(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    """Rows as CSV text with a header (empty cells for missing values); text a spreadsheet
    would run as a formula is written behind a `'` (see `cxaudit.transfer.safe_text`)."""
    from cxaudit.transfer.safe_text import csv_document

    return csv_document(columns, rows)
