"""Cells and problems: what every reader of a response file or a pack shares.

A spreadsheet cell becomes text, a role or an answer here, and every problem found on the way is
collected with its line and column so that the person importing the file sees them all at once.
Workbooks are checked against the limits (`cxaudit.transfer.xlsx_guard`) before openpyxl opens
them, then streamed (`read_only=True`) row by row; a formula cell is an error naming the cell,
never read as its cached value or dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from cxaudit.domain.evidence import evidence_request, needs_evidence
from cxaudit.domain.model import Answer, Confidence, Role, make_answer
from cxaudit.domain.naming import check_name
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.texts import NOTE_MAX, text_problem
from cxaudit.errors import DataImportError, ValidationProblem
from cxaudit.transfer.limits import Tally, read_bytes

ROLE_ALIASES: dict[str, Role] = {
    "leader": Role.LEADER,
    "leadership": Role.LEADER,
    "executive": Role.LEADER,
    "manager": Role.MANAGER,
    "frontline": Role.FRONTLINE,
    "other": Role.OTHER,
    "": Role.OTHER,
}


UNVERIFIED_HINT = (
    "To let answers without their evidence in, marked unverified and counted as given, import "
    "again with --accept-unverified."
)
"""Said once after the problems of a file with gated levels that lack evidence."""

CONFIDENCE_CHOICES = tuple(level.value for level in Confidence)


@dataclass(frozen=True)
class AnswerRules:
    """What a response import decides beyond each cell: whether a gated level without evidence
    is let in (marked unverified), and which questions do not apply where the answers go."""

    accept_unverified: bool = False
    """Let a level at or above its evidence gate in without evidence, marked unverified."""
    not_applying: Mapping[str, str] = field(default_factory=dict)
    """Questions that do not apply to the assessment, with the automatic reason: their answers
    are left out by the import, so their evidence gate is not asked for."""


PROBLEMS_LISTED = 1_000
"""The most problems listed for one file; the rest are counted (a file of two million bad rows
must not fill memory with sentences nobody reads)."""


class Problems:
    """Every problem found in a file, each with where it is, collected before failing."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.lines: list[str] = []
        """The problems listed, at most `PROBLEMS_LISTED`."""
        self.count = 0
        """Every problem found, listed or not."""
        self._settled: set[tuple[str | None, int | None, str]] = set()
        self.hint: str | None = None
        """A sentence said once after the problems (how to get past a whole kind of them)."""

    def add(
        self, line: int | None, column: str | None, reason: str, *, sheet: str | None = None
    ) -> None:
        """Record one problem at a line (1-based) and a column (its header or letter), on a
        named `sheet` when it is not the one the file is read from."""
        letter = column.split(" ", 1)[0] if column else ""
        if (sheet, line, letter) in self._settled:
            return
        self.count += 1
        if len(self.lines) >= PROBLEMS_LISTED:
            return
        where = [self.origin]
        if sheet is not None:
            where.append(f"sheet {sheet}")
        if line is not None:
            where.append(f"line {line}")
        if column:
            where.append(f"column {column}")
        self.lines.append(f"{', '.join(where)}: {reason}")

    def settle(self, line: int, column: str, reason: str, *, sheet: str | None = None) -> None:
        """Record the one problem of a cell: later ones at the same cell (an empty name where
        a formula was) would only repeat it, so they are left out."""
        self.add(line, column, reason, sheet=sheet)
        self._settled.add((sheet, line, column))

    def fail(self, reason: str) -> NoReturn:
        """Fail at once for a problem with the whole file (unreadable, empty, wrong format)."""
        raise DataImportError(f"{self.origin} {reason}")

    def raise_if_any(self) -> None:
        """Fail with every problem listed, if there is any."""
        if self.count:
            count = self.count
            noun = "problem" if count == 1 else "problems"
            hint = f" {self.hint}" if self.hint else ""
            listed = list(self.lines)
            if count > len(listed):
                listed.append(f"{self.origin}: and {count - len(listed):,} more problems.")
            raise DataImportError(
                f"{self.origin} has {count:,} {noun}; nothing was imported.{hint}", listed
            )


def parse_role(text: str) -> Role | None:
    """A role from how people write it (`Front-line`, `front line`, `Leader`), or None."""
    key = "".join(ch for ch in text.strip().lower() if ch.isalnum())
    return ROLE_ALIASES.get(key)


def role_problem(text: str) -> str:
    """Why `text` is not a role, in one sentence."""
    return f"'{text}' is not a role: use leader, manager, frontline or other."


