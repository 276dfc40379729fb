"""Personal links: each respondent answers one draft assessment from their own browser.

A link is a random token (`secrets.token_urlsafe(32)`, 256 bits) shown once, when it is issued.
Only its SHA-256 is stored, so the database file alone cannot open a link; a presented token
is hashed, looked up and compared in constant time, and accepted only for its own respondent,
before its expiry, while not revoked and while the assessment is still a draft. No function
here logs a token or puts one in an error message.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from cxaudit.domain.links import (
    DEFAULT_LIFETIME,
    AnsweringState,
    LinkCondition,
    check_lifetime,
    check_people,
    link_condition,
    next_anonymous_labels,
)
from cxaudit.domain.model import AssessmentStatus, Role
from cxaudit.errors import NotFoundError, ValidationProblem
from cxaudit.services.link_views import IssuedLink, LinkGrant, LinkState, link_url, token_hash

__all__ = [
    "IssuedLink",
    "LinkGrant",
    "LinkState",
    "create_links",
    "finish_respondent",
    "link_url",
    "list_links",
    "open_link",
    "revoke_links",
    "token_hash",
]

if TYPE_CHECKING:
    from sqlmodel import Session

    from cxaudit.domain.model import Assessment
    from cxaudit.domain.questionnaire import Questionnaire
    from cxaudit.services.workspace import Workspace

MAX_ANONYMOUS = 500
"""The most anonymous links issued at once: a big workshop, not a mailing list."""

_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,128}")
"""What a presented token may look like before it is hashed (`token_urlsafe(32)` gives 43)."""


def _now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now if now.tzinfo is not None else now.replace(tzinfo=UTC)


def _starting_questionnaire(ws: Workspace) -> Questionnaire:
    """The questionnaire a new assessment starts with (`--questionnaire`, else the built-in)."""
    if ws.questionnaire_override is not None:
        return ws.questionnaire_override
    from cxaudit.catalogue import default_questionnaire

    return default_questionnaire()


def _find(session: Session, organisation: str, period: str) -> Assessment:
    from cxaudit.storage import repository

    return repository.find_assessment(session, organisation_ref=organisation, period=period)


def create_links(
    ws: Workspace,
    *,
    organisation: str,
    period: str,
    people: Sequence[tuple[str, Role]] = (),
    anonymous: int = 0,
    anonymous_role: Role = Role.FRONTLINE,
    expires_in: timedelta = DEFAULT_LIFETIME,
    carry_forward: bool = False,
    now: datetime | None = None,
) -> list[IssuedLink]:
    """Issue one link per person in `people` and `anonymous` more with no name attached.

    The organisation's assessment for `period` is started as a draft if there is none (carrying
    forward from the latest completed one with `carry_forward`). Each person becomes a new
    respondent of it, or, when the name is already there with the same role and no link of
    theirs still opens, gets a new link (a lost one replaced); anonymous respondents get a
    neutral label such as `Anonymous front line 3`. With `carry_forward` a named respondent
    starts from their own earlier answers (the same name), never another person's; anonymous
    ones start empty. All or nothing: when one is refused, nothing is kept.
    """
    from cxaudit.domain.periods import parse_period
    from cxaudit.storage import repository
    from cxaudit.storage.repository import links as stored_links

    label = parse_period(period).label
    chosen = [(name.strip(), Role(role)) for name, role in people]
    check_people(chosen)
    if anonymous < 0 or anonymous > MAX_ANONYMOUS:
        raise ValidationProblem(f"Ask for between 0 and {MAX_ANONYMOUS} anonymous links at a time.")
    if not chosen and anonymous == 0:
        raise ValidationProblem("Name at least one respondent, or ask for anonymous links.")
    lifetime = check_lifetime(expires_in)
    issued_at = _now(now)
    expires_at = issued_at + lifetime
    with ws.session() as session, repository.one_transaction(session):
        try:
            assessment = _find(session, organisation, label)
        except NotFoundError:
            org = repository.get_organisation(session, ref=organisation)
            assert org.id is not None
            assessment = repository.start_assessment(
                session,
                organisation_id=org.id,
                period=label,
                questionnaire=_starting_questionnaire(ws),
                carry_forward=carry_forward,
            )
        assert assessment.id is not None
        if assessment.status is not AssessmentStatus.DRAFT:
            raise ValidationProblem(
                f"{assessment.organisation.name}'s {label} assessment is completed; "
                "reopen it before issuing links."
            )
        made = _respondents_for(
            session,
            assessment=assessment,
            chosen=chosen,
            anonymous=anonymous,
            anonymous_role=Role(anonymous_role),
            carry_forward=carry_forward,
            now=issued_at,
        )
        stored_links.add_links(
            session,
            assessment_id=assessment.id,
            issued=[(person_id, token_hash(token)) for person_id, *_rest, token in made],
            created_at=issued_at,
            expires_at=expires_at,
        )
    return [
        IssuedLink(
            token=token,
            respondent_id=person_id,
            respondent_label=name,
            role=role,
            anonymous=is_anonymous,
            expires_at=expires_at,
        )
        for person_id, name, role, is_anonymous, token in made
    ]


def _respondents_for(
    session: Session,
    *,
    assessment: Assessment,
    chosen: list[tuple[str, Role]],
    anonymous: int,
    anonymous_role: Role,
    carry_forward: bool,
    now: datetime,
) -> list[tuple[int, str, Role, bool, str]]:
    """(respondent id, label, role, anonymous, new token) for each link asked for.

    A name new to the assessment becomes a new respondent. A name already there is given a new
    link (a lost link replaced, or a person added in the terminal app) when their role is the
    one asked for and none of their links still opens; otherwise it is refused.
    """
    from cxaudit.domain.wording import role_label
    from cxaudit.storage.repository import links as stored_links
    from cxaudit.storage.repository import respondents as stored_respondents

    assert assessment.id is not None
    existing = {r.name.strip().lower(): r for r in assessment.respondents}
    marks = stored_respondents.respondent_marks(session, assessment_id=assessment.id)
    opening = {
        link.respondent_id
        for link in stored_links.links_of(session, assessment_id=assessment.id)
        if link_condition(expires_at=link.expires_at, revoked_at=link.revoked_at, now=now)
        is LinkCondition.ACTIVE
    }
    wanted = [(name, role, False) for name, role in chosen] + [
        (text, anonymous_role, True)
        for text in next_anonymous_labels(anonymous_role, anonymous, list(existing))
    ]
    made: list[tuple[int, str, Role, bool, str]] = []
    for name, role, is_anonymous in wanted:
        found = existing.get(name.strip().lower())
        if found is not None and found.id is not None:
            if found.id in opening:
                raise ValidationProblem(
                    f"{found.name} already has a link that opens; revoke it first to give "
                    "them a new one."
                )
            if found.role != role:
                raise ValidationProblem(
                    f"{found.name} answers as {role_label(found.role.value).lower()} in this "
                    "assessment; give that role to issue them a new link."
                )
            was_anonymous = marks.get(found.id, (False, None))[0]
            made.append(
                (found.id, found.name, found.role, was_anonymous, secrets.token_urlsafe(32))
            )
            continue
        person = stored_respondents.add_respondent(
            session,
            assessment_id=assessment.id,
            name=name,
            role=role,
            prefill_from_latest=carry_forward,
            anonymous=is_anonymous,
            prefill_same_name_only=True,
        )
        assert person.id is not None
        made.append((person.id, person.name, role, is_anonymous, secrets.token_urlsafe(32)))
    return made


def list_links(
    ws: Workspace, *, organisation: str, period: str, now: datetime | None = None
) -> list[LinkState]:
    """Every link of the organisation's assessment for `period`, revoked and expired ones too,
    with how far its respondent has got."""
    from cxaudit.domain.progress import progress_in
    from cxaudit.storage import repository
    from cxaudit.storage.repository import links as stored_links

    moment = _now(now)
    with ws.session() as session:
        assessment = _find(session, organisation, period)
        assert assessment.id is not None
        questionnaire = repository.assessment_questionnaire(session, assessment_id=assessment.id)
        stored = stored_links.links_of(session, assessment_id=assessment.id)
    answers = {r.id: r.answers for r in assessment.respondents}
    states: list[LinkState] = []
    for link in stored:
        # The domain's count, as the wizard and Home make it: only the questions asked.
        progress = progress_in(
            answers.get(link.respondent_id, {}), questionnaire, assessment.profile
        )
        answering = AnsweringState(
            settled=progress.settled,
            total=progress.total,
            opened=link.opened_at is not None,
            finished=link.finished_at is not None,
        )
        moments = [m for m in (link.last_seen_at, link.last_answer_at, link.finished_at) if m]
        states.append(
            LinkState(
                link_id=link.link_id,
                respondent_id=link.respondent_id,
                respondent_label=link.respondent_name,
                role=link.role,
                anonymous=link.anonymous,
                state=answering.label,
                settled=progress.settled,
                total=progress.total,
                finished=answering.finished,
                last_activity=max(moments) if moments else None,
                created_at=link.created_at,
                expires_at=link.expires_at,
                condition=link_condition(
                    expires_at=link.expires_at, revoked_at=link.revoked_at, now=moment
                ),
            )
        )
    return states


def revoke_links(
    ws: Workspace,
    *,
    organisation: str,
    period: str,
    respondent: str | None = None,
    everyone: bool = False,
    now: datetime | None = None,
) -> int:
    """Revoke one respondent's links (by name or label, ignoring case) or everyone's; returns
    how many links were still open to revoke. The respondents and their answers stay."""
    from cxaudit.storage.repository import links as stored_links
    from cxaudit.storage.repository import respondents as stored_respondents

    if (respondent is None) == (not everyone):
        raise ValidationProblem("Name one respondent to revoke, or revoke them all; not both.")
    with ws.session() as session:
        assessment = _find(session, organisation, period)
        assert assessment.id is not None
        respondent_id: int | None = None
        if respondent is not None:
            names = stored_respondents.respondent_names(session, assessment_id=assessment.id)
            wanted = " ".join(respondent.split()).casefold()
            found = [i for i, name in names.items() if " ".join(name.split()).casefold() == wanted]
            if not found:
                raise NotFoundError(
                    f"{assessment.organisation.name}'s {assessment.period} assessment has no "
                    f"respondent called '{respondent.strip()[:80]}'."
                )
            respondent_id = found[0]
        return stored_links.revoke_links(
            session, assessment_id=assessment.id, respondent_id=respondent_id, now=_now(now)
        )


def open_link(ws: Workspace, *, token: str, now: datetime | None = None) -> LinkGrant | None:
    """What `token` opens, or None when it opens nothing (unknown, revoked, expired, or its
    assessment no longer a draft). A link that opens is stamped as seen."""
    from cxaudit.storage.repository import links as stored_links

    if not isinstance(token, str) or not _TOKEN_SHAPE.fullmatch(token):
        return None
    digest = token_hash(token)
    moment = _now(now)
    with ws.session() as session:
        access = stored_links.link_by_hash(session, token_hash=digest)
        if access is None or not hmac.compare_digest(access.token_hash, digest):
            return None
        condition = link_condition(
            expires_at=access.expires_at, revoked_at=access.revoked_at, now=moment
        )
        if condition is not LinkCondition.ACTIVE:
            return None
        if access.assessment_status != AssessmentStatus.DRAFT.value:
            return None
        stored_links.mark_link_seen(session, link_id=access.link_id, now=moment)
    return LinkGrant(
        link_id=access.link_id,
        assessment_id=access.assessment_id,
        respondent_id=access.respondent_id,
        respondent_label=access.respondent_name,
        role=access.role,
        anonymous=access.anonymous,
        organisation_name=access.organisation_name,
        period=access.period,
        expires_at=access.expires_at,
        finished_at=access.finished_at,
    )


def finish_respondent(
    ws: Workspace, *, respondent_id: int, now: datetime | None = None
) -> datetime:
    """Record that the respondent has finished; returns when (the first time it was said)."""
    from cxaudit.storage.repository import respondents as stored_respondents

    with ws.session() as session:
        return stored_respondents.mark_finished(session, respondent_id=respondent_id, now=_now(now))
