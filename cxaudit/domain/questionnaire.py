"""The questionnaire: areas, questions, level descriptors, actions, stages and guidance.

A questionnaire is data (a TOML file). This module loads it, checks it and reports *every*
problem at once, each naming the file, the path of the offending field and what is wrong, so a
consultant writing their own questionnaire can fix it in one pass.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationError

from cxaudit.domain.questionnaire_gates import gate_warnings
from cxaudit.domain.questionnaire_rules import pydantic_problems, semantic_problems
from cxaudit.domain.scale import (
    ACTION_COUNT,
    AREA_IDS_BUILTIN,
    LEVEL_COUNT,
    PROFILE_FLAG_PATTERN,
    QUESTIONNAIRE_ID_PATTERN,
    SCORE_MAX,
    SCORE_MIN,
    WEIGHT_MAX,
)
from cxaudit.errors import NotFoundError, QuestionnaireError

__all__ = [
    "ACTION_COUNT",
    "AREA_IDS_BUILTIN",
    "LEVEL_COUNT",
    "PROFILE_FLAG_PATTERN",
    "QUESTIONNAIRE_ID_PATTERN",
    "SCORE_MAX",
    "SCORE_MIN",
    "WEIGHT_MAX",
    "Area",
    "Guidance",
    "ProfileFlag",
    "Question",
    "Questionnaire",
    "Source",
    "Stage",
    "check_questionnaire_file",
    "load_questionnaire",
    "parse_questionnaire",
    "questionnaire_from_data",
]


class _Frozen(BaseModel):
    # Not-a-number and infinity are refused everywhere: every number must compare sanely.
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Source(_Frozen):
    """An article a question draws on, cited by its file name."""

    file: str = Field(min_length=1)
    title: str = Field(min_length=1)


class Stage(_Frozen):
    """A named maturity stage covering the scores from `min` (inclusive) to `max`.

    `max` is exclusive, except for the last stage, which includes 5.0.
    """

    name: str = Field(min_length=1)
    min: float
    max: float
    description: str = Field(min_length=1)


class Guidance(_Frozen):
    """What a respondent reads once, before the first question."""

    intro: str = Field(min_length=1)
    points: tuple[str, ...] = Field(min_length=1)


class ProfileFlag(_Frozen):
    """A yes/no fact about an organisation that decides which questions apply to it.

    Asked once when an organisation is created (and editable later); a question naming the flag
    in `applies_if` applies only while the answer is yes.
    """

    id: str = Field(pattern=PROFILE_FLAG_PATTERN)
    question: str = Field(min_length=1)
    """The yes/no question put to the user, e.g. "Do customers reach you through a helpline?"."""
    default: StrictBool = True
    """The answer assumed until the organisation gives one."""
    absent: str = Field(min_length=1)
    """A short phrase for "no", used in the automatic N/A reason: "does not apply: {absent}"."""


class Question(_Frozen):
    """One question, answered on five described levels of observable practice."""

    id: str = Field(min_length=3)
    prompt: str = Field(min_length=1)
    why: str = Field(min_length=1)
    weight: float = 1.0
    sources: tuple[str, ...] = Field(min_length=1)
    levels: tuple[str, ...]
    """Descriptors for levels 1..5: `levels[0]` is level 1."""
    actions: tuple[str, ...]
    """Improvement actions for current levels 1..4: `actions[0]` moves level 1 to level 2."""
    evidence_from_level: StrictInt | None = None
    """The lowest level that needs an evidence note; None takes the questionnaire's, 0 is off."""
    evidence_hint: str = ""
    """What counts as evidence for this question: what someone could be shown."""
    applies_if: tuple[str, ...] = ()
    """Profile flags that must all be yes for the question to apply."""

    @property
    def area_id(self) -> str:
        """The area this question belongs to (the part of the id before the dot)."""
        return self.id.split(".", 1)[0]

    def descriptor(self, level: int) -> str:
        """The descriptor of `level` (1..5)."""
        return self.levels[level - 1]

    def action_for(self, current_level: int) -> str:
        """The action that lifts a question from `current_level` (1..4) to the next level."""
        return self.actions[min(max(current_level, 1), ACTION_COUNT) - 1]


class Area(_Frozen):
    """One of the areas a questionnaire scores, with its questions."""

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    weight: float = 1.0
    questions: tuple[Question, ...] = Field(min_length=1)


