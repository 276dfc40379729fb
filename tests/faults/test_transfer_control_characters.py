"""Control characters: refused where names and notes enter, harmless where old data leaves.

XML 1.0 cannot hold most control characters, so openpyxl raised IllegalCharacterError (exit 1)
when an organisation, a respondent, a note or an owner held a BEL. Every xlsx writer now
replaces them; every response file refuses them in names (and, but for tabs and line breaks,
in notes) with the cell that holds them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cxaudit.domain.scoring import scored
from cxaudit.errors import DataImportError
from cxaudit.transfer.exports import write_workbook
from cxaudit.transfer.packs import read_pack, write_pack
from cxaudit.transfer.responses import parse_response_csv
from tests.transfer.crafted import MINI, mini_assessment

CONTROLS = ["\x07", "\x1b", "\x00", "\x1b]0;pwned\x07", "\x0b\x0c", "\x1f"]


def _shown(text: str) -> str:
    """`text` as an xlsx shows it: each character XML cannot hold replaced by U+FFFD."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", text)


@pytest.mark.parametrize("text", CONTROLS, ids=repr)
def test_xlsx_export_of_old_data_with_control_characters_never_crashes(
    tmp_path: Path, text: str
) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "old.xlsx"
    # An older cxaudit could store all of this; export must still write it.
    old = mini_assessment(
        f"Acme{text}",
        [(f"Ann{text}", f"note{text}", f"why{text}")],
        owner=f"Di{text}",
        action=f"do{text}",
    )
    write_workbook(path, [scored(MINI, old)])
    values = {
        str(cell.value)
        for sheet in load_workbook(path).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }
    shown = _shown(text)
    for field in ("Acme", "Ann", "note", "why", "do", "Di"):
        assert f"{field}{shown}" in values


@pytest.mark.parametrize("text", CONTROLS, ids=repr)
def test_a_pack_for_an_old_name_with_control_characters_writes_and_finds_it_again(
    tmp_path: Path, text: str
) -> None:
    from openpyxl import load_workbook

    organisation = f"Acme{text}"
    path = write_pack(
        tmp_path / "pack.xlsx", questionnaire=MINI, organisation=organisation, period="2026-Q1"
    )
    book = load_workbook(path)
    sheet = book["Responses"]
    assert sheet["B2"].value == _shown(organisation)
    first = next(c.row for (c,) in sheet.iter_rows(max_col=1) if c.value == "alpha.one")
    sheet["B4"], sheet["B5"], sheet[f"I{first}"] = "Dee", "leader", 3
    book.save(path)
    assert read_pack(path, MINI).organisation == organisation


@pytest.mark.parametrize("text", ["\x07", "\x1b[31m", "\x1b]0;pwned\x07", "\u202e"], ids=repr)
def test_a_response_file_refuses_control_characters_in_names(text: str) -> None:
    csv = f"respondent,role,question_id,answer,note\nAnn{text},leader,alpha.one,3,\n"
    with pytest.raises(DataImportError) as caught:
        parse_response_csv(csv, MINI, "r.csv")
    assert caught.value.problems == [
        "r.csv, line 2, column respondent: A respondent's name cannot contain control "
        "characters such as line breaks, tabs or escapes."
    ]


def test_a_response_file_refuses_control_characters_in_notes_but_keeps_lines_and_tabs() -> None:
    csv = (
        "respondent,role,question_id,answer,note\n"
        'Ann,leader,alpha.one,3,"first line\nsecond\tline"\n'
        "Bo,leader,alpha.one,3,ring\x07\n"
    )
    with pytest.raises(DataImportError) as caught:
        parse_response_csv(csv, MINI, "r.csv")
    assert caught.value.problems == [
        "r.csv, line 4, column note: The note holds a control character (such as ESC or BEL); "
        "only tabs and line breaks are allowed."
    ]
    (ann,) = parse_response_csv(csv.rsplit("Bo,", 1)[0], MINI, "r.csv")
    assert ann.answers["alpha.one"].note == "first line\nsecond\tline"
