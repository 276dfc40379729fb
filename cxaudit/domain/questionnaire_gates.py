"""The rules for evidence gates and profile flags in a questionnaire file, checked on raw data.

Like `questionnaire_rules`, every failure becomes a (path, message) pair so that `cxaudit
questionnaire check` lists every problem at once.

An `applies_if` lists flags that must all be yes. Flags are plain yes/no answers with no
negation, so a list naming only declared flags holds for an organisation answering yes to each of
them: an `applies_if` can never hold exactly when it names a flag no `[[profile]]` declares, and
that is reported as an error. Naming a flag twice is reported too (it says nothing the first did
not). Warnings (the file is still usable) cover a gated question with no `evidence_hint` and an
area whose every question depends on profile flags.
"""

from __future__ import annotations

from typing import Any

from cxaudit.domain.scale import LEVEL_COUNT

GATE_RANGE_MESSAGE = f"must be a level from 1 to {LEVEL_COUNT}, or 0 to ask for no evidence"


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _gate_problem(path: str, value: Any) -> tuple[str, str] | None:
    if _is_int(value) and not 0 <= value <= LEVEL_COUNT:
        return (path, f"{GATE_RANGE_MESSAGE}, got {value}")
    return None


def declared_flags(data: dict[str, Any]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The profile flag ids declared (id to path) and the problems among them (duplicates)."""
    flags: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for index, flag in enumerate(_as_list(data.get("profile"))):
        flag_id = flag.get("id") if isinstance(flag, dict) else None
        if not isinstance(flag_id, str):
            continue
        if flag_id in flags:
            problems.append(
                (
                    f"profile[{index}].id",
                    f"duplicate profile flag '{flag_id}' (also at {flags[flag_id]})",
                )
            )
        else:
            flags[flag_id] = f"profile[{index}]"
    return flags, problems


def _questions(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    for a_index, area in enumerate(_as_list(data.get("areas"))):
        if not isinstance(area, dict):
            continue
        for q_index, question in enumerate(_as_list(area.get("questions"))):
            if isinstance(question, dict):
                found.append((f"areas[{a_index}].questions[{q_index}]", question))
    return found


def gate_problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Errors in evidence gates, profile flags and `applies_if` lists."""
    flags, problems = declared_flags(data)
    top = _gate_problem("evidence_from_level", data.get("evidence_from_level"))
    if top is not None:
        problems.append(top)
    for q_path, question in _questions(data):
        own = _gate_problem(f"{q_path}.evidence_from_level", question.get("evidence_from_level"))
        if own is not None:
            problems.append(own)
        seen: set[str] = set()
        for index, flag_id in enumerate(_as_list(question.get("applies_if"))):
            if not isinstance(flag_id, str):
                continue
            path = f"{q_path}.applies_if[{index}]"
            if flag_id not in flags:
                problems.append(
                    (
                        path,
                        f"unknown profile flag '{flag_id}': no [[profile]] declares it, so the "
                        "question could never apply",
                    )
                )
            elif flag_id in seen:
                problems.append((path, f"profile flag '{flag_id}' is listed twice"))
            seen.add(flag_id)
    return problems


def gate_warnings(data: dict[str, Any]) -> list[tuple[str, str]]:
    """What is allowed but probably unintended: a gated question with no `evidence_hint`, and
    an area that has no question left for an organisation answering no to its flags."""
    warnings: list[tuple[str, str]] = []
    top = data.get("evidence_from_level", 0)
    for q_path, question in _questions(data):
        gate = question.get("evidence_from_level")
        gate = top if gate is None else gate
        hint = question.get("evidence_hint", "")
        if _is_int(gate) and 0 < gate <= LEVEL_COUNT and isinstance(hint, str) and not hint.strip():
            warnings.append(
                (
                    f"{q_path}.evidence_hint",
                    f"levels from {gate} need evidence but no hint says what counts as evidence",
                )
            )
    for a_index, area in enumerate(_as_list(data.get("areas"))):
        if not isinstance(area, dict):
            continue
        questions = [q for q in _as_list(area.get("questions")) if isinstance(q, dict)]
        if questions and all(_as_list(q.get("applies_if")) for q in questions):
            warnings.append(
                (
                    f"areas[{a_index}]",
                    "every question depends on a profile flag, so an organisation answering no "
                    "gets no score for this area",
                )
            )
    return warnings
