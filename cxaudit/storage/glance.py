"""A first look at a SQLite file with the standard library, before the rest of storage loads.

Loading SQLAlchemy and the table models takes longer than drawing the whole Home screen, so the
app first reads Home's two lists (organisations and drafts, archived organisations left out)
straight from the file, read-only, and shows them while the database is opened properly in the
background. The look is taken only when it is safe to trust: a SQLite file that exists and
whose schema is at this version's newest revision. Anything else (PostgreSQL, a missing,
locked, damaged, older or newer file) gives None, and Home waits for the proper open, which
explains any problem in one sentence.

Only the standard library and `cxaudit.storage.rows` are imported here (no SQLAlchemy, no
pydantic), so the look costs milliseconds. The SQL below is what
`repository.list_organisations` and `repository.list_drafts` run on SQLite with
`include_archived=False`; a test compiles their statements and checks the two texts are the same.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote

from cxaudit.storage.rows import (
    DraftSummary,
    PortfolioLine,
    draft_summaries,
    portfolio_lines_from_rows,
)

HEAD_REVISION = "0003_organisation_archive"
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
    "assessment_count, coalesce(counts.drafts, ?) AS draft_count, organisations.archived_at \n"
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
    "given.last_saved \n"
    "FROM assessments JOIN organisations ON organisations.id = "
    "assessments.organisation_id JOIN questionnaires ON questionnaires.id = "
    "assessments.questionnaire_row_id LEFT OUTER JOIN (SELECT respondents.assessment_id "
    "AS assessment_id, count(*) AS people \n"
    "FROM respondents \n"
    "WHERE respondents.assessment_id IN (SELECT assessments.id \n"
    "FROM assessments \n"
    "WHERE assessments.status = ?) GROUP BY respondents.assessment_id) AS people ON "
    "people.assessment_id = assessments.id LEFT OUTER JOIN (SELECT "
    "respondents.assessment_id AS assessment_id, sum(CASE WHEN (answers.needs_reconfirm "
    "IS 0) THEN ? ELSE ? END) AS answered, max(answers.updated_at) AS last_saved \n"
    "FROM answers JOIN respondents ON respondents.id = answers.respondent_id \n"
    "WHERE respondents.assessment_id IN (SELECT assessments.id \n"
    "FROM assessments \n"
    "WHERE assessments.status = ?) GROUP BY respondents.assessment_id) AS given ON "
    "given.assessment_id = assessments.id \n"
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


def glance(url: str, *, today: date) -> Glance | None:
    """Home's lists read straight from the SQLite file at `url`, or None when not safe to.

    The file is read as it is on disk, read-only, and never created or changed; nothing is
    written beside it. While another process is writing to it, there is no first look.
    """
    path = sqlite_file(url)
    if path is None or not path.is_file() or _in_use(path):
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
        organisations = connection.execute(PORTFOLIO_SQL, PORTFOLIO_PARAMS).fetchall()
        drafts = connection.execute(DRAFTS_SQL, DRAFTS_PARAMS).fetchall()
        return Glance(
            organisations=tuple(portfolio_lines_from_rows(organisations, today=today)),
            drafts=tuple(draft_summaries(drafts)),
        )
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        connection.close()
