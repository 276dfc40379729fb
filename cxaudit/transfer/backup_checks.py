"""Checking a backup's data: every piece against the schema and the rules, in one pass.

A backup is checked piece by piece (each questionnaire, organisation, assessment, respondent,
answer and action on its own), so a schema problem in one organisation does not hide a rule
problem in another: the person restoring sees every problem at once. The rules are those of
every other entry path: names follow `cxaudit.domain.naming`, notes `cxaudit.domain.texts`, a
question is answered once by each respondent, a respondent appears once in an assessment, an
action's ref once in its organisation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from cxaudit.domain.model import Answer
from cxaudit.domain.naming import NAME_MAX, check_name, name_key
from cxaudit.domain.periods import parse_period
from cxaudit.domain.questionnaire import Questionnaire, questionnaire_from_data
from cxaudit.domain.texts import NOTE_MAX, text_problem
from cxaudit.errors import CxauditError, DataImportError
from cxaudit.transfer.backup import (
    Backup,
    BackupAction,
    BackupAnswer,
    BackupAssessment,
    BackupOrganisation,
    BackupQuestionnaire,
    BackupRespondent,
)

M = TypeVar("M", bound=BaseModel)


def path_of(where: str, loc: tuple[int | str, ...]) -> str:
    """`where` followed by a pydantic location: `organisations[0]` + `("name",)` →
    `organisations[0].name`."""
    text = where
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _taken(items: list[Any], where: str) -> Iterator[tuple[str, Any]]:
    """Each item of a list with where it is, let go of in the list as it is handed over, so the
    parsed JSON is freed as its models are made (a backup then needs half the memory)."""
    for index, item in enumerate(items):
        items[index] = None
        yield f"{where}[{index}]", item


class _Named(Protocol):
    name: str


N = TypeVar("N", bound=_Named)


def _named_once(check: _Check, entries: Iterable[tuple[str, N | None]]) -> list[N]:
    """The entries that passed their checks; a name given twice (compared as names are, without
    case) is a problem at the second one."""
    kept: list[N] = []
    seen: set[str] = set()
    for where, entry in entries:
        if entry is None:
            continue
        key = name_key(entry.name)
        if key in seen:
            check.add(f"{where}.name", f"'{entry.name}' appears twice")
        seen.add(key)
        kept.append(entry)
    return kept


class _Check:
    """The problems found so far in one backup, each with where it is."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.problems: list[str] = []

    def add(self, where: str, reason: str) -> None:
        self.problems.append(f"{self.origin}: {where}: {reason}")

    def piece(
        self, model: type[M], raw: Any, where: str, children: tuple[str, ...] = ()
    ) -> tuple[M | None, dict[str, list[Any]]]:
        """`raw` checked against `model` without its `children` lists, which are handed back
        to be checked one by one."""
        lists: dict[str, list[Any]] = {name: [] for name in children}
        if not isinstance(raw, dict):
            self.add(where or "(top level)", "must be an object")
            return None, lists
        shallow = dict(raw)
        for name in children:
            value = shallow.pop(name, [])
            if isinstance(value, list):
                lists[name] = value
            else:
                self.add(path_of(where, (name,)), "must be a list")
        try:
            return model.model_validate(shallow), lists
        except ValidationError as exc:
            for error in exc.errors():
                self.add(path_of(where, tuple(error["loc"])), error["msg"])
            return None, lists

    def each(self, model: type[M], items: list[Any], where: str) -> Iterator[tuple[str, M]]:
        """Every item of a list (one without children) that passes `model`, with where it is;
        the others' problems are recorded."""
        for spot, item in _taken(items, where):
            entry, _none = self.piece(model, item, spot)
            if entry is not None:
                yield spot, entry

    def name(self, where: str, value: str, what: str) -> None:
        try:
            check_name(value, what=what)
        except CxauditError as exc:
            self.add(where, exc.message)

    def text(self, where: str, value: str, what: str, limit: int = NOTE_MAX) -> None:
        problem = text_problem(value, what=what, limit=limit)
        if problem is not None:
            self.add(where, problem)

    def targets(self, where: str, targets: dict[str, float]) -> None:
        for area_id, target in targets.items():
            if not 1.0 <= target <= 5.0:
                self.add(f"{where}.{area_id}", "must be 1.0 to 5.0")


