"""Response packs ask for confidence and evidence: the header note explains the evidence gate,
each gated question says what counts as evidence, questions that do not apply are left out and
named, and a filled pack's gated level without evidence is refused at its cell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cxaudit.domain.model import Confidence
from cxaudit.errors import DataImportError
from cxaudit.services.exchange import write_pack as write_pack_for
from cxaudit.services.workspace import Workspace
from cxaudit.storage import repository
from cxaudit.transfer.cells import AnswerRules
from cxaudit.transfer.packs import (
    COL_ANSWER,
    COL_CONFIDENCE,
    COL_EVIDENCE,
    COL_HINT,
    COL_NOTE,
    read_pack,
    write_pack,
)
from tests.transfer.gated import CALL_HINT, GATED, gated_file


def _rows(path: Path) -> tuple[list[tuple[Any, ...]], Any]:
    from openpyxl import load_workbook

    sheet = load_workbook(path)["Responses"]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)], sheet


def _by_id(rows: list[tuple[Any, ...]]) -> dict[str, tuple[Any, ...]]:
    return {str(row[0]): row for row in rows if row[0]}


def test_a_blank_pack_explains_the_gate_and_shows_each_hint(tmp_path: Path) -> None:
    path = write_pack(
        tmp_path / "pack.xlsx",
        questionnaire=GATED,
        organisation="Harbour Bank",
        period="2026-Q1",
    )
    rows, sheet = _rows(path)
    text = " ".join(str(row[0]) for row in rows if row[0])
    assert "From level 4 up (the last column says for which questions" in text
    assert "an answer needs evidence" in text
    assert "refused on import, or at best counted as unverified" in text
    assert "low, medium or high (blank is medium)" in text
    by_id = _by_id(rows)
    header = by_id["Question id"]
    assert header[COL_CONFIDENCE - 1] == "Confidence"
    assert header[COL_EVIDENCE - 1] == "Evidence"
    assert header[COL_HINT - 1] == "What counts as evidence"
    assert by_id["alpha.one"][COL_HINT - 1] == "Needed from level 4."
    assert by_id["alpha.two"][COL_HINT - 1] == f"Needed from level 4. {CALL_HINT}"
    assert by_id["alpha.three"][COL_HINT - 1] is None  # no gate of its own
    assert by_id["beta.two"][COL_HINT - 1] == "Needed at level 5."
    for qid in ("alpha.one", "beta.one"):
        assert by_id[qid][COL_CONFIDENCE - 1] is None and by_id[qid][COL_EVIDENCE - 1] is None
    lists = [dv.formula1 for dv in sheet.data_validations.dataValidation]
    assert '"low,medium,high"' in lists


def test_a_pack_for_an_organisation_without_a_contact_centre_leaves_its_questions_out(
    tmp_path: Path,
) -> None:
    ws = Workspace.open(f"sqlite:///{tmp_path / 'p.db'}")
    with ws.session() as session:
        repository.create_organisation(
            session, name="Harbour Bank", profile={"has_contact_centre": False}
        )
    outcome = write_pack_for(
        ws,
        organisation="Harbour Bank",
        period="2026-Q1",
        output=tmp_path / "pack.xlsx",
        questionnaire_ref=str(gated_file(tmp_path)),
    )
    rows, _sheet = _rows(outcome.path)
    by_id = _by_id(rows)
    assert "alpha.two" not in by_id and "alpha.three" not in by_id
    assert {"alpha.one", "beta.one", "beta.two"} <= set(by_id)
    left = [str(row[0]) for row in rows if str(row[0]).startswith("Left out")]
    assert left == [
        "Left out because they do not apply to Harbour Bank: alpha.two (no contact centre); "
        "alpha.three (no contact centre; no shops)."
    ]


def _fill(blank: Path, out: Path, answers: dict[str, tuple[Any, ...]]) -> Path:
    """Fill a pack as a respondent would: (answer, note, confidence, evidence) per question."""
    from openpyxl import load_workbook

    workbook = load_workbook(blank)
    sheet = workbook["Responses"]
    for row in sheet.iter_rows(min_col=1, max_col=2):
        if row[0].value == "Your name":
            row[1].value = "Ann"
        elif row[0].value == "Your role":
            row[1].value = "leader"
    for row in sheet.iter_rows(min_col=1, max_col=COL_EVIDENCE):
        cells = answers.get(str(row[0].value))
        if cells is not None:
            for column, value in zip(
                (COL_ANSWER, COL_NOTE, COL_CONFIDENCE, COL_EVIDENCE), cells, strict=False
            ):
                row[column - 1].value = value
    workbook.save(out)
    return out


def test_a_filled_pack_keeps_confidence_and_evidence(tmp_path: Path) -> None:
    blank = write_pack(tmp_path / "b.xlsx", questionnaire=GATED, organisation="A", period="2026-Q1")
    filled = _fill(
        blank,
        tmp_path / "f.xlsx",
        {
            "alpha.one": (5, "", "high", "Board minutes, May"),
            "alpha.two": (2, "Only a pilot", "low"),
            "beta.one": ("N/A", "No shops"),
        },
    )
    answers = read_pack(filled, GATED).respondent.answers
    assert (answers["alpha.one"].evidence, answers["alpha.one"].confidence) == (
        "Board minutes, May",
        Confidence.HIGH,
    )
    assert answers["alpha.two"].confidence is Confidence.LOW
    assert answers["beta.one"].confidence is Confidence.MEDIUM
    assert not any(a.unverified for a in answers.values())


def test_a_filled_pack_without_evidence_is_refused_at_its_cells(tmp_path: Path) -> None:
    blank = write_pack(tmp_path / "b.xlsx", questionnaire=GATED, organisation="A", period="2026-Q1")
    filled = _fill(
        blank,
        tmp_path / "f.xlsx",
        {
            "alpha.one": (4, "", "high"),
            "alpha.two": (5, "", "certain", ""),
            "beta.two": (5, "", "", "   "),
            "beta.one": (None, "", "", "A report"),
        },
    )
    with pytest.raises(DataImportError) as caught:
        read_pack(filled, GATED)
    reasons = {p.split(": ", 1)[0].split(", ", 1)[1]: p for p in caught.value.problems}
    assert len(caught.value.problems) == 5, caught.value.problems
    assert sum("column L" in where for where in reasons) == 4
    assert sum("column K" in where for where in reasons) == 1
    assert any("evidence but no answer" in p for p in caught.value.problems)
    assert "--accept-unverified" in caught.value.message
    assert all(where.startswith("line ") for where in reasons)
    pack = read_pack(
        _fill(
            blank,
            tmp_path / "g.xlsx",
            {"alpha.one": (4, "", "high"), "beta.two": (5, "", "low")},
        ),
        GATED,
        AnswerRules(accept_unverified=True),
    )
    marked = {qid: a.unverified for qid, a in pack.respondent.answers.items()}
    assert marked == {"alpha.one": True, "beta.two": True}


def test_a_version_one_pack_without_the_new_columns_still_reads(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    blank = write_pack(tmp_path / "b.xlsx", questionnaire=GATED, organisation="A", period="2026-Q1")
    filled = _fill(blank, tmp_path / "f.xlsx", {"alpha.one": (3, "A note"), "beta.one": (2,)})
    workbook = load_workbook(filled)
    sheet = workbook["Responses"]
    sheet.delete_cols(COL_CONFIDENCE, 3)
    meta = workbook["cxaudit"]
    for row in meta.iter_rows():
        if row[0].value == "version":
            row[1].value = "1"
    workbook.save(filled)
    answers = read_pack(filled, GATED).respondent.answers
    assert answers["alpha.one"].note == "A note"
    assert answers["alpha.one"].confidence is Confidence.MEDIUM
