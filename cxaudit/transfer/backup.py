"""JSON backups: everything cxaudit keeps, in one versioned file that restores exactly.

A backup holds organisations, their assessments (drafts too), respondents, answers with notes and
evidence, action plans, and the content of every questionnaire used, so an assessment restored
on another machine keeps its wording. Database ids are not part of the file: action items are
named `<period>#<position>` so that exporting, importing into an empty database and exporting
again gives the same bytes.

Importing merges: organisations are matched by name, and an assessment that already exists is
left alone unless `replace` is asked for.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cxaudit.domain.model import (
    ActionItem,
    ActionStatus,
    Answer,
    Assessment,
    AssessmentStatus,
    Organisation,
    Respondent,
    Role,
)
from cxaudit.domain.periods import parse_period
from cxaudit.domain.questionnaire import Questionnaire, questionnaire_from_data
from cxaudit.errors import CxauditError, DataImportError, NotFoundError

if TYPE_CHECKING:
    from cxaudit.storage.engine import Database

BACKUP_FORMAT = "cxaudit-backup"
BACKUP_VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BackupAnswer(_Strict):
    """One answer as kept in a backup."""

    question_id: str
    value: int | Literal["na", "unknown"]
    na_reason: str = ""
    note: str = ""
    evidence: str = ""
    needs_reconfirm: bool = False
    updated_at: datetime | None = None


class BackupRespondent(_Strict):
    """One respondent as kept in a backup."""

    name: str = Field(min_length=1)
    role: Role
    answers: list[BackupAnswer] = Field(default_factory=list)


class BackupAction(_Strict):
    """One action item; `ref` is `<period>#<position>` and `carried_from` names another ref."""

    ref: str
    question_id: str
    area_id: str
    kind: Literal["improve", "find_out"] = "improve"
    text: str
    current_level: int | None = None
    target_level: int | None = None
    priority: float = 0.0
    owner: str = ""
    due: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    carried_from: str | None = None


class BackupQuestionnaireRef(_Strict):
    """Which questionnaire an assessment was taken with."""

    id: str
    version: str
    hash: str


class BackupAssessment(_Strict):
    """One assessment as kept in a backup."""

    period: str
    status: AssessmentStatus
    questionnaire: BackupQuestionnaireRef
    created_at: datetime | None = None
    completed_at: datetime | None = None
    targets: dict[str, float] = Field(default_factory=dict)
    respondents: list[BackupRespondent] = Field(default_factory=list)
    actions: list[BackupAction] = Field(default_factory=list)


class BackupOrganisation(_Strict):
    """One organisation with its assessments."""

    name: str = Field(min_length=1)
    slug: str = ""
    sector: str = ""
    default_targets: dict[str, float] = Field(default_factory=dict)
    next_due: date | None = None
    assessments: list[BackupAssessment] = Field(default_factory=list)


class BackupQuestionnaire(_Strict):
    """A questionnaire's full content, as stored with the assessments that used it."""

    id: str
    version: str
    hash: str
    content: dict[str, Any]


class Backup(_Strict):
    """The whole backup file."""

    format: Literal["cxaudit-backup"]
    version: int
    questionnaires: list[BackupQuestionnaire] = Field(default_factory=list)
    organisations: list[BackupOrganisation] = Field(default_factory=list)


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


# --------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------


