"""Rows of a response file, in the long or the wide layout, turned into respondents.

Both layouts are checked row by row against the questionnaire; every problem is recorded with its
line and column before anything fails, so one pass over a file reports all that is wrong in it.
Whether the rows come from CSV or from a workbook makes no difference here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from cxaudit.domain.model import Answer, Respondent, Role
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.transfer.cells import (
    AnswerRules,
    Extras,
    Problems,
    check_respondent_name,
    check_text,
    parse_answer_text,
    parse_role,
    role_problem,
    with_extras,
)
from cxaudit.transfer.gathered import Gathered
from cxaudit.transfer.limits import COLUMNS_MAX, Tally, check_answers, check_respondents
from cxaudit.transfer.safe_text import csv_unescape

NOTE_SUFFIX = "_note"
"""A wide file's note column for question `q` is `q_note`."""
EVIDENCE_SUFFIX = "_evidence"
"""A wide file's evidence column for question `q` is `q_evidence`."""
CONFIDENCE_SUFFIX = "_confidence"
"""A wide file's confidence column for question `q` is `q_confidence`."""
_SUFFIXES = (NOTE_SUFFIX, EVIDENCE_SUFFIX, CONFIDENCE_SUFFIX)


@dataclass(frozen=True)
class Destination:
    """Where answers are going: rows of a long file that name another place are refused.

    A long file written by `cxaudit export` carries `organisation` and `period` columns; when
    they are there, every row must name the organisation and period being imported into.
    """

    organisation: frozenset[str]
    """The organisation's name and short name, compared without case."""
    period: str
    """The period label."""

    def problem(self, column: str, value: str) -> str | None:
        """What is wrong with a row whose `column` holds `value`, if anything."""
        from cxaudit.domain.periods import parse_period
        from cxaudit.errors import CxauditError

        if not value:
            return None
        if column == "organisation" and value.casefold() not in self.organisation:
            return f"this row is for {value}, not the organisation being imported into."
        if column == "period":
            try:
                label = parse_period(value).label
            except CxauditError:
                label = value
            if label != self.period:
                return f"this row is for {value}, but the answers are going to {self.period}."
        return None


def csv_rows(text: str, problems: Problems) -> list[tuple[int, list[str]]]:
    """Every row of CSV text, as `csv_stream` gives them, within the limits of a wide file."""
    return list(csv_stream(io.StringIO(text, newline=""), problems, Tally(problems.origin)))


def csv_stream(
    lines: Iterable[str], problems: Problems, tally: Tally
) -> Iterator[tuple[int, list[str]]]:
    """Rows with the line each one starts on, each cell stripped and with the `'` an export
    puts before formula-like text removed again, read as they come; a CSV the reader rejects
    is one clear problem (with those found before it), and one past the `tally`'s limits
    stops being read."""
    reader = csv.reader(lines)
    start = 1
    count = 0
    strip = str.strip
    try:
        for row in reader:
            count += 1
            width = len(row)
            # `tally.row`, its common case inlined: it is called past a limit, to say so.
            tally.cells += width
            if count > tally.rows_max or width > COLUMNS_MAX or tally.cells > tally.cells_max:
                tally.cells -= width
                tally.row(count, width)
            cells = list(map(strip, row))
            if "'" in "".join(cells):
                cells = [csv_unescape(cell) for cell in cells]
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.add(reader.line_num or 1, None, f"is not valid CSV ({exc}).")
        problems.raise_if_any()


def header_index(header: Sequence[str]) -> dict[str, int]:
    """Each column's position by its lower-case name (the first of two same-named columns)."""
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        key = name.strip().lower()
        if key and key not in index:
            index[key] = position
    return index


def respondent_column(index: dict[str, int]) -> str | None:
    """The column naming respondents (`respondent`, else `name`), if the header has one."""
    for name in ("respondent", "name"):
        if name in index:
            return name
    return None


