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

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cxaudit.errors import NotFoundError, QuestionnaireError

AREA_IDS_BUILTIN = ("leadership", "process", "skills", "culture")
LEVEL_COUNT = 5
ACTION_COUNT = 4  # one action for each current level 1..4: what to do to reach the next level
SCORE_MIN = 1.0
SCORE_MAX = 5.0


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


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

    id: str = Field(min_length=1)
    version: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = ""
    default_target: float = 4.0
    guidance: Guidance
    sources: tuple[Source, ...] = Field(min_length=1)
    stages: tuple[Stage, ...] = Field(min_length=1)
    areas: tuple[Area, ...] = Field(min_length=1)

    @cached_property
    def content_hash(self) -> str:
        """A SHA-256 over the questionnaire's content, so history compares like with like."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

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
        """The questionnaire as plain data (what is stored with each assessment)."""
        return self.model_dump(mode="json")


# --------------------------------------------------------------------------------------------
# Loading and checking
# --------------------------------------------------------------------------------------------


def _loc_to_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(top level)"


def _pydantic_problems(error: ValidationError) -> list[tuple[str, str]]:
    items = error.errors()
    locs = [tuple(item["loc"]) for item in items]
    problems: list[tuple[str, str]] = []
    for item, loc in zip(items, locs, strict=True):
        kind = item["type"]
        # pydantic counts a list's length after dropping the items that failed, so a list whose
        # every item has its own error is also reported as "too short"; that line would mislead.
        if kind == "too_short" and any(
            len(other) > len(loc) and other[: len(loc)] == loc for other in locs
        ):
            continue
        if kind == "missing":
            message = "is missing"
        elif kind == "extra_forbidden":
            message = "is not a known field"
        else:
            message = item["msg"][0].lower() + item["msg"][1:]
        problems.append((_loc_to_path(loc), message))
    return problems


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _semantic_problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Rules pydantic's field types cannot express, checked on the raw data so that they are
    reported together with any type errors."""
    problems: list[tuple[str, str]] = []
    known_sources: set[str] = set()
    seen_sources: dict[str, str] = {}
    for s_index, source in enumerate(_as_list(data.get("sources"))):
        file = source.get("file") if isinstance(source, dict) else None
        if not isinstance(file, str):
            continue
        known_sources.add(file)
        if file in seen_sources:
            problems.append(
                (
                    f"sources[{s_index}].file",
                    f"duplicate source file '{file}' (also at {seen_sources[file]})",
                )
            )
        else:
            seen_sources[file] = f"sources[{s_index}]"
    seen_areas: dict[str, str] = {}
    seen_questions: dict[str, str] = {}
    for a_index, area in enumerate(_as_list(data.get("areas"))):
        if not isinstance(area, dict):
            continue
        a_path = f"areas[{a_index}]"
        area_id = area.get("id")
        if isinstance(area_id, str):
            if area_id in seen_areas:
                problems.append(
                    (
                        f"{a_path}.id",
                        f"duplicate area id '{area_id}' (also at {seen_areas[area_id]})",
                    )
                )
            else:
                seen_areas[area_id] = a_path
        weight = area.get("weight", 1.0)
        if isinstance(weight, int | float) and weight <= 0:
            problems.append((f"{a_path}.weight", f"weight must be greater than 0, got {weight}"))
        for q_index, question in enumerate(_as_list(area.get("questions"))):
            if not isinstance(question, dict):
                continue
            q_path = f"{a_path}.questions[{q_index}]"
            qid = question.get("id")
            if isinstance(qid, str):
                if qid in seen_questions:
                    problems.append(
                        (
                            f"{q_path}.id",
                            f"duplicate question id '{qid}' (also at {seen_questions[qid]})",
                        )
                    )
                else:
                    seen_questions[qid] = q_path
                if isinstance(area_id, str) and not qid.startswith(f"{area_id}."):
                    problems.append(
                        (
                            f"{q_path}.id",
                            f"question id '{qid}' must start with its area id '{area_id}.'",
                        )
                    )
                elif isinstance(area_id, str) and (
                    qid == f"{area_id}." or any(ch.isspace() for ch in qid)
                ):
                    problems.append(
                        (
                            f"{q_path}.id",
                            f"question id '{qid}' must look like '{area_id}.slug' "
                            "(a name after the dot, no spaces)",
                        )
                    )
            q_weight = question.get("weight", 1.0)
            if isinstance(q_weight, int | float) and q_weight <= 0:
                problems.append(
                    (f"{q_path}.weight", f"weight must be greater than 0, got {q_weight}")
                )
            levels = question.get("levels")
            if isinstance(levels, list):
                if len(levels) != LEVEL_COUNT:
                    problems.append(
                        (
                            f"{q_path}.levels",
                            f"expected {LEVEL_COUNT} level descriptions, found {len(levels)}",
                        )
                    )
                for i, level in enumerate(levels):
                    if isinstance(level, str) and not level.strip():
                        problems.append((f"{q_path}.levels[{i}]", "level description is empty"))
            actions = question.get("actions")
            if isinstance(actions, list):
                if len(actions) != ACTION_COUNT:
                    problems.append(
                        (
                            f"{q_path}.actions",
                            f"expected {ACTION_COUNT} actions (one for each current level 1 to 4), "
                            f"found {len(actions)}",
                        )
                    )
                for i, action in enumerate(actions):
                    if isinstance(action, str) and not action.strip():
                        problems.append((f"{q_path}.actions[{i}]", "action is empty"))
            for s_index, source in enumerate(_as_list(question.get("sources"))):
                if isinstance(source, str) and source not in known_sources:
                    problems.append(
                        (f"{q_path}.sources[{s_index}]", f"unknown source file '{source}'")
                    )
    problems.extend(_stage_problems(_as_list(data.get("stages"))))
    target = data.get("default_target")
    if isinstance(target, int | float) and not SCORE_MIN <= target <= SCORE_MAX:
        problems.append(("default_target", f"must be between 1.0 and 5.0, got {target}"))
    return problems


