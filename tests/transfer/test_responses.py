"""Response files: long and wide CSV, wide xlsx; every bad row reported, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxaudit.domain.model import Role
from cxaudit.domain.questionnaire import Questionnaire, load_questionnaire
from cxaudit.errors import DataImportError
from cxaudit.transfer.responses import parse_response_csv, read_response_files

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = load_questionnaire(FIXTURES / "mini.toml")


def test_long_csv_becomes_respondents_with_roles_notes_na_and_unknown() -> None:
    text = (
        "respondent,role,question_id,answer,note\n"
        "Ann Lee,leader,alpha.one,4,We review this monthly\n"
        "Ann Lee,leader,beta.one,na,We have no stores\n"
        "Bo Chen,Front-line,alpha.one,2,\n"
        "Bo Chen,Front-line,alpha.two,unknown,\n"
    )
    ann, bo = parse_response_csv(text, MINI)
    assert (ann.name, ann.role) == ("Ann Lee", Role.LEADER)
    assert ann.answers["alpha.one"].value == 4
    assert ann.answers["alpha.one"].note == "We review this monthly"
    assert ann.answers["beta.one"].is_na
    assert ann.answers["beta.one"].na_reason == "We have no stores"
    assert bo.role is Role.FRONTLINE
    assert bo.answers["alpha.two"].is_unknown


def test_every_bad_row_is_listed_with_line_column_and_reason() -> None:
    text = (
        "respondent,role,question_id,answer,note\n"
        "Ann,leader,alpha.one,7,\n"  # line 2: level out of range
        "Ann,boss,alpha.two,3,\n"  # line 3: unknown role
        "Ann,leader,gamma.one,3,\n"  # line 4: unknown question
        "Bo,frontline,alpha.one,na,\n"  # line 5: N/A with no reason
        "Ann,leader,beta.one,3,\n"
        "Ann,leader,beta.one,4,\n"  # line 7: answered twice
    )
    with pytest.raises(DataImportError) as caught:
        parse_response_csv(text, MINI, "answers.csv")
    problems = caught.value.problems
    assert "nothing was imported" in caught.value.message
    assert len(problems) == 5
    assert problems[0].startswith("answers.csv, line 2, column answer: '7' is not an answer")
    assert problems[1].startswith("answers.csv, line 3, column role: 'boss' is not a role")
    assert problems[2] == (
        "answers.csv, line 4, column question_id: 'gamma.one' is not a question of mini."
    )
    assert problems[3] == (
        "answers.csv, line 5, column answer: an N/A answer needs a reason in its note."
    )
    assert problems[4] == (
        "answers.csv, line 7, column question_id: Ann already answered beta.one on line 6."
    )


def test_line_numbers_count_quoted_multiline_notes() -> None:
    text = (
        "respondent,role,question_id,answer,note\n"
        'Ann,leader,alpha.one,3,"first line\nsecond line"\n'
        "Ann,leader,alpha.two,9,\n"
    )
    with pytest.raises(DataImportError) as caught:
        parse_response_csv(text, MINI, "f.csv")
    assert caught.value.problems[0].startswith("f.csv, line 4, column answer")


def test_wide_csv_as_form_tools_export_it() -> None:
    text = (
        "Timestamp,Name,Role,alpha.one,alpha.one_note,beta.two,beta.two_note\n"
        "2026-01-05,Ann,Leader,3,Board reviews it,na,No partners\n"
        "2026-01-06,Cy,manager,5,,don't know,\n"
    )
    ann, cy = parse_response_csv(text, MINI)
    assert ann.answers["alpha.one"].note == "Board reviews it"
    assert ann.answers["beta.two"].na_reason == "No partners"
    assert cy.answers["alpha.one"].value == 5
    assert cy.answers["beta.two"].is_unknown
    assert set(cy.answers) == {"alpha.one", "beta.two"}


def test_wide_csv_rejects_a_misspelt_question_column() -> None:
    text = "respondent,role,alpha.one,alpha.too\nAnn,leader,3,4\n"
    with pytest.raises(DataImportError) as caught:
        parse_response_csv(text, MINI, "w.csv")
    assert caught.value.problems == [
        "w.csv, line 1, column alpha.too: 'alpha.too' is not a question of mini."
    ]


def test_wide_xlsx_reports_cells_by_letter(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name", "role", "alpha.one", "beta.one", "beta.one_note"])
    sheet.append(["Ann", "leader", 4, "N/A", "No stores"])
    sheet.append(["Bo", "frontline", 6, 2, None])
    path = tmp_path / "wide.xlsx"
    workbook.save(path)
    with pytest.raises(DataImportError) as caught:
        read_response_files([path], MINI)
    assert caught.value.problems == [
        f"{path}, line 3, column C (alpha.one): '6' is not an answer: use a level 1 to 5, "
        "na (with a reason) or unknown."
    ]
    sheet["C3"] = 2
    workbook.save(path)
    result = read_response_files([path], MINI)
    assert [r.name for r in result.respondents] == ["Ann", "Bo"]
    assert result.respondents[0].answers["beta.one"].na_reason == "No stores"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "is empty"),
        ("a,b,c\n1,2,3\n", "neither the long format"),
        ("respondent,role,question_id\nAnn,leader,alpha.one\n", "lacks the column(s) answer, note"),
        ("respondent,role,question_id,answer,note\n", "holds no answers"),
    ],
)
def test_malformed_files_say_what_is_wrong(text: str, expected: str) -> None:
    with pytest.raises(DataImportError) as caught:
        parse_response_csv(text, MINI, "x.csv")
    assert expected in caught.value.message + " ".join(caught.value.problems)


def test_unreadable_files_are_one_clear_error(tmp_path: Path) -> None:
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\xff\xd8\xff\xe0 not text")
    with pytest.raises(DataImportError, match="not UTF-8"):
        read_response_files([binary], MINI)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook")
    with pytest.raises(DataImportError, match="not a readable xlsx workbook"):
        read_response_files([fake], MINI)
    with pytest.raises(DataImportError, match="does not exist"):
        read_response_files([tmp_path / "missing.csv"], MINI)
    with pytest.raises(DataImportError, match="not a response file"):
        read_response_files([tmp_path / "notes.txt"], MINI)


def _check_fuzz(questionnaire: Questionnaire, text: str) -> None:
    try:
        respondents = parse_response_csv(text, questionnaire, "fuzz.csv")
    except DataImportError as exc:
        assert exc.message
        return
    for respondent in respondents:
        assert respondent.name
        for qid in respondent.answers:
            assert questionnaire.has_question(qid)


_CELLS = st.one_of(
    st.sampled_from(
        ["Ann", "leader", "frontline", "alpha.one", "beta.two", "1", "5", "na", "unknown", ""]
    ),
    st.text(max_size=8),
)
_ROWS = st.lists(st.lists(_CELLS, max_size=7), max_size=6)
_HEADERS = st.sampled_from(
    [
        "respondent,role,question_id,answer,note",
        "respondent,role,alpha.one,alpha.one_note,beta.two",
        "name,alpha.one",
        "",
    ]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=st.text())
def test_fuzz_arbitrary_text_imports_or_fails_cleanly(text: str) -> None:
    _check_fuzz(MINI, text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(header=_HEADERS, rows=_ROWS, quote=st.booleans())
def test_fuzz_csv_shaped_text_imports_or_fails_cleanly(
    header: str, rows: list[list[str]], quote: bool
) -> None:
    mark = '"' if quote else ""
    body = "\n".join(",".join(f"{mark}{cell}{mark}" for cell in row) for row in rows)
    _check_fuzz(MINI, f"{header}\n{body}")


def test_a_row_with_several_problems_reports_each_of_them() -> None:
    """One pass lists every problem: a bad answer is not hidden by a bad role or id."""
    text = "respondent,role,question_id,answer,note\nAnn,boss,gamma.one,7,\n"
    with pytest.raises(DataImportError) as caught:
        parse_response_csv(text, MINI, "answers.csv")
    columns = [problem.split(", column ")[1].split(":")[0] for problem in caught.value.problems]
    assert sorted(columns) == ["answer", "question_id", "role"]
