"""JSON backups: everything cxaudit keeps, in one versioned file that restores exactly.

A backup holds organisations (with their profile answers and whether they are archived), their
assessments (drafts too, each with the profile it was taken under), respondents, answers with
notes, evidence, confidence and the unverified mark, action plans, and the content of every
questionnaire used, so an assessment restored on another machine keeps its wording. The
database's ids are not part of the file: action items are named `<period>#<position>` so that
exporting, importing into an empty database and exporting again gives the same bytes.

Fields added after the first release (`confidence`, `unverified`, `profile`, `archived`, a
respondent's `anonymous` and `finished_at`) are optional with the value older cxaudit meant, so
an older backup still restores; the version stays 1 for that reason.

This module is the file's schema; `backup_writer` fills it from domain objects and
`backup_reader` checks a file and turns it back into them.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
)

from cxaudit.domain.model import ActionStatus, AssessmentStatus, Confidence, Role
from cxaudit.domain.scale import PROFILE_FLAG_PATTERN

BACKUP_FORMAT = "cxaudit-backup"
BACKUP_VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _answer_value(value: Any) -> Any:
    """A level or `na`/`unknown` exactly as written: `true` is not level 1, nor `"3"` level 3."""
    if (isinstance(value, int) and not isinstance(value, bool)) or value in ("na", "unknown"):
        return value
    raise ValueError(f"must be a level 1 to 5, 'na' or 'unknown', not {str(value)[:40]!r}")


AnswerValue = Annotated[int | Literal["na", "unknown"], BeforeValidator(_answer_value)]
Targets = dict[str, StrictFloat]
"""Targets by area id: numbers as written, never text that looks like one."""


def _profile(value: Any) -> Any:
    """Profile flag ids as the questionnaire writes them (lower-case letters, digits, `_`)."""
    if isinstance(value, dict):
        for flag_id in value:
            if re.fullmatch(PROFILE_FLAG_PATTERN, flag_id) is None:
                raise ValueError(
                    f"'{flag_id[:40]}' is not a profile flag: use lower-case letters, digits "
                    "and '_'"
                )
    return value


Profile = Annotated[dict[str, StrictBool], AfterValidator(_profile)]
"""Profile answers by flag id: `true` or `false` as written, never "yes" or 1."""


class BackupAnswer(_Strict):
    """One answer as kept in a backup."""

    question_id: str
    value: AnswerValue
    na_reason: str = ""
    note: str = ""
    evidence: str = ""
    needs_reconfirm: StrictBool = False
    updated_at: datetime | None = None
    confidence: Confidence = Confidence.MEDIUM
    unverified: StrictBool = False


class BackupRespondent(_Strict):
    """One respondent as kept in a backup."""

    name: str = Field(min_length=1)
    role: Role
    anonymous: StrictBool = False
    finished_at: datetime | None = None
    answers: list[BackupAnswer] = Field(default_factory=list)


class BackupAction(_Strict):
    """One action item; `ref` is `<period>#<position>` and `carried_from` names another ref."""

    ref: str
    question_id: str
    area_id: str
    kind: Literal["improve", "find_out"] = "improve"
    text: str
    current_level: StrictInt | None = None
    target_level: StrictInt | None = None
    priority: StrictFloat = 0.0
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
    targets: Targets = Field(default_factory=dict)
    profile: Profile = Field(default_factory=dict)
    respondents: list[BackupRespondent] = Field(default_factory=list)
    actions: list[BackupAction] = Field(default_factory=list)


class BackupOrganisation(_Strict):
    """One organisation with its assessments."""

    name: str = Field(min_length=1)
    slug: str = ""
    sector: str = ""
    default_targets: Targets = Field(default_factory=dict)
    next_due: date | None = None
    profile: Profile = Field(default_factory=dict)
    archived: StrictBool = False
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


def backup_text(data: dict[str, Any]) -> str:
    """The backup as the JSON text written to a file (stable: same data, same bytes)."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
