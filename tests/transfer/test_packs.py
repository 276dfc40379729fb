"""Response packs: a blank workbook with every question, filled offline and read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cxaudit.domain.model import Role
from cxaudit.domain.questionnaire import load_questionnaire
from cxaudit.errors import DataImportError
from cxaudit.transfer.packs import ANSWER_CHOICES, read_pack, write_pack
from cxaudit.transfer.responses import read_response_files

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = load_questionnaire(FIXTURES / "mini.toml")


def fill_pack(
    path: Path, *, name: str, role: str, answers: dict[str, tuple[Any, str]], out: Path
) -> Path:
    """Fill a pack the way a respondent would in a spreadsheet program."""
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook["Responses"]
    for row in sheet.iter_rows(min_col=1, max_col=2):
        if row[0].value == "Your name":
            row[1].value = name
        elif row[0].value == "Your role":
            row[1].value = role
    for row in sheet.iter_rows(min_col=1, max_col=10):
        qid = row[0].value
        if qid in answers:
            row[8].value, row[9].value = answers[qid]
    workbook.save(out)
    return out


def test_blank_pack_shows_every_question_with_its_five_levels_and_drop_downs(
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    path = write_pack(
        tmp_path / "pack.xlsx", questionnaire=MINI, organisation="Acme", period="2026-Q1"
    )
    workbook = load_workbook(path)
    sheet = workbook["Responses"]
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row[0]}
    assert rows["Organisation"][1] == "Acme"
    assert rows["Period"][1] == "2026-Q1"
    assert "Your name" in rows and "Your role" in rows
    for question in MINI.questions:
        row = rows[question.id]
        assert row[2] == question.prompt
        assert list(row[3:8]) == list(question.levels)
        assert row[8] is None  # the answer is left blank
    lists = [dv.formula1 for dv in sheet.data_validations.dataValidation]
    assert f'"{",".join(ANSWER_CHOICES)}"' in lists
    assert '"leader,manager,frontline,other"' in lists
    assert workbook["cxaudit"].sheet_state == "hidden"


def test_a_filled_pack_reads_back_as_one_respondent(tmp_path: Path) -> None:
    blank = write_pack(
        tmp_path / "pack.xlsx", questionnaire=MINI, organisation="Acme", period="2026-Q1"
    )
    filled = fill_pack(
        blank,
        name="Dee Park",
        role="frontline",
        answers={
            "alpha.one": (3, "We do this weekly"),
            "alpha.two": ("N/A", "No online channel"),
            "beta.one": ("don't know", None),
        },
        out=tmp_path / "dee.xlsx",
    )
    pack = read_pack(filled, MINI)
    assert (pack.organisation, pack.period) == ("Acme", "2026-Q1")
    assert pack.questionnaire_hash == MINI.content_hash
    dee = pack.respondent
    assert (dee.name, dee.role) == ("Dee Park", Role.FRONTLINE)
    assert dee.answers["alpha.one"].value == 3
    assert dee.answers["alpha.one"].note == "We do this weekly"
    assert dee.answers["alpha.two"].na_reason == "No online channel"
    assert dee.answers["beta.one"].is_unknown
    assert set(dee.answers) == {"alpha.one", "alpha.two", "beta.one"}
    # read_response_files tells a pack from a wide workbook by itself.
    result = read_response_files([filled], MINI)
    assert result.organisation == "Acme" and result.respondents[0].name == "Dee Park"


def test_a_badly_filled_pack_lists_each_cell(tmp_path: Path) -> None:
    blank = write_pack(
        tmp_path / "pack.xlsx", questionnaire=MINI, organisation="Acme", period="2026-Q1"
    )
    filled = fill_pack(
        blank,
        name="",
        role="boss",
        answers={"alpha.one": (7, None), "alpha.two": ("N/A", None)},
        out=tmp_path / "bad.xlsx",
    )
    with pytest.raises(DataImportError) as caught:
        read_pack(filled, MINI)
    problems = caught.value.problems
    assert len(problems) == 4
    assert "line 4, column B: the respondent's name is empty." in problems[0]
    assert "line 5, column B: 'boss' is not a role" in problems[1]
    assert "column I: '7' is not an answer" in problems[2]
    assert "column I: an N/A answer needs a reason" in problems[3]


def test_an_empty_pack_is_refused(tmp_path: Path) -> None:
    blank = write_pack(
        tmp_path / "pack.xlsx", questionnaire=MINI, organisation="Acme", period="2026-Q1"
    )
    filled = fill_pack(blank, name="Eve", role="leader", answers={}, out=tmp_path / "e.xlsx")
    with pytest.raises(DataImportError, match="has no answers filled in"):
        read_pack(filled, MINI)
