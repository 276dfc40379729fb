"""Restoring a backup: a whole backup file checked, then merged into the database at once.

Organisations are matched by name and created when new, with the backup's profile answers and
archived mark (an organisation already stored keeps its own); an assessment that already exists
is left alone unless `replace` is asked for. The file is read and checked by
`cxaudit.transfer.backup_reader` before anything is written, and everything is written in one
transaction (`repository.one_transaction`), so an import either happens whole or not at all.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from cxaudit.domain.model import Assessment
    from cxaudit.services.workspace import Workspace
    from cxaudit.transfer.backup import Backup


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
    true. `progress(done, total)`, when given, hears of the assessments handled as the load
    goes (nothing is kept until the last).
    """
    from cxaudit.storage import repository
    from cxaudit.transfer.backup_reader import read_backup

    backup, questionnaires = read_backup(path)
    total = sum(len(org_entry.assessments) for org_entry in backup.organisations)
    with ws.session() as session, repository.one_transaction(session):
        plan = _plan(session, backup, replace=replace)
        done = len(plan.skipped)
        for digest, groups in plan.loads.items():
            for batch in _batches(groups):
                repository.bulk_load_assessments(
                    session, questionnaire=questionnaires[digest], assessments_to_load=batch
                )
                done += len(batch)
                if progress is not None:
                    progress(done, total)
        # Loading recomputes due dates from the periods; the backup's own dates win.
        repository.set_next_due(session, due_by_organisation=plan.next_due)
    imported = sum(len(group) for groups in plan.loads.values() for group in groups)
    return BackupImportSummary(plan.created, imported, plan.replaced, tuple(plan.skipped))


@dataclass
class _Plan:
    """What an import writes, decided inside its transaction before the load."""

    loads: dict[str, list[list[Assessment]]] = field(default_factory=lambda: defaultdict(list))
    """By questionnaire hash: each organisation's assessments to load, one list per
    organisation (an organisation's items carried between periods stay in one load)."""
    next_due: dict[int, date | None] = field(default_factory=dict)
    """The backup's own next due date of each organisation created or loaded into."""
    created: int = 0
    replaced: int = 0
    skipped: list[str] = field(default_factory=list)
    """`Organisation period` of each assessment kept as it was."""


def _plan(session: Session, backup: Backup, *, replace: bool) -> _Plan:
    """Match every organisation of the backup by name (creating the new ones in one go), delete
    the assessments it replaces, and gather what is to be loaded."""
    from cxaudit.domain.model import Organisation
    from cxaudit.domain.naming import name_key
    from cxaudit.domain.periods import parse_period
    from cxaudit.storage import repository
    from cxaudit.transfer.backup_reader import domain_assessment

    stored = repository.organisations_by_name(session)
    new_entries = {
        name_key(e.name): e for e in backup.organisations if name_key(e.name) not in stored
    }
    added = repository.create_organisations(
        session,
        organisations_to_add=[
            Organisation(
                name=e.name,
                slug="-",
                sector=e.sector,
                default_targets=e.default_targets,
                next_due=e.next_due,
                profile=dict(e.profile),
            )
            for e in new_entries.values()
        ],
    )
    plan = _Plan(created=len(added))
    made = dict(zip(new_entries, added, strict=True))
    for key, new_entry in new_entries.items():
        if new_entry.archived:
            made_id = made[key].id
            assert made_id is not None
            repository.set_archived(session, organisation_id=made_id, archived=True)
    # Action refs (`2025-Q4#2`) are unique within an organisation only, and one load may hold
    # several organisations: each ref gets a number no other organisation's ref has.
    numbers = itertools.count(1)
    for org_entry in backup.organisations:
        key = name_key(org_entry.name)
        organisation = made[key] if key in made else stored[key]
        assert organisation.id is not None
        existing = (
            {}
            if key in made
            else repository.assessment_periods(session, organisation_id=organisation.id)
        )
        refs: dict[str, int] = {}
        for item in (item for a in org_entry.assessments for item in a.actions):
            refs.setdefault(item.ref, next(numbers))
        mine: dict[str, list[Assessment]] = defaultdict(list)
        for entry in org_entry.assessments:
            label = parse_period(entry.period).label
            if label in existing:
                if not replace:
                    plan.skipped.append(f"{organisation.name} {label}")
                    continue
                repository.delete_assessment(session, assessment_id=existing[label], confirm=True)
                plan.replaced += 1
            mine[entry.questionnaire.hash].append(domain_assessment(organisation, entry, refs))
        for digest, group in mine.items():
            plan.loads[digest].append(group)
        if mine or key in made:
            plan.next_due[organisation.id] = org_entry.next_due
    return plan


BATCH_RESPONDENTS = 5_000
"""Roughly how many respondents one bulk load takes before the next begins: progress is told
after each, and no load holds a whole large backup's rows at once."""


def _batches(groups: list[list[Assessment]]) -> Iterator[list[Assessment]]:
    """Whole organisations' assessments gathered into loads of about `BATCH_RESPONDENTS`."""
    batch: list[Assessment] = []
    people = 0
    for group in groups:
        batch += group
        people += sum(len(a.respondents) for a in group)
        if people >= BATCH_RESPONDENTS:
            yield batch
            batch, people = [], 0
    if batch:
        yield batch
