"""A first look at a SQLite file with the standard library, before the rest of storage loads.

Loading SQLAlchemy and the table models takes longer than drawing the whole Home screen, so the
app first reads Home's two lists (organisations and drafts, archived organisations left out)
straight from the file, read-only, and shows them while the database is opened properly in the
background. The look is taken only when it is safe to trust: a SQLite file that exists and
whose schema is at this version's newest revision. Anything else (PostgreSQL, a missing,
locked, damaged, older or newer file) gives None, and Home waits for the proper open, which
explains any problem in one sentence.

Only the standard library, `cxaudit.storage.rows` and the domain's plain-data progress rule
(`cxaudit.domain.progress`) are imported here (no SQLAlchemy, no pydantic), so the look costs
milliseconds. The SQL below is what
`repository.list_organisations` and `repository.list_drafts` run on SQLite with
`include_archived=False`; a test compiles their statements and checks the two texts are the same.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple, TypeVar
from urllib.parse import unquote

from cxaudit.domain.progress import not_asked
from cxaudit.storage.rows import (
    DraftSummary,
    NotAsked,
    PortfolioLine,
    draft_summaries,
    portfolio_lines_from_rows,
    stored_flags,
)
from cxaudit.storage.sqlite_files import is_marked_read_only

_T = TypeVar("_T")

HEAD_REVISION = "0005_question_scores"
"""The newest migration's id. Opening an up-to-date database compares against it instead of
importing alembic (about 130 ms at start-up); a test checks it against the migrations folder."""

PORTFOLIO_SQL = (
    "WITH ranked AS \n"
    "(SELECT assessments.organisation_id AS organisation_id, assessments.period AS "
    "period, assessment_scores.overall AS overall, assessment_scores.stage AS stage, "
    "row_number() OVER (PARTITION BY assessments.organisation_id ORDER BY "
    "assessments.period_start DESC, assessments.id DESC) AS rank \n"
    "FROM assessments LEFT OUTER JOIN assessment_scores ON "
    "assessment_scores.assessment_id = assessments.id \n"
    "WHERE assessments.status = ?)\n"
    " SELECT organisations.id, organisations.name, organisations.slug, "
    "organisations.sector, organisations.default_targets AS default_targets, "
    "organisations.next_due, latest_two.latest_period, latest_two.latest_overall, "
    "latest_two.latest_stage, latest_two.previous_overall, coalesce(counts.total, ?) AS "
    "assessment_count, coalesce(counts.drafts, ?) AS draft_count, organisations.archived_at, "
    "organisations.profile AS profile \n"
    "FROM organisations LEFT OUTER JOIN (SELECT ranked.organisation_id AS "
    "organisation_id, max(CASE WHEN (ranked.rank = ?) THEN ranked.period END) AS "
    "latest_period, max(CASE WHEN (ranked.rank = ?) THEN ranked.overall END) AS "
    "latest_overall, max(CASE WHEN (ranked.rank = ?) THEN ranked.stage END) AS "
    "latest_stage, max(CASE WHEN (ranked.rank = ?) THEN ranked.period END) AS "
    "previous_period, max(CASE WHEN (ranked.rank = ?) THEN ranked.overall END) AS "
    "previous_overall \n"
    "FROM ranked \n"
    "WHERE ranked.rank <= ? GROUP BY ranked.organisation_id) AS latest_two ON "
    "latest_two.organisation_id = organisations.id LEFT OUTER JOIN (SELECT "
    "assessments.organisation_id AS organisation_id, count(*) AS total, sum(CASE WHEN "
    "(assessments.status = ?) THEN ? ELSE ? END) AS drafts \n"
    "FROM assessments GROUP BY assessments.organisation_id) AS counts ON "
    "counts.organisation_id = organisations.id \n"
    "WHERE organisations.archived_at IS NULL ORDER BY lower(organisations.name), "
    "organisations.id"
)
PORTFOLIO_PARAMS: tuple[object, ...] = ("complete", 0, 0, 1, 1, 1, 2, 2, 2, "draft", 1, 0)

DRAFTS_SQL = (
    "SELECT assessments.id, assessments.organisation_id, organisations.name, "
    "assessments.period, assessments.created_at, questionnaires.question_count, "
    "coalesce(people.people, ?) AS people, coalesce(given.answered, ?) AS answered, "
    "given.last_saved, given.question_id, assessments.questionnaire_row_id, "
    "assessments.profile AS profile \n"
    "FROM assessments JOIN organisations ON organisations.id = "
    "assessments.organisation_id JOIN questionnaires ON questionnaires.id = "
    "assessments.questionnaire_row_id LEFT OUTER JOIN (SELECT respondents.assessment_id "
    "AS assessment_id, count(*) AS people \n"
    "FROM respondents \n"
    "WHERE respondents.assessment_id IN (SELECT assessments.id \n"
    "FROM assessments \n"
    "WHERE assessments.status = ?) GROUP BY respondents.assessment_id) AS people ON "
    "people.assessment_id = assessments.id LEFT OUTER JOIN (SELECT "
    "respondents.assessment_id AS assessment_id, answers.question_id AS question_id, "
    "sum(CASE WHEN (answers.needs_reconfirm "
    "IS 0) THEN ? ELSE ? END) AS answered, max(answers.updated_at) AS last_saved \n"
    "FROM answers JOIN respondents ON respondents.id = answers.respondent_id \n"
    "WHERE respondents.assessment_id IN (SELECT assessments.id \n"
    "FROM assessments \n"
    "WHERE assessments.status = ?) GROUP BY respondents.assessment_id, answers.question_id) "
    "AS given ON given.assessment_id = assessments.id \n"
    "WHERE assessments.status = ? AND organisations.archived_at IS NULL"
)
DRAFTS_PARAMS: tuple[object, ...] = (0, 0, "draft", 1, 0, "draft", "draft")


@dataclass(frozen=True)
class Glance:
    """Home's two lists as read in the first look."""

    organisations: tuple[PortfolioLine, ...]
    drafts: tuple[DraftSummary, ...]


def sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///` URL (no driver options), else None."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    name = unquote(url[len(prefix) :])
    if not name or name == ":memory:":
        return None
    return Path(name).expanduser()


def _in_use(path: Path) -> bool:
    """Whether another connection may have the file open for writing (or left work unfinished).

    A write-ahead log with content, or a rollback journal, means the file alone is not the
    whole story; the proper open then reads it with SQLite's locking and recovery.
    """
    for suffix in ("-wal", "-journal"):
        companion = path.with_name(path.name + suffix)
        try:
            if companion.stat().st_size > 0 or suffix == "-journal":
                return True
        except FileNotFoundError:
            continue
        except OSError:
            return True
    return False


def read_trusted(url: str, read: Callable[[sqlite3.Connection], _T | None]) -> _T | None:
    """`read(connection)` on the SQLite file at `url`, read-only in one transaction, or None
    when the file cannot be trusted to say what the repository would (see the module)."""
    path = sqlite_file(url)
    if path is None or not path.is_file() or _in_use(path):
        return None
    if is_marked_read_only(path) or is_marked_read_only(path.parent):
        # The proper open refuses a file it could not save answers to; the look stands aside
        # so that refusal, not a listing, is what the user sees.
        return None
    try:
        # Immutable: no locks and no shared-memory file, so nothing is created beside the file.
        # That holds only while no other process writes, which `_in_use` has just checked.
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, timeout=0
        )
    except sqlite3.Error:
        return None
    try:
        connection.execute("BEGIN")
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        if revision != [(HEAD_REVISION,)]:
            return None
        return read(connection)
    except (sqlite3.Error, ValueError, TypeError, KeyError):
        return None
    finally:
        connection.close()


