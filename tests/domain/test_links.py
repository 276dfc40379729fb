"""Personal links' rules: durations, typed people and roles, anonymous labels, base addresses,
whether a link opens, and the state an organiser reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cxaudit.domain.links import (
    AnsweringState,
    LinkCondition,
    anonymous_label,
    check_base_url,
    check_people,
    link_condition,
    next_anonymous_labels,
    parse_lifetime,
    parse_person,
    parse_role,
)
from cxaudit.domain.model import Role
from cxaudit.errors import ValidationProblem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14d", timedelta(days=14)),
        ("14", timedelta(days=14)),
        (" 2W ", timedelta(weeks=2)),
        ("12h", timedelta(hours=12)),
        ("90m", timedelta(minutes=90)),
        ("366d", timedelta(days=366)),
    ],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_lifetime(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "not a duration"),
        ("soon", "not a duration"),
        ("3y", "not a duration"),
        ("-5d", "not a duration"),
        ("1.5d", "not a duration"),
        ("9" * 40, "not a duration"),
        ("0d", "at least five minutes"),
        ("4m", "at least five minutes"),
        ("367d", "a year at most"),
        ("99999w", "a year at most"),
        ("1d\x1b[2J", "not a duration"),
    ],
)
def test_bad_durations(text: str, problem: str) -> None:
    with pytest.raises(ValidationProblem, match=problem) as caught:
        parse_lifetime(text)
    assert "\x1b" not in caught.value.message


def test_people_and_roles() -> None:
    assert parse_person("Ana Silva:frontline") == ("Ana Silva", Role.FRONTLINE)
    assert parse_person(" Dr. Who: Front Line ") == ("Dr. Who", Role.FRONTLINE)
    assert parse_person("Ops: Team A:manager") == ("Ops: Team A", Role.MANAGER)
    assert parse_role("LEADER") is Role.LEADER
    assert parse_role("front-line") is Role.FRONTLINE
    for bad in ("Ana", ":leader", "  :leader", "Ana:", "Ana:boss"):
        with pytest.raises(ValidationProblem):
            parse_person(bad)
    check_people([("Ana", Role.LEADER), ("Bo", Role.LEADER)])
    with pytest.raises(ValidationProblem, match="listed twice"):
        check_people([("Ana  Silva", Role.LEADER), ("ana silva", Role.MANAGER)])


def test_anonymous_labels_skip_names_taken() -> None:
    assert anonymous_label(Role.FRONTLINE, 3) == "Anonymous front line 3"
    taken = ["anonymous front line 1", "Anonymous front line 3", "Ana"]
    assert next_anonymous_labels(Role.FRONTLINE, 3, taken) == [
        "Anonymous front line 2",
        "Anonymous front line 4",
        "Anonymous front line 5",
    ]
    assert next_anonymous_labels(Role.LEADER, 0, taken) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("https://cx.example.org/", "https://cx.example.org"),
        (" https://cx.example.org/survey/ ", "https://cx.example.org/survey"),
        ("http://[::1]:8000", "http://[::1]:8000"),
    ],
)
def test_base_urls(text: str, expected: str) -> None:
    assert check_base_url(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "cx.example.org",
        "ftp://cx.example.org",
        "javascript:alert(1)",
        "https://",
        "https://user:pw@cx.example.org",
        "https://cx.example.org/?next=evil",
        "https://cx.example.org/#x",
        "https://cx.example.org:port",
        "https://cx.exa mple.org",
        "https://cx.example.org\x1b[2J",
    ],
)
def test_bad_base_urls(text: str) -> None:
    with pytest.raises(ValidationProblem, match="not a web address"):
        check_base_url(text)


def test_a_link_opens_until_revoked_or_its_expiry() -> None:
    expiry = datetime(2026, 3, 1, tzinfo=UTC)
    before = expiry - timedelta(microseconds=1)
    assert link_condition(expires_at=expiry, revoked_at=None, now=before) is LinkCondition.ACTIVE
    assert link_condition(expires_at=expiry, revoked_at=None, now=expiry) is LinkCondition.EXPIRED
    assert link_condition(expires_at=expiry, revoked_at=before, now=expiry) is LinkCondition.REVOKED


def test_answering_states() -> None:
    assert AnsweringState(0, 48, opened=False, finished=False).label == "not opened"
    assert AnsweringState(0, 48, opened=True, finished=False).label == "in progress 0 of 48"
    # Answered without opening the link (in the terminal app, say): in progress all the same.
    assert AnsweringState(3, 48, opened=False, finished=False).label == "in progress 3 of 48"
    assert AnsweringState(12, 48, opened=True, finished=True).label == "finished"
