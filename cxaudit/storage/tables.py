"""The table rows: what is kept on disk, separate from the domain objects it is converted into.

The rows are SQLModel tables with their own metadata and a constraint naming convention, so that
alembic can alter them on SQLite (batch mode rebuilds tables and needs stable names). Nothing
outside `cxaudit.storage` sees these classes; the repository converts them to domain objects.

Every foreign key is indexed, children are removed with their parent (`ON DELETE CASCADE`) and
`(organisation_id, period)` is both unique and indexed, because a consultant's portfolio of
hundreds of organisations must list and load with set-based queries.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import registry
from sqlmodel import Column, Field, SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)
"""The schema cxaudit keeps; alembic's migrations must agree with it (a test checks)."""


class _Row(SQLModel, registry=registry(metadata=metadata)):
    """Base of every table row, bound to cxaudit's own metadata, not SQLModel's global one."""


def _fk(target: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> Any:
    return Field(
        default=None if nullable else ...,
        sa_column=Column(
            Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True
        ),
    )


def _text(default: str = "") -> Any:
    return Field(default=default, sa_column=Column(Text, nullable=False, default=default))


def _when(*, nullable: bool = False) -> Any:
    return Field(
        default=None,
        sa_column=Column(DateTime(timezone=True), nullable=nullable),
    )


class QuestionnaireRow(_Row, table=True):
    """A questionnaire's content, stored once per content hash, so old assessments keep their
    wording after the questionnaire file changes."""

    __tablename__ = "questionnaires"

    id: int | None = Field(default=None, primary_key=True)
    content_hash: str = Field(sa_type=String(64), unique=True)
    questionnaire_id: str = Field(sa_type=String(100))
    version: str = Field(sa_type=String(50))
    question_count: int = Field(sa_type=Integer)
    content: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))


class OrganisationRow(_Row, table=True):
    """An organisation assessed over time."""

    __tablename__ = "organisations"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_type=String(200), unique=True)
    slug: str = Field(sa_type=String(200), unique=True)
    sector: str = _text()
    default_targets: dict[str, float] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    next_due: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    created_at: datetime | None = _when()
    archived_at: datetime | None = _when(nullable=True)
    """When the organisation was archived: it leaves the lists but keeps its history."""
    profile: dict[str, bool] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    """The organisation's answers to the questionnaire's profile questions (flag id to yes/no),
    which decide the questions that apply to its future assessments."""


class AssessmentRow(_Row, table=True):
    """One organisation's assessment for one period."""

    __tablename__ = "assessments"
    __table_args__ = (
        UniqueConstraint("organisation_id", "period"),
        Index("ix_assessments_organisation_id_period_start", "organisation_id", "period_start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = _fk("organisations.id")
    period: str = Field(sa_type=String(20))
    period_start: date = Field(sa_column=Column(Date, nullable=False))
    questionnaire_row_id: int = _fk("questionnaires.id", ondelete="RESTRICT")
    questionnaire_id: str = Field(sa_type=String(100))
    questionnaire_version: str = Field(sa_type=String(50))
    questionnaire_hash: str = Field(sa_type=String(64))
    status: str = Field(sa_type=String(20), index=True)
    created_at: datetime | None = _when()
    completed_at: datetime | None = _when(nullable=True)
    targets: dict[str, float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    carried_from_id: int | None = _fk("assessments.id", nullable=True, ondelete="SET NULL")
    """The completed assessment this one was pre-filled from, when it carried forward."""
    profile: dict[str, bool] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    """The organisation's profile flags as they stood for this assessment, so that history
    keeps the questions that applied then after the organisation's profile changes."""


class RespondentRow(_Row, table=True):
    """A person answering an assessment."""

    __tablename__ = "respondents"

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = _fk("assessments.id")
    name: str = Field(sa_type=String(200))
    role: str = Field(sa_type=String(20))
    created_at: datetime | None = _when()
    anonymous: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, default=False))
    """Answering through an anonymous link: the name is a neutral label, never a person's."""
    finished_at: datetime | None = _when(nullable=True)
    """When the respondent said they had finished (through their personal link)."""


class AnswerRow(_Row, table=True):
    """One respondent's answer to one question: a level `1`..`5`, `na` or `unknown`."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("respondent_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    respondent_id: int = _fk("respondents.id")
    question_id: str = Field(sa_type=String(100))
    value: str = Field(sa_type=String(10))
    na_reason: str = _text()
    note: str = _text()
    evidence: str = _text()
    updated_at: datetime | None = _when()
    needs_reconfirm: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, default=False)
    )
    confidence: str = Field(
        default="medium",
        sa_column=Column(String(10), nullable=False, default="medium"),
    )
    """How sure the respondent is of this answer: `low`, `medium` or `high`."""
    unverified: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, default=False)
    )
    """Imported at or above the evidence gate without evidence, on purpose: counted as given,
    listed as unverified."""


class ActionItemRow(_Row, table=True):
    """One item of an assessment's action plan."""

    __tablename__ = "action_items"

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = _fk("assessments.id")
    position: int = Field(sa_type=Integer)
    question_id: str = Field(sa_type=String(100))
    area_id: str = Field(sa_type=String(100))
    kind: str = Field(sa_type=String(20))
    text: str = _text()
    current_level: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    target_level: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    priority: float = Field(sa_type=Float)
    owner: str = _text()
    due: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    status: str = Field(sa_type=String(20))
    carried_from_id: int | None = _fk("action_items.id", nullable=True, ondelete="SET NULL")


class AssessmentScoreRow(_Row, table=True):
    """The overall score of a completed assessment, as the domain computed it at completion.

    Kept so that listing hundreds of organisations is one query, not hundreds of scorings.
    """

    __tablename__ = "assessment_scores"

    assessment_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
        ),
    )
    overall: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    percent: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    stage: str | None = Field(default=None, sa_column=Column(String(100), nullable=True))
    respondent_count: int = Field(sa_type=Integer)
    computed_at: datetime | None = _when()


