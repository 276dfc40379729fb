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

import codecs
import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxaudit.domain.model import Answer, Respondent
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.transfer.cells import (
    AnswerRules,
    Problems,
    column_letter,
    open_workbook,
    sheet_rows,
)
from cxaudit.transfer.gathered import (
    AnswerFactory,
    Gathered,
    RespondentFactory,
    batches,
    build_all,
)
from cxaudit.transfer.limits import (
    ANSWERS_MAX,
    CELLS_MAX,
    CSV_MAX,
    LONG_CELLS_MAX,
    LONG_ROWS_MAX,
    MB,
    RESPONDENTS_MAX,
    ROWS_MAX,
    Tally,
    check_file,
)
from cxaudit.transfer.long_rows import parse_long
from cxaudit.transfer.packs import is_pack_workbook, pack_target, read_pack_workbook
from cxaudit.transfer.response_rows import (
    Destination,
    csv_stream,
    header_index,
    parse_wide,
    respondent_column,
)

BATCH_ANSWERS = 20_000
"""About how many answers are built as domain objects and written at a time."""


@dataclass
class ResponseSet:
    """Respondents read from one or more files, with what a pack says it was made for."""

    people: list[Gathered] = field(default_factory=list)
    """Everyone read, in file order, their answers checked and kept compact."""
    organisation: str | None = None
    """The organisation a response pack names (None for plain response files)."""
    period: str | None = None
    """The period a response pack names (None for plain response files)."""
    questionnaire_hash: str | None = None
    """The questionnaire a response pack was written from (None for plain response files)."""

    @property
    def respondents(self) -> list[Respondent]:
        """Everyone read, built as the domain's respondents (all at once: for small sets)."""
        return build_all(self.people)

    def batches(
        self,
        answers: int = BATCH_ANSWERS,
        answer: AnswerFactory = Answer,
        respondent: RespondentFactory = Respondent,
    ) -> Iterator[list[Respondent]]:
        """Everyone read, built as the domain's respondents a batch of about `answers` answers
        at a time, in file order, by `respondent` and `answer` (by default the models, which
        validate again what the readers checked)."""
        return batches(self.people, answers, answer, respondent)

    @property
    def answers(self) -> int:
        """How many answers were read."""
        return sum(len(person.answers) for person in self.people)

    @property
    def unverified(self) -> int:
        """How many answers are marked unverified."""
        return sum(person.unverified for person in self.people)


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
    lines = io.StringIO(text.replace("\x00", ""), newline="")
    return build_all(_csv_people(lines, questionnaire, origin, destination, rules))


def _csv_people(
    lines: Iterable[str],
    questionnaire: Questionnaire,
    origin: str,
    destination: Destination | None,
    rules: AnswerRules | None,
) -> list[Gathered]:
    """Respondents from the lines of a CSV file, long or wide, read as a stream: a long file
    is checked row by row as it is read; a wide one (a row per respondent) is held to the
    limits of a worksheet."""
    problems = Problems(origin)
    tally = Tally(origin, rows=LONG_ROWS_MAX, cells=LONG_CELLS_MAX)
    rows = csv_stream(lines, problems, tally)
    header_line, header = next(((n, cells) for n, cells in rows if any(cells)), (0, []))
    if not header:
        problems.fail("is empty: expected a header row and at least one answer.")
    index = header_index(header)
    people: list[Gathered] = []
    if "question_id" in index:
        people = parse_long(header_line, header, rows, questionnaire, problems, destination, rules)
    elif respondent_column(index) is not None:
        tally.within(rows=ROWS_MAX, cells=CELLS_MAX)
        table = [(header_line, header), *rows]
        people = parse_wide(table, questionnaire, problems, rules=rules)
    else:
        problems.add(
            header_line,
            None,
            "the header is neither the long format (respondent,role,question_id,answer,note) "
            "nor the wide format (respondent,role, then a column per question id).",
        )
    problems.raise_if_any()
    _require_answers(people, problems)
    return people