class Questionnaire(_Frozen):
    """A whole questionnaire, as loaded from its TOML file and checked."""

    id: str = Field(pattern=QUESTIONNAIRE_ID_PATTERN)
    version: str = Field(min_length=1, max_length=40)
    title: str = Field(min_length=1)
    description: str = ""
    default_target: float = 4.0
    evidence_from_level: StrictInt = 0
    """The lowest level whose answers need an evidence note (0: no evidence is asked for)."""
    profile: tuple[ProfileFlag, ...] = ()
    """The yes/no facts about an organisation that decide which questions apply."""
    guidance: Guidance
    sources: tuple[Source, ...] = Field(min_length=1)
    stages: tuple[Stage, ...] = Field(min_length=1)
    areas: tuple[Area, ...] = Field(min_length=1)

    @cached_property
    def content_hash(self) -> str:
        """A SHA-256 over the questionnaire's content, so history compares like with like."""
        canonical = json.dumps(self.to_toml_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @cached_property
    def _flags_by_id(self) -> dict[str, ProfileFlag]:
        return {flag.id: flag for flag in self.profile}

    def profile_flag(self, flag_id: str) -> ProfileFlag:
        """The profile flag with this id."""
        try:
            return self._flags_by_id[flag_id]
        except KeyError:
            raise NotFoundError(
                f"'{flag_id}' is not a profile question of this questionnaire."
            ) from None

    def has_profile_flag(self, flag_id: str) -> bool:
        """Whether this questionnaire declares the profile flag `flag_id`."""
        return flag_id in self._flags_by_id

    def profile_defaults(self) -> dict[str, bool]:
        """Every profile flag with its default answer, in questionnaire order."""
        return {flag.id: flag.default for flag in self.profile}

    def evidence_gate(self, question_id: str) -> int:
        """The lowest level of `question_id` that needs evidence; 0 when none does."""
        own = self.question(question_id).evidence_from_level
        return self.evidence_from_level if own is None else own

    @cached_property
    def _questions_by_id(self) -> dict[str, Question]:
        return {q.id: q for area in self.areas for q in area.questions}

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question, in questionnaire order."""
        return tuple(q for area in self.areas for q in area.questions)

    def question(self, question_id: str) -> Question:
        """The question with this id."""
        try:
            return self._questions_by_id[question_id]
        except KeyError:
            raise NotFoundError(f"Question '{question_id}' is not in this questionnaire.") from None

    def has_question(self, question_id: str) -> bool:
        """Whether this questionnaire asks `question_id`."""
        return question_id in self._questions_by_id

    def area(self, area_id: str) -> Area:
        """The area with this id."""
        for area in self.areas:
            if area.id == area_id:
                return area
        raise NotFoundError(f"Area '{area_id}' is not in this questionnaire.")

    def stage_for(self, score: float | None) -> Stage | None:
        """The named stage whose band holds `score`; None when there is no score."""
        if score is None:
            return None
        for stage in self.stages:
            if stage.min <= score < stage.max:
                return stage
        last = self.stages[-1]
        return last if score >= last.min else self.stages[0]

    def iter_positions(self) -> Iterator[tuple[Area, int, Question]]:
        """Each question with its area and its 1-based position inside the area."""
        for area in self.areas:
            for index, question in enumerate(area.questions, start=1):
                yield area, index, question

    def to_toml_dict(self) -> dict[str, Any]:
        """The questionnaire as plain data (what is stored with each assessment).

        Keys added after the first release are left out while they hold their defaults, so a
        questionnaire that does not use them keeps the content and the content hash it always
        had (stored copies, backups and history stay like-for-like).
        """
        data = self.model_dump(mode="json")
        for key, default in _LATER_KEYS.items():
            if data.get(key) == default:
                del data[key]
        for area in data["areas"]:
            for question in area["questions"]:
                for key, default in _LATER_QUESTION_KEYS.items():
                    if question.get(key) == default:
                        del question[key]
        return data


_LATER_KEYS: dict[str, Any] = {"evidence_from_level": 0, "profile": []}
"""Questionnaire keys added in schema 0004, with the defaults that mean "not used"."""
_LATER_QUESTION_KEYS: dict[str, Any] = {
    "evidence_from_level": None,
    "evidence_hint": "",
    "applies_if": [],
}
"""Question keys added in schema 0004, with the defaults that mean "not used"."""


# --------------------------------------------------------------------------------------------
# Loading (the rules a file is checked against are in `questionnaire_rules`)
# --------------------------------------------------------------------------------------------


def parse_questionnaire(text: str, origin: str = "<questionnaire>") -> Questionnaire:
    """Parse and check questionnaire TOML; raise `QuestionnaireError` listing every problem."""
    return questionnaire_from_data(_toml_data(text, origin), origin)


def _toml_data(text: str, origin: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise QuestionnaireError(f"{origin} is not valid TOML: {exc}.") from None
    except ValueError as exc:  # an integer too long to convert, among others
        raise QuestionnaireError(f"{origin} is not valid TOML: {exc}.") from None
    except RecursionError:
        raise QuestionnaireError(f"{origin} is nested too deeply to be a questionnaire.") from None
    return data


def questionnaire_from_data(data: dict[str, Any], origin: str = "<questionnaire>") -> Questionnaire:
    """Check already-parsed questionnaire data (also used for copies stored with assessments)."""
    problems = semantic_problems(data)
    model: Questionnaire | None = None
    try:
        model = Questionnaire.model_validate(data)
    except ValidationError as exc:
        known = {path for path, _ in problems}
        for path, message in pydantic_problems(exc):
            if path not in known:
                problems.append((path, message))
    if problems or model is None:
        lines = [f"{origin}: {path}: {message}" for path, message in problems]
        count = len(lines)
        noun = "problem" if count == 1 else "problems"
        raise QuestionnaireError(f"{origin} has {count} {noun}.", lines)
    return model


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QuestionnaireError(f"Questionnaire file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionnaireError(f"Questionnaire file {path} cannot be read: {exc}.") from None


def load_questionnaire(path: Path) -> Questionnaire:
    """Load and check a questionnaire file."""
    return parse_questionnaire(_read(path), str(path))


def check_questionnaire_file(path: Path) -> tuple[Questionnaire, list[str]]:
    """Load a questionnaire file for `cxaudit questionnaire check`: the questionnaire and its
    warnings (allowed but probably unintended), one line each.

    When the file has problems, the `QuestionnaireError` lists the warnings after them, so one
    run shows everything there is to fix.
    """
    origin = str(path)
    data = _toml_data(_read(path), origin)
    warnings = [f"{origin}: {where}: warning: {message}" for where, message in gate_warnings(data)]
    try:
        questionnaire = questionnaire_from_data(data, origin)
    except QuestionnaireError as exc:
        exc.problems.extend(warnings)
        raise
    return questionnaire, warnings
