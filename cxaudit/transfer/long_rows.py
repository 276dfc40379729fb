"""The long layout, one row per answer, checked in one pass at the speed of the file.

A staff survey exported one row per answer is hundreds of thousands of rows, each checked once:
what repeats from row to row (a respondent's name and role, a question id, a level, a
confidence) is checked the first time it is met and remembered, and what cannot repeat (notes,
N/A reasons, evidence) is checked by `cells.check_text`, whose common case is one regular
expression. Every problem is still recorded with its line and column, in the order the rows
and their cells come; checked answers are kept compact (`cxaudit.transfer.gathered`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

from cxaudit.domain.evidence import evidence_request
from cxaudit.domain.model import AnswerValue, Confidence, Role
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.transfer.cells import (
    UNVERIFIED_HINT,
    AnswerRules,
    Problems,
    check_respondent_name,
    check_text,
    parse_confidence,
    parse_role,
    role_problem,
)
from cxaudit.transfer.gathered import UNVERIFIED, Gathered, pack
from cxaudit.transfer.limits import ANSWERS_MAX, check_answers, check_respondents

if TYPE_CHECKING:
    from cxaudit.transfer.response_rows import Destination

LONG_COLUMNS = ("respondent", "role", "question_id", "answer", "note")
"""The columns a long response file must have (more are allowed and ignored)."""

_OPTIONAL = ("na_reason", "evidence", "confidence", "organisation", "period")
_REMEMBERED = 64
"""How many spellings of roles, answers and confidences are remembered (a hostile file could
write each differently; past this, each is worked out again)."""

_V = TypeVar("_V")
_NA = frozenset({"na", "n/a", "not applicable"})
_UNKNOWN = frozenset({"unknown", "don't know", "dont know", "dk", "?"})


def answer_value(text: str) -> AnswerValue | None:
    """What an answer cell says: a level 1 to 5 (`4`, `4.0`), `na` or `unknown` in any of
    the ways people write them, or None when it is none of these."""
    lowered = text.strip().lower().replace("’", "'")
    if lowered in _NA:
        return "na"
    if lowered in _UNKNOWN:
        return "unknown"
    try:
        number = float(lowered)
    except ValueError:
        return None
    if number.is_integer() and 1 <= number <= 5:
        return int(number)
    return None


def _remember(memo: dict[str, _V], key: str, value: _V) -> None:
    if len(memo) < _REMEMBERED:
        memo[key] = value


def parse_long(
    header_line: int,
    header: list[str],
    rows: Iterable[tuple[int, list[str]]],
    questionnaire: Questionnaire,
    problems: Problems,
    destination: Destination | None = None,
    rules: AnswerRules | None = None,
) -> list[Gathered]:
    """Respondents from long-format rows after the header, in the order each is first met.

    With a `destination`, rows whose `organisation` or `period` column names another place are
    refused (an export of several quarters must not land in one). Optional `na_reason`,
    `evidence` and `confidence` columns go with each answer, checked under `rules`.
    """
    from cxaudit.transfer.response_rows import header_index

    rules = rules or AnswerRules()
    index = header_index(header)
    missing = [name for name in LONG_COLUMNS if name not in index]
    if missing:
        problems.add(header_line, None, f"the header lacks the column(s) {', '.join(missing)}.")
        problems.raise_if_any()
    columns = [index.get(name, -1) for name in LONG_COLUMNS + _OPTIONAL]
    at_name, at_role, at_qid, at_value, at_note, at_reason, at_evidence, at_sure = columns[:8]
    places = [
        (column, position)
        for column, position in zip(("organisation", "period"), columns[8:], strict=True)
        if destination is not None and position >= 0
    ]
    width = max(columns) + 1
    padding = [""] * width
    gates = {q.id: questionnaire.evidence_gate(q.id) for q in questionnaire.questions}
    for qid in rules.not_applying:
        if qid in gates:
            gates[qid] = 0  # its answers are left out, so no evidence is asked for
    roles: dict[str, Role] = {}
    values: dict[str, AnswerValue] = {}
    sureness: dict[str, Confidence] = {}
    codes: dict[tuple[AnswerValue, Confidence], int] = {}
    people: dict[str, Gathered] = {}
    """Each respondent by its name as compared (casefolded), in the order first met."""
    written: dict[str, Gathered] = {}
    """Each respondent by each way its name is written in the file, checked once."""
    answered = 0
    for line, row in rows:
        if len(row) < width:
            row = row + padding[len(row) :]
        name = row[at_name]
        role_text = row[at_role]
        qid = row[at_qid]
        value = row[at_value]
        note = row[at_note]
        reason = row[at_reason] if at_reason >= 0 else ""
        bad = False
        if not (name or role_text or qid or value or note) and not any(row):
            continue
        if places:
            assert destination is not None
            for column, position in places:
                elsewhere = destination.problem(column, row[position])
                if elsewhere is not None:
                    problems.add(line, column, elsewhere)
                    bad = True
        person = written.get(name)
        if person is None:
            if not name:
                problems.add(line, "respondent", "the respondent's name is empty.")
                bad = True
            elif not check_respondent_name(name, problems, line, "respondent"):
                bad = True
        role = roles.get(role_text)
        if role is None:
            role = parse_role(role_text)
            if role is None:
                problems.add(line, "role", role_problem(role_text))
                bad = True
            else:
                _remember(roles, role_text, role)
        if not qid:
            problems.add(line, "question_id", "the question id is empty.")
            bad = True
        elif qid not in gates:
            problems.add(line, "question_id", f"'{qid}' is not a question of {questionnaire.id}.")
            bad = True
        if not value:
            problems.add(line, "answer", "the answer is empty: use a level 1 to 5, na or unknown.")
            bad = True
        if note and not check_text(note, problems, line, "note", "The note"):
            bad = True
        if reason and not check_text(reason, problems, line, "na_reason", "The N/A reason"):
            bad = True
        # The answer is checked even on a row already known to be bad, so that one pass over the
        # file reports every problem in it.
        parsed: AnswerValue | None = None
        if value:
            parsed = values.get(value)
            if parsed is None:
                parsed = answer_value(value)
                if parsed is None:
                    problems.add(
                        line,
                        "answer",
                        f"'{value.strip()}' is not an answer: use a level 1 to 5, na (with a "
                        "reason) or unknown.",
                    )
                else:
                    _remember(values, value, parsed)
            if parsed == "na" and not (reason or note).strip():
                problems.add(line, "answer", "an N/A answer needs a reason in its note.")
                parsed = None
        if bad or parsed is None or role is None:
            continue
        # A long file written by `cxaudit export` keeps the N/A reason and the note apart; a
        # file without the reason column gives the reason in the note. (Any other answer keeps
        # the reason cell, when there is one, as its note, as this reader always has.)
        if parsed == "na":
            na_reason, kept_note = (reason, note) if reason else (note, "")
        else:
            na_reason, kept_note = "", reason or note
        evidence = row[at_evidence] if at_evidence >= 0 else ""
        sure_text = row[at_sure] if at_sure >= 0 else ""
        ok = True
        sure = sureness.get(sure_text)
        if sure is None:
            sure = parse_confidence(sure_text)
            if sure is None:
                problems.add(
                    line,
                    "confidence",
                    f"'{sure_text.strip()}' is not a confidence: use low, medium or high "
                    "(blank is medium).",
                )
                ok = False
            else:
                _remember(sureness, sure_text, sure)
        if evidence and not check_text(evidence, problems, line, "evidence", "The evidence"):
            ok = False
        gate = gates[qid]
        unverified = (
            gate > 0 and isinstance(parsed, int) and parsed >= gate and not evidence.strip()
        )
        if unverified and not rules.accept_unverified:
            assert isinstance(parsed, int)
            problems.add(line, "evidence", evidence_request(questionnaire, qid, parsed))
            problems.hint = UNVERIFIED_HINT
            ok = False
        if not ok or sure is None:
            continue
        if person is None:
            person = people.get(key := name.casefold())
            if person is None:
                check_respondents(problems.origin, len(people) + 1)
                person = people[key] = Gathered(name, role)
            written[name] = person
        if person.role is not role:
            problems.add(
                line,
                "role",
                f"{name} is {person.role.value} on an earlier row and {role.value} here.",
            )
            continue
        earlier = person.answers.get(qid)
        if earlier is not None:
            problems.add(
                line, "question_id", f"{name} already answered {qid} on line {earlier[4]}."
            )
            continue
        code = codes.get((parsed, sure))
        if code is None:
            code = codes[parsed, sure] = pack(parsed, sure, False)
        person.answers[qid] = (
            code | UNVERIFIED if unverified else code,
            na_reason,
            kept_note,
            evidence,
            line,
        )
        answered += 1
        if answered > ANSWERS_MAX:
            check_answers(problems.origin, answered)
    return list(people.values())
