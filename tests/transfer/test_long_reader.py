"""The fast long reader reads exactly what the row-by-row reader before it read.

`cxaudit.transfer.long_rows` remembers what repeats (names, roles, levels, confidences) and
checks texts with one regular expression; `tests/transfer/reference_long.py` is the reader it
replaced. On any long file, both give the same respondents, or refuse it with the same problems.
Answers are kept compact (`cxaudit.transfer.gathered`) and built when written: built trusted,
as the import does, they equal the validated ones.
"""

from __future__ import annotations

import codecs
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxaudit.domain.model import Answer, Respondent
from cxaudit.domain.texts import NOTE_MAX, text_problem
from cxaudit.errors import DataImportError
from cxaudit.storage.rows import trusted_factory
from cxaudit.transfer.cells import PROBLEMS_LISTED, AnswerRules, Problems
from cxaudit.transfer.gathered import Gathered, batches
from cxaudit.transfer.response_rows import Destination, csv_rows
from cxaudit.transfer.responses import parse_response_csv, read_response_files
from tests.transfer import reference_long
from tests.transfer.gated import GATED

DESTINATION = Destination(organisation=frozenset({"acme"}), period="2026-Q1")

_NAMES = ["Ann", "ann", " ANN ", "Bo", "", "ß" * 61, "ss" * 61, "x" * 121, "A\x1bB"]
_ROLES = ["leader", "Leader", "LEADER", "front-line", "Manager", "boss", ""]
_QIDS = ["alpha.one", "alpha.three", "beta.one", "alpha.two", "beta.two", "gamma.one", ""]
_ANSWERS = ["3", "na", "unknown", "1", "4", "5", "5.0", "6", "0", "N/A", "dk", "x", ""]
_TEXTS = ["", "note", "tab\there", " spaced ", "a\x1bb", "x" * (NOTE_MAX + 1)]
_EVIDENCE = ["", "seen it", " ", "\x07"]
_SURE = ["", "low", "HIGH", "meh"]
_PLACES = ["", "Acme", "2026-Q1", "2026 Q1", "Other", "2025-Q4"]

HEADERS = {
    "plain": ("respondent", "role", "question_id", "answer", "note"),
    "export": (
        "organisation",
        "period",
        "respondent",
        "role",
        "question_id",
        "answer",
        "note",
        "na_reason",
        "evidence",
        "confidence",
    ),
    "reordered": ("confidence", "answer", "question_id", "note", "role", "respondent", "evidence"),
}
_CELLS = {
    "organisation": _PLACES,
    "period": _PLACES,
    "respondent": _NAMES,
    "role": _ROLES,
    "question_id": _QIDS,
    "answer": _ANSWERS,
    "note": _TEXTS,
    "na_reason": _TEXTS,
    "evidence": _EVIDENCE,
    "confidence": _SURE,
}


_GOOD = 8
"""How many times likelier a cell is to be one of the first three of its list (mostly good
ones), so that many generated files are read, not refused."""


def _row(header: tuple[str, ...]) -> st.SearchStrategy[list[str]]:
    cells = [st.sampled_from(_CELLS[column][:3] * _GOOD + _CELLS[column]) for column in header]
    return st.tuples(*cells).map(list) | st.just([])


def _csv(header: tuple[str, ...], rows: list[list[str]]) -> str:
    def cell(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    return "\n".join(",".join(map(cell, row)) for row in [list(header), *rows]) + "\n"


def _outcome(read: object) -> tuple[str, object]:
    try:
        return "read", read() if callable(read) else read
    except DataImportError as exc:
        return "refused", (exc.message, exc.problems)


def _reference(text: str, rules: AnswerRules, destination: Destination | None) -> object:
    problems = Problems("f.csv")
    rows = csv_rows(text, problems)
    rows = [row for n, row in enumerate(rows) if n or any(row[1])]
    respondents = reference_long.parse_long(rows, GATED, problems, destination, rules)
    problems.raise_if_any()
    if not respondents:
        problems.fail("holds no answers.")
    return respondents


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    data=st.data(),
    layout=st.sampled_from(sorted(HEADERS)),
    accept=st.booleans(),
    skip=st.booleans(),
    bound=st.booleans(),
)
def test_the_fast_reader_reads_what_the_row_by_row_reader_read(
    data: st.DataObject, layout: str, accept: bool, skip: bool, bound: bool
) -> None:
    header = HEADERS[layout]
    rows = data.draw(st.lists(_row(header), min_size=1, max_size=6))
    text = _csv(header, rows)
    rules = AnswerRules(
        accept_unverified=accept,
        not_applying={"alpha.two": "does not apply: no contact centre"} if skip else {},
    )
    destination = DESTINATION if bound else None
    fast = _outcome(lambda: parse_response_csv(text, GATED, "f.csv", destination, rules))
    slow = _outcome(lambda: _reference(text, rules, destination))
    assert fast == slow


