"""Evidence gates, profile flags and applicability: the questionnaire keys, their checks, and
the rules every other layer asks (which questions apply, which answers need evidence)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from cxaudit.domain.applicability import (
    applies,
    effective_profile,
    not_applying,
    not_applying_reason,
)
from cxaudit.domain.evidence import (
    evidence_missing,
    evidence_request,
    missing_evidence,
    needs_evidence,
    unverified_answers,
    unverified_count,
)
from cxaudit.domain.model import Respondent, Role, make_answer
from cxaudit.domain.questionnaire import (
    Questionnaire,
    check_questionnaire_file,
    load_questionnaire,
    parse_questionnaire,
    questionnaire_from_data,
)
from cxaudit.errors import NotFoundError, QuestionnaireError

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.toml"

PROFILE = """
evidence_from_level = 4

[[profile]]
id = "has_contact_centre"
question = "Do customers reach you through a contact centre or helpline?"
default = true
absent = "no contact centre"

[[profile]]
id = "has_shops"
question = "Do customers visit you in person?"
default = false
absent = "no shops"
"""


def gated_text() -> str:
    """mini.toml with a gate at 4, two flags, and three questions tied to them."""
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("default_target = 4.0\n", "default_target = 4.0\n" + PROFILE, 1)
    text = text.replace(
        'id = "alpha.two"\n',
        'id = "alpha.two"\napplies_if = ["has_contact_centre"]\n'
        'evidence_hint = "The call quality report for last month."\n',
    )
    text = text.replace(
        'id = "alpha.three"\n',
        'id = "alpha.three"\napplies_if = ["has_contact_centre", "has_shops"]\n'
        "evidence_from_level = 0\n",
    )
    return text


@pytest.fixture
def gated() -> Questionnaire:
    return parse_questionnaire(gated_text(), "gated.toml")


def test_new_keys_load_with_their_values(gated: Questionnaire) -> None:
    assert gated.evidence_from_level == 4
    assert [f.id for f in gated.profile] == ["has_contact_centre", "has_shops"]
    assert gated.profile_defaults() == {"has_contact_centre": True, "has_shops": False}
    assert gated.profile_flag("has_shops").absent == "no shops"
    two = gated.question("alpha.two")
    assert two.applies_if == ("has_contact_centre",)
    assert two.evidence_hint == "The call quality report for last month."
    assert gated.evidence_gate("alpha.one") == 4  # the questionnaire's
    assert gated.evidence_gate("alpha.three") == 0  # its own: off
    with pytest.raises(NotFoundError):
        gated.profile_flag("has_vans")


def test_a_file_without_the_new_keys_behaves_as_before() -> None:
    mini = load_questionnaire(MINI)
    assert mini.evidence_from_level == 0
    assert mini.profile == ()
    assert mini.profile_defaults() == {}
    assert all(mini.evidence_gate(q.id) == 0 for q in mini.questions)
    assert not_applying(mini, {"anything": False}) == {}
    # The stored content (and so the content hash) is what the previous release wrote.
    data = mini.to_toml_dict()
    assert "evidence_from_level" not in data and "profile" not in data
    assert all(
        key not in q
        for a in data["areas"]
        for q in a["questions"]
        for key in ("evidence_from_level", "evidence_hint", "applies_if")
    )


def test_stored_content_round_trips_with_the_same_hash(gated: Questionnaire) -> None:
    again = questionnaire_from_data(gated.to_toml_dict())
    assert again == gated
    assert again.content_hash == gated.content_hash
    plain = parse_questionnaire(MINI.read_text(encoding="utf-8"))
    assert plain.content_hash != gated.content_hash


def test_applicability_follows_the_flags_and_their_defaults(gated: Questionnaire) -> None:
    assert applies(gated, "alpha.one", {})
    assert applies(gated, "alpha.two", {})  # has_contact_centre defaults to yes
    assert not applies(gated, "alpha.three", {})  # has_shops defaults to no
    assert applies(gated, "alpha.three", {"has_shops": True})
    assert not applies(gated, "alpha.two", {"has_contact_centre": False})
    assert not_applying_reason(gated, "alpha.one", {"has_contact_centre": False}) is None
    assert (
        not_applying_reason(gated, "alpha.two", {"has_contact_centre": False})
        == "does not apply: no contact centre"
    )
    assert (
        not_applying_reason(gated, "alpha.three", {"has_contact_centre": False})
        == "does not apply: no contact centre; no shops"
    )
    assert not_applying(gated, {"has_shops": True}) == {}
    assert list(not_applying(gated, {"has_contact_centre": False})) == [
        "alpha.two",
        "alpha.three",
    ]
    # Unknown flags in a profile decide nothing and are dropped.
    assert effective_profile(gated, {"has_vans": True, "has_shops": True}) == {
        "has_contact_centre": True,
        "has_shops": True,
    }


def test_evidence_gate_decides_which_levels_need_evidence(gated: Questionnaire) -> None:
    assert not needs_evidence(gated, "alpha.one", 3)
    assert needs_evidence(gated, "alpha.one", 4)
    assert needs_evidence(gated, "alpha.one", 5)
    assert not needs_evidence(gated, "alpha.one", None)
    assert not needs_evidence(gated, "alpha.three", 5)  # the question turns it off
    assert not needs_evidence(gated, "nowhere.at_all", 5)
    assert evidence_missing(gated, make_answer("alpha.one", 4))
    assert evidence_missing(gated, make_answer("alpha.one", 5, evidence="   "))
    assert not evidence_missing(gated, make_answer("alpha.one", 5, evidence="Minutes of May."))
    assert not evidence_missing(gated, make_answer("alpha.one", 3))
    assert not evidence_missing(gated, make_answer("alpha.one", "na", na_reason="none"))
    sentence = evidence_request(gated, "alpha.two", 5)
    assert sentence == (
        "Level 5 on alpha.two needs evidence, as every level from 4 does: say what someone "
        "could be shown (for example: The call quality report for last month)."
    )


def test_unverified_answers_are_listed_in_question_then_respondent_order(
    gated: Questionnaire,
) -> None:
    ana = Respondent(
        name="Ana",
        role=Role.LEADER,
        answers={
            "alpha.two": make_answer("alpha.two", 5, unverified=True),
            "alpha.one": make_answer("alpha.one", 4, unverified=True),
        },
    )
    ben = Respondent(
        name="Ben",
        role=Role.FRONTLINE,
        answers={
            "alpha.one": make_answer("alpha.one", 4),  # no evidence, not marked
            "alpha.two": make_answer("alpha.two", 4, unverified=True),
        },
    )
    found = unverified_answers(gated, [ana, ben])
    assert [(u.respondent, u.question_id, u.level) for u in found] == [
        ("Ana", "alpha.one", 4),
        ("Ana", "alpha.two", 5),
        ("Ben", "alpha.two", 4),
    ]
    assert found[1].label == "level 5, unverified"
    assert unverified_count(gated, [ana, ben]) == 3
    # A question that does not apply is not counted at all.
    assert unverified_count(gated, [ana, ben], {"has_contact_centre": False}) == 1
    assert missing_evidence(gated, [ana, ben]) == (("Ben", "alpha.one"),)


def _problems(text: str) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text, "q.toml")
    return caught.value.problems


def test_every_gate_and_flag_problem_is_reported_at_once() -> None:
    text = gated_text()
    text = text.replace("evidence_from_level = 4\n", "evidence_from_level = 7\n", 1)
    text = text.replace('id = "has_shops"', 'id = "has_contact_centre"')
    text = text.replace(
        'applies_if = ["has_contact_centre"]', 'applies_if = ["has_vans", "has_contact_centre"]'
    )
    text = text.replace("evidence_from_level = 0\n", "evidence_from_level = -1\n")
    text = text.replace(
        'applies_if = ["has_contact_centre", "has_shops"]',
        'applies_if = ["has_contact_centre", "has_contact_centre"]',
    )
    problems = _problems(text)
    assert problems == [
        "q.toml: profile[1].id: duplicate profile flag 'has_contact_centre' (also at profile[0])",
        "q.toml: evidence_from_level: must be a level from 1 to 5, or 0 to ask for no "
        "evidence, got 7",
        "q.toml: areas[0].questions[1].applies_if[0]: unknown profile flag 'has_vans': no "
        "[[profile]] declares it, so the question could never apply",
        "q.toml: areas[0].questions[2].evidence_from_level: must be a level from 1 to 5, or 0 "
        "to ask for no evidence, got -1",
        "q.toml: areas[0].questions[2].applies_if[1]: profile flag 'has_contact_centre' is "
        "listed twice",
    ]


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ('evidence_from_level = "4"', "evidence_from_level: input should be a valid integer"),
        ("evidence_from_level = true", "evidence_from_level: input should be a valid integer"),
    ],
)
def test_a_gate_of_the_wrong_type_is_named(snippet: str, message: str) -> None:
    text = gated_text().replace("evidence_from_level = 4", snippet, 1)
    assert f"q.toml: {message}" in _problems(text)


def test_a_flag_needs_an_id_a_question_and_a_phrase_for_no() -> None:
    text = (
        gated_text()
        .replace('absent = "no shops"\n', "")
        .replace('id = "has_contact_centre"\nquestion', 'id = "Has Contact"\nquestion')
    )
    problems = _problems(text)
    assert "q.toml: profile[1].absent: is missing" in problems
    assert any(p.startswith("q.toml: profile[0].id: string should match pattern") for p in problems)


def _data(text: str) -> dict[str, Any]:
    return tomllib.loads(text)


def test_check_lists_warnings_and_keeps_the_file_usable(tmp_path: Path) -> None:
    path = tmp_path / "gated.toml"
    path.write_text(gated_text(), encoding="utf-8")
    questionnaire, warnings = check_questionnaire_file(path)
    assert questionnaire.id == "mini"
    # alpha.one and the beta questions are gated at 4 with no hint; alpha.three is not gated.
    hinted = {w.split(": ")[1] for w in warnings}
    assert "areas[0].questions[0].evidence_hint" in hinted
    assert "areas[0].questions[1].evidence_hint" not in hinted
    assert "areas[0].questions[2].evidence_hint" not in hinted
    assert all(": warning: levels from 4 need evidence" in w for w in warnings)


def test_check_puts_warnings_after_the_problems(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    text = gated_text().replace('"has_contact_centre", "has_shops"', '"has_vans"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuestionnaireError) as caught:
        check_questionnaire_file(path)
    lines = caught.value.problems
    assert "unknown profile flag 'has_vans'" in lines[0]
    assert lines[1:] and all(": warning: " in line for line in lines[1:])


def test_an_area_that_depends_wholly_on_flags_is_warned_about(tmp_path: Path) -> None:
    text = gated_text().replace(
        'id = "alpha.one"\n', 'id = "alpha.one"\napplies_if = ["has_shops"]\n'
    )
    path = tmp_path / "area.toml"
    path.write_text(text, encoding="utf-8")
    _, warnings = check_questionnaire_file(path)
    assert (
        f"{path}: areas[0]: warning: every question depends on a profile flag, so an "
        "organisation answering no gets no score for this area"
    ) in warnings


def test_the_docs_example_uses_every_new_key_and_checks_clean(tmp_path: Path) -> None:
    import re

    docs = (MINI.parents[2] / "docs" / "questionnaire.md").read_text(encoding="utf-8")
    (example, *_) = re.findall(r"```toml\n(.*?)```", docs, flags=re.DOTALL)
    path = tmp_path / "desk.toml"
    path.write_text(example, encoding="utf-8")
    questionnaire, warnings = check_questionnaire_file(path)
    assert warnings == []
    assert questionnaire.evidence_from_level == 4
    assert questionnaire.profile_defaults() == {"has_phone_line": True}
    assert questionnaire.question("process.call_backs").applies_if == ("has_phone_line",)
    assert all(q.evidence_hint for q in questionnaire.questions)
    assert (
        not_applying_reason(questionnaire, "process.call_backs", {"has_phone_line": False})
        == "does not apply: no phone line"
    )
