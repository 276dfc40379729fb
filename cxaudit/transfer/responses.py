"""Reading response files: answers collected outside the app, turned into respondents.

Answers often arrive in spreadsheets: a workshop's long list, a form tool's export with one row
per person, or filled response packs. This module reads them against a questionnaire and checks
every row before anything is stored, so a file with one bad row imports nothing and the person
importing it sees every problem, with its line and column, in one go.

Formats (documented in docs/data-formats.md):

- **long CSV**: `respondent,role,question_id,answer,note`, one row per answer;
- **wide CSV or xlsx**: one row per respondent, `respondent` (or `name`) and `role` columns, then
  one column per question id and optional `<question id>_note` columns;
- **response pack**: the workbook written by `cxaudit pack` (read by `cxaudit.transfer.packs`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from cxaudit.domain.model import (
    Answer,
    Assessment,
    AssessmentStatus,
    Organisation,
    Respondent,
    Role,
    make_answer,
)
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import DataImportError

if TYPE_CHECKING:
    from cxaudit.storage.engine import Database

LONG_COLUMNS = ("respondent", "role", "question_id", "answer", "note")
"""The columns a long response file must have (more are allowed and ignored)."""

NOTE_SUFFIX = "_note"
"""A wide file's note column for question `q` is `q_note`."""

ROLE_ALIASES: dict[str, Role] = {
    "leader": Role.LEADER,
    "leadership": Role.LEADER,
    "executive": Role.LEADER,
    "manager": Role.MANAGER,
    "frontline": Role.FRONTLINE,
    "other": Role.OTHER,
    "": Role.OTHER,
}


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


def _role_problem(text: str) -> str:
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


class _RespondentBuilder:
    """Collects one respondent's answers while rows are read, catching duplicates."""

    def __init__(self, name: str, role: Role) -> None:
        self.name = name
        self.role = role
        self.answers: dict[str, Answer] = {}
        self.answer_lines: dict[str, int] = {}

    def build(self) -> Respondent:
        return Respondent(name=self.name, role=self.role, answers=dict(self.answers))


def _decode(data: bytes, problems: Problems) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.fail(f"is not UTF-8 text (byte {exc.start} cannot be read).")


def _csv_rows(text: str, problems: Problems) -> list[tuple[int, list[str]]]:
    """Rows with the line each one starts on; a CSV the reader rejects is one clear problem."""
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.add(reader.line_num or 1, None, f"is not valid CSV ({exc}).")
        problems.raise_if_any()
    return rows


