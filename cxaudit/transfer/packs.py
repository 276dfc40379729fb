"""Response packs: a workbook a respondent fills in offline and sends back.

Not everyone will open a terminal. A pack holds every question that applies with its level
descriptors, drop-down answer (1–5, N/A, don't know) and confidence (low, medium, high) cells,
note and evidence cells, what counts as evidence, and the respondent's name and role. The
header note explains the evidence gate and names the questions left out as not applying. A
hidden sheet records the organisation, period and questionnaire it was made for, so `cxaudit
import pack.xlsx` knows where the answers belong and refuses a pack from another questionnaire.

Every text is written as a string cell, never a formula; a value the hidden sheet cannot hold
as it is (a control character in an old organisation's name) is kept there as JSON after
`json:`, so the pack still finds its organisation. A formula typed into a filled pack is an
error naming its cell.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxaudit.domain.model import Answer, Respondent, Role
from cxaudit.domain.questionnaire import Question, Questionnaire
from cxaudit.errors import DataImportError
from cxaudit.transfer.cells import (
    CONFIDENCE_CHOICES,
    AnswerRules,
    Extras,
    Problems,
    check_respondent_name,
    check_text,
    open_workbook,
    parse_answer_text,
    parse_role,
    sheet_rows,
    with_extras,
)
from cxaudit.transfer.safe_text import put, xlsx_text

PACK_FORMAT = "cxaudit-response-pack"
PACK_VERSION = 2
READ_VERSIONS = ("1", "2")
"""Packs this cxaudit reads: version 1 had no confidence or evidence columns (read as blank)."""
MAIN_SHEET = "Responses"
META_SHEET = "cxaudit"

NAME_LABEL = "Your name"
ROLE_LABEL = "Your role"
HEADER_FIRST = "Question id"
ANSWER_CHOICES = ("1", "2", "3", "4", "5", "N/A", "don't know")
ROLE_CHOICES = tuple(role.value for role in Role)

# Columns of the question table (1-based, as openpyxl counts them).
COL_ID, COL_AREA, COL_PROMPT = 1, 2, 3
COL_LEVEL1 = 4
COL_ANSWER = COL_LEVEL1 + 5
COL_NOTE = COL_ANSWER + 1
COL_CONFIDENCE = COL_NOTE + 1
COL_EVIDENCE = COL_NOTE + 2
COL_HINT = COL_NOTE + 3
"""What counts as evidence for the question (written by cxaudit, not read back)."""

_AS_JSON = "json:"
"""Marks a hidden-sheet value kept as JSON because a cell cannot hold it as it is."""


@dataclass(frozen=True)
class Pack:
    """A filled response pack: one respondent and where their answers belong."""

    respondent: Respondent
    organisation: str
    period: str
    questionnaire_hash: str


def evidence_note(questionnaire: Questionnaire, question: Question) -> str:
    """What the pack says in a question's evidence-hint cell: from which level evidence is
    needed and what counts ("" when the question has no gate)."""
    gate = questionnaire.evidence_gate(question.id)
    if gate <= 0:
        return ""
    hint = question.evidence_hint.strip()
    needed = f"Needed from level {gate}." if gate < 5 else "Needed at level 5."
    return f"{needed} {hint}" if hint else needed


def gate_note(questionnaire: Questionnaire) -> str:
    """The header note's sentence on evidence ("" when no question asks for it)."""
    gates = {questionnaire.evidence_gate(q.id) for q in questionnaire.questions} - {0}
    if not gates:
        return ""
    every = all(questionnaire.evidence_gate(q.id) == min(gates) for q in questionnaire.questions)
    which = "" if every else " (the last column says for which questions, and from which level)"
    return (
        f"From level {min(gates)} up{which}, an answer needs evidence: in the Evidence "
        "column, say what someone could be shown to see the practice (a report, a dashboard, "
        "minutes). Without it such an answer is refused on import, or at best counted as "
        "unverified. Confidence says how sure you are: "
        "low, medium or high (blank is medium); it never changes the score."
    )