def glance(url: str, *, today: date) -> Glance | None:
    """Home's lists read straight from the SQLite file at `url`, or None when not safe to.

    The file is read as it is on disk, read-only, and never created or changed; nothing is
    written beside it. While another process is writing to it, there is no first look.
    """

    def read(connection: sqlite3.Connection) -> Glance:
        organisations = connection.execute(PORTFOLIO_SQL, PORTFOLIO_PARAMS).fetchall()
        drafts = connection.execute(DRAFTS_SQL, DRAFTS_PARAMS).fetchall()
        return Glance(
            organisations=tuple(portfolio_lines_from_rows(organisations, today=today)),
            drafts=tuple(draft_summaries(drafts, _not_asked(connection))),
        )

    return read_trusted(url, read)


TIMELINE_SQL = (
    "SELECT organisations.id, organisations.name, organisations.slug, organisations.sector, "
    "organisations.default_targets AS default_targets, organisations.next_due, assessments.id "
    "AS assessment_id, assessments.period, assessments.status, "
    "assessments.questionnaire_row_id, questionnaires.content_hash, assessment_scores.overall, "
    "assessment_scores.percent, assessment_scores.stage, assessment_scores.respondent_count, "
    "area_scores.area_id, area_scores.score, area_scores.percent AS area_percent, "
    "area_scores.covered, area_scores.applicable, area_scores.target, coalesce(plans.open, ?) "
    "AS coalesce_1, coalesce(plans.in_progress, ?) AS coalesce_3, coalesce(plans.done, ?) AS "
    "coalesce_5, coalesce(plans.dropped, ?) AS coalesce_7, organisations.profile AS profile \n"
    "FROM organisations LEFT OUTER JOIN assessments ON assessments.organisation_id = "
    "organisations.id AND assessments.status = ? LEFT OUTER JOIN questionnaires ON "
    "questionnaires.id = assessments.questionnaire_row_id LEFT OUTER JOIN assessment_scores ON "
    "assessment_scores.assessment_id = assessments.id LEFT OUTER JOIN area_scores ON "
    "area_scores.assessment_id = assessments.id LEFT OUTER JOIN (SELECT "
    "action_items.assessment_id AS assessment_id, sum(CASE WHEN (action_items.status = ?) THEN "
    "? ELSE ? END) AS open, sum(CASE WHEN (action_items.status = ?) THEN ? ELSE ? END) AS "
    "in_progress, sum(CASE WHEN (action_items.status = ?) THEN ? ELSE ? END) AS done, sum(CASE "
    "WHEN (action_items.status = ?) THEN ? ELSE ? END) AS dropped \n"
    "FROM action_items JOIN assessments ON assessments.id = action_items.assessment_id \n"
    "WHERE assessments.organisation_id = ? GROUP BY action_items.assessment_id) AS plans ON "
    "plans.assessment_id = assessments.id \n"
    "WHERE organisations.id = ? ORDER BY assessments.period_start, assessments.id"
)
TIMELINE_PARAMS: tuple[object, ...] = (0, 0, 0, 0, "complete", "open", 1, 0)
TIMELINE_PARAMS += ("in_progress", 1, 0, "done", 1, 0, "dropped", 1, 0)
"""The parameters before the two organisation ids, which end the list."""

REFERENCES_SQL = "SELECT id, name, slug FROM organisations"
"""Every organisation a typed reference may name (`repository.get_organisation` reads these)."""
QUESTIONNAIRE_SQL = "SELECT version, content FROM questionnaires WHERE id = ?"


class GlancedArea(NamedTuple):
    """One area's kept score, as `cxaudit.domain.results.AreaSnapshot` holds it."""

    area_id: str
    score: float | None
    percent: float | None
    covered: int
    applicable: int
    target: float


@dataclass(frozen=True)
class GlancedRecord:
    """One completed assessment as the timeline reads it, from its score snapshot."""

    period: str
    questionnaire_version: str
    area_titles: tuple[tuple[str, str], ...]
    """The questionnaire's areas in order: (id, title)."""
    overall: float | None
    stage: str | None
    respondent_count: int
    areas: tuple[GlancedArea, ...]
    """In the questionnaire's order, as `repository.organisation_timeline` orders them."""
    actions: tuple[int, int, int, int]
    """The plan by status: open, in progress, done, dropped."""