def _header_index(header: Sequence[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        key = name.strip().lower()
        if key and key not in index:
            index[key] = position
    return index


def _respondent_column(index: dict[str, int]) -> str | None:
    for name in ("respondent", "name"):
        if name in index:
            return name
    return None


def parse_long(
    rows: Sequence[tuple[int, list[str]]],
    questionnaire: Questionnaire,
    problems: Problems,
    destination: Destination | None = None,
) -> list[Respondent]:
    """Respondents from long-format rows (the first row is the header).

    With a `destination`, rows whose `organisation` or `period` column names another place are
    refused (an export of several quarters must not land in one).
    """
    header = rows[0][1]
    index = _header_index(header)
    missing = [name for name in LONG_COLUMNS if name not in index]
    if missing:
        problems.add(rows[0][0], None, f"the header lacks the column(s) {', '.join(missing)}.")
        problems.raise_if_any()
    builders: dict[str, _RespondentBuilder] = {}
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue

        def get(column: str, row: list[str] = row) -> str:
            position = index[column]
            return row[position].strip() if position < len(row) else ""

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
        role = parse_role(role_text)
        if role is None:
            problems.add(line, "role", _role_problem(role_text))
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
        builder.answer_lines[qid] = line
    return [builder.build() for builder in builders.values()]


def parse_wide(
    rows: Sequence[tuple[int, list[str]]],
    questionnaire: Questionnaire,
    problems: Problems,
    column_names: Sequence[str] | None = None,
) -> list[Respondent]:
    """Respondents from wide-format rows: one row per respondent, one column per question.

    Columns that are neither a question id, a `<question id>_note`, `respondent`/`name` nor
    `role` are ignored (form tools add timestamps and e-mail addresses); a column that looks like
    a question id of this questionnaire's areas but is not one is a problem, so a typo never
    drops answers silently. `column_names` gives the spreadsheet letters for messages.
    """
    header_line, header = rows[0]
    index = _header_index(header)
    name_column = _respondent_column(index)
    area_ids = {area.id for area in questionnaire.areas}

    def label(position: int) -> str:
        name = header[position].strip()
        if column_names is not None and position < len(column_names):
            return f"{column_names[position]} ({name})"
        return name

    if name_column is None:
        problems.add(header_line, None, "the header has no 'respondent' (or 'name') column.")
    question_columns: list[tuple[int, str]] = []
    note_columns: dict[str, int] = {}
    for position, raw in enumerate(header):
        name = raw.strip()
        if not name:
            continue
        base = name[: -len(NOTE_SUFFIX)] if name.lower().endswith(NOTE_SUFFIX) else None
        if questionnaire.has_question(name):
            question_columns.append((position, name))
        elif base is not None and questionnaire.has_question(base):
            note_columns[base] = position
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
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue

        def get(position: int, row: list[str] = row) -> str:
            return row[position].strip() if position < len(row) else ""

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
        else:
            seen[name.casefold()] = line
        role = Role.OTHER
        if "role" in index:
            parsed = parse_role(get(index["role"]))
            if parsed is None:
                problems.add(line, label(index["role"]), _role_problem(get(index["role"])))
                bad = True
            else:
                role = parsed
        answers: dict[str, Answer] = {}
        for position, qid in question_columns:
            value = get(position)
            note = get(note_columns[qid]) if qid in note_columns else ""
            if not value:
                if note:
                    problems.add(
                        line,
                        label(note_columns[qid]),
                        f"a note for {qid} but no answer: give an answer or clear the note.",
                    )
                continue
            answer = parse_answer_text(qid, value, note, problems, line, label(position))
            if answer is not None:
                answers[qid] = answer
        if not bad:
            respondents.append(Respondent(name=name, role=role, answers=answers))
    return respondents


def parse_response_csv(
    text: str,
    questionnaire: Questionnaire,
    origin: str = "<responses>",
    destination: Destination | None = None,
) -> list[Respondent]:
    """Respondents from CSV text in the long or the wide format, told apart by the header.

    Raises `DataImportError` listing every problem; never anything else for bad input.
    """
    problems = Problems(origin)
    rows = _csv_rows(text.replace("\x00", ""), problems)
    while rows and not any(cell.strip() for cell in rows[0][1]):
        rows.pop(0)
    if not rows:
        problems.fail("is empty: expected a header row and at least one answer.")
    index = _header_index(rows[0][1])
    if "question_id" in index:
        respondents = parse_long(rows, questionnaire, problems, destination)
    elif _respondent_column(index) is not None:
        respondents = parse_wide(rows, questionnaire, problems)
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


def _require_answers(respondents: Sequence[Respondent], problems: Problems) -> None:
    if not respondents:
        problems.fail("holds no answers.")


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


def parse_wide_xlsx(path: Path, questionnaire: Questionnaire) -> list[Respondent]:
    """Respondents from a wide-format workbook's first sheet."""
    problems = Problems(str(path))
    workbook = open_workbook(path, problems)
    rows = sheet_rows(workbook.worksheets[0])
    while rows and not any(cell for cell in rows[0][1]):
        rows.pop(0)
    if not rows:
        problems.fail("is empty: expected a header row and one row per respondent.")
    width = max(len(row) for _, row in rows)
    letters = [column_letter(i) for i in range(width)]
    respondents = parse_wide(rows, questionnaire, problems, letters)
    problems.raise_if_any()
    _require_answers(respondents, problems)
    return respondents


def read_response_files(
    paths: Iterable[Path], questionnaire: Questionnaire, destination: Destination | None = None
) -> ResponseSet:
    """Read every response file (long/wide CSV, wide xlsx or response pack) into one set.

    Every file is read and checked before this returns; the first file with problems raises
    `DataImportError` listing all of its problems. Respondent names must be unique across files.
    """
    from cxaudit.transfer.packs import is_pack, read_pack

    result = ResponseSet()
    origins: dict[str, str] = {}
    for path in paths:
        problems = Problems(str(path))
        suffix = path.suffix.lower()
        if suffix == ".csv":
            respondents = parse_response_csv(read_text(path), questionnaire, str(path), destination)
        elif suffix in {".xlsx", ".xlsm"}:
            if is_pack(path):
                pack = read_pack(path, questionnaire)
                respondents = [pack.respondent]
                for attr in ("organisation", "period", "questionnaire_hash"):
                    value = getattr(pack, attr)
                    known = getattr(result, attr)
                    if known is not None and value != known:
                        problems.fail(f"is a pack for another {attr} ({value}).")
                    setattr(result, attr, value)
            else:
                respondents = parse_wide_xlsx(path, questionnaire)
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
    return result


def read_text(path: Path) -> str:
    """A text file's content, or one clear problem when it cannot be read."""
    problems = Problems(str(path))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataImportError(f"{path} does not exist.") from None
    except OSError as exc:
        raise DataImportError(f"{path} cannot be read ({exc.strerror or exc}).") from None
    return _decode(data, problems)


# --------------------------------------------------------------------------------------------
# Writing imported responses
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseImportSummary:
    """What a response import did, for a one-line report."""

    organisation: str
    period: str
    respondents: int
    answers: int
    created_organisation: bool
    created_assessment: bool
    completed: bool

    @property
    def message(self) -> str:
        """One sentence saying what happened."""
        made = []
        if self.created_organisation:
            made.append("a new organisation")
        if self.created_assessment:
            made.append("a new draft assessment")
        extra = f" (into {' and '.join(made)})" if made else ""
        done = " The assessment is now complete." if self.completed else ""
        return (
            f"Imported {self.respondents} respondents and {self.answers} answers into "
            f"{self.organisation} {self.period}{extra}.{done}"
        )


def import_responses(
    db: Database,
    paths: Sequence[Path],
    *,
    organisation: str | None = None,
    period: str | None = None,
    questionnaire_ref: str | None = None,
    complete: bool = False,
) -> ResponseImportSummary:
    """Add the respondents of response files (or filled packs) to an organisation's period.

    The organisation and the draft assessment are created when they do not exist yet (a new
    assessment uses `questionnaire_ref`, by default the built-in questionnaire). Every file is
    read and checked before anything is written, and a respondent whose name already answers the
    assessment is refused, so a bad file changes nothing. Packs name their organisation and
    period, so both may be left out for them.
    """
    from cxaudit.catalogue import get_questionnaire
    from cxaudit.domain.periods import parse_period
    from cxaudit.errors import NotFoundError
    from cxaudit.storage import repository

    org_name, label = organisation, period
    if org_name is None or label is None:
        hinted = _pack_hints(paths)
        org_name = org_name or hinted[0]
        label = label or hinted[1]
    if not org_name or not label:
        raise DataImportError("Say where these answers belong with --org ORG and --period PERIOD.")
    label = parse_period(label).label
    with db.session() as session:
        try:
            org = repository.get_organisation(session, ref=org_name)
        except NotFoundError:
            org = None
        existing = None
        if org is not None:
            try:
                existing = repository.find_assessment(
                    session, organisation_ref=org.slug, period=label
                )
            except NotFoundError:
                existing = None
        if existing is not None:
            assert existing.id is not None
            questionnaire = repository.assessment_questionnaire(session, assessment_id=existing.id)
        else:
            questionnaire = get_questionnaire(questionnaire_ref)
    name = org.name if org is not None else org_name.strip()
    if existing is not None and existing.status is not AssessmentStatus.DRAFT:
        raise DataImportError(
            f"The {label} assessment of {name} is complete; reopen it before adding answers."
        )
    names = {name.casefold()} | ({org.slug.casefold()} if org is not None else set())
    destination = Destination(organisation=frozenset(names), period=label)
    responses = read_response_files(paths, questionnaire, destination)
    if existing is not None:
        taken = {r.name.casefold(): r.name for r in existing.respondents}
        clashes = [r.name for r in responses.respondents if r.name.casefold() in taken]
        if clashes:
            raise DataImportError(
                f"The {label} assessment of {name} already has answers from "
                f"{', '.join(clashes)}; nothing was imported."
            )
    answers = sum(len(r.answers) for r in responses.respondents)
    if existing is None:
        # A new assessment is written in one transaction with all of its respondents.
        draft = Assessment(
            organisation=org or Organisation(name=name, slug=name),
            period=label,
            questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version,
            questionnaire_hash=questionnaire.content_hash,
            status=AssessmentStatus.DRAFT,
            respondents=responses.respondents,
        )
        with db.session() as session:
            (assessment_id,) = repository.bulk_load_assessments(
                session, questionnaire=questionnaire, assessments_to_load=[draft]
            )
    else:
        assert existing.id is not None
        assessment_id = existing.id
        # Everyone in the file is added in one transaction: all of them, or none.
        with db.session() as session:
            repository.add_respondents(
                session, assessment_id=assessment_id, respondents=responses.respondents
            )
    if complete:
        with db.session() as session:
            repository.complete_assessment(session, assessment_id=assessment_id)
    return ResponseImportSummary(
        organisation=name,
        period=label,
        respondents=len(responses.respondents),
        answers=answers,
        created_organisation=org is None,
        created_assessment=existing is None,
        completed=complete,
    )


def _pack_hints(paths: Sequence[Path]) -> tuple[str | None, str | None]:
    """The organisation and period the first response pack among `paths` was made for."""
    from cxaudit.transfer.packs import is_pack, pack_target

    for path in paths:
        if path.suffix.lower() in {".xlsx", ".xlsm"} and path.exists() and is_pack(path):
            return pack_target(path)
    return None, None