class AreaScoreRow(_Row, table=True):
    """One area's score in a completed assessment's snapshot."""

    __tablename__ = "area_scores"

    assessment_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
        ),
    )
    area_id: str = Field(sa_column=Column(String(100), primary_key=True))
    score: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    percent: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    covered: int = Field(sa_type=Integer)
    applicable: int = Field(sa_type=Integer)
    target: float = Field(sa_type=Float)


class QuestionScoreRow(_Row, table=True):
    """One question's score in a completed assessment's snapshot, as the domain scored it.

    Kept so that a benchmark reads each peer's level on each question without its answers.
    A snapshot has a row for every question of the questionnaire; `score` and `level` are None
    where nobody gave a level (or the question does not apply).
    """

    __tablename__ = "question_scores"

    assessment_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
        ),
    )
    question_id: str = Field(sa_column=Column(String(100), primary_key=True))
    score: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    """The mean of the levels given."""
    level: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    """The level reached (`peers.question_level`): what a benchmark compares."""
    given: int = Field(sa_type=Integer)
    """How many levels were given."""


class RespondentLinkRow(_Row, table=True):
    """A personal link through which one respondent answers from a browser.

    Only the SHA-256 of the link's token is kept, so the database alone cannot open a link.
    """

    __tablename__ = "respondent_links"

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = _fk("assessments.id")
    respondent_id: int = _fk("respondents.id")
    token_hash: str = Field(sa_type=String(64), unique=True)
    created_at: datetime | None = _when()
    expires_at: datetime | None = _when()
    revoked_at: datetime | None = _when(nullable=True)
    opened_at: datetime | None = _when(nullable=True)
    last_seen_at: datetime | None = _when(nullable=True)


answers = AnswerRow.__table__  # type: ignore[attr-defined]
respondents = RespondentRow.__table__  # type: ignore[attr-defined]
assessments = AssessmentRow.__table__  # type: ignore[attr-defined]
organisations = OrganisationRow.__table__  # type: ignore[attr-defined]
action_items = ActionItemRow.__table__  # type: ignore[attr-defined]
questionnaires = QuestionnaireRow.__table__  # type: ignore[attr-defined]
assessment_scores = AssessmentScoreRow.__table__  # type: ignore[attr-defined]
area_scores = AreaScoreRow.__table__  # type: ignore[attr-defined]
question_scores = QuestionScoreRow.__table__  # type: ignore[attr-defined]
respondent_links = RespondentLinkRow.__table__  # type: ignore[attr-defined]