@dataclass(frozen=True)
class TimelineGlance:
    """An organisation's completed assessments, read in the first look."""

    organisation: str
    records: tuple[GlancedRecord, ...]


def _not_asked(connection: sqlite3.Connection) -> NotAsked:
    """The questions not asked in a draft, by the domain's rule (`progress.not_asked`) over the
    stored questionnaire read as JSON: its flags' defaults and each question's `applies_if`."""

    @functools.cache
    def conditions(row_id: int) -> tuple[dict[str, bool], tuple[tuple[str, tuple[str, ...]], ...]]:
        _version, content = connection.execute(QUESTIONNAIRE_SQL, (row_id,)).fetchone()
        data = json.loads(content)
        defaults = {str(f["id"]): bool(f.get("default", True)) for f in data.get("profile", [])}
        questions = tuple(
            (str(q["id"]), tuple(str(flag) for flag in q.get("applies_if", [])))
            for area in data["areas"]
            for q in area["questions"]
        )
        return defaults, questions

    def skipped(row_id: int, profile: Any) -> frozenset[str]:
        defaults, questions = conditions(row_id)
        return not_asked(defaults, questions, stored_flags(profile))

    return skipped


def _resolve(connection: sqlite3.Connection, ref: str) -> int | None:
    from cxaudit.domain.naming import match_organisations

    found = match_organisations(ref, [_Named(*row) for row in connection.execute(REFERENCES_SQL)])
    return found[0].id if len(found) == 1 else None


class _Named(NamedTuple):
    id: int
    name: str
    slug: str


def _areas(connection: sqlite3.Connection, row_id: int) -> tuple[str, tuple[tuple[str, str], ...]]:
    version, content = connection.execute(QUESTIONNAIRE_SQL, (row_id,)).fetchone()
    areas = json.loads(content)["areas"]
    return str(version), tuple((str(a["id"]), str(a["title"])) for a in areas)


def _timeline(connection: sqlite3.Connection, ref: str) -> TimelineGlance | None:
    organisation_id = _resolve(connection, ref)
    if organisation_id is None:
        return None
    rows = connection.execute(
        TIMELINE_SQL, (*TIMELINE_PARAMS, organisation_id, organisation_id)
    ).fetchall()
    if not rows:
        return None
    heads: dict[int, Any] = {}
    kept: dict[int, dict[str, GlancedArea]] = {}
    for row in rows:
        if row[6] is None:
            continue
        if row[14] is None:
            return None  # no snapshot: the domain must score its answers
        heads.setdefault(row[6], row)
        areas = kept.setdefault(row[6], {})
        if row[15] is not None:
            areas[row[15]] = GlancedArea(*row[15:21])
    questionnaires = {head[9]: _areas(connection, head[9]) for head in heads.values()}
    records = []
    for assessment_id, head in heads.items():
        version, titles = questionnaires[head[9]]
        areas = kept[assessment_id]
        records.append(
            GlancedRecord(
                period=head[7],
                questionnaire_version=version,
                area_titles=titles,
                overall=head[11],
                stage=head[13],
                respondent_count=int(head[14]),
                areas=tuple(areas[area_id] for area_id, _title in titles if area_id in areas),
                actions=(int(head[21]), int(head[22]), int(head[23]), int(head[24])),
            )
        )
    return TimelineGlance(organisation=rows[0][1], records=tuple(records))


def glance_timeline(url: str, *, ref: str) -> TimelineGlance | None:
    """The completed assessments of the organisation `ref` names, read straight from the SQLite
    file at `url`, or None when not safe to (as `glance`), when `ref` does not name exactly one
    organisation, or when an assessment keeps no score snapshot."""
    return read_trusted(url, lambda connection: _timeline(connection, ref))
