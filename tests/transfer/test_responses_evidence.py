"""Response files and packs carry evidence and confidence; a gated level without evidence is
refused (every such row listed at once) unless --accept-unverified lets it in marked
unverified; an answer to a question that does not apply is left out, and the summary says so."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxaudit.cli import cli
from cxaudit.domain.model import Confidence
from cxaudit.domain.scoring import scored
from cxaudit.errors import DataImportError
from cxaudit.services.exchange import export_csv, import_responses
from cxaudit.services.workspace import Workspace
from cxaudit.storage import repository
from cxaudit.transfer.cells import AnswerRules
from cxaudit.transfer.exports import write_answers_csv
from cxaudit.transfer.response_rows import Destination
from cxaudit.transfer.responses import parse_response_csv
from tests.transfer.conftest import database_checksum
from tests.transfer.gated import CALL_HINT, GATED, gated_file

LONG = "respondent,role,question_id,answer,note,evidence,confidence\n"


def _errors(text: str, rules: AnswerRules | None = None) -> DataImportError:
    with pytest.raises(DataImportError) as caught:
        parse_response_csv(text, GATED, "answers.csv", rules=rules)
    return caught.value


def test_every_gated_level_without_evidence_is_listed_with_line_and_column() -> None:
    text = (
        LONG
        + "Ann,leader,alpha.one,4,,,\n"  # line 2: gated at 4, no evidence
        + "Ann,leader,alpha.two,5,,  ,high\n"  # line 3: evidence only blanks
        + "Ann,leader,beta.one,3,,,\n"  # fine: below the gate
        + "Ann,leader,beta.two,4,,,\n"  # fine: beta.two is gated from 5
        + "Bo,frontline,alpha.one,5,,Board minutes,low\n"  # fine
        + "Bo,frontline,beta.two,5,,,\n"  # line 7
        + "Bo,frontline,alpha.three,5,,,\n"  # fine: alpha.three has no gate
    )
    error = _errors(text)
    assert "has 3 problems; nothing was imported" in error.message
    assert "--accept-unverified" in error.message
    assert [p.split(": ", 1)[0] for p in error.problems] == [
        "answers.csv, line 2, column evidence",
        "answers.csv, line 3, column evidence",
        "answers.csv, line 7, column evidence",
    ]
    assert "Level 4 on alpha.one needs evidence, as every level from 4 does" in error.problems[0]
    assert CALL_HINT.rstrip(".") in error.problems[1]
    assert "as every level from 5 does" in error.problems[2]


def test_missing_evidence_is_listed_with_every_other_bad_row() -> None:
    text = (
        LONG
        + "Ann,leader,alpha.one,5,,,\n"
        + "Ann,chief,beta.one,3,,,\n"
        + "Bo,frontline,beta.one,2,,,sure\n"
        + "Bo,frontline,alpha.two,9,,,\n"
    )
    where = {p.split(": ", 1)[0].split(", ", 1)[1] for p in _errors(text).problems}
    assert where == {
        "line 2, column evidence",
        "line 3, column role",
        "line 4, column confidence",
        "line 5, column answer",
    }


def test_accept_unverified_lets_gated_rows_in_marked() -> None:
    text = LONG + "Ann,leader,alpha.one,4,,,\nAnn,leader,alpha.two,5,,Call log,\n"
    (ann,) = parse_response_csv(text, GATED, "a.csv", rules=AnswerRules(accept_unverified=True))
    assert ann.answers["alpha.one"].unverified and ann.answers["alpha.one"].level == 4
    assert not ann.answers["alpha.two"].unverified
    assert ann.answers["alpha.two"].evidence == "Call log"


@pytest.mark.parametrize(
    ("written", "kept"),
    [("", Confidence.MEDIUM), ("Low", Confidence.LOW), (" HIGH ", Confidence.HIGH)],
)
def test_confidence_is_low_medium_or_high_and_blank_is_medium(
    written: str, kept: Confidence
) -> None:
    (ann,) = parse_response_csv(LONG + f'Ann,leader,beta.one,3,,,"{written}"\n', GATED, "a.csv")
    assert ann.answers["beta.one"].confidence is kept


@pytest.mark.parametrize("written", ["sure", "5", "med", "very high"])
def test_any_other_confidence_is_a_bad_row(written: str) -> None:
    error = _errors(LONG + f"Ann,leader,beta.one,3,,,{written}\n")
    (problem,) = error.problems
    assert problem.startswith("answers.csv, line 2, column confidence: ")
    assert f"'{written}' is not a confidence: use low, medium or high" in problem


def test_a_file_without_an_evidence_column_names_the_column_it_needs() -> None:
    error = _errors("respondent,role,question_id,answer,note\nAnn,leader,alpha.one,5,\n")
    assert error.problems[0].startswith("answers.csv, line 2, column evidence: Level 5")


def test_wide_files_take_evidence_and_confidence_columns_per_question() -> None:
    header = "respondent,role,alpha.one,alpha.one_evidence,alpha.one_confidence,beta.one,beta.two"
    good = header + "\nAnn,leader,5,Board minutes,high,2,4\n"
    (ann,) = parse_response_csv(good, GATED, "w.csv")
    one = ann.answers["alpha.one"]
    assert (one.evidence, one.confidence, one.unverified) == ("Board minutes", "high", False)
    assert ann.answers["beta.one"].confidence is Confidence.MEDIUM
    bad = header + "\nAnn,leader,4,,maybe,5,5\nBo,other,,minutes,,1,1\n"
    where = [p.split(": ", 1)[0] for p in _errors(bad).problems]
    assert where == [
        "answers.csv, line 2, column alpha.one_confidence",
        "answers.csv, line 2, column alpha.one_evidence",
        "answers.csv, line 2, column beta.one_evidence",
        "answers.csv, line 2, column beta.two_evidence",
        "answers.csv, line 3, column alpha.one_evidence",
    ]


def _workspace(tmp_path: Path, *, contact_centre: bool) -> tuple[Workspace, Path]:
    db = tmp_path / "gated.db"
    ws = Workspace.open(f"sqlite:///{db}")
    with ws.session() as session:
        repository.create_organisation(
            session, name="Harbour Bank", profile={"has_contact_centre": contact_centre}
        )
    return ws, db


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_refuses_the_file_and_changes_nothing_then_accepts_it_unverified(
    tmp_path: Path,
) -> None:
    ws, db = _workspace(tmp_path, contact_centre=True)
    path = _csv(
        tmp_path,
        LONG + "Ann,leader,alpha.one,5,,,low\nAnn,leader,beta.one,4,,Survey results,high\n",
    )
    before = database_checksum(db)
    with pytest.raises(DataImportError):
        import_responses(
            ws,
            paths=[path],
            organisation="Harbour Bank",
            period="2026-Q1",
            questionnaire_ref=str(gated_file(tmp_path)),
        )
    assert database_checksum(db) == before
    summary = import_responses(
        ws,
        paths=[path],
        organisation="Harbour Bank",
        period="2026-Q1",
        questionnaire_ref=str(gated_file(tmp_path)),
        accept_unverified=True,
    )
    assert summary.unverified == 1 and summary.answers == 2
    assert "1 answer is marked unverified: counted as given" in summary.message
    with ws.session() as session:
        stored = repository.find_assessment(
            session, organisation_ref="harbour-bank", period="2026-Q1"
        )
    (ann,) = stored.respondents
    one, beta = ann.answers["alpha.one"], ann.answers["beta.one"]
    assert (one.unverified, one.confidence, one.evidence) == (True, Confidence.LOW, "")
    assert (beta.unverified, beta.confidence, beta.evidence) == (
        False,
        Confidence.HIGH,
        "Survey results",
    )
    assert stored.profile == {"has_contact_centre": True, "has_shops": False}
    # The export lists the mark and the confidence beside each answer.
    export = tmp_path / "out.csv"
    export_csv(ws, path=export)
    rows = list(csv.DictReader(io.StringIO(export.read_text(encoding="utf-8"))))
    assert [(r["question_id"], r["confidence"], r["unverified"]) for r in rows] == [
        ("alpha.one", "low", "true"),
        ("beta.one", "high", "false"),
    ]


def test_answers_to_questions_that_do_not_apply_are_left_out_and_named(tmp_path: Path) -> None:
    ws, _db = _workspace(tmp_path, contact_centre=False)
    path = _csv(
        tmp_path,
        LONG
        + "Ann,leader,alpha.one,3,,,\n"
        + "Ann,leader,alpha.two,5,,,\n"  # gated, no evidence, but does not apply
        + "Bo,frontline,alpha.two,2,,,\n"
        + "Bo,frontline,alpha.three,1,,,\n",
    )
    summary = import_responses(
        ws,
        paths=[path],
        organisation="Harbour Bank",
        period="2026-Q1",
        questionnaire_ref=str(gated_file(tmp_path)),
    )
    assert summary.answers == 1
    assert summary.left_out == {"alpha.two": 2, "alpha.three": 1}
    assert (
        "Left out 3 answers to questions that do not apply here: "
        "alpha.two (does not apply: no contact centre); "
        "alpha.three (does not apply: no contact centre; no shops)."
    ) in summary.message
    with ws.session() as session:
        stored = repository.find_assessment(
            session, organisation_ref="harbour-bank", period="2026-Q1"
        )
    assert {qid for r in stored.respondents for qid in r.answers} == {"alpha.one"}


def test_the_cli_flag_lets_rows_in_and_a_backup_refuses_it(tmp_path: Path) -> None:
    ws, db = _workspace(tmp_path, contact_centre=True)
    ws.close()
    path = _csv(tmp_path, LONG + "Ann,leader,alpha.one,5,,,\nBo,other,beta.two,5,,,\n")
    base = ["--db", f"sqlite:///{db}", "import", str(path), "--org", "Harbour Bank"]
    base += ["--period", "2026-Q1", "--questionnaire", str(gated_file(tmp_path))]
    refused = CliRunner().invoke(cli, base)
    assert refused.exit_code == 2
    assert "line 2, column evidence" in refused.output
    assert "line 3, column evidence" in refused.output
    assert "--accept-unverified" in refused.output and "Traceback" not in refused.output
    accepted = CliRunner().invoke(cli, [*base, "--accept-unverified"])
    assert accepted.exit_code == 0, accepted.output
    assert "2 answers are marked unverified" in accepted.output
    backup = tmp_path / "b.json"
    assert CliRunner().invoke(cli, ["--db", f"sqlite:///{db}", "export", "-o", str(backup)])
    mixed = CliRunner().invoke(
        cli, ["--db", f"sqlite:///{db}", "import", str(backup), "--accept-unverified"]
    )
    assert mixed.exit_code == 2
    assert "drop --accept-unverified" in mixed.output


EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
_EVIDENCE = st.text(
    alphabet=st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=20
).filter(lambda text: text == text.strip())


@EXAMPLES
@given(
    picks=st.lists(
        st.tuples(
            st.integers(1, 5), st.one_of(st.just(""), _EVIDENCE), st.sampled_from(Confidence)
        ),
        min_size=len(GATED.questions),
        max_size=len(GATED.questions),
    )
)
def test_csv_export_and_import_keep_evidence_confidence_and_the_mark(
    tmp_path_factory: Any, picks: list[tuple[int, str, Confidence]]
) -> None:
    from cxaudit.domain.model import (
        Assessment,
        Organisation,
        Respondent,
        Role,
        make_answer,
    )

    answers = {
        q.id: make_answer(
            q.id,
            level,
            evidence=evidence,
            confidence=confidence,
            unverified=GATED.evidence_gate(q.id) not in (0,)
            and level >= GATED.evidence_gate(q.id)
            and not evidence,
        )
        for q, (level, evidence, confidence) in zip(GATED.questions, picks, strict=True)
    }
    assessment = Assessment(
        organisation=Organisation(name="Acme", slug="acme"),
        period="2026-Q1",
        questionnaire_id=GATED.id,
        questionnaire_version=GATED.version,
        questionnaire_hash=GATED.content_hash,
        respondents=[Respondent(name="Ann", role=Role.LEADER, answers=answers)],
    )
    path = tmp_path_factory.mktemp("csv") / "answers.csv"
    write_answers_csv(path, [scored(GATED, assessment)])
    (back,) = parse_response_csv(
        path.read_text(encoding="utf-8"),
        GATED,
        str(path),
        Destination(organisation=frozenset({"acme"}), period="2026-Q1"),
        AnswerRules(accept_unverified=True),
    )
    assert {
        qid: (a.level, a.evidence, a.confidence, a.unverified) for qid, a in back.answers.items()
    } == {qid: (a.level, a.evidence, a.confidence, a.unverified) for qid, a in answers.items()}


def test_xlsx_export_and_wide_workbook_import_carry_confidence_and_evidence(
    tmp_path: Path,
) -> None:
    from openpyxl import Workbook, load_workbook

    from cxaudit.domain.model import Assessment, Organisation, Respondent, Role, make_answer
    from cxaudit.transfer.exports import write_workbook
    from cxaudit.transfer.responses import parse_wide_xlsx

    answers = {
        "alpha.one": make_answer("alpha.one", 5, confidence="low", unverified=True),
        "beta.one": make_answer("beta.one", 4, evidence="Survey", confidence="high"),
    }
    assessment = Assessment(
        organisation=Organisation(name="Acme", slug="acme"),
        period="2026-Q1",
        questionnaire_id=GATED.id,
        questionnaire_version=GATED.version,
        questionnaire_hash=GATED.content_hash,
        respondents=[Respondent(name="Ann", role=Role.LEADER, answers=answers)],
    )
    exported = tmp_path / "export.xlsx"
    write_workbook(exported, [scored(GATED, assessment)])
    book = load_workbook(exported)
    sheet = [list(row) for row in book["Answers"].iter_rows(values_only=True)]
    rows = [dict(zip(sheet[0], row, strict=True)) for row in sheet[1:]]
    assert [(r["question_id"], r["confidence"], r["unverified"], r["evidence"]) for r in rows] == [
        ("alpha.one", "low", True, None),
        ("beta.one", "high", False, "Survey"),
    ]
    summary = [list(row) for row in book["Summary"].iter_rows(values_only=True)]
    assert summary[0][-1] == "unverified" and summary[1][-1] == 1

    wide = Workbook()
    cells = wide.active
    cells.append(["name", "role", "alpha.one", "alpha.one_evidence", "alpha.one_confidence"])
    cells.append(["Ann", "leader", 4, "Board minutes", "High"])
    cells.append(["Bo", "other", 5, None, "sure"])
    path = tmp_path / "wide.xlsx"
    wide.save(path)
    with pytest.raises(DataImportError) as caught:
        parse_wide_xlsx(path, GATED)
    assert [p.split(": ", 1)[0].rsplit(", ", 1)[1] for p in caught.value.problems] == [
        "column E (alpha.one_confidence)",
        "column D (alpha.one_evidence)",
    ]
    cells.delete_rows(3)
    wide.save(path)
    (ann,) = parse_wide_xlsx(path, GATED)
    one = ann.answers["alpha.one"]
    assert (one.evidence, one.confidence, one.unverified) == ("Board minutes", "high", False)


def test_hostile_evidence_is_refused_at_its_cell_and_formulas_stay_text(tmp_path: Path) -> None:
    from cxaudit.domain.texts import NOTE_MAX

    long_text = "x" * (NOTE_MAX + 1)
    text = LONG + f"Ann,leader,beta.one,4,,{long_text},\nBo,other,beta.one,4,,Seen\x1b[2J,\n"
    error = _errors(text)
    assert [p.split(": ", 1)[0] for p in error.problems] == [
        "answers.csv, line 2, column evidence",
        "answers.csv, line 3, column evidence",
    ]
    assert f"The evidence is {NOTE_MAX + 1:,} characters long" in error.problems[0]
    assert "The evidence holds a control character" in error.problems[1]
    # Evidence that starts like a formula is written behind a `'` and read back exactly.
    from cxaudit.domain.model import Assessment, Organisation, Respondent, Role, make_answer

    answer = make_answer("beta.one", 4, evidence='=HYPERLINK("http://x","y")')
    assessment = Assessment(
        organisation=Organisation(name="Acme", slug="acme"),
        period="2026-Q1",
        questionnaire_id=GATED.id,
        questionnaire_version=GATED.version,
        questionnaire_hash=GATED.content_hash,
        respondents=[Respondent(name="Ann", role=Role.LEADER, answers={"beta.one": answer})],
    )
    path = tmp_path / "out.csv"
    write_answers_csv(path, [scored(GATED, assessment)])
    written = path.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in written
    (back,) = parse_response_csv(written, GATED, str(path))
    assert back.answers["beta.one"].evidence == '=HYPERLINK("http://x","y")'
