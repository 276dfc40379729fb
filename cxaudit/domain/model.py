"""Answers, respondents, assessments and action items: what people give and what is kept.

These are the domain objects that storage converts its rows into and that scoring, the TUI, the
CLI and the PDF read. They carry no database identity beyond plain integer ids.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cxaudit.errors import ValidationProblem


class Role(StrEnum):
    """A respondent's position, used to find gaps between leaders and the front line."""

    LEADER = "leader"
    MANAGER = "manager"
    FRONTLINE = "frontline"
    OTHER = "other"


class AssessmentStatus(StrEnum):
    """A draft is still being answered; a complete assessment is part of history."""

    DRAFT = "draft"
    COMPLETE = "complete"


class ActionStatus(StrEnum):
    """Where an action item stands."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        """The status as people write it."""
        return self.value.replace("_", " ")


class Confidence(StrEnum):
    """How sure a respondent is of an answer. It never changes a score; it is shown beside the
    level, and an area answered mostly with low confidence is flagged."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


AnswerValue = int | Literal["na", "unknown"]
"""A level 1..5, `na` (not applicable, with a reason) or `unknown` ("don't know")."""


class Answer(BaseModel):
    """One respondent's answer to one question."""

    model_config = ConfigDict(frozen=True)

    question_id: str
    value: AnswerValue
    na_reason: str = ""
    note: str = ""
    evidence: str = ""
    """What someone could be shown to see the practice; needed at and above the evidence gate."""
    needs_reconfirm: bool = False
    updated_at: datetime | None = None
    confidence: Confidence = Confidence.MEDIUM
    unverified: bool = False
    """Given at or above the evidence gate without evidence, and let through on purpose (an
    import with `--accept-unverified`): counted as given, listed as unverified."""

    @model_validator(mode="after")
    def _check(self) -> Answer:
        if isinstance(self.value, int) and not 1 <= self.value <= 5:
            raise ValueError(f"level must be between 1 and 5, got {self.value}")
        if self.value == "na" and not self.na_reason.strip():
            raise ValueError("an N/A answer needs a reason")
        return self

    @property
    def level(self) -> int | None:
        """The level given, or None for `na` and `unknown`."""
        return self.value if isinstance(self.value, int) else None

    @property
    def is_na(self) -> bool:
        """Whether the respondent said the practice cannot apply."""
        return self.value == "na"

    @property
    def is_unknown(self) -> bool:
        """Whether the respondent said they don't know."""
        return self.value == "unknown"

    @property
    def display(self) -> str:
        """The answer as shown to people: `3`, `N/A` or `don't know`."""
        if self.value == "na":
            return "N/A"
        if self.value == "unknown":
            return "don't know"
        return str(self.value)


def make_answer(
    question_id: str,
    value: AnswerValue | str,
    *,
    na_reason: str = "",
    note: str = "",
    evidence: str = "",
    needs_reconfirm: bool = False,
    updated_at: datetime | None = None,
    confidence: Confidence | str = Confidence.MEDIUM,
    unverified: bool = False,
) -> Answer:
    """Build an answer from user input, turning any rule it breaks into one clear sentence."""
    parsed: AnswerValue
    if isinstance(value, int):
        parsed = value
    else:
        text = value.strip().lower()
        if text in {"na", "n/a"}:
            parsed = "na"
        elif text in {"unknown", "dk", "don't know", "dont know", "?"}:
            parsed = "unknown"
        elif text.isdigit():
            parsed = int(text)
        else:
            raise ValidationProblem(
                f"'{value}' is not an answer: use a level 1 to 5, 'na' or 'unknown'."
            )
    if isinstance(parsed, int) and not 1 <= parsed <= 5:
        raise ValidationProblem(f"Level {parsed} is out of range: levels go from 1 to 5.")
    if parsed == "na" and not na_reason.strip():
        raise ValidationProblem(f"An N/A answer to {question_id} needs a reason.")
    sure = str(confidence).strip().lower() or Confidence.MEDIUM.value
    if sure not in {level.value for level in Confidence}:
        raise ValidationProblem(
            f"'{confidence}' is not a confidence: use 'low', 'medium' or 'high'."
        )
    return Answer(
        question_id=question_id,
        value=parsed,
        na_reason=na_reason,
        note=note,
        evidence=evidence,
        needs_reconfirm=needs_reconfirm,
        updated_at=updated_at,
        confidence=Confidence(sure),
        unverified=unverified,
    )


class Respondent(BaseModel):
    """A person answering an assessment, with their answers keyed by question id."""

    id: int | None = None
    name: str = Field(min_length=1)
    role: Role = Role.OTHER
    answers: dict[str, Answer] = Field(default_factory=dict)
    anonymous: bool = False
    """Answering through an anonymous link: `name` is a neutral label, never a person's."""
    finished_at: datetime | None = None
    """When the respondent said they had finished (through their personal link)."""


class ActionItem(BaseModel):
    """One thing to do before the next audit, with an owner, a due date and a status.

    `kind` is `improve` for a step on an area's path to target and `find_out` for a
    "don't know" answer that has to be resolved.
    """

    id: int | None = None
    question_id: str
    area_id: str
    kind: Literal["improve", "find_out"] = "improve"
    text: str
    current_level: int | None = None
    """The floor of the question's score when the plan was made (None for find-out items)."""
    target_level: int | None = None
    """The level the path to target takes the question to (None for find-out items)."""
    priority: float = 0.0
    owner: str = ""
    due: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    carried_from: int | None = None
    """The id of the item in an earlier assessment this one was carried over from."""


class Organisation(BaseModel):
    """A client organisation or business unit that is assessed over time."""

    id: int | None = None
    name: str = Field(min_length=1)
    slug: str = Field(min_length=1)
    sector: str = ""
    default_targets: dict[str, float] = Field(default_factory=dict)
    next_due: date | None = None
    profile: dict[str, bool] = Field(default_factory=dict)
    """Answers to the questionnaire's profile questions (flag id to yes/no); a flag not listed
    takes the questionnaire's default."""


class Assessment(BaseModel):
    """One organisation's assessment for one period, with its respondents and action plan."""

    id: int | None = None
    organisation: Organisation
    period: str
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_hash: str
    status: AssessmentStatus = AssessmentStatus.DRAFT
    created_at: datetime | None = None
    completed_at: datetime | None = None
    targets: dict[str, float] = Field(default_factory=dict)
    """Per-area targets set on this assessment; areas not listed use the organisation's or the
    questionnaire's default."""
    respondents: list[Respondent] = Field(default_factory=list)
    actions: list[ActionItem] = Field(default_factory=list)
    profile: dict[str, bool] = Field(default_factory=dict)
    """The organisation's profile flags as they stood for this assessment: they decide which
    questions applied, and history keeps them when the organisation's profile changes."""