def check_backup(raw: Any, origin: str) -> tuple[Backup, dict[str, Questionnaire]]:
    """The backup `raw` holds, with its questionnaires by hash; or a `DataImportError` listing
    every problem in it. `raw`'s lists are emptied as their models are made."""
    check = _Check(origin)
    top, lists = check.piece(Backup, raw, "", ("questionnaires", "organisations"))
    entries: list[BackupQuestionnaire] = []
    questionnaires: dict[str, Questionnaire] = {}
    for where, entry in check.each(BackupQuestionnaire, lists["questionnaires"], "questionnaires"):
        entries.append(entry)
        try:
            questionnaire = questionnaire_from_data(entry.content, f"{origin}: {where}")
        except CxauditError as exc:
            check.add(where, f"the content is not a valid questionnaire ({exc.message})")
            continue
        if questionnaire.content_hash != entry.hash:
            check.add(where, f"the content does not match its hash {entry.hash[:12]}")
            continue
        questionnaires[entry.hash] = questionnaire
    organisations = _named_once(
        check,
        (
            (where, _organisation(check, item, where, questionnaires))
            for where, item in _taken(lists["organisations"], "organisations")
        ),
    )
    if check.problems or top is None:
        raise DataImportError(
            f"{origin} has {len(check.problems)} problem(s); nothing was imported.",
            check.problems,
        )
    backup = top.model_copy(update={"questionnaires": entries, "organisations": organisations})
    return backup, questionnaires


def _organisation(
    check: _Check, raw: Any, where: str, questionnaires: dict[str, Questionnaire]
) -> BackupOrganisation | None:
    org, lists = check.piece(BackupOrganisation, raw, where, ("assessments",))
    if org is not None:
        check.name(f"{where}.name", org.name, "An organisation's name")
        if org.sector:
            check.text(f"{where}.sector", org.sector, "The sector", NAME_MAX)
        check.targets(f"{where}.default_targets", org.default_targets)
    assessments: list[BackupAssessment] = []
    periods: set[str] = set()
    refs: set[str] = set()
    placed: list[tuple[str, BackupAction]] = []
    for spot, item in _taken(lists["assessments"], f"{where}.assessments"):
        entry = _assessment(check, item, spot, questionnaires)
        if entry is None:
            continue
        try:
            label = parse_period(entry.period).label
        except CxauditError as exc:
            check.add(f"{spot}.period", exc.message)
            label = entry.period
        if label in periods:
            check.add(f"{spot}.period", f"{label} appears twice")
        periods.add(label)
        for a_index, action in enumerate(entry.actions):
            if action.ref in refs:
                check.add(f"{spot}.actions[{a_index}].ref", f"'{action.ref}' appears twice")
            refs.add(action.ref)
            placed.append((f"{spot}.actions[{a_index}]", action))
        assessments.append(entry)
    for spot, action in placed:
        if action.carried_from is not None and action.carried_from not in refs:
            check.add(f"{spot}.carried_from", f"no action '{action.carried_from}'")
    return None if org is None else org.model_copy(update={"assessments": assessments})


def _assessment(
    check: _Check, raw: Any, where: str, questionnaires: dict[str, Questionnaire]
) -> BackupAssessment | None:
    entry, lists = check.piece(BackupAssessment, raw, where, ("respondents", "actions"))
    used: Questionnaire | None = None
    if entry is not None:
        check.targets(f"{where}.targets", entry.targets)
        used = questionnaires.get(entry.questionnaire.hash)
        if used is None:
            check.add(
                f"{where}.questionnaire",
                f"no questionnaire with hash {entry.questionnaire.hash[:12]} is in the backup",
            )
    respondents = _named_once(
        check,
        (
            (spot, _respondent(check, item, spot, used))
            for spot, item in _taken(lists["respondents"], f"{where}.respondents")
        ),
    )
    actions: list[BackupAction] = []
    for spot, action in check.each(BackupAction, lists["actions"], f"{where}.actions"):
        check.text(f"{spot}.text", action.text, "The action's text")
        if action.owner:
            check.name(f"{spot}.owner", action.owner, "An action's owner")
        actions.append(action)
    if entry is None:
        return None
    return entry.model_copy(update={"respondents": respondents, "actions": actions})


def _respondent(
    check: _Check, raw: Any, where: str, used: Questionnaire | None
) -> BackupRespondent | None:
    person, lists = check.piece(BackupRespondent, raw, where, ("answers",))
    if person is not None:
        check.name(f"{where}.name", person.name, "A respondent's name")
    answers: list[BackupAnswer] = []
    seen: dict[str, str] = {}
    for spot, answer in check.each(BackupAnswer, lists["answers"], f"{where}.answers"):
        qid = answer.question_id
        if used is not None and not used.has_question(qid):
            check.add(spot, f"'{qid}' is not a question")
        if qid in seen:
            check.add(spot, f"{qid} is answered twice ({seen[qid]} too)")
        seen.setdefault(qid, spot.rpartition(".")[2])
        try:
            domain_answer(answer)
        except ValidationError as exc:
            check.add(spot, exc.errors()[0]["msg"])
        check.text(f"{spot}.note", answer.note, "The note")
        check.text(f"{spot}.na_reason", answer.na_reason, "The N/A reason")
        check.text(f"{spot}.evidence", answer.evidence, "The evidence")
        answers.append(answer)
    return None if person is None else person.model_copy(update={"answers": answers})


def domain_answer(entry: BackupAnswer) -> Answer:
    """The answer a backup's entry describes (the domain's own checks run on it)."""
    return Answer(**entry.model_dump())
