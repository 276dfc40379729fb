"""Looking after the database: deleting an organisation or an assessment, and describing it.

Deleting is final (only a backup brings the data back), so each deletion is two steps: find what
would go, so that the front end can show it and ask, then delete it by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cxaudit.domain.model import Assessment, Organisation
    from cxaudit.services.workspace import Workspace


@dataclass(frozen=True)
class DatabaseInfo:
    """Which database is in use and what it holds."""

    display_url: str
    """The URL with any password masked."""
    dialect: str
    """`sqlite` or `postgresql`."""
    sqlite_path: Path | None
    """The file, for a SQLite database."""
    size_bytes: int | None
    """The file's size, for a SQLite database."""
    revision: str | None
    """The schema revision the database is at."""
    head_revision: str
    """The schema revision this cxaudit expects."""
    organisations: int
    assessments: int
    drafts: int
    """Assessments still being answered."""

    @property
    def up_to_date(self) -> bool:
        """Whether the schema is the one this cxaudit expects."""
        return self.revision == self.head_revision


def find_organisation(ws: Workspace, *, organisation: str) -> Organisation:
    """The organisation named by `organisation` (its name, slug or id)."""
    from cxaudit.storage import repository

    with ws.session() as session:
        return repository.get_organisation(session, ref=organisation)


def delete_organisation(ws: Workspace, *, organisation_id: int) -> None:
    """Delete an organisation with all of its assessments, answers and actions."""
    from cxaudit.storage import repository

    with ws.session() as session:
        repository.delete_organisation(session, organisation_id=organisation_id, confirm=True)


def find_assessment(ws: Workspace, *, organisation: str, period: str) -> Assessment:
    """`organisation`'s assessment for `period` (as typed, e.g. `2026-q1`)."""
    from cxaudit.storage import repository

    with ws.session() as session:
        return repository.find_assessment(session, organisation_ref=organisation, period=period)


def delete_assessment(ws: Workspace, *, assessment_id: int) -> None:
    """Delete an assessment with its respondents, answers and plan."""
    from cxaudit.storage import repository

    with ws.session() as session:
        repository.delete_assessment(session, assessment_id=assessment_id, confirm=True)


def database_info(ws: Workspace) -> DatabaseInfo:
    """The database's address, engine, file, schema revision and how much it holds."""
    from cxaudit.storage import repository
    from cxaudit.storage.engine import head_revision

    db = ws.db
    revision = db.schema_revision()
    with ws.session() as session:
        summaries = repository.list_organisations(session)
        drafts = len(repository.list_drafts(session))
    path = db.sqlite_path
    return DatabaseInfo(
        display_url=str(db.display_url),
        dialect=db.dialect,
        sqlite_path=path,
        size_bytes=path.stat().st_size if path is not None else None,
        revision=revision,
        head_revision=head_revision(),
        organisations=len(summaries),
        assessments=sum(s.assessment_count for s in summaries),
        drafts=drafts,
    )
