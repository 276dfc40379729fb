"""The rules a questionnaire file is checked against, reported all at once.

pydantic checks the field types; these functions add the rules types cannot express (unique ids,
known sources, weights in range, stages that tile 1.0 to 5.0) and turn every failure into a
(path, message) pair, so `cxaudit questionnaire check` lists every problem in one pass.
"""

from __future__ import annotations

import math
from typing import Any, TypeGuard

from pydantic import ValidationError

from cxaudit.domain.questionnaire_gates import gate_problems
from cxaudit.domain.scale import (
    ACTION_COUNT,
    LEVEL_COUNT,
    SCORE_MAX,
    SCORE_MIN,
    WEIGHT_MAX,
)


def _is_number(value: Any) -> TypeGuard[float]:
    """A finite int or float (booleans are not numbers here)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _weight_problem(path: str, weight: Any) -> tuple[str, str] | None:
    if not _is_number(weight):
        return None
    if weight <= 0:
        return (path, f"weight must be greater than 0, got {weight}")
    if weight > WEIGHT_MAX:
        return (path, f"weight must be at most {WEIGHT_MAX:g}, got {weight:g}")
    return None


def _loc_to_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "(top level)"


def pydantic_problems(error: ValidationError) -> list[tuple[str, str]]:
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


def semantic_problems(data: dict[str, Any]) -> list[tuple[str, str]]:
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
        weight_problem = _weight_problem(f"{a_path}.weight", area.get("weight", 1.0))
        if weight_problem is not None:
            problems.append(weight_problem)
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
            q_weight_problem = _weight_problem(f"{q_path}.weight", question.get("weight", 1.0))
            if q_weight_problem is not None:
                problems.append(q_weight_problem)
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
    problems.extend(gate_problems(data))
    target = data.get("default_target")
    if _is_number(target) and not SCORE_MIN <= target <= SCORE_MAX:
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
        if _is_number(low) and _is_number(high):
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
