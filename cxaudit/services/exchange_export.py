"""Exports: everything stored (or one organisation's part of it) as a backup or a spreadsheet.

Every assessment is read in one session, drafts too, and handed to `cxaudit.transfer`, which
lays out the file; nothing here knows a file format. An optional `progress(done, total)` callback
hears of each organisation read, for a front end that shows progress.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cxaudit.domain.model import Assessment, Organisation
    from cxaudit.domain.questionnaire import Questionnaire
    from cxaudit.domain.scoring import ScoredAssessment
    from cxaudit.services.workspace import Workspace


def stored_histories(
    ws: Workspace,
    *,
    organisation: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    archived: set[int] | None = None,
) -> list[tuple[Organisation, list[tuple[Questionnaire, Assessment]]]]:
    """Every organisation (or the one named), archived ones too, with its profile and all of its
    assessments in period order, drafts included, each with the questionnaire it was taken
    with; `progress` hears of each organisation read, and `archived`, when given, receives the
    ids of the archived organisations."""
    from cxaudit.storage import repository

    with ws.session() as session:
        if organisation is not None:
            chosen = [repository.get_organisation(session, ref=organisation)]
            assert chosen[0].id is not None
            shut = (
                {chosen[0].id}
                if repository.is_archived(session, organisation_id=chosen[0].id)
                else set()
            )
        else:
            # The portfolio gives the order and the archived mark; the full organisations
            # (with their profile answers) are read at once beside it.
            summaries = repository.list_organisations(session)
            full = {o.id: o for o in repository.organisations_by_name(session).values()}
            chosen = [full.get(s.organisation.id, s.organisation) for s in summaries]
            shut = {s.organisation.id for s in summaries if s.archived and s.organisation.id}
        if archived is not None:
            archived |= shut
        histories = []
        for org in chosen:
            assert org.id is not None
            history = repository.organisation_history(
                session, organisation_id=org.id, include_drafts=True
            )
            histories.append((org, history))
            if progress is not None:
                progress(len(histories), len(chosen))
    return histories


def _scored_assessments(
    ws: Workspace, organisation: str | None, progress: Callable[[int, int], None] | None
) -> list[ScoredAssessment]:
    from cxaudit.domain.scoring import scored

    return [
        scored(q, a)
        for _org, history in stored_histories(ws, organisation=organisation, progress=progress)
        for q, a in history
    ]


def export_backup(
    ws: Workspace,
    *,
    organisation: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Everything stored (or one organisation's data) as backup data, ready for `json.dump`."""
    from cxaudit.transfer.backup_writer import backup_data

    archived: set[int] = set()
    histories = stored_histories(
        ws, organisation=organisation, progress=progress, archived=archived
    )
    return backup_data(histories, archived=archived)


def export_csv(
    ws: Workspace,
    *,
    path: Path,
    organisation: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write every answer (of one organisation, or all) as a long CSV; returns the row count."""
    from cxaudit.transfer.exports import write_answers_csv

    return write_answers_csv(path, _scored_assessments(ws, organisation, progress))


def export_xlsx(
    ws: Workspace,
    *,
    path: Path,
    organisation: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write a workbook of scores by period and area, the answers and the actions; returns the
    number of assessments summarised."""
    from cxaudit.transfer.exports import write_workbook

    return write_workbook(path, _scored_assessments(ws, organisation, progress))
