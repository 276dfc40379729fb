"""Progress counts only the questions asked: those that apply to the assessment's profile.

The counting rule (`progress.not_asked`, over plain data so the first look at a SQLite file can
use it on the stored JSON) must say exactly what the wizard's rule (`applicability`) says, on
the shipped questionnaire under every profile; and an answer stored for a question that does
not apply counts neither as settled nor as to reconfirm.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxaudit.domain.applicability import applies, not_applying
from cxaudit.domain.model import Answer, make_answer
from cxaudit.domain.progress import (
    Progress,
    asked_questions,
    not_asked,
    not_asked_in,
    progress_in,
    progress_of,
    settled_count,
)
from cxaudit.domain.questionnaire import load_questionnaire

BUILTIN = load_questionnaire(
    Path(__file__).resolve().parents[2] / "questionnaires" / "cx-maturity.toml"
)
FLAGS = [flag.id for flag in BUILTIN.profile]

PROFILES = st.dictionaries(st.sampled_from([*FLAGS, "not_a_flag"]), st.booleans())
"""Stored profiles: some flags answered, others at their defaults, one the questionnaire does
not declare."""


def test_the_shipped_questionnaire_has_conditional_questions() -> None:
    assert FLAGS and any(q.applies_if for q in BUILTIN.questions)


@given(profile=PROFILES)
def test_the_counting_rule_is_the_wizards_rule(profile: dict[str, bool]) -> None:
    skipped = not_asked_in(BUILTIN, profile)
    assert skipped == frozenset(not_applying(BUILTIN, profile))
    assert skipped == {q.id for q in BUILTIN.questions if not applies(BUILTIN, q.id, profile)}
    assert asked_questions(BUILTIN, profile) == tuple(
        q.id for q in BUILTIN.questions if q.id not in skipped
    )


@given(profile=PROFILES)
def test_the_rule_reads_the_stored_questionnaire_the_same(profile: dict[str, bool]) -> None:
    """The plain data the first look reads (the stored content) gives the same questions."""
    data = BUILTIN.to_toml_dict()
    defaults = {f["id"]: f.get("default", True) for f in data.get("profile", [])}
    conditions = [
        (q["id"], q.get("applies_if", [])) for area in data["areas"] for q in area["questions"]
    ]
    assert not_asked(defaults, conditions, profile) == not_asked_in(BUILTIN, profile)


def test_without_a_contact_centre_its_questions_are_not_asked() -> None:
    skipped = not_asked_in(BUILTIN, {"has_contact_centre": False})
    assert skipped
    assert all("has_contact_centre" in BUILTIN.question(q).applies_if for q in skipped)
    assert not_asked_in(BUILTIN, {}) == frozenset()  # every flag defaults to yes


def test_a_name_the_questionnaire_does_not_declare_decides_nothing() -> None:
    conditions = [("q.one", ["known"]), ("q.two", ["unknown"]), ("q.three", [])]
    assert not_asked({"known": True}, conditions, {"unknown": False}) == frozenset()
    assert not_asked({"known": True}, conditions, {"known": False}) == {"q.one"}
    assert not_asked({"known": False}, conditions, {}) == {"q.one"}
    assert not_asked({}, conditions, {"known": False}) == frozenset()


@pytest.fixture
def answers() -> dict[str, Answer]:
    return {
        "a": make_answer("a", 3),
        "b": make_answer("b", 4, needs_reconfirm=True),
        "c": make_answer("c", 2),  # stored for a question that does not apply
        "d": make_answer("d", 5, needs_reconfirm=True),  # likewise, carried forward
    }


def test_answers_to_questions_not_asked_count_either_way(answers: dict[str, Answer]) -> None:
    progress = progress_of(answers, ["a", "b", "c", "d", "e"], skipped={"c", "d"})
    assert progress == Progress(settled=1, to_reconfirm=1, total=3)
    assert progress.unanswered == 1
    assert progress_of(answers, ["a", "b", "c", "d", "e"]) == Progress(2, 2, 5)
    assert settled_count(answers.values(), skipped={"c", "d"}) == 1
    assert settled_count(answers.values()) == 2


def test_a_respondent_is_complete_once_every_asked_question_is_settled() -> None:
    skipped = not_asked_in(BUILTIN, {"has_contact_centre": False})
    asked = asked_questions(BUILTIN, {"has_contact_centre": False})
    given_answers = {q: make_answer(q, 3) for q in asked}
    progress = progress_in(given_answers, BUILTIN, {"has_contact_centre": False})
    assert progress.complete and progress.total == len(BUILTIN.questions) - len(skipped)
    # The same answers under the default profile leave the contact-centre questions to answer.
    assert not progress_in(given_answers, BUILTIN, {}).complete
