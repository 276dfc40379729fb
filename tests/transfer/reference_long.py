"""The long reader as it was before it was made fast: each row checked on its own, every answer
made by `make_answer`. Kept only as the reference `test_long_reader.py` holds the fast reader
to: on any file both must read the same respondents, or refuse it with the same problems."""

# ruff: noqa
# mypy: ignore-errors

from __future__ import annotations

from collections.abc import Sequence

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
from cxaudit.transfer.limits import check_answers
from cxaudit.transfer.long_rows import LONG_COLUMNS
from cxaudit.transfer.response_rows import Destination, header_index


class _RespondentBuilder:
    """Collects one respondent's answers while rows are read, catching duplicates."""

    def __init__(self, name: str, role: Role) -> None:
        self.name = name
        self.role = role
        self.answers: dict[str, Answer] = {}
        self.answer_lines: dict[str, int] = {}

    def build(self) -> Respondent:
        return Respondent(name=self.name, role=self.role, answers=dict(self.answers))


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
