"""Hostile JSON backups: refused with every problem listed at once, never a traceback, never a
silent change to what was in the file.

Deep nesting, huge numbers, NaN, duplicated keys, answers and respondents, `true` where a
level belongs, names with control characters and over-long text each used to crash the import
(exit 1), to be stored changed, or to be reported one round at a time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cxaudit.domain.naming import NAME_MAX
from cxaudit.domain.texts import NOTE_MAX
from cxaudit.errors import DataImportError
from cxaudit.transfer.backup import backup_text
from cxaudit.transfer.backup_reader import read_backup
from cxaudit.transfer.backup_writer import backup_data
from tests.transfer.crafted import MINI, mini_assessment


def _backup() -> dict[str, Any]:
    """A valid backup: Acme's 2026-Q1 with Ann and Bo, and Beta's 2026-Q1 with Cy."""
    acme = mini_assessment("Acme", [("Ann", "fine", "why"), ("Bo", "", "why")], actions=2)
    beta = mini_assessment("Beta", [("Cy", "fine", "why")], owner="Di")
    return backup_data([(acme.organisation, [(MINI, acme)]), (beta.organisation, [(MINI, beta)])])


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "backup.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataImportError) as caught:
        read_backup(path)
    return [caught.value.message, *caught.value.problems]


def _edited(tmp_path: Path, edit: Callable[[dict[str, Any]], object]) -> list[str]:
    data = _backup()
    edit(data)
    return _problems(tmp_path, backup_text(data))


def _answers(data: dict[str, Any], org: int = 0, person: int = 0) -> list[dict[str, Any]]:
    return data["organisations"][org]["assessments"][0]["respondents"][person]["answers"]  # type: ignore[no-any-return]


def test_the_untouched_backup_reads(tmp_path: Path) -> None:
    path = tmp_path / "backup.json"
    path.write_text(backup_text(_backup()), encoding="utf-8")
    backup, _questionnaires = read_backup(path)
    assert [o.name for o in backup.organisations] == ["Acme", "Beta"]


@pytest.mark.parametrize("depth", [100_000, 900, 40])
def test_deep_nesting_is_refused_in_one_sentence(tmp_path: Path, depth: int) -> None:
    data = _backup()
    data["questionnaires"][0]["content"]["x"] = "NEST"
    text = backup_text(data).replace('"NEST"', "[" * depth + "]" * depth)
    (message, *_rest) = _problems(tmp_path, text)
    assert "nests deeper than" in message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('"version": 1', '"version": ' + "9" * 5_000, "5,000 digits"),
        ('"value": 3', '"value": ' + "3" * 5_000, "5,000 digits"),
        ('"value": 3', '"value": 1e999', "not a finite number"),
        ('"value": 3', '"value": NaN', "NaN"),
        ('"value": 3', '"value": -Infinity', "-Infinity"),
    ],
    ids=["5000-digit version", "5000-digit level", "1e999", "NaN", "-Infinity"],
)
def test_huge_and_not_finite_numbers_are_refused(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    text = backup_text(_backup()).replace(old, new, 1)
    assert expected in " ".join(_problems(tmp_path, text))


def test_a_key_given_twice_is_refused_not_collapsed(tmp_path: Path) -> None:
    text = backup_text(_backup()).replace('"name": "Ann",', '"name": "Ann", "name": "Zed",', 1)
    assert "'name' twice" in " ".join(_problems(tmp_path, text))


def test_two_answers_to_one_question_are_refused_not_collapsed(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        answers = _answers(data)
        answers.append({**answers[0], "value": 5})

    text = " ".join(_edited(tmp_path, edit))
    assert "alpha.one is answered twice" in text


def test_a_respondent_given_twice_is_refused_not_stored_twice(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        people = data["organisations"][0]["assessments"][0]["respondents"]
        people.append({**people[0], "name": "ANN"})

    assert "'ANN' appears twice" in " ".join(_edited(tmp_path, edit))


@pytest.mark.parametrize(
    ("field", "value"),
    [("value", True), ("value", "3"), ("value", 3.0), ("needs_reconfirm", "yes")],
)
def test_a_value_of_the_wrong_type_is_refused_not_converted(
    tmp_path: Path, field: str, value: object
) -> None:
    problems = _edited(tmp_path, lambda data: _answers(data)[0].update({field: value}))
    assert any(f"answers[0].{field}" in p for p in problems), problems


def test_a_version_of_true_is_not_version_1(tmp_path: Path) -> None:
    assert "version True" in " ".join(_edited(tmp_path, lambda d: d.update(version=True)))


def test_a_duplicated_action_ref_is_refused(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        actions = data["organisations"][0]["assessments"][0]["actions"]
        actions[1]["ref"] = actions[0]["ref"]

    assert "2026-Q1#1' appears twice" in " ".join(_edited(tmp_path, edit))


@pytest.mark.parametrize(
    ("where", "value", "expected"),
    [
        ("org", "Acme\x1b]0;pwned\x07", "control characters"),
        ("org", "A" * (NAME_MAX + 1), f"the most is {NAME_MAX}"),
        ("person", "Ann\x07", "control characters"),
        ("person", "B" * (NAME_MAX + 1), f"the most is {NAME_MAX}"),
        ("note", "n" * (NOTE_MAX + 1), f"the most is {NOTE_MAX:,}"),
        ("note", "ring\x07", "control character"),
        ("owner", "Di\x1b[2J", "control character"),
    ],
    ids=["org OSC", "org 121", "person BEL", "person 121", "note 5001", "note BEL", "owner ESC"],
)
def test_names_and_text_follow_the_rules_of_every_entry_path(
    tmp_path: Path, where: str, value: str, expected: str
) -> None:
    def edit(data: dict[str, Any]) -> None:
        org = data["organisations"][0]
        if where == "org":
            org["name"] = value
        elif where == "person":
            org["assessments"][0]["respondents"][0]["name"] = value
        elif where == "note":
            _answers(data)[0]["note"] = value
        else:
            org["assessments"][0]["actions"][0]["owner"] = value

    problems = _edited(tmp_path, edit)
    assert any(expected in p for p in problems[1:]), problems


def test_every_problem_is_reported_in_one_round(tmp_path: Path) -> None:
    """Schema problems in one organisation do not hide rule problems in another."""

    def edit(data: dict[str, Any]) -> None:
        acme, beta = data["organisations"]
        del acme["assessments"][0]["respondents"][0]["role"]  # schema
        acme["assessments"][0]["respondents"][1]["answers"][0]["value"] = "three"  # schema
        beta["assessments"][0]["period"] = "2026-Q9"  # rule
        beta["assessments"][0]["targets"] = {"alpha": 9.0}  # rule
        beta["assessments"][0]["respondents"][0]["answers"][0]["value"] = 7  # rule
        beta["assessments"][0]["respondents"][0]["answers"][1]["question_id"] = "alpha.nine"

    message, *problems = _edited(tmp_path, edit)
    assert "6 problem(s)" in message
    text = "\n".join(problems)
    for fragment in (
        "organisations[0].assessments[0].respondents[0].role",
        "organisations[0].assessments[0].respondents[1].answers[0].value",
        "organisations[1].assessments[0].period",
        "organisations[1].assessments[0].targets.alpha",
        "organisations[1].assessments[0].respondents[0].answers[0]",
        "'alpha.nine' is not a question",
    ):
        assert fragment in text


def test_a_backup_saved_with_a_byte_order_mark_reads(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + backup_text(_backup()).encode())
    backup, _questionnaires = read_backup(path)
    assert len(backup.organisations) == 2


@pytest.mark.parametrize(
    "text", ["[]", "null", '"cxaudit-backup"', "1" * 5_000], ids=["list", "null", "text", "digits"]
)
def test_json_that_is_not_an_object_is_not_a_backup(tmp_path: Path, text: str) -> None:
    (message, *_rest) = _problems(tmp_path, text)
    assert "not a cxaudit backup" in message or "digits" in message


def test_the_backup_json_is_plain_data(tmp_path: Path) -> None:
    """What the writer produces is exactly what the reader accepts: nothing is escaped."""
    data = _backup()
    data["organisations"][0]["name"] = "=Acme"
    path = tmp_path / "b.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    backup, _questionnaires = read_backup(path)
    assert backup.organisations[0].name == "=Acme"
