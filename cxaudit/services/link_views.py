"""What the personal-links use-cases hand back: a link just issued, a link's state, and what a
valid token opens; and the two small rules every caller shares (the stored hash, the URL)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from cxaudit.domain.links import LinkCondition
from cxaudit.domain.model import Role


@dataclass(frozen=True)
class IssuedLink:
    """A link just issued: the token is here once and never stored or shown again."""

    token: str
    respondent_id: int
    respondent_label: str
    role: Role
    anonymous: bool
    expires_at: datetime

    def __repr__(self) -> str:
        # A stray log of the object must not carry the secret.
        return (
            f"IssuedLink(respondent_id={self.respondent_id}, "
            f"respondent_label={self.respondent_label!r}, role={self.role.value!r}, "
            f"anonymous={self.anonymous}, expires_at={self.expires_at.isoformat()})"
        )


@dataclass(frozen=True)
class LinkState:
    """One link as the organiser sees it: whose, how far they have got, and whether it opens."""

    link_id: int
    respondent_id: int
    respondent_label: str
    role: Role
    anonymous: bool
    state: str
    """`not opened`, `in progress 12 of 48` or `finished`."""
    settled: int
    total: int
    finished: bool
    last_activity: datetime | None
    """The latest of: the link seen, an answer saved, the respondent finishing."""
    created_at: datetime
    expires_at: datetime
    condition: LinkCondition

    @property
    def revoked(self) -> bool:
        """Whether the link was revoked."""
        return self.condition is LinkCondition.REVOKED

    @property
    def expired(self) -> bool:
        """Whether the link has reached its expiry (and was not revoked before)."""
        return self.condition is LinkCondition.EXPIRED


@dataclass(frozen=True)
class LinkGrant:
    """What a valid token opens: one respondent of one draft assessment, nothing else."""

    link_id: int
    assessment_id: int
    respondent_id: int
    respondent_label: str
    role: Role
    anonymous: bool
    organisation_name: str
    period: str
    expires_at: datetime
    finished_at: datetime | None = None
    """When the respondent said they had finished, if they have (they may still look)."""


def token_hash(token: str) -> str:
    """The SHA-256 (hex) of a token: all that is ever stored of it."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def link_url(base_url: str, token: str) -> str:
    """The address a respondent opens: `<base>/a/<token>`."""
    return f"{base_url.rstrip('/')}/a/{token}"
