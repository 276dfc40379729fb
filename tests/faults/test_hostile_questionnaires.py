"""Hostile questionnaire files: every number finite and in range, ids safe, clashes named.

Each case here once passed `cxaudit questionnaire check` or crashed with a traceback; each must
now be refused with one sentence naming the file and the field.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cxaudit.catalogue import get_questionnaire, list_questionnaires
from cxaudit.domain.questionnaire import parse_questionnaire
from cxaudit.errors import QuestionnaireError
from tests.conftest import FIXTURES

MINI = (FIXTURES / "mini.toml").read_text(encoding="utf-8")


def _mini(old: str, new: str) -> str:
    assert old in MINI, old
    return MINI.replace(old, new, 1)


HOSTILE = {
    "weight nan": (_mini("weight = 2.0", "weight = nan"), "weight"),
    "weight inf": (_mini("weight = 2.0", "weight = inf"), "weight"),
    "weight 1e308": (_mini("weight = 2.0", "weight = 1e308"), "weight must be at most"),
    "stage bound nan": (_mini("max = 2.0", "max = nan"), "stages[0].max"),
    "default target nan": (_mini("default_target = 4.0", "default_target = nan"), "target"),
    "path id": (_mini('id = "mini"', 'id = "../../etc/passwd"'), "id"),
    "right-to-left override in id": (_mini('id = "mini"', 'id = "mini\u202etxt"'), "id"),
    "upper-case id": (_mini('id = "mini"', 'id = "Mini"'), "id"),
    "5,000-digit version": (_mini('version = "1.0"', "version = " + "9" * 5000), "valid TOML"),
    "very long version": (_mini('version = "1.0"', 'version = "' + "9" * 5000 + '"'), "version"),
    "deeply nested TOML": ("x = " + "[" * 5000 + "]" * 5000, "questionnaire"),
}


@pytest.mark.parametrize("text,needle", HOSTILE.values(), ids=list(HOSTILE))
def test_a_hostile_questionnaire_is_refused_with_a_clear_reason(text: str, needle: str) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text, "hostile.toml")
    error = caught.value
    everything = error.message + "\n" + "\n".join(getattr(error, "problems", []) or [])
    assert "hostile.toml" in error.message
    assert needle in everything


@pytest.mark.parametrize("name", ["weight nan", "5,000-digit version", "deeply nested TOML"])
def test_check_exits_2_with_one_sentence_and_no_traceback(tmp_path: Path, name: str) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(HOSTILE[name][0], encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "cxaudit", "questionnaire", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith("Error: ")
    assert "Traceback" not in run.stderr


def test_two_user_files_with_one_id_are_an_error_naming_both(isolated_home: Path) -> None:
    folder = isolated_home / "questionnaires"
    folder.mkdir(parents=True)
    (folder / "a.toml").write_text(MINI, encoding="utf-8")
    (folder / "b.toml").write_text(MINI, encoding="utf-8")
    entries = {entry.path.name: entry for entry in list_questionnaires()}
    assert entries["a.toml"].questionnaire is not None
    assert entries["b.toml"].questionnaire is None
    assert entries["b.toml"].error is not None
    assert "a.toml" in entries["b.toml"].error.message
    assert "b.toml" in entries["b.toml"].error.message
    with pytest.raises(QuestionnaireError) as caught:
        get_questionnaire("mini")
    assert "a.toml" in caught.value.message and "b.toml" in caught.value.message
