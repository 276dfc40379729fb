"""Respondent links: one row per personal link, holding the SHA-256 of its token, never the token.

A link belongs to one respondent of one assessment. It is looked up by the hash of the token a
browser presents; revoking stamps `revoked_at` (the row stays, so the organiser still sees it);
opening stamps `opened_at` once and `last_seen_at` each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlmodel import Session

from cxaudit.domain.model import Role
from cxaudit.storage.repository._tx import writes
from cxaudit.storage.rows import aware
from cxaudit.storage.tables import (
    answers,
    assessments,
    organisations,
    respondent_links,
    respondents,
)


@dataclass(frozen=True)
class StoredLink:
    """One link as the organiser's list shows it, with its respondent."""

    link_id: int
    respondent_id: int
    respondent_name: str
    role: Role
    anonymous: bool
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    opened_at: datetime | None
    last_seen_at: datetime | None
    finished_at: datetime | None
    last_answer_at: datetime | None
    """When the respondent last saved an answer, through the link or otherwise."""


@dataclass(frozen=True)
class LinkAccess:
    """What a presented token's hash finds: the link, its respondent and its assessment."""

    link_id: int
    token_hash: str
    assessment_id: int
    assessment_status: str
    respondent_id: int
    respondent_name: str
    role: Role
    anonymous: bool
    finished_at: datetime | None
    organisation_name: str
    period: str
    expires_at: datetime
    revoked_at: datetime | None


def _moment(value: datetime | None) -> datetime:
    stamped = aware(value)
    assert stamped is not None, "the column is NOT NULL"
    return stamped


@writes
def add_links(
    session: Session,
    *,
    assessment_id: int,
    issued: list[tuple[int, str]],
    created_at: datetime,
    expires_at: datetime,
) -> list[int]:
    """Store one link per (respondent id, token hash) in `issued`; returns their ids in order."""
    if not issued:
        return []
    return [
        int(i)
        for i in session.execute(
            insert(respondent_links).returning(respondent_links.c.id, sort_by_parameter_order=True),
            [
                {
                    "assessment_id": assessment_id,
                    "respondent_id": respondent_id,
                    "token_hash": token_hash,
                    "created_at": created_at,
                    "expires_at": expires_at,
                }
                for respondent_id, token_hash in issued
            ],
        ).scalars()
    ]


def links_of(session: Session, *, assessment_id: int) -> list[StoredLink]:
    """Every link of an assessment with its respondent, oldest first (revoked ones too)."""
    last_answer = (
        select(answers.c.respondent_id, func.max(answers.c.updated_at).label("last_answer_at"))
        .group_by(answers.c.respondent_id)
        .subquery()
    )
    rows = session.execute(
        select(
            respondent_links.c.id,
            respondent_links.c.respondent_id,
            respondents.c.name,
            respondents.c.role,
            respondents.c.anonymous,
            respondents.c.finished_at,
            respondent_links.c.created_at,
            respondent_links.c.expires_at,
            respondent_links.c.revoked_at,
            respondent_links.c.opened_at,
            respondent_links.c.last_seen_at,
            last_answer.c.last_answer_at,
        )
        .join(respondents, respondents.c.id == respondent_links.c.respondent_id)
        .outerjoin(last_answer, last_answer.c.respondent_id == respondent_links.c.respondent_id)
        .where(respondent_links.c.assessment_id == assessment_id)
        .order_by(respondent_links.c.id)
    ).all()
    return [
        StoredLink(
            link_id=int(row.id),
            respondent_id=int(row.respondent_id),
            respondent_name=str(row.name),
            role=Role(row.role),
            anonymous=bool(row.anonymous),
            created_at=_moment(row.created_at),
            expires_at=_moment(row.expires_at),
            revoked_at=aware(row.revoked_at),
            opened_at=aware(row.opened_at),
            last_seen_at=aware(row.last_seen_at),
            finished_at=aware(row.finished_at),
            last_answer_at=aware(row.last_answer_at),
        )
        for row in rows
    ]


def link_by_hash(session: Session, *, token_hash: str) -> LinkAccess | None:
    """The link whose token hashes to `token_hash`, with what it opens; None if there is none."""
    row = session.execute(
        select(
            respondent_links.c.id,
            respondent_links.c.token_hash,
            respondent_links.c.assessment_id,
            respondent_links.c.respondent_id,
            respondent_links.c.expires_at,
            respondent_links.c.revoked_at,
            assessments.c.status,
            assessments.c.period,
            respondents.c.name,
            respondents.c.role,
            respondents.c.anonymous,
            respondents.c.finished_at,
            organisations.c.name.label("organisation_name"),
        )
        .join(respondents, respondents.c.id == respondent_links.c.respondent_id)
        .join(assessments, assessments.c.id == respondent_links.c.assessment_id)
        .join(organisations, organisations.c.id == assessments.c.organisation_id)
        .where(
            respondent_links.c.token_hash == token_hash,
            # A link is only ever for a respondent of its own assessment.
            respondents.c.assessment_id == respondent_links.c.assessment_id,
        )
    ).one_or_none()
    if row is None:
        return None
    return LinkAccess(
        link_id=int(row.id),
        token_hash=str(row.token_hash),
        assessment_id=int(row.assessment_id),
        assessment_status=str(row.status),
        respondent_id=int(row.respondent_id),
        respondent_name=str(row.name),
        role=Role(row.role),
        anonymous=bool(row.anonymous),
        finished_at=aware(row.finished_at),
        organisation_name=str(row.organisation_name),
        period=str(row.period),
        expires_at=_moment(row.expires_at),
        revoked_at=aware(row.revoked_at),
    )


@writes
def mark_link_seen(session: Session, *, link_id: int, now: datetime) -> None:
    """Stamp a link as seen now, and as opened now if this is the first time."""
    session.execute(
        update(respondent_links)
        .where(respondent_links.c.id == link_id)
        .values(
            opened_at=func.coalesce(respondent_links.c.opened_at, now),
            last_seen_at=now,
        )
    )


@writes
def revoke_links(
    session: Session, *, assessment_id: int, respondent_id: int | None = None, now: datetime
) -> int:
    """Revoke an assessment's links not yet revoked (one respondent's, or all); how many."""
    condition = [
        respondent_links.c.assessment_id == assessment_id,
        respondent_links.c.revoked_at.is_(None),
    ]
    if respondent_id is not None:
        condition.append(respondent_links.c.respondent_id == respondent_id)
    result = session.execute(update(respondent_links).where(*condition).values(revoked_at=now))
    return int(getattr(result, "rowcount", 0) or 0)