def parse_wide(
    rows: Sequence[tuple[int, list[str]]],
    questionnaire: Questionnaire,
    problems: Problems,
    column_names: Sequence[str] | None = None,
    rules: AnswerRules | None = None,
) -> list[Gathered]:
    """Respondents from wide-format rows: one row per respondent, one column per question.

    Columns that are neither a question id, a `<question id>_note`, `_evidence` or
    `_confidence`, `respondent`/`name` nor `role` are ignored (form tools add timestamps and
    e-mail addresses); a column that looks like a question id of this questionnaire's areas but
    is not one is a problem, so a typo never drops answers silently. `column_names` gives the
    spreadsheet letters for messages. Evidence and confidence are checked under `rules`.
    """
    rules = rules or AnswerRules()
    header_line, header = rows[0]
    index = header_index(header)
    name_column = respondent_column(index)
    area_ids = {area.id for area in questionnaire.areas}

    def label(position: int) -> str:
        name = header[position].strip()
        if column_names is not None and position < len(column_names):
            return f"{column_names[position]} ({name})"
        return name

    if name_column is None:
        problems.add(header_line, None, "the header has no 'respondent' (or 'name') column.")
    question_columns: list[tuple[int, str]] = []
    side: dict[str, dict[str, int]] = {suffix: {} for suffix in _SUFFIXES}
    """By suffix: the column of each question's note, evidence or confidence."""
    note_columns = side[NOTE_SUFFIX]
    for position, raw in enumerate(header):
        name = raw.strip()
        if not name:
            continue
        suffix = next((x for x in _SUFFIXES if name.lower().endswith(x)), None)
        base = name[: -len(suffix)] if suffix is not None else None
        if questionnaire.has_question(name):
            question_columns.append((position, name))
        elif suffix is not None and base is not None and questionnaire.has_question(base):
            side[suffix].setdefault(base, position)
        elif "." in name and name.split(".", 1)[0] in area_ids:
            problems.add(
                header_line, label(position), f"'{name}' is not a question of {questionnaire.id}."
            )
    if not question_columns and name_column is not None:
        problems.add(header_line, None, f"no column names a question of {questionnaire.id}.")
    problems.raise_if_any()
    assert name_column is not None
    seen: dict[str, int] = {}
    respondents: list[Gathered] = []
    answered = 0
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue

        def get(position: int, row: list[str] = row) -> str:
            return row[position] if position < len(row) else ""

        name = get(index[name_column])
        bad = False
        if not name:
            problems.add(line, label(index[name_column]), "the respondent's name is empty.")
            bad = True
        elif name.casefold() in seen:
            problems.add(
                line,
                label(index[name_column]),
                f"{name} already has a row (line {seen[name.casefold()]}).",
            )
            bad = True
        elif not check_respondent_name(name, problems, line, label(index[name_column])):
            bad = True
        else:
            seen[name.casefold()] = line
        role = Role.OTHER
        if "role" in index:
            parsed = parse_role(get(index["role"]))
            if parsed is None:
                problems.add(line, label(index["role"]), role_problem(get(index["role"])))
                bad = True
            else:
                role = parsed
        answers: dict[str, Answer] = {}
        for position, qid in question_columns:
            value = get(position)
            cells = {x: get(side[x][qid]) if qid in side[x] else "" for x in _SUFFIXES}
            note = cells[NOTE_SUFFIX]
            if note and not check_text(note, problems, line, label(note_columns[qid]), "The note"):
                bad = True
                continue
            if not value:
                for suffix, what in zip(
                    _SUFFIXES, ("a note", "evidence", "a confidence"), strict=True
                ):
                    if cells[suffix]:
                        problems.add(
                            line,
                            label(side[suffix][qid]),
                            f"{what} for {qid} but no answer: give an answer or clear it.",
                        )
                        bad = True
                continue
            answer = parse_answer_text(qid, value, note, problems, line, label(position))
            if answer is None:
                continue
            extras = Extras(
                evidence=cells[EVIDENCE_SUFFIX],
                evidence_column=_side_label(side, EVIDENCE_SUFFIX, qid, label),
                confidence=cells[CONFIDENCE_SUFFIX],
                confidence_column=_side_label(side, CONFIDENCE_SUFFIX, qid, label),
            )
            checked = with_extras(questionnaire, answer, extras, rules, problems, line)
            if checked is None:
                bad = True
            else:
                answers[qid] = checked
        if not bad:
            respondent = Respondent(name=name, role=role, answers=answers)
            respondents.append(Gathered.of(respondent, dict.fromkeys(answers, line)))
            answered += len(answers)
            check_answers(problems.origin, answered)
            check_respondents(problems.origin, len(respondents))
    return respondents


def _side_label(
    side: dict[str, dict[str, int]], suffix: str, qid: str, label: Callable[[int], str]
) -> str:
    """Where a question's evidence or confidence is, for a problem: its column, or the column
    the file would need (`alpha.one_evidence`) when it has none."""
    return label(side[suffix][qid]) if qid in side[suffix] else f"{qid}{suffix}"