def write_pack(
    path: Path,
    *,
    questionnaire: Questionnaire,
    organisation: str,
    period: str,
    not_applying: Mapping[str, str] | None = None,
) -> Path:
    """Write a blank response pack for one respondent of `organisation`'s `period` assessment.

    Questions in `not_applying` (with their automatic reason) are left out and named in the
    header note: they count as N/A without anyone answering them.
    """
    skipped = dict(not_applying or {})
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = MAIN_SHEET
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")

    put(sheet, 1, 1, f"{questionnaire.title}: response pack").font = Font(bold=True, size=14)
    rows: list[tuple[str, str]] = [
        ("Organisation", organisation),
        ("Period", period),
        (NAME_LABEL, ""),
        (ROLE_LABEL, ""),
    ]
    for offset, (label, value) in enumerate(rows, start=2):
        put(sheet, offset, 1, label).font = bold
        put(sheet, offset, 2, value or None)
    name_row, role_row = 4, 5
    for row in (name_row, role_row):
        sheet.cell(row, 2).fill = fill
    roles = DataValidation(type="list", formula1=f'"{",".join(ROLE_CHOICES)}"', allow_blank=True)
    roles.error = "Pick leader, manager, frontline or other."
    sheet.add_data_validation(roles)
    roles.add(sheet.cell(role_row, 2))

    row = 7
    put(sheet, row, 1, questionnaire.guidance.intro).alignment = Alignment(wrap_text=False)
    for point in questionnaire.guidance.points:
        row += 1
        put(sheet, row, 1, f"• {point}")
    row += 1
    put(
        sheet,
        row,
        1,
        "Answer each question with the level (1 to 5) that describes how work happens today; "
        "N/A when the practice cannot apply here (say why in the note); don't know when you "
        "cannot tell.",
    )
    gate = gate_note(questionnaire)
    if gate:
        row += 1
        put(sheet, row, 1, gate)
    if skipped:
        row += 1
        names = "; ".join(
            f"{qid} ({reason.removeprefix('does not apply: ')})" for qid, reason in skipped.items()
        )
        put(sheet, row, 1, f"Left out because they do not apply to {organisation}: {names}.")
    header_row = row + 2
    headers = [HEADER_FIRST, "Area", "Question"]
    headers += [f"Level {level}" for level in range(1, 6)]
    headers += ["Your answer", "Note (the reason, for N/A)", "Confidence", "Evidence"]
    headers += ["What counts as evidence"]
    for column, title in enumerate(headers, start=1):
        cell = put(sheet, header_row, column, title)
        cell.font = bold
        cell.alignment = wrap
    answers = DataValidation(
        type="list", formula1=f'"{",".join(ANSWER_CHOICES)}"', allow_blank=True
    )
    answers.error = "Pick a level 1 to 5, N/A or don't know."
    sheet.add_data_validation(answers)
    sure = DataValidation(
        type="list", formula1=f'"{",".join(CONFIDENCE_CHOICES)}"', allow_blank=True
    )
    sure.error = "Pick low, medium or high (blank is medium)."
    sheet.add_data_validation(sure)
    row = header_row
    for area, _position, question in questionnaire.iter_positions():
        if question.id in skipped:
            continue
        row += 1
        put(sheet, row, COL_ID, question.id)
        put(sheet, row, COL_AREA, area.title)
        put(sheet, row, COL_PROMPT, question.prompt).alignment = wrap
        for level in range(1, 6):
            cell = put(sheet, row, COL_LEVEL1 + level - 1, question.descriptor(level))
            cell.alignment = wrap
        for column in (COL_ANSWER, COL_NOTE, COL_CONFIDENCE, COL_EVIDENCE):
            sheet.cell(row, column).fill = fill
            sheet.cell(row, column).alignment = wrap
        note = evidence_note(questionnaire, question)
        if note:
            put(sheet, row, COL_HINT, note).alignment = wrap
    answers.add(f"{_letter(COL_ANSWER)}{header_row + 1}:{_letter(COL_ANSWER)}{row}")
    sure.add(f"{_letter(COL_CONFIDENCE)}{header_row + 1}:{_letter(COL_CONFIDENCE)}{row}")
    widths = {COL_ID: 22, COL_AREA: 12, COL_PROMPT: 40, COL_ANSWER: 12, COL_NOTE: 36}
    widths |= {COL_CONFIDENCE: 12, COL_EVIDENCE: 36, COL_HINT: 36}
    for column in range(1, COL_HINT + 1):
        sheet.column_dimensions[_letter(column)].width = widths.get(column, 28)
    sheet.freeze_panes = sheet.cell(header_row + 1, COL_ID + 1)

    meta = workbook.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    for number, (key, value) in enumerate(
        [
            ("format", PACK_FORMAT),
            ("version", str(PACK_VERSION)),
            ("organisation", organisation),
            ("period", period),
            ("questionnaire_id", questionnaire.id),
            ("questionnaire_version", questionnaire.version),
            ("questionnaire_hash", questionnaire.content_hash),
        ],
        start=1,
    ):
        put(meta, number, 1, key)
        put(meta, number, 2, _meta_text(value))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(path)
    except OSError as exc:
        raise DataImportError(
            f"The pack cannot be written to {path} ({exc.strerror or exc})."
        ) from None
    return path


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def _meta_text(value: str) -> str:
    """`value` as the hidden sheet keeps it: as it is, or as JSON when a cell cannot hold it."""
    if xlsx_text(value) != value or value.startswith(_AS_JSON):
        return _AS_JSON + json.dumps(value)
    return value


def _meta(workbook: Any, problems: Problems) -> dict[str, str]:
    if META_SHEET not in workbook.sheetnames:
        return {}
    values: dict[str, str] = {}
    rows = sheet_rows(workbook[META_SHEET], problems, max_col=2, sheet_name=META_SHEET)
    for number, (key, value) in rows:
        if not key:
            continue
        if value.startswith(_AS_JSON):
            try:
                value = str(json.loads(value.removeprefix(_AS_JSON)))
            except ValueError:
                problems.add(number, "B", "this value is damaged.", sheet=META_SHEET)
        values[key] = value
    return values


