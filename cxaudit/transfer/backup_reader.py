"""Reading a backup: the whole file checked before anything is restored from it.

The schema catches missing and mistyped fields; the rules it cannot express (a questionnaire's
content matches its hash, answers name its questions, periods are periods, refs resolve) are
checked here, and every problem is reported at once.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from cxaudit.domain.model import ActionItem, Answer, Assessment, Organisation, Respondent
from cxaudit.domain.periods import parse_period
from cxaudit.domain.questionnaire import Questionnaire, questionnaire_from_data
from cxaudit.errors import CxauditError, DataImportError
from cxaudit.transfer.backup import (
    BACKUP_FORMAT,
    BACKUP_VERSION,
    Backup,
    BackupAnswer,
    BackupAssessment,
)


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def read_backup(path: Path) -> tuple[Backup, dict[str, Questionnaire]]:
    """Read and check a backup file; raise `DataImportError` listing every problem in it."""
    origin = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataImportError(f"{path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataImportError(f"{path} cannot be read ({type(exc).__name__}).") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataImportError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    if not isinstance(raw, dict) or raw.get("format") != BACKUP_FORMAT:
        raise DataImportError(
            f"{path} is not a cxaudit backup (its 'format' is not {BACKUP_FORMAT})."
        )
    if raw.get("version") != BACKUP_VERSION:
        raise DataImportError(
            f"{path} is a backup of version {raw.get('version')!r}; this cxaudit reads version "
            f"{BACKUP_VERSION}."
        )
    try:
        backup = Backup.model_validate(raw)
    except ValidationError as exc:
        problems = [f"{origin}: {_location(tuple(e['loc']))}: {e['msg']}" for e in exc.errors()]
        raise DataImportError(
            f"{path} has {len(problems)} problem(s); nothing was imported.", problems
        ) from None
    return backup, _check_backup(backup, origin)


def _check_backup(backup: Backup, origin: str) -> dict[str, Questionnaire]:
    """Rules the schema cannot express: questionnaire content matches its hash, answers name
    questions of their questionnaire, periods are periods, refs resolve."""
    problems: list[str] = []
    questionnaires: dict[str, Questionnaire] = {}
    for index, entry in enumerate(backup.questionnaires):
        where = f"{origin}: questionnaires[{index}]"
        try:
            questionnaire = questionnaire_from_data(entry.content, where)
        except CxauditError as exc:
            problems.append(f"{where}: the content is not a valid questionnaire ({exc.message})")
            continue
        if questionnaire.content_hash != entry.hash:
            problems.append(f"{where}: the content does not match its hash {entry.hash[:12]}")
            continue
        questionnaires[entry.hash] = questionnaire
    names: set[str] = set()
    for o_index, org in enumerate(backup.organisations):
        where_org = f"{origin}: organisations[{o_index}]"
        if org.name.strip().lower() in names:
            problems.append(f"{where_org}.name: '{org.name}' appears twice")
        names.add(org.name.strip().lower())
        for area_id, target in org.default_targets.items():
            if not 1.0 <= target <= 5.0:
                problems.append(f"{where_org}.default_targets.{area_id}: must be 1.0 to 5.0")
        refs = {a.ref for assessment in org.assessments for a in assessment.actions}
        periods_seen: set[str] = set()
        for a_index, assessment in enumerate(org.assessments):
            where = f"{where_org}.assessments[{a_index}]"
            try:
                label = parse_period(assessment.period).label
            except CxauditError as exc:
                problems.append(f"{where}.period: {exc.message}")
                label = assessment.period
            if label in periods_seen:
                problems.append(f"{where}.period: {label} appears twice")
            periods_seen.add(label)
            for area_id, target in assessment.targets.items():
                if not 1.0 <= target <= 5.0:
                    problems.append(f"{where}.targets.{area_id}: must be 1.0 to 5.0")
            used = questionnaires.get(assessment.questionnaire.hash)
            if used is None:
                problems.append(
                    f"{where}.questionnaire: no questionnaire with hash "
                    f"{assessment.questionnaire.hash[:12]} is in the backup"
                )
            for r_index, respondent in enumerate(assessment.respondents):
                for n_index, answer in enumerate(respondent.answers):
                    spot = f"{where}.respondents[{r_index}].answers[{n_index}]"
                    if used is not None and not used.has_question(answer.question_id):
                        problems.append(f"{spot}: '{answer.question_id}' is not a question")
                    try:
                        _answer(answer)
                    except ValidationError as exc:
                        problems.append(f"{spot}: {exc.errors()[0]['msg']}")
            for i_index, item in enumerate(assessment.actions):
                if item.carried_from is not None and item.carried_from not in refs:
                    problems.append(
                        f"{where}.actions[{i_index}].carried_from: no action '{item.carried_from}'"
                    )
    if problems:
        raise DataImportError(
            f"{origin} has {len(problems)} problem(s); nothing was imported.", problems
        )
    return questionnaires


def _answer(entry: BackupAnswer) -> Answer:
    return Answer(**entry.model_dump())


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
        respondents=[
            Respondent(
                name=r.name,
                role=r.role,
                answers={a.question_id: _answer(a) for a in r.answers},
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
