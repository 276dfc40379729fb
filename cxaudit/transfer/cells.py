"""Cells and problems: what every reader of a response file or a pack shares.

A spreadsheet cell becomes text, a role or an answer here, and every problem found on the way is
collected with its line and column so that the person importing the file sees them all at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from cxaudit.domain.model import Answer, Role, make_answer
from cxaudit.errors import DataImportError

ROLE_ALIASES: dict[str, Role] = {
    "leader": Role.LEADER,
    "leadership": Role.LEADER,
    "executive": Role.LEADER,
    "manager": Role.MANAGER,
    "frontline": Role.FRONTLINE,
    "other": Role.OTHER,
    "": Role.OTHER,
}


class Problems:
    """Every problem found in a file, each with where it is, collected before failing."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.lines: list[str] = []

    def add(self, line: int | None, column: str | None, reason: str) -> None:
        """Record one problem at a line (1-based) and a column (its header or letter)."""
        where = [self.origin]
        if line is not None:
            where.append(f"line {line}")
        if column:
            where.append(f"column {column}")
        self.lines.append(f"{', '.join(where)}: {reason}")

    def fail(self, reason: str) -> NoReturn:
        """Fail at once for a problem with the whole file (unreadable, empty, wrong format)."""
        raise DataImportError(f"{self.origin} {reason}")

    def raise_if_any(self) -> None:
        """Fail with every problem listed, if there is any."""
        if self.lines:
            count = len(self.lines)
            noun = "problem" if count == 1 else "problems"
            raise DataImportError(
                f"{self.origin} has {count} {noun}; nothing was imported.", list(self.lines)
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
    if lowered in {"na", "n/a", "not applicable"}:
        if not note.strip():
            problems.add(line, column, "an N/A answer needs a reason in its note.")
            return None
        return make_answer(question_id, "na", na_reason=note.strip())
    if lowered in {"unknown", "don't know", "dont know", "dk", "?"}:
        return make_answer(question_id, "unknown", note=note.strip())
    try:
        number = float(text)
    except ValueError:
        number = None
    if number is not None and number.is_integer() and 1 <= number <= 5:
        return make_answer(question_id, int(number), note=note.strip())
    problems.add(
        line,
        column,
        f"'{text}' is not an answer: use a level 1 to 5, na (with a reason) or unknown.",
    )
    return None


def column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position (0 → A, 26 → AA)."""
    letters = ""
    number = position + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def open_workbook(path: Path, problems: Problems) -> Any:
    """An xlsx workbook opened for reading values, or one clear problem."""
    import zipfile

    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=False, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        problems.fail(f"is not a readable xlsx workbook ({type(exc).__name__}).")
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for damaged files
        problems.fail(f"is not a readable xlsx workbook ({type(exc).__name__}).")


def sheet_rows(sheet: Any) -> list[tuple[int, list[str]]]:
    """A worksheet's rows as text, each with its row number."""
    rows: list[tuple[int, list[str]]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        rows.append((number, [cell_text(value) for value in values]))
    return rows


def read_text(path: Path) -> str:
    """A text file's content, or one clear problem when it cannot be read."""
    problems = Problems(str(path))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataImportError(f"{path} does not exist.") from None
    except OSError as exc:
        raise DataImportError(f"{path} cannot be read ({exc.strerror or exc}).") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.fail(f"is not UTF-8 text (byte {exc.start} cannot be read).")