def is_pack(path: Path) -> bool:
    """Whether an xlsx file is a response pack (rather than a wide response sheet)."""
    problems = Problems(str(path))
    with open_workbook(path, problems) as workbook:
        return is_pack_workbook(workbook, problems)


def is_pack_workbook(workbook: Any, problems: Problems) -> bool:
    """Whether an open workbook is a response pack."""
    return _meta(workbook, problems).get("format") == PACK_FORMAT


def pack_target(path: Path) -> tuple[str | None, str | None]:
    """The organisation and period a response pack was made for (None for other workbooks)."""
    problems = Problems(str(path))
    with open_workbook(path, problems) as workbook:
        meta = _meta(workbook, problems)
    if meta.get("format") != PACK_FORMAT:
        return None, None
    return meta.get("organisation") or None, meta.get("period") or None


def read_pack(path: Path, questionnaire: Questionnaire, rules: AnswerRules | None = None) -> Pack:
    """Read a filled response pack; raise `DataImportError` listing every problem in it."""
    problems = Problems(str(path))
    with open_workbook(path, problems) as workbook:
        return read_pack_workbook(workbook, questionnaire, problems, rules)


def read_pack_workbook(
    workbook: Any,
    questionnaire: Questionnaire,
    problems: Problems,
    rules: AnswerRules | None = None,
) -> Pack:
    """Read an open workbook as a filled response pack, every problem listed at once (its
    evidence and confidence checked under `rules`)."""
    rules = rules or AnswerRules()
    meta = _meta(workbook, problems)
    if meta.get("format") != PACK_FORMAT or MAIN_SHEET not in workbook.sheetnames:
        problems.fail("is not a cxaudit response pack.")
    if meta.get("version") not in READ_VERSIONS:
        problems.fail(f"is a pack of an unknown version ({meta.get('version')}).")
    rows = sheet_rows(workbook[MAIN_SHEET], problems, max_col=COL_EVIDENCE)
    name: str | None = None
    role: Role | None = None
    header_row: int | None = None
    for number, cells in rows:
        first, second = cells[0], cells[1]
        if first == NAME_LABEL and name is None:
            name = second
            if not second:
                problems.add(number, "B", "the respondent's name is empty.")
            else:
                check_respondent_name(second, problems, number, "B")
        elif first == ROLE_LABEL and role is None:
            role = parse_role(second)
            if role is None or not second:
                problems.add(
                    number,
                    "B",
                    f"'{second}' is not a role: pick leader, manager, frontline or other.",
                )
        elif first == HEADER_FIRST:
            header_row = number
            break
    if name is None or header_row is None:
        problems.fail("has lost its name cell or its question table.")
    assert header_row is not None
    answers: dict[str, Answer] = {}
    answer_letter = _letter(COL_ANSWER)
    note_letter = _letter(COL_NOTE)
    for number, cells in rows[header_row:]:
        cells = cells + [""] * (COL_EVIDENCE - len(cells))
        qid, value, note = cells[COL_ID - 1], cells[COL_ANSWER - 1], cells[COL_NOTE - 1]
        extras = Extras(
            evidence=cells[COL_EVIDENCE - 1],
            evidence_column=_letter(COL_EVIDENCE),
            confidence=cells[COL_CONFIDENCE - 1],
            confidence_column=_letter(COL_CONFIDENCE),
        )
        if not qid:
            if value:
                problems.add(number, answer_letter, "an answer on a row with no question id.")
            continue
        if not questionnaire.has_question(qid):
            problems.add(number, "A", f"'{qid}' is not a question of {questionnaire.id}.")
            continue
        if qid in answers:
            problems.add(number, "A", f"{qid} appears twice.")
            continue
        if not value:
            for text, letter, what in (
                (note, note_letter, "a note"),
                (extras.evidence, extras.evidence_column, "evidence"),
                (extras.confidence, extras.confidence_column, "a confidence"),
            ):
                if text:
                    problems.add(
                        number, letter, f"{what} but no answer: pick an answer or clear it."
                    )
            continue
        if not check_text(note, problems, number, note_letter, "The note"):
            continue
        answer = parse_answer_text(qid, value, note, problems, number, answer_letter)
        if answer is None:
            continue
        checked = with_extras(questionnaire, answer, extras, rules, problems, number)
        if checked is not None:
            answers[qid] = checked
    problems.raise_if_any()
    if not answers:
        problems.fail("has no answers filled in.")
    assert name is not None and role is not None
    return Pack(
        respondent=Respondent(name=name, role=role, answers=answers),
        organisation=meta.get("organisation", ""),
        period=meta.get("period", ""),
        questionnaire_hash=meta.get("questionnaire_hash", ""),
    )
