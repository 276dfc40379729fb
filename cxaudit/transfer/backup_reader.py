"""Reading a backup: the whole file checked before anything is restored from it.

The file is read within the size limit and parsed as JSON that refuses what no backup holds
(`cxaudit.transfer.json_text`); then every piece is checked against the schema and the rules
at once (`cxaudit.transfer.backup_checks`), so one error lists every problem in the file.
"""

from __future__ import annotations

from pathlib import Path

from cxaudit.domain.model import ActionItem, Assessment, Organisation, Respondent
from cxaudit.domain.periods import parse_period
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import DataImportError
from cxaudit.transfer.backup import BACKUP_FORMAT, BACKUP_VERSION, Backup, BackupAssessment
from cxaudit.transfer.backup_checks import check_backup, domain_answer
from cxaudit.transfer.json_text import load_json
from cxaudit.transfer.limits import BACKUP_MAX, read_bytes


def read_backup(path: Path) -> tuple[Backup, dict[str, Questionnaire]]:
    """Read and check a backup file; raise `DataImportError` listing every problem in it."""
    data = read_bytes(
        path,
        limit=BACKUP_MAX,
        advice=": export one organisation at a time (cxaudit export ORG -o FILE)",
    )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataImportError(
            f"{path} is not UTF-8 text (byte {exc.start} cannot be read)."
        ) from None
    del data
    raw = load_json(text, str(path))
    del text
    if not isinstance(raw, dict) or raw.get("format") != BACKUP_FORMAT:
        raise DataImportError(
            f"{path} is not a cxaudit backup (its 'format' is not {BACKUP_FORMAT})."
        )
    version = raw.get("version")
    if type(version) is not int or version != BACKUP_VERSION:
        raise DataImportError(
            f"{path} is a backup of version {version!r}; this cxaudit reads version "
            f"{BACKUP_VERSION}."
        )
    return check_backup(raw, str(path))


def local_action_ids(backup: Backup) -> dict[str, int]:
    """A number for every action ref in the file, so items can name the item they carry."""
    local_ids: dict[str, int] = {}
    for org_entry in backup.organisations:
        for assessment in org_entry.assessments:
            for item in assessment.actions:
                local_ids.setdefault(item.ref, len(local_ids) + 1)
    return local_ids


def domain_assessment(
    organisation: Organisation, entry: BackupAssessment, local_ids: dict[str, int]
) -> Assessment:
    """The assessment `entry` describes, for `organisation`, with action ids from `local_ids`
    (see `local_action_ids`) so that storage can link carried items when it loads them."""
    return Assessment(
        organisation=organisation,
        period=parse_period(entry.period).label,
        questionnaire_id=entry.questionnaire.id,
        questionnaire_version=entry.questionnaire.version,
        questionnaire_hash=entry.questionnaire.hash,
        status=entry.status,
        created_at=entry.created_at,
        completed_at=entry.completed_at,
        targets=entry.targets,
        profile=dict(entry.profile),
        respondents=[
            Respondent(
                name=r.name,
                role=r.role,
                anonymous=r.anonymous,
                finished_at=r.finished_at,
                answers={a.question_id: domain_answer(a) for a in r.answers},
            )
            for r in entry.respondents
        ],
        actions=[
            ActionItem(
                # Ids local to this file; `carried_from` names the local id of its source item.
                id=local_ids[item.ref],
                question_id=item.question_id,
                area_id=item.area_id,
                kind=item.kind,
                text=item.text,
                current_level=item.current_level,
                target_level=item.target_level,
                priority=item.priority,
                owner=item.owner,
                due=item.due,
                status=item.status,
                carried_from=local_ids.get(item.carried_from) if item.carried_from else None,
            )
            for item in entry.actions
        ],
    )
