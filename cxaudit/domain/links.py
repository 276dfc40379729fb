"""Personal links' rules: how long one lasts, what state its respondent is in, and whom it names.

A link lets one respondent answer one draft assessment from a browser. These are the rules the
CLI, the terminal app and the web server share: a typed duration (`14d`), a typed person
(`Name:role`), the neutral label an anonymous respondent is known by, and the one-line state
an organiser reads ("not opened", "in progress 12 of 48", "finished").
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from cxaudit.domain.model import Role
from cxaudit.domain.naming import has_control_characters
from cxaudit.domain.wording import role_label
from cxaudit.errors import ValidationProblem

DEFAULT_LIFETIME = timedelta(days=30)
"""How long a link lasts when nobody says otherwise."""
LONGEST_LIFETIME = timedelta(days=366)
"""The longest a link may last: a year (and a day, for a leap year)."""
SHORTEST_LIFETIME = timedelta(minutes=5)
"""The shortest a link may last, so a typo such as `1m` meant as a month is not silently useless."""

_DURATION = re.compile(r"\s*(\d{1,6})\s*([a-zA-Z]*)\s*")
_UNITS = {
    "m": timedelta(minutes=1),
    "min": timedelta(minutes=1),
    "h": timedelta(hours=1),
    "d": timedelta(days=1),
    "w": timedelta(weeks=1),
    "": timedelta(days=1),
}


def parse_lifetime(text: str) -> timedelta:
    """A typed duration (`14d`, `2w`, `12h`, `90m`; a bare number is days) as a timedelta.

    Refused with one sentence when it is not a duration or falls outside five minutes to a year.
    """
    match = _DURATION.fullmatch(text)
    unit = match.group(2).lower() if match else ""
    if match is None or unit not in _UNITS:
        raise ValidationProblem(
            f"'{_shown(text)}' is not a duration: write it like 14d, 2w, 12h or 90m."
        )
    return check_lifetime(int(match.group(1)) * _UNITS[unit])


def check_lifetime(lifetime: timedelta) -> timedelta:
    """`lifetime` if it lies within five minutes to a year; refused with one sentence if not."""
    if lifetime < SHORTEST_LIFETIME:
        raise ValidationProblem("A link must last at least five minutes.")
    if lifetime > LONGEST_LIFETIME:
        raise ValidationProblem("A link may last a year at most; issue new links after that.")
    return lifetime


def parse_role(text: str) -> Role:
    """A typed role (`leader`, `manager`, `frontline` or `front line`, `other`; any case)."""
    key = re.sub(r"[\s_-]+", "", text.strip().lower())
    for role in Role:
        if key == role.value:
            return role
    choices = ", ".join(role.value for role in Role)
    raise ValidationProblem(f"'{_shown(text)}' is not a role: use one of {choices}.")


def parse_person(text: str) -> tuple[str, Role]:
    """`Name:role` as typed on the command line; the role is after the last colon."""
    name, colon, role = text.rpartition(":")
    if not colon or not name.strip():
        raise ValidationProblem(
            f"'{_shown(text)}' is not a respondent: write it as \"Name:role\", "
            'for example "Ana Silva:frontline".'
        )
    return name.strip(), parse_role(role)


def check_people(people: Collection[tuple[str, Role]]) -> None:
    """Refuse a list that names one person twice (ignoring case and spacing)."""
    seen: dict[str, str] = {}
    for name, _role in people:
        key = " ".join(name.split()).casefold()
        if key in seen:
            raise ValidationProblem(f"'{_shown(name)}' is listed twice; give each person once.")
        seen[key] = name


def anonymous_label(role: Role, number: int) -> str:
    """The neutral name an anonymous respondent is known by: `Anonymous front line 3`."""
    return f"Anonymous {role_label(role.value).lower()} {number}"


def next_anonymous_labels(role: Role, count: int, taken: Collection[str]) -> list[str]:
    """`count` labels for new anonymous respondents of `role`, numbered after those `taken`
    (names already in the assessment, compared ignoring case)."""
    used = {name.casefold() for name in taken}
    labels: list[str] = []
    number = 1
    while len(labels) < count:
        label = anonymous_label(role, number)
        if label.casefold() not in used:
            labels.append(label)
        number += 1
    return labels


def check_base_url(text: str) -> str:
    """The address links start with (`http://127.0.0.1:8000`, `https://cx.example.org/survey`),
    checked: http or https, a host, no user name, query or fragment; no trailing `/`."""
    from urllib.parse import urlsplit

    value = text.strip()
    problem = (
        f"'{_shown(text)}' is not a web address for links: give one such as "
        "https://cx.example.org or http://127.0.0.1:8000."
    )
    if not value or has_control_characters(value) or any(ch.isspace() for ch in value):
        raise ValidationProblem(problem)
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        raise ValidationProblem(problem) from None
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or "@" in parts.netloc
        or parts.query
        or parts.fragment
        or value.endswith(("?", "#"))
    ):
        raise ValidationProblem(problem)
    return value.rstrip("/")


class LinkCondition(StrEnum):
    """Whether a link still opens."""

    ACTIVE = "active"
    REVOKED = "revoked"
    EXPIRED = "expired"


def link_condition(
    *, expires_at: datetime, revoked_at: datetime | None, now: datetime
) -> LinkCondition:
    """A link opens until it is revoked or reaches its expiry (the expiry moment is too late)."""
    if revoked_at is not None:
        return LinkCondition.REVOKED
    if now >= expires_at:
        return LinkCondition.EXPIRED
    return LinkCondition.ACTIVE


@dataclass(frozen=True)
class AnsweringState:
    """How far one respondent has got, as an organiser reads it."""

    settled: int
    """Answers given or confirmed in this assessment."""
    total: int
    """Questions asked."""
    opened: bool
    """Whether the respondent has opened their link (or answered some other way)."""
    finished: bool
    """Whether the respondent said they had finished."""

    @property
    def label(self) -> str:
        """`not opened`, `in progress 12 of 48` or `finished`."""
        if self.finished:
            return "finished"
        if not self.opened and self.settled == 0:
            return "not opened"
        return f"in progress {self.settled} of {self.total}"


def _shown(text: str) -> str:
    """Typed text as quoted back in an error: control characters escaped, kept short."""
    shown = text.encode("unicode_escape").decode("ascii") if has_control_characters(text) else text
    return shown if len(shown) <= 60 else shown[:57] + "..."