def _from_first_filled(rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """`rows` from the first one with a cell filled in (blank rows above a header are common)."""
    for position, (_line, cells) in enumerate(rows):
        if any(cells):
            return rows[position:]
    return []


def _require_answers(respondents: Sequence[Any], problems: Problems) -> None:
    if not respondents:
        problems.fail("holds no answers.")


def parse_wide_xlsx(
    path: Path, questionnaire: Questionnaire, rules: AnswerRules | None = None
) -> list[Respondent]:
    """Respondents from a wide-format workbook's first sheet."""
    problems = Problems(str(path))
    with open_workbook(path, problems) as workbook:
        return build_all(_wide_workbook(workbook, questionnaire, problems, rules))


def _wide_workbook(
    workbook: Any, questionnaire: Questionnaire, problems: Problems, rules: AnswerRules | None
) -> list[Gathered]:
    rows = _from_first_filled(sheet_rows(workbook.worksheets[0], problems))
    if not rows:
        problems.fail("is empty: expected a header row and one row per respondent.")
    width = max(len(row) for _, row in rows)
    letters = [column_letter(i) for i in range(width)]
    people = parse_wide(rows, questionnaire, problems, letters, rules)
    problems.raise_if_any()
    _require_answers(people, problems)
    return people


@contextmanager
def csv_lines(path: Path) -> Iterator[Iterable[str]]:
    """The lines of a response CSV (within `CSV_MAX`), read and decoded as they are needed:
    neither the file's bytes nor its text is ever held whole. Bytes that are not UTF-8 are one
    clear problem, found by a first pass before any line is read; NUL characters are dropped."""
    check_file(path, limit=CSV_MAX)
    bad, nul = _scan(path)
    if bad is not None:
        Problems(str(path)).fail(f"is not UTF-8 text (byte {bad} cannot be read).")
    try:
        with path.open("rb") as handle:
            capped = io.BufferedReader(_Capped(handle, path), CHUNK)
            text = io.TextIOWrapper(capped, encoding="utf-8-sig", newline="")
            yield (line.replace("\x00", "") for line in text) if nul else text
    except UnicodeDecodeError:
        Problems(str(path)).fail("changed while it was read, and is no longer UTF-8 text.")
    except OSError as exc:
        Problems(str(path)).fail(f"cannot be read ({exc.strerror or exc}).")


CHUNK = 1 << 20
"""How much of a response CSV is read at a time."""


class _Capped(io.RawIOBase):
    """A file read no further than `CSV_MAX` bytes: one that grows while it is read is
    refused, not read on."""

    def __init__(self, handle: io.BufferedReader, path: Path) -> None:
        self.handle = handle
        self.path = path
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = self.handle.readinto(buffer) or 0
        self.count += size
        if self.count > CSV_MAX:
            Problems(str(self.path)).fail(f"grew past {CSV_MAX // MB} MB while it was read.")
        return size


def _scan(path: Path) -> tuple[int | None, bool]:
    """Where the file (after a byte order mark) stops being UTF-8, counted as `bytes.decode`
    counts it, or None; and whether it holds a NUL. Read a chunk at a time, kept nowhere."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    nul = False
    done = 0
    try:
        with path.open("rb") as handle:
            head = handle.read(3)
            if head != codecs.BOM_UTF8:
                handle.seek(0)
            while done <= CSV_MAX:
                chunk = handle.read(CHUNK)
                nul = nul or b"\x00" in chunk
                pending = len(decoder.getstate()[0])
                try:
                    decoder.decode(chunk, final=not chunk)
                except UnicodeDecodeError as exc:
                    return done - pending + exc.start, nul
                if not chunk:
                    break
                done += len(chunk)
    except OSError as exc:
        Problems(str(path)).fail(f"cannot be read ({exc.strerror or exc}).")
    return None, nul


def read_response_files(
    paths: Iterable[Path],
    questionnaire: Questionnaire,
    destination: Destination | None = None,
    rules: AnswerRules | None = None,
) -> ResponseSet:
    """Read every response file (long/wide CSV, wide xlsx or response pack) into one set.

    Every file is read and checked before this returns; the first file with problems raises
    `DataImportError` listing all of its problems. Respondent names must be unique across files,
    and all the files together hold at most `ANSWERS_MAX` answers of `RESPONDENTS_MAX`
    respondents.
    """
    result = ResponseSet()
    origins: dict[str, str] = {}
    answered = 0
    for path in paths:
        problems = Problems(str(path))
        suffix = path.suffix.lower()
        people: list[Gathered]
        if suffix == ".csv":
            with csv_lines(path) as lines:
                people = _csv_people(lines, questionnaire, str(path), destination, rules)
        elif suffix in {".xlsx", ".xlsm"}:
            with open_workbook(path, problems) as workbook:
                if is_pack_workbook(workbook, Problems(str(path))):
                    pack = read_pack_workbook(workbook, questionnaire, problems, rules)
                    people = [Gathered.of(pack.respondent)]
                    for attr in ("organisation", "period", "questionnaire_hash"):
                        value = getattr(pack, attr)
                        known = getattr(result, attr)
                        if known is not None and value != known:
                            problems.fail(f"is a pack for another {attr} ({value}).")
                        setattr(result, attr, value)
                else:
                    people = _wide_workbook(workbook, questionnaire, problems, rules)
        else:
            problems.fail("is not a response file: use .csv, .xlsx or a response pack.")
        for person in people:
            key = person.name.casefold()
            if key in origins:
                problems.fail(f"{person.name} also answers in {origins[key]}.")
            origins[key] = str(path)
        problems.raise_if_any()
        result.people.extend(people)
        answered += sum(len(person.answers) for person in people)
        if answered > ANSWERS_MAX:
            problems.fail(
                f"brings the answers of this import past {ANSWERS_MAX:,}; import fewer files "
                "at a time."
            )
        if len(result.people) > RESPONDENTS_MAX:
            problems.fail(
                f"brings the respondents of this import past {RESPONDENTS_MAX:,}; import fewer "
                "files at a time."
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
