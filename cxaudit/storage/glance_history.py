"""A first look at one organisation's history in a SQLite file, before the rest of storage loads.

The History screen can be opened from a Home listed by the first look (`cxaudit.storage.glance`)
while the database is still opening; this reads what it lists (every assessment, drafts too, with
its kept scores, respondents and plan) straight from the file, read-only, with the standard
library alone. It runs the select `repository.organisation_timeline` runs with drafts (a test
compiles the repository's statement and checks the text is the same), and stands aside (None)
whenever it could not say exactly what the repository would: the same conditions as the first
look at Home, an organisation that is not there, or a completed assessment kept without its score
snapshot (the domain must score its answers). A draft is never scored in a list: the History
screen shows only its period, its respondents and its plan, and a draft's respondent count is
the number of its respondents, read here by one count.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from cxaudit.storage.glance import TIMELINE_PARAMS, TIMELINE_SQL, read_trusted

TIMELINE_ALL_SQL = TIMELINE_SQL.replace(" AND assessments.status = ?", "", 1)
"""`repository.history._timeline_select(True)` on SQLite: the timeline with drafts."""
TIMELINE_ALL_PARAMS: tuple[object, ...] = tuple(p for p in TIMELINE_PARAMS if p != "complete")
"""Its parameters before the two organisation ids (the timeline's, less the status)."""
RESPONDENTS_SQL = "SELECT count(*) FROM respondents WHERE assessment_id = ?"
AREAS_SQL = "SELECT content FROM questionnaires WHERE id = ?"
COMPLETE = "complete"


@dataclass(frozen=True)
class GlancedPeriod:
    """One assessment as the first look reads it for the History screen."""

    assessment_id: int
    period: str
    draft: bool
    area_titles: tuple[tuple[str, str], ...]
    """Its questionnaire's areas in order: (id, title)."""
    overall: float | None
    """The kept overall score (None for a draft, which keeps none)."""
    area_scores: tuple[tuple[str, float | None], ...]
    """The kept score of each area it keeps one for, in its questionnaire's order."""
    respondent_count: int
    actions: tuple[int, int, int, int]
    """The plan by status: open, in progress, done, dropped."""


@dataclass(frozen=True)
class HistoryGlance:
    """An organisation and its assessments in period order, read in the first look."""

    organisation_id: int
    name: str
    sector: str | None
    periods: tuple[GlancedPeriod, ...]


def _titles(connection: sqlite3.Connection, row_id: int) -> tuple[tuple[str, str], ...]:
    (content,) = connection.execute(AREAS_SQL, (row_id,)).fetchone()
    return tuple((str(a["id"]), str(a["title"])) for a in json.loads(content)["areas"])


def _history(connection: sqlite3.Connection, organisation_id: int) -> HistoryGlance | None:
    params = (*TIMELINE_ALL_PARAMS, organisation_id, organisation_id)
    rows = connection.execute(TIMELINE_ALL_SQL, params).fetchall()
    if not rows:
        return None
    heads: dict[int, Any] = {}
    kept: dict[int, dict[str, float | None]] = {}
    for row in rows:
        assessment_id = row[6]
        if assessment_id is None:
            continue
        if row[8] == COMPLETE and row[14] is None:
            return None  # no snapshot: the domain must score its answers
        heads.setdefault(assessment_id, row)
        areas = kept.setdefault(assessment_id, {})
        if row[15] is not None:
            areas[row[15]] = row[16]
    titles: dict[int, tuple[tuple[str, str], ...]] = {}
    periods: list[GlancedPeriod] = []
    for assessment_id, head in heads.items():
        row_id = int(head[9])
        if row_id not in titles:
            titles[row_id] = _titles(connection, row_id)
        areas = kept[assessment_id]
        draft = head[8] != COMPLETE
        count = head[14]
        if count is None:
            (count,) = connection.execute(RESPONDENTS_SQL, (assessment_id,)).fetchone()
        periods.append(
            GlancedPeriod(
                assessment_id=assessment_id,
                period=str(head[7]),
                draft=draft,
                area_titles=titles[row_id],
                overall=None if head[14] is None else _score(head[11]),
                area_scores=tuple(
                    (area_id, _score(areas[area_id]))
                    for area_id, _title in titles[row_id]
                    if area_id in areas
                ),
                respondent_count=int(count),
                actions=(int(head[21]), int(head[22]), int(head[23]), int(head[24])),
            )
        )
    first = rows[0]
    sector = first[3]
    return HistoryGlance(
        organisation_id=organisation_id,
        name=str(first[1]),
        sector=None if sector is None else str(sector),
        periods=tuple(periods),
    )


def _score(value: Any) -> float | None:
    return None if value is None else float(value)


def glance_history(url: str, *, organisation_id: int) -> HistoryGlance | None:
    """The organisation's assessments (drafts too) read straight from the SQLite file at
    `url`, or None when not safe to (see the module): then open the database and ask the
    services, which explain any problem."""
    return read_trusted(url, lambda connection: _history(connection, organisation_id))