def _stamp(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _question_order(questionnaire: Questionnaire) -> dict[str, int]:
    return {q.id: i for i, q in enumerate(questionnaire.questions)}


def _export_answer(answer: Answer) -> dict[str, Any]:
    return {
        "question_id": answer.question_id,
        "value": answer.value,
        "na_reason": answer.na_reason,
        "note": answer.note,
        "evidence": answer.evidence,
        "needs_reconfirm": answer.needs_reconfirm,
        "updated_at": _stamp(answer.updated_at),
    }


def _export_organisation(
    organisation: Organisation,
    history: list[tuple[Questionnaire, Assessment]],
    questionnaires: dict[str, Questionnaire],
) -> dict[str, Any]:
    refs: dict[int, str] = {}
    for _q, assessment in history:
        for position, item in enumerate(assessment.actions, start=1):
            if item.id is not None:
                refs[item.id] = f"{assessment.period}#{position}"
    assessments: list[dict[str, Any]] = []
    for questionnaire, assessment in history:
        questionnaires[questionnaire.content_hash] = questionnaire
        order = _question_order(questionnaire)
        respondents = [
            {
                "name": respondent.name,
                "role": respondent.role.value,
                "answers": [
                    _export_answer(answer)
                    for answer in sorted(
                        respondent.answers.values(),
                        key=lambda a: (order.get(a.question_id, len(order)), a.question_id),
                    )
                ],
            }
            for respondent in assessment.respondents
        ]
        actions = [
            {
                "ref": f"{assessment.period}#{position}",
                "question_id": item.question_id,
                "area_id": item.area_id,
                "kind": item.kind,
                "text": item.text,
                "current_level": item.current_level,
                "target_level": item.target_level,
                "priority": item.priority,
                "owner": item.owner,
                "due": item.due.isoformat() if item.due else None,
                "status": item.status.value,
                "carried_from": refs.get(item.carried_from)
                if item.carried_from is not None
                else None,
            }
            for position, item in enumerate(assessment.actions, start=1)
        ]
        assessments.append(
            {
                "period": assessment.period,
                "status": assessment.status.value,
                "questionnaire": {
                    "id": assessment.questionnaire_id,
                    "version": assessment.questionnaire_version,
                    "hash": assessment.questionnaire_hash,
                },
                "created_at": _stamp(assessment.created_at),
                "completed_at": _stamp(assessment.completed_at),
                "targets": dict(sorted(assessment.targets.items())),
                "respondents": respondents,
                "actions": actions,
            }
        )
    return {
        "name": organisation.name,
        "slug": organisation.slug,
        "sector": organisation.sector,
        "default_targets": dict(sorted(organisation.default_targets.items())),
        "next_due": organisation.next_due.isoformat() if organisation.next_due else None,
        "assessments": assessments,
    }


def export_backup(db: Database, *, organisation: str | None = None) -> dict[str, Any]:
    """Everything in `db` (or one organisation's data) as backup data, ready for `json.dump`."""
    from cxaudit.storage import repository

    questionnaires: dict[str, Questionnaire] = {}
    organisations: list[dict[str, Any]] = []
    with db.session() as session:
        if organisation is not None:
            chosen = [repository.get_organisation(session, ref=organisation)]
        else:
            chosen = [s.organisation for s in repository.list_organisations(session)]
        for org in chosen:
            assert org.id is not None
            history = repository.organisation_history(
                session, organisation_id=org.id, include_drafts=True
            )
            organisations.append(_export_organisation(org, history, questionnaires))
    return {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "questionnaires": [
            {
                "id": q.id,
                "version": q.version,
                "hash": digest,
                "content": q.to_toml_dict(),
            }
            for digest, q in sorted(questionnaires.items())
        ],
        "organisations": organisations,
    }


def backup_text(data: dict[str, Any]) -> str:
    """The backup as the JSON text written to a file (stable: same data, same bytes)."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------


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


def _domain_assessment(
    organisation: Organisation, entry: BackupAssessment, local_ids: dict[str, int]
) -> Assessment:
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


def import_backup(db: Database, path: Path, *, replace: bool = False) -> BackupImportSummary:
    """Merge a backup file into `db`.

    The whole file is checked before anything is written. Organisations are matched by name
    (ignoring case) and created when new; an existing assessment (same organisation and period)
    is kept as it is unless `replace` is true.
    """
    from cxaudit.storage import repository

    backup, questionnaires = read_backup(path)
    created = imported = replaced = 0
    skipped: list[str] = []
    local_ids: dict[str, int] = {}
    for org_entry in backup.organisations:
        for assessment in org_entry.assessments:
            for item in assessment.actions:
                local_ids.setdefault(item.ref, len(local_ids) + 1)
    for org_entry in backup.organisations:
        with db.session() as session:
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
            existing: dict[str, int] = {}
            if not is_new:
                for _q, found in repository.organisation_history(
                    session, organisation_id=organisation.id, include_drafts=True
                ):
                    assert found.id is not None
                    existing[found.period] = found.id
        refs = {item.ref: local_ids[item.ref] for a in org_entry.assessments for item in a.actions}
        by_questionnaire: dict[str, list[Assessment]] = defaultdict(list)
        for entry in org_entry.assessments:
            label = parse_period(entry.period).label
            if label in existing:
                if not replace:
                    skipped.append(f"{organisation.name} {label}")
                    continue
                with db.session() as session:
                    repository.delete_assessment(
                        session, assessment_id=existing[label], confirm=True
                    )
                replaced += 1
            by_questionnaire[entry.questionnaire.hash].append(
                _domain_assessment(organisation, entry, refs)
            )
        for digest, batch in by_questionnaire.items():
            with db.session() as session:
                repository.bulk_load_assessments(
                    session, questionnaire=questionnaires[digest], assessments_to_load=batch
                )
            imported += len(batch)
        if by_questionnaire or is_new:
            # Loading recomputes the due date from the periods; the backup's own date wins.
            with db.session() as session:
                repository.update_organisation(
                    session, organisation_id=organisation.id, next_due=org_entry.next_due
                )
    return BackupImportSummary(created, imported, replaced, tuple(skipped))
