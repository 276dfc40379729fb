"""Restoring a backup: a whole backup file checked, then merged into the database at once.

Organisations are matched by name and created when new; an assessment that already exists is
left alone unless `replace` is asked for. The file is read and checked by
`cxaudit.transfer.backup_reader` before anything is written, and everything is written in one
transaction (`repository.one_transaction`), so an import either happens whole or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from cxaudit.domain.model import Assessment, Organisation
    from cxaudit.domain.questionnaire import Questionnaire
    from cxaudit.services.workspace import Workspace
    from cxaudit.transfer.backup import BackupOrganisation


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
    from cxaudit.domain.naming import name_key
    from cxaudit.domain.periods import parse_period
    from cxaudit.storage import repository
    from cxaudit.transfer.backup_reader import read_backup

    backup, _questionnaires = read_backup(path)
    found: list[Replacement] = []
    with ws.session() as session:
        stored = repository.organisations_by_name(session)
        for org_entry in backup.organisations:
            organisation = stored.get(name_key(org_entry.name))
            if organisation is None:
                continue
            assert organisation.id is not None
            existing = repository.assessment_periods(session, organisation_id=organisation.id)
            for entry in org_entry.assessments:
                label = parse_period(entry.period).label
                if label in existing:
                    found.append(Replacement(organisation.name, organisation.id, label))
    return tuple(found)


def import_backup(
    ws: Workspace,
    *,
    path: Path,
    replace: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> BackupImportSummary:
    """Merge a backup file into the workspace's database, all or nothing.

    The whole file is checked before anything is written, and everything is then written in
    one transaction: a failure, or the process being killed, part-way leaves the database as it
    was (a replaced assessment included). Organisations are matched by name only (ignoring
    case), never by an id or slug that a name happens to look like, and created when new; an
    existing assessment (same organisation and period) is kept as it is unless `replace` is
    true. `progress(done, total)`, when given, hears of the assessments handled after each
    organisation (nothing is kept until the last).
    """
    from cxaudit.storage import repository
    from cxaudit.transfer.backup_reader import local_action_ids, read_backup

    backup, questionnaires = read_backup(path)
    tally = _Tally(local_ids=local_action_ids(backup), replace=replace)
    total = sum(len(org_entry.assessments) for org_entry in backup.organisations)
    handled = 0
    with ws.session() as session, repository.one_transaction(session):
        stored = repository.organisations_by_name(session)
        for org_entry in backup.organisations:
            _restore_organisation(session, org_entry, questionnaires, stored, tally)
            handled += len(org_entry.assessments)
            if progress is not None:
                progress(handled, total)
    return BackupImportSummary(tally.created, tally.imported, tally.replaced, tuple(tally.skipped))


@dataclass
class _Tally:
    """What an import has done so far, and what it needs across organisations."""

    local_ids: dict[str, int]
    """A number for every action ref in the file (`local_action_ids`)."""
    replace: bool
    created: int = 0
    imported: int = 0
    replaced: int = 0
    skipped: list[str] = field(default_factory=list)


def _restore_organisation(
    session: Session,
    org_entry: BackupOrganisation,
    questionnaires: dict[str, Questionnaire],
    stored: dict[str, Organisation],
    tally: _Tally,
) -> None:
    """One organisation of a backup written inside the import's transaction: matched or
    created, its clashing assessments kept or deleted, the rest loaded."""
    from cxaudit.domain.naming import name_key
    from cxaudit.domain.periods import parse_period
    from cxaudit.storage import repository
    from cxaudit.transfer.backup_reader import domain_assessment

    key = name_key(org_entry.name)
    organisation = stored.get(key)
    is_new = organisation is None
    if organisation is None:
        organisation = stored[key] = repository.create_organisation(
            session,
            name=org_entry.name,
            sector=org_entry.sector,
            default_targets=org_entry.default_targets or None,
            next_due=org_entry.next_due,
        )
        tally.created += 1
    assert organisation.id is not None
    existing = (
        {} if is_new else repository.assessment_periods(session, organisation_id=organisation.id)
    )
    refs = {
        item.ref: tally.local_ids[item.ref] for a in org_entry.assessments for item in a.actions
    }
    by_questionnaire: dict[str, list[Assessment]] = defaultdict(list)
    for entry in org_entry.assessments:
        label = parse_period(entry.period).label
        if label in existing:
            if not tally.replace:
                tally.skipped.append(f"{organisation.name} {label}")
                continue
            repository.delete_assessment(session, assessment_id=existing[label], confirm=True)
            tally.replaced += 1
        by_questionnaire[entry.questionnaire.hash].append(
            domain_assessment(organisation, entry, refs)
        )
    for digest, batch in by_questionnaire.items():
        repository.bulk_load_assessments(
            session, questionnaire=questionnaires[digest], assessments_to_load=batch
        )
        tally.imported += len(batch)
    if by_questionnaire or is_new:
        # Loading recomputes the due date from the periods; the backup's own date wins.
        repository.update_organisation(
            session, organisation_id=organisation.id, next_due=org_entry.next_due
        )
