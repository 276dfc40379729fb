"""Rows of a response file, in the long or the wide layout, turned into respondents.

Both layouts are checked row by row against the questionnaire; every problem is recorded with its
line and column before anything fails, so one pass over a file reports all that is wrong in it.
Whether the rows come from CSV or from a workbook makes no difference here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cxaudit.domain.model import Answer, Respondent, Role, make_answer
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
from cxaudit.transfer.limits import Tally, check_answers
from cxaudit.transfer.safe_text import csv_unescape

LONG_COLUMNS = ("respondent", "role", "question_id", "answer", "note")
"""The columns a long response file must have (more are allowed and ignored)."""

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


class _RespondentBuilder:
    """Collects one respondent's answers while rows are read, catching duplicates."""

    def __init__(self, name: str, role: Role) -> None:
        self.name = name
        self.role = role
        self.answers: dict[str, Answer] = {}
        self.answer_lines: dict[str, int] = {}

    def build(self) -> Respondent:
        return Respondent(name=self.name, role=self.role, answers=dict(self.answers))


def csv_rows(text: str, problems: Problems) -> list[tuple[int, list[str]]]:
    """Rows with the line each one starts on, each cell stripped and with the `'` an export
    puts before formula-like text removed again; a CSV the reader rejects is one clear problem,
    and one past the limits stops being read."""
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    tally = Tally(problems.origin)
    start = 1
    try:
        for row in reader:
            tally.row(len(rows) + 1, len(row))
            rows.append((start, [csv_unescape(cell.strip()) for cell in row]))
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.add(reader.line_num or 1, None, f"is not valid CSV ({exc}).")
        problems.raise_if_any()
    return rows


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


def parse_long(
    rows: Sequence[tuple[int, list[str]]],
    questionnaire: Questionnaire,
    problems: Problems,
    destination: Destination | None = None,
    rules: AnswerRules | None = None,
) -> list[Respondent]:
    """Respondents from long-format rows (the first row is the header).

    With a `destination`, rows whose `organisation` or `period` column names another place are
    refused (an export of several quarters must not land in one). Optional `evidence` and
    `confidence` columns go with each answer, checked under `rules`.
    """
    rules = rules or AnswerRules()
    header = rows[0][1]
    index = header_index(header)
    missing = [name for name in LONG_COLUMNS if name not in index]
    if missing:
        problems.add(rows[0][0], None, f"the header lacks the column(s) {', '.join(missing)}.")
        problems.raise_if_any()
    builders: dict[str, _RespondentBuilder] = {}
    answered = 0
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue

        def get(column: str, row: list[str] = row) -> str:
            position = index[column]
            return row[position] if position < len(row) else ""

        name = get("respondent")
        role_text = get("role")
        qid = get("question_id")
        value = get("answer")
        bad = False
        for column in ("organisation", "period"):
            if destination is not None and column in index:
                elsewhere = destination.problem(column, get(column))
                if elsewhere is not None:
                    problems.add(line, column, elsewhere)
                    bad = True
        if not name:
            problems.add(line, "respondent", "the respondent's name is empty.")
            bad = True
        elif not check_respondent_name(name, problems, line, "respondent"):
            bad = True
        role = parse_role(role_text)
        if role is None:
            problems.add(line, "role", role_problem(role_text))
            bad = True
        if not qid:
            problems.add(line, "question_id", "the question id is empty.")
            bad = True
        elif not questionnaire.has_question(qid):
            problems.add(line, "question_id", f"'{qid}' is not a question of {questionnaire.id}.")
            bad = True
        if not value:
            problems.add(line, "answer", "the answer is empty: use a level 1 to 5, na or unknown.")
            bad = True
        note = get("note")
        reason = get("na_reason") if "na_reason" in index else ""
        if not check_text(note, problems, line, "note", "The note"):
            bad = True
        if not check_text(reason, problems, line, "na_reason", "The N/A reason"):
            bad = True
        # The answer is checked even on a row already known to be bad, so that one pass over the
        # file reports every problem in it.
        answer = (
            parse_answer_text(qid, value, reason or note, problems, line, "answer")
            if value
            else None
        )
        if bad or role is None or answer is None:
            continue
        if answer.is_na and reason:
            # A long file written by `cxaudit export` keeps the reason and the note apart.
            answer = make_answer(qid, "na", na_reason=reason, note=note)
        extras = Extras(
            evidence=get("evidence") if "evidence" in index else "",
            confidence=get("confidence") if "confidence" in index else "",
        )
        checked = with_extras(questionnaire, answer, extras, rules, problems, line)
        if checked is None:
            continue
        answer = checked
        builder = builders.get(name.casefold())
        if builder is None:
            builder = builders[name.casefold()] = _RespondentBuilder(name, role)
        elif builder.role != role:
            problems.add(
                line,
                "role",
                f"{name} is {builder.role.value} on an earlier row and {role.value} here.",
            )
            continue
        if qid in builder.answers:
            problems.add(
                line,
                "question_id",
                f"{name} already answered {qid} on line {builder.answer_lines[qid]}.",
            )
            continue
        builder.answers[qid] = answer
        answered += 1
        check_answers(problems.origin, answered)
        builder.answer_lines[qid] = line
    return [builder.build() for builder in builders.values()]


def parse_wide(
    rows: Sequence[tuple[int, list[str]]],
    questionnaire: Questionnaire,
    problems: Problems,
    column_names: Sequence[str] | None = None,
    rules: AnswerRules | None = None,
) -> list[Respondent]:
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
    respondents: list[Respondent] = []
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
            respondents.append(Respondent(name=name, role=role, answers=answers))
            answered += len(answers)
            check_answers(problems.origin, answered)
    return respondents


def _side_label(
    side: dict[str, dict[str, int]], suffix: str, qid: str, label: Callable[[int], str]
) -> str:
    """Where a question's evidence or confidence is, for a problem: its column, or the column
    the file would need (`alpha.one_evidence`) when it has none."""
    return label(side[suffix][qid]) if qid in side[suffix] else f"{qid}{suffix}"