def cell_text(value: Any) -> str:
    """A spreadsheet cell as text: whole numbers without `.0`, empty cells as ``""``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_answer_text(
    question_id: str, value: str, note: str, problems: Problems, line: int, column: str
) -> Answer | None:
    """One answer from a cell: `1`..`5`, `na`/`N/A` (the note is the reason) or `unknown`.

    Returns None (after recording a problem) when the cell cannot be an answer.
    """
    text = value.strip()
    lowered = text.lower().replace("’", "'")
    # Notes arrive stripped by the reader of their file (a CSV note's leading tab, kept behind
    # the export's `'`, is part of the note), so they are kept exactly as given here.
    if lowered in {"na", "n/a", "not applicable"}:
        if not note.strip():
            problems.add(line, column, "an N/A answer needs a reason in its note.")
            return None
        return make_answer(question_id, "na", na_reason=note)
    if lowered in {"unknown", "don't know", "dont know", "dk", "?"}:
        return make_answer(question_id, "unknown", note=note)
    try:
        number = float(text)
    except ValueError:
        number = None
    if number is not None and number.is_integer() and 1 <= number <= 5:
        return make_answer(question_id, int(number), note=note)
    problems.add(
        line,
        column,
        f"'{text}' is not an answer: use a level 1 to 5, na (with a reason) or unknown.",
    )
    return None


def parse_confidence(text: str) -> Confidence | None:
    """A confidence as people write it (`Low`, ` HIGH `); blank is medium; None for anything
    else."""
    key = text.strip().lower() or Confidence.MEDIUM.value
    return Confidence(key) if key in CONFIDENCE_CHOICES else None


@dataclass(frozen=True)
class Extras:
    """The cells that go with an answer besides its level: evidence and confidence, with the
    column each is in (for problems)."""

    evidence: str = ""
    evidence_column: str = "evidence"
    confidence: str = ""
    confidence_column: str = "confidence"


def with_extras(
    questionnaire: Questionnaire,
    answer: Answer,
    extras: Extras,
    rules: AnswerRules,
    problems: Problems,
    line: int,
) -> Answer | None:
    """`answer` with its evidence and confidence, checked: a confidence that is not low, medium
    or high, evidence that cannot be kept, or a level at or above its question's evidence gate
    with no evidence (unless `rules` lets it in, marked unverified) is a problem at its cell, and
    None is returned."""
    ok = True
    confidence = parse_confidence(extras.confidence)
    if confidence is None:
        problems.add(
            line,
            extras.confidence_column,
            f"'{extras.confidence.strip()}' is not a confidence: use low, medium or high "
            "(blank is medium).",
        )
        ok = False
    if extras.evidence and not check_text(
        extras.evidence, problems, line, extras.evidence_column, "The evidence"
    ):
        ok = False
    qid = answer.question_id
    missing = (
        qid not in rules.not_applying
        and needs_evidence(questionnaire, qid, answer.level)
        and not extras.evidence.strip()
    )
    if missing and not rules.accept_unverified:
        assert answer.level is not None
        problems.add(
            line, extras.evidence_column, evidence_request(questionnaire, qid, answer.level)
        )
        problems.hint = UNVERIFIED_HINT
        ok = False
    if not ok or confidence is None:
        return None
    return answer.model_copy(
        update={"evidence": extras.evidence, "confidence": confidence, "unverified": missing}
    )


def column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position (0 → A, 26 → AA)."""
    letters = ""
    number = position + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def check_respondent_name(name: str, problems: Problems, line: int, column: str) -> bool:
    """Whether `name` (already known not to be empty) can name a respondent; if not, the
    problem is recorded at its cell."""
    try:
        check_name(name, what="A respondent's name")
    except ValidationProblem as exc:
        problems.add(line, column, exc.message)
        return False
    return True


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""The characters of Unicode's category Cc but tabs and line breaks: what
`cxaudit.domain.texts.text_problem` refuses in a text (a test proves the two agree)."""


def check_text(text: str, problems: Problems, line: int, column: str, what: str) -> bool:
    """Whether a note or an N/A reason can be kept (`cxaudit.domain.texts`); if not, the
    problem is recorded at its cell. The common case, a short text without control
    characters, is one regular expression; anything else is worded by the domain."""
    if len(text) <= NOTE_MAX and _CONTROL.search(text) is None:
        return True
    problem = text_problem(text, what=what)
    if problem is not None:
        problems.add(line, column, problem)
    return problem is None


@contextmanager
def open_workbook(path: Path, problems: Problems) -> Iterator[Any]:
    """An xlsx workbook, checked against the limits, opened to stream its cells and formulas
    (not their cached values), and closed when the block ends."""
    from cxaudit.transfer.xlsx_guard import check_workbook

    check_workbook(path)
    from openpyxl import load_workbook  # after the checks: a refused file never loads it

    try:
        workbook = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for damaged files
        problems.fail(f"is not a readable xlsx workbook ({type(exc).__name__}).")
    try:
        yield workbook
    finally:
        workbook.close()


def sheet_rows(
    sheet: Any, problems: Problems, *, max_col: int | None = None, sheet_name: str | None = None
) -> list[tuple[int, list[str]]]:
    """A worksheet's rows as text, each with its row number, streamed within the limits.

    A formula cell is recorded as a problem at its cell and read as empty. `sheet_name` names
    the sheet in problems when it is not the one the file is read from.
    """
    tally = Tally(problems.origin)
    rows: list[tuple[int, list[str]]] = []
    sheet.reset_dimensions()  # a wrong <dimension> must not hide rows or invent them
    try:
        for number, cells in enumerate(sheet.iter_rows(max_col=max_col), start=1):
            tally.row(number, len(cells))
            texts: list[str] = []
            for position, cell in enumerate(cells):
                if cell.data_type == "f":
                    formula = str(getattr(cell.value, "text", cell.value))
                    shown = formula if len(formula) <= 40 else formula[:39] + "…"
                    problems.settle(
                        number,
                        column_letter(position),
                        f"holds a formula ({shown}); cxaudit imports values only, so type the "
                        "value itself.",
                        sheet=sheet_name,
                    )
                    texts.append("")
                else:
                    texts.append(cell_text(cell.value))
            rows.append((number, texts))
    except DataImportError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for damaged sheets
        problems.fail(f"is not a readable xlsx workbook ({type(exc).__name__}).")
    return rows


def read_text(path: Path) -> str:
    """A text file's content (within the size limit), or one clear problem."""
    problems = Problems(str(path))
    data = read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.fail(f"is not UTF-8 text (byte {exc.start} cannot be read).")
