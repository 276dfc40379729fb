"""Reading response files: answers collected outside the app, turned into respondents.

Answers often arrive in spreadsheets: a workshop's long list, a form tool's export with one row
per person, or filled response packs. This module reads them against a questionnaire and checks
every row before anything is stored, so a file with one bad row imports nothing and the person
importing it sees every problem, with its line and column, in one go.

Formats (documented in docs/data-formats.md):

- **long CSV**: `respondent,role,question_id,answer,note`, one row per answer, with optional
  `na_reason`, `evidence` and `confidence` columns;
- **wide CSV or xlsx**: one row per respondent, `respondent` (or `name`) and `role` columns, then
  one column per question id and optional `<question id>_note`, `_evidence` and `_confidence`
  columns;
- **response pack**: the workbook written by `cxaudit pack` (read by `cxaudit.transfer.packs`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxaudit.domain.model import Respondent
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.transfer.cells import (
    AnswerRules,
    Problems,
    column_letter,
    open_workbook,
    read_text,
    sheet_rows,
)
from cxaudit.transfer.limits import ANSWERS_MAX
from cxaudit.transfer.packs import is_pack_workbook, pack_target, read_pack_workbook
from cxaudit.transfer.response_rows import (
    Destination,
    csv_rows,
    header_index,
    parse_long,
    parse_wide,
    respondent_column,
)


@dataclass
class ResponseSet:
    """Respondents read from one or more files, with what a pack says it was made for."""

    respondents: list[Respondent] = field(default_factory=list)
    organisation: str | None = None
    """The organisation a response pack names (None for plain response files)."""
    period: str | None = None
    """The period a response pack names (None for plain response files)."""
    questionnaire_hash: str | None = None
    """The questionnaire a response pack was written from (None for plain response files)."""


def parse_response_csv(
    text: str,
    questionnaire: Questionnaire,
    origin: str = "<responses>",
    destination: Destination | None = None,
    rules: AnswerRules | None = None,
) -> list[Respondent]:
    """Respondents from CSV text in the long or the wide format, told apart by the header.

    Raises `DataImportError` listing every problem; never anything else for bad input.
    """
    problems = Problems(origin)
    rows = _from_first_filled(csv_rows(text.replace("\x00", ""), problems))
    if not rows:
        problems.fail("is empty: expected a header row and at least one answer.")
    index = header_index(rows[0][1])
    if "question_id" in index:
        respondents = parse_long(rows, questionnaire, problems, destination, rules)
    elif respondent_column(index) is not None:
        respondents = parse_wide(rows, questionnaire, problems, rules=rules)
    else:
        problems.add(
            rows[0][0],
            None,
            "the header is neither the long format (respondent,role,question_id,answer,note) "
            "nor the wide format (respondent,role, then a column per question id).",
        )
    problems.raise_if_any()
    _require_answers(respondents, problems)
    return respondents


def _from_first_filled(rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """`rows` from the first one with a cell filled in (blank rows above a header are common)."""
    for position, (_line, cells) in enumerate(rows):
        if any(cells):
            return rows[position:]
    return []


def _require_answers(respondents: Sequence[Respondent], problems: Problems) -> None:
    if not respondents:
        problems.fail("holds no answers.")


def parse_wide_xlsx(
    path: Path, questionnaire: Questionnaire, rules: AnswerRules | None = None
) -> list[Respondent]:
    """Respondents from a wide-format workbook's first sheet."""
    problems = Problems(str(path))
    with open_workbook(path, problems) as workbook:
        return _wide_workbook(workbook, questionnaire, problems, rules)


def _wide_workbook(
    workbook: Any, questionnaire: Questionnaire, problems: Problems, rules: AnswerRules | None
) -> list[Respondent]:
    rows = _from_first_filled(sheet_rows(workbook.worksheets[0], problems))
    if not rows:
        problems.fail("is empty: expected a header row and one row per respondent.")
    width = max(len(row) for _, row in rows)
    letters = [column_letter(i) for i in range(width)]
    respondents = parse_wide(rows, questionnaire, problems, letters, rules)
    problems.raise_if_any()
    _require_answers(respondents, problems)
    return respondents


def read_response_files(
    paths: Iterable[Path],
    questionnaire: Questionnaire,
    destination: Destination | None = None,
    rules: AnswerRules | None = None,
) -> ResponseSet:
    """Read every response file (long/wide CSV, wide xlsx or response pack) into one set.

    Every file is read and checked before this returns; the first file with problems raises
    `DataImportError` listing all of its problems. Respondent names must be unique across files,
    and all the files together hold at most `ANSWERS_MAX` answers.
    """
    result = ResponseSet()
    origins: dict[str, str] = {}
    answered = 0
    for path in paths:
        problems = Problems(str(path))
        suffix = path.suffix.lower()
        if suffix == ".csv":
            respondents = parse_response_csv(
                read_text(path), questionnaire, str(path), destination, rules
            )
        elif suffix in {".xlsx", ".xlsm"}:
            with open_workbook(path, problems) as workbook:
                if is_pack_workbook(workbook, Problems(str(path))):
                    pack = read_pack_workbook(workbook, questionnaire, problems, rules)
                    respondents = [pack.respondent]
                    for attr in ("organisation", "period", "questionnaire_hash"):
                        value = getattr(pack, attr)
                        known = getattr(result, attr)
                        if known is not None and value != known:
                            problems.fail(f"is a pack for another {attr} ({value}).")
                        setattr(result, attr, value)
                else:
                    respondents = _wide_workbook(workbook, questionnaire, problems, rules)
        else:
            problems.fail("is not a response file: use .csv, .xlsx or a response pack.")
            respondents = []
        for respondent in respondents:
            key = respondent.name.casefold()
            if key in origins:
                problems.fail(f"{respondent.name} also answers in {origins[key]}.")
            origins[key] = str(path)
        problems.raise_if_any()
        result.respondents.extend(respondents)
        answered += sum(len(respondent.answers) for respondent in respondents)
        if answered > ANSWERS_MAX:
            problems.fail(
                f"brings the answers of this import past {ANSWERS_MAX:,}; import fewer files "
                "at a time."
            )
    return result


def pack_hints(paths: Sequence[Path]) -> tuple[str | None, str | None]:
    """The organisation and period the first response pack among `paths` was made for."""
    for path in paths:
        if path.suffix.lower() in {".xlsx", ".xlsm"} and path.exists():
            target = pack_target(path)
            if target != (None, None):
                return target
    return None, None
