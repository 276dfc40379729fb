"""Writing a backup: organisations and their assessments as the data of a backup file.

Action items get file-local refs (`<period>#<position>`) instead of database ids, and answers are
kept in questionnaire order, so the same data always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from cxaudit.domain.model import Answer, Assessment, Organisation
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.transfer.backup import BACKUP_FORMAT, BACKUP_VERSION


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
        "confidence": answer.confidence.value,
        "unverified": answer.unverified,
    }


def _profile(profile: Mapping[str, bool]) -> dict[str, bool]:
    """A profile as the file keeps it: flags sorted, so the same answers give the same bytes."""
    return dict(sorted(profile.items()))


def _export_organisation(
    organisation: Organisation,
    history: Sequence[tuple[Questionnaire, Assessment]],
    questionnaires: dict[str, Questionnaire],
    archived: bool,
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
                "anonymous": respondent.anonymous,
                "finished_at": _stamp(respondent.finished_at),
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
                "profile": _profile(assessment.profile),
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
        "profile": _profile(organisation.profile),
        "archived": archived,
        "assessments": assessments,
    }


def backup_data(
    organisations: Sequence[tuple[Organisation, Sequence[tuple[Questionnaire, Assessment]]]],
    *,
    archived: Collection[int] = (),
) -> dict[str, Any]:
    """Organisations, each with its assessments (drafts too) in period order, as backup data
    ready for `json.dump`; each questionnaire used is stored once with its full content.
    `archived` holds the ids of the organisations that are archived."""
    questionnaires: dict[str, Questionnaire] = {}
    archived_ids = set(archived)
    exported = [
        _export_organisation(organisation, history, questionnaires, organisation.id in archived_ids)
        for organisation, history in organisations
    ]
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
        "organisations": exported,
    }
