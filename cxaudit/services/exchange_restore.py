"""Restoring a backup: a whole backup file checked, then merged into the database.

Organisations are matched by name and created when new; an assessment that already exists is
left alone unless `replace` is asked for. The file is read and checked by
`cxaudit.transfer.backup_reader` before anything is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from cxaudit.domain.model import Assessment
    from cxaudit.services.workspace import Workspace


@dataclass(frozen=True)
class BackupImportSummary:
    """What an import did, for a one-line report."""

    organisations_created: int
    assessments_imported: int
    assessments_replaced: int
    assessments_skipped: tuple[str, ...]
    """`Organisation period` of each assessment left alone because it already existed."""

    @property
    def message(self) -> str:
        """One sentence saying what happened."""
        text = (
            f"Imported {self.assessments_imported} assessments "
            f"({self.organisations_created} new organisations"
        )
        if self.assessments_replaced:
            text += f", {self.assessments_replaced} replaced"
        text += ")."
        if self.assessments_skipped:
            text += (
                f" Kept {len(self.assessments_skipped)} existing assessments as they were "
                f"({', '.join(self.assessments_skipped)}); use --replace to overwrite them."
            )
        return text


@dataclass(frozen=True)
class Replacement:
    """A stored assessment that importing a backup with `replace` would overwrite."""

    organisation: str
    organisation_id: int
    period: str


def backup_replacements(ws: Workspace, *, path: Path) -> tuple[Replacement, ...]:
    """The stored assessments `import_backup(..., replace=True)` would overwrite, matched the
    way it matches them, so a front end can name them (organisation and id) and ask first.

    The whole file is read and checked, so a bad backup is refused before anyone is asked.
    """
    from cxaudit.domain.periods import parse_period
    from cxaudit.errors import NotFoundError
    from cxaudit.storage import repository
    from cxaudit.transfer.backup_reader import read_backup

    backup, _questionnaires = read_backup(path)
    found: list[Replacement] = []
    with ws.session() as session:
        for org_entry in backup.organisations:
            try:
                organisation = repository.get_organisation(session, ref=org_entry.name)
            except NotFoundError:
                continue
            assert organisation.id is not None
            existing = _stored_periods(session, organisation.id)
            for entry in org_entry.assessments:
                label = parse_period(entry.period).label
                if label in existing:
                    found.append(Replacement(organisation.name, organisation.id, label))
    return tuple(found)


def _stored_periods(session: Session, organisation_id: int) -> dict[str, int]:
    """The organisation's assessments, drafts included: id by period."""
    from cxaudit.storage import repository

    existing: dict[str, int] = {}
    for _q, found in repository.organisation_history(
        session, organisation_id=organisation_id, include_drafts=True
    ):
        assert found.id is not None
        existing[found.period] = found.id
    return existing


def import_backup(
    ws: Workspace,
    *,
    path: Path,
    replace: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> BackupImportSummary:
    """Merge a backup file into the workspace's database.

    The whole file is checked before anything is written. Organisations are matched by name
    (ignoring case) and created when new; an existing assessment (same organisation and period)
    is kept as it is unless `replace` is true. `progress(done, total)`, when given, hears of the
    assessments handled after each organisation.
    """
    from cxaudit.domain.periods import parse_period
    from cxaudit.errors import NotFoundError
    from cxaudit.storage import repository
    from cxaudit.transfer.backup_reader import domain_assessment, local_action_ids, read_backup

    backup, questionnaires = read_backup(path)
    created = imported = replaced = 0
    skipped: list[str] = []
    local_ids = local_action_ids(backup)
    total = sum(len(org_entry.assessments) for org_entry in backup.organisations)
    handled = 0
    for org_entry in backup.organisations:
        with ws.session() as session:
            try:
                organisation = repository.get_organisation(session, ref=org_entry.name)
                is_new = False
            except NotFoundError:
                organisation = repository.create_organisation(
                    session,
                    name=org_entry.name,
                    sector=org_entry.sector,
                    default_targets=org_entry.default_targets or None,
                    next_due=org_entry.next_due,
                )
                is_new = True
                created += 1
            assert organisation.id is not None
            existing = {} if is_new else _stored_periods(session, organisation.id)
        refs = {item.ref: local_ids[item.ref] for a in org_entry.assessments for item in a.actions}
        by_questionnaire: dict[str, list[Assessment]] = defaultdict(list)
        for entry in org_entry.assessments:
            label = parse_period(entry.period).label
            if label in existing:
                if not replace:
                    skipped.append(f"{organisation.name} {label}")
                    continue
                with ws.session() as session:
                    repository.delete_assessment(
                        session, assessment_id=existing[label], confirm=True
                    )
                replaced += 1
            by_questionnaire[entry.questionnaire.hash].append(
                domain_assessment(organisation, entry, refs)
            )
        for digest, batch in by_questionnaire.items():
            with ws.session() as session:
                repository.bulk_load_assessments(
                    session, questionnaire=questionnaires[digest], assessments_to_load=batch
                )
            imported += len(batch)
        if by_questionnaire or is_new:
            # Loading recomputes the due date from the periods; the backup's own date wins.
            with ws.session() as session:
                repository.update_organisation(
                    session, organisation_id=organisation.id, next_due=org_entry.next_due
                )
        handled += len(org_entry.assessments)
        if progress is not None:
            progress(handled, total)
    return BackupImportSummary(created, imported, replaced, tuple(skipped))