def _stage_problems(stages: list[Any]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    bands: list[tuple[int, float, float]] = []
    seen_names: dict[str, str] = {}
    for index, stage in enumerate(stages):
        if not isinstance(stage, dict):
            continue
        name = stage.get("name")
        if isinstance(name, str):
            if name in seen_names:
                problems.append(
                    (
                        f"stages[{index}].name",
                        f"duplicate stage name '{name}' (also at {seen_names[name]})",
                    )
                )
            else:
                seen_names[name] = f"stages[{index}]"
        low, high = stage.get("min"), stage.get("max")
        if isinstance(low, int | float) and isinstance(high, int | float):
            if low >= high:
                problems.append((f"stages[{index}]", f"min {low} must be below max {high}"))
            bands.append((index, float(low), float(high)))
    if not bands or len(bands) != len(stages):
        return problems
    bands.sort(key=lambda band: band[1])
    first_index, first_low, _ = bands[0]
    if first_low != SCORE_MIN:
        problems.append(
            (f"stages[{first_index}].min", f"the lowest stage must start at 1.0, not {first_low}")
        )
    for (prev_index, _, prev_high), (index, low, _) in zip(bands, bands[1:], strict=False):
        if low < prev_high:
            problems.append(
                (
                    f"stages[{index}].min",
                    f"band overlaps stages[{prev_index}] ({low} < {prev_high})",
                )
            )
        elif low > prev_high:
            problems.append(
                (
                    f"stages[{index}].min",
                    f"gap between stages[{prev_index}] and this stage ({prev_high} to {low})",
                )
            )
    last_index, _, last_high = bands[-1]
    if last_high != SCORE_MAX:
        problems.append(
            (f"stages[{last_index}].max", f"the highest stage must end at 5.0, not {last_high}")
        )
    return problems


def parse_questionnaire(text: str, origin: str = "<questionnaire>") -> Questionnaire:
    """Parse and check questionnaire TOML; raise `QuestionnaireError` listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise QuestionnaireError(f"{origin} is not valid TOML: {exc}.") from None
    return questionnaire_from_data(data, origin)


def questionnaire_from_data(data: dict[str, Any], origin: str = "<questionnaire>") -> Questionnaire:
    """Check already-parsed questionnaire data (also used for copies stored with assessments)."""
    problems = _semantic_problems(data)
    model: Questionnaire | None = None
    try:
        model = Questionnaire.model_validate(data)
    except ValidationError as exc:
        known = {path for path, _ in problems}
        for path, message in _pydantic_problems(exc):
            if path not in known:
                problems.append((path, message))
    if problems or model is None:
        lines = [f"{origin}: {path}: {message}" for path, message in problems]
        count = len(lines)
        noun = "problem" if count == 1 else "problems"
        raise QuestionnaireError(f"{origin} has {count} {noun}.", lines)
    return model


def load_questionnaire(path: Path) -> Questionnaire:
    """Load and check a questionnaire file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QuestionnaireError(f"Questionnaire file {path} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionnaireError(f"Questionnaire file {path} cannot be read: {exc}.") from None
    return parse_questionnaire(text, str(path))