def test_a_casefolded_name_too_long_to_be_a_name_is_refused_though_it_matches_one() -> None:
    """`ß` × 61 is a name of 61 characters; `ss` × 61, its casefolded form, is too long."""
    text = (
        "respondent,role,question_id,answer,note\n"
        f"{'ß' * 61},leader,alpha.one,3,\n"
        f"{'ss' * 61},leader,alpha.two,3,\n"
    )
    with pytest.raises(DataImportError) as caught:
        parse_response_csv(text, GATED, "f.csv")
    assert caught.value.problems == [
        "f.csv, line 3, column respondent: A respondent's name is 122 characters long; "
        "the most is 120."
    ]


def test_the_regular_expression_refuses_exactly_the_characters_the_domain_refuses() -> None:
    from cxaudit.transfer.cells import _CONTROL

    differ = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if (text_problem(chr(code), what="A note") is None) != (_CONTROL.search(chr(code)) is None)
    ]
    assert differ == []
    assert all(unicodedata.category(chr(code)) == "Cc" for code in (0, 0x1B, 0x7F, 0x9F))
    assert text_problem("x" * NOTE_MAX, what="A note") is None
    assert text_problem("x" * (NOTE_MAX + 1), what="A note") is not None


def test_a_file_of_many_bad_rows_lists_a_thousand_problems_and_counts_the_rest() -> None:
    bad = 2_500
    text = "respondent,role,question_id,answer,note\n" + "Ann,boss,alpha.one,3,\n" * bad
    with pytest.raises(DataImportError) as caught:
        parse_response_csv(text, GATED, "f.csv")
    assert caught.value.message.startswith(f"f.csv has {bad:,} problems; nothing was imported.")
    problems = caught.value.problems
    assert len(problems) == PROBLEMS_LISTED + 1
    assert problems[0].startswith("f.csv, line 2, column role: 'boss' is not a role")
    assert problems[-1] == f"f.csv: and {bad - PROBLEMS_LISTED:,} more problems."


def _people() -> list[Gathered]:
    text = (
        "respondent,role,question_id,answer,note,na_reason,evidence,confidence\n"
        "Ann,leader,alpha.one,4,a note,,the minutes,high\n"
        "Ann,leader,beta.one,na,,no stores,,\n"
        "Ann,leader,beta.two,unknown,ask finance,,,low\n"
        "Bo,frontline,alpha.one,2,,,,\n"
        "Bo,frontline,alpha.two,5,,,,\n"
        "Cy,manager,beta.one,na,no shops here,,,\n"
    )
    rules = AnswerRules(accept_unverified=True)
    from cxaudit.transfer.responses import _csv_people

    return _csv_people(text.splitlines(keepends=True), GATED, "f.csv", None, rules)


def test_answers_built_trusted_equal_answers_built_validated() -> None:
    people = _people()
    answer, respondent = trusted_factory(Answer), trusted_factory(Respondent)
    for person in people:
        built, checked = person.build(answer, respondent), person.build()
        assert built == checked
        assert built.__dict__.keys() == checked.__dict__.keys()
        assert [a.__dict__ for a in built.answers.values()] == [
            a.__dict__ for a in checked.answers.values()
        ]
    (bo,) = [p.build() for p in people if p.name == "Bo"]
    assert bo.answers["alpha.two"].unverified
    assert [p.unverified for p in people] == [0, 1, 0]


def test_batches_build_everyone_in_file_order_a_few_answers_at_a_time() -> None:
    people = _people()
    every: list[Respondent] = [p.build() for p in people]
    got = list(batches(people, 2))
    assert [[r.name for r in batch] for batch in got] == [["Ann"], ["Bo"], ["Cy"]]
    assert [r for batch in got for r in batch] == every
    assert [len(batch) for batch in batches(people, 100)] == [3]


def test_gathering_a_built_respondent_keeps_it_as_it_was() -> None:
    for person in _people():
        built = person.build()
        assert Gathered.of(built).build() == built


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbfrespondent\xff",
        b"a" * (1 << 20) + b"\xe2\x82",
        b"a" * ((1 << 20) - 1) + "€".encode() + b"\xff",
        b"\xef\xbb\xbf" + b"a" * ((1 << 20) - 1) + "€".encode() + b"x\x80",
    ],
    ids=[
        "after a byte order mark",
        "cut at a megabyte",
        "past a megabyte",
        "past one, with a mark",
    ],
)
def test_a_file_that_is_not_utf8_is_refused_at_the_byte_decoding_stops(
    tmp_path: Path, data: bytes
) -> None:
    """The file is checked a megabyte at a time, never held whole; the byte named is the one
    `bytes.decode` names, across the boundaries of the megabytes too."""
    path = tmp_path / "answers.csv"
    path.write_bytes(data)
    with pytest.raises(UnicodeDecodeError) as decoding:
        data.decode("utf-8-sig")
    with pytest.raises(DataImportError) as caught:
        read_response_files([path], GATED)
    assert caught.value.message == (
        f"{path} is not UTF-8 text (byte {decoding.value.start} cannot be read)."
    )


def test_nul_characters_are_dropped_and_a_byte_order_mark_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    text = "respondent,role,question_id,answer,note\nA\x00nn,leader,alpha.one,3,no\x00te\n"
    path.write_bytes(codecs.BOM_UTF8 + text.encode())
    (ann,) = read_response_files([path], GATED).respondents
    assert (ann.name, ann.answers["alpha.one"].note) == ("Ann", "note")
