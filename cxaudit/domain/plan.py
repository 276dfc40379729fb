"""The path to each area's target and the action plan that follows from it.

An assessment is only useful if it says what to do next. The path to target picks the fewest
one-level raises that lift an area to its target; the action plan turns each raise, and each
"don't know" answer, into an item with an owner, a due date and a status that carries over to
the next audit until it is done or dropped.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence

from cxaudit.domain.model import ActionItem, ActionStatus
from cxaudit.domain.questionnaire import SCORE_MAX, Questionnaire
from cxaudit.domain.results import AreaPath, AssessmentResult, QuestionRaise
from cxaudit.domain.scoring import EPSILON, floor_level, reaches, weighted_mean_of

_TOP_LEVEL = int(SCORE_MAX)
_CARRIED_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
_KIND_ORDER = {"improve": 0, "find_out": 1}
_PRIORITY_DIGITS = 9  # priorities equal to 9 decimals are ties, not rounding noise


def raise_one_level(score: float) -> int:
    """The level one raise takes a score to: the next whole level (2.0 → 3, 2.5 → 3), at most 5."""
    lower = math.floor(score + EPSILON)
    next_level = lower + 1 if abs(score - lower) < EPSILON else math.ceil(score)
    return min(next_level, _TOP_LEVEL)


def path_to_target(
    questionnaire: Questionnaire, result: AssessmentResult, area_id: str
) -> AreaPath:
    """The fewest one-level raises that lift an area's score to its target.

    Steps are taken one at a time: the question with the greatest weight first; among equal
    weights, the one at the lowest current score; then questionnaire order. Only questions
    with a score can be raised. When even every such question at 5 stays below target, the path
    takes them all to 5 and says the target is not reachable. An area with no score has no path.
    """
    area = questionnaire.area(area_id)
    area_result = result.area(area_id)
    target = area_result.target
    start = area_result.score
    if start is None:
        return AreaPath(area_id, target, None, None, False, (), 0)

    # The questions with a score, in area order, as parallel lists: each step changes one
    # score and takes the area's weighted mean again, over the same questions in the same order.
    area_weights = {q.id: q.weight for q in area.questions}
    original: dict[str, float] = {}
    for question in area.questions:
        question_score = result.questions[question.id].score
        if question_score is not None:
            original[question.id] = question_score
    ids = list(original)
    weights = [area_weights[qid] for qid in ids]
    current = list(original.values())
    # The next question to raise is the least of (−weight, score, place in the area) among
    # those below 5: a heap keeps them in that order as scores change.
    waiting = [
        (-weights[index], value, index)
        for index, value in enumerate(current)
        if value < _TOP_LEVEL - EPSILON
    ]
    heapq.heapify(waiting)
    first_raised: list[str] = []
    steps = 0
    score: float | None = start
    while not reaches(score, target) and waiting:
        negative_weight, value, chosen = heapq.heappop(waiting)
        raised_to = float(raise_one_level(value))
        current[chosen] = raised_to
        if raised_to < _TOP_LEVEL - EPSILON:
            heapq.heappush(waiting, (negative_weight, raised_to, chosen))
        if ids[chosen] not in first_raised:
            first_raised.append(ids[chosen])
        steps += 1
        score = weighted_mean_of(current, weights)

    raised = dict(zip(ids, current, strict=True))
    raises = tuple(
        QuestionRaise(
            question_id=qid,
            current_score=original[qid],
            current_level=floor_level(original[qid]),
            path_level=int(raised[qid]),
            weight=area_weights[qid],
        )
        for qid in first_raised
    )
    return AreaPath(
        area_id=area_id,
        target=target,
        start_score=start,
        end_score=score,
        reachable=reaches(score, target),
        raises=raises,
        steps=steps,
    )


def find_out_priority(weight: float, unknown_count: int, level_count: int) -> float:
    """How urgent a "find out" item is: the question's weight × the share of its answers that
    are "don't know" (levels and "don't know" count as answers; N/A does not).

    A question nobody could rate therefore ranks like a one-level raise of that question.
    """
    answered = unknown_count + level_count
    return weight * unknown_count / answered if answered else 0.0


def find_out_text(prompt: str) -> str:
    """The text of the item that resolves "don't know" answers to a question."""
    return f"Find out: {prompt}"


def _plan_sort_key(
    questionnaire: Questionnaire | None,
) -> tuple[dict[str, int], dict[str, int]]:
    if questionnaire is None:
        return {}, {}
    area_order = {area.id: index for index, area in enumerate(questionnaire.areas)}
    question_order = {q.id: index for index, q in enumerate(questionnaire.questions)}
    return area_order, question_order


def _sorted(items: Sequence[ActionItem], questionnaire: Questionnaire | None) -> list[ActionItem]:
    """Highest priority first; ties in area order, then question order, improvements first.

    Items the questionnaire does not know keep their relative order after the known ones of
    equal priority (the sort is stable).
    """
    area_order, question_order = _plan_sort_key(questionnaire)
    unknown = len(question_order) + 1
    return sorted(
        items,
        key=lambda item: (
            -round(item.priority, _PRIORITY_DIGITS),
            area_order.get(item.area_id, unknown),
            question_order.get(item.question_id, unknown),
            _KIND_ORDER[item.kind],
        ),
    )


def build_action_plan(questionnaire: Questionnaire, result: AssessmentResult) -> list[ActionItem]:
    """One item per question on each area's path to target, plus one per "don't know".

    Each improvement carries the question's action for its current level (the floor of its
    score), the level the path takes it to and a priority of weight × (path level − current
    score). New items have no owner, no due date and are open.
    """
    items: list[ActionItem] = []
    for area in questionnaire.areas:
        path = path_to_target(questionnaire, result, area.id)
        for step in path.raises:
            question = questionnaire.question(step.question_id)
            items.append(
                ActionItem(
                    question_id=step.question_id,
                    area_id=area.id,
                    kind="improve",
                    text=question.action_for(step.current_level),
                    current_level=step.current_level,
                    target_level=step.path_level,
                    priority=step.weight * (step.path_level - step.current_score),
                )
            )
        for question in area.questions:
            summary = result.questions[question.id]
            if summary.unknown_count:
                items.append(
                    ActionItem(
                        question_id=question.id,
                        area_id=area.id,
                        kind="find_out",
                        text=find_out_text(question.prompt),
                        priority=find_out_priority(
                            question.weight, summary.unknown_count, len(summary.levels)
                        ),
                    )
                )
    return _sorted(items, questionnaire)


def carry_forward_actions(previous: Sequence[ActionItem]) -> list[ActionItem]:
    """The previous plan's open and in-progress items, ready to join the next assessment.

    Each copy is new (no id), remembers the item it came from and keeps its owner, due date,
    text and status; done and dropped items stay behind.
    """
    return [
        item.model_copy(
            update={
                "id": None,
                "carried_from": item.id if item.id is not None else item.carried_from,
            }
        )
        for item in previous
        if item.status in _CARRIED_STATUSES
    ]


def merge_plan(
    carried: Sequence[ActionItem],
    fresh: Sequence[ActionItem],
    *,
    questionnaire: Questionnaire | None = None,
) -> list[ActionItem]:
    """One plan from carried-over items and a freshly built one: one item per question and kind.

    A carried item wins over a fresh one for the same question and kind, so its owner, due date,
    text and status survive, but it takes the fresh current level, target level and priority.
    Carried items with no fresh counterpart stay as they were: only a person closes an action.
    Pass the questionnaire to break priority ties in area then question order; without it, ties
    keep the fresh plan's order, then the carried order.
    """
    fresh_by_key: dict[tuple[str, str], ActionItem] = {}
    for item in fresh:
        fresh_by_key.setdefault((item.question_id, item.kind), item)
    merged: dict[tuple[str, str], ActionItem] = {}
    for item in carried:
        key = (item.question_id, item.kind)
        if key in merged:
            continue
        match = fresh_by_key.get(key)
        if match is not None:
            item = item.model_copy(
                update={
                    "current_level": match.current_level,
                    "target_level": match.target_level,
                    "priority": match.priority,
                }
            )
        merged[key] = item
    # Fresh order first so that, with no questionnaire, ties follow the plan that was just built.
    ordered = [merged.pop(key, item) for key, item in fresh_by_key.items()]
    ordered.extend(merged.values())
    return _sorted(ordered, questionnaire)


def plan_for(
    questionnaire: Questionnaire,
    result: AssessmentResult,
    actions: Sequence[ActionItem],
) -> list[ActionItem]:
    """The plan an assessment has once it is completed (or would have, for a draft).

    The fresh plan from `result` is merged with the items carried from the previous audit (a
    carried item keeps its owner, due date, text and status). An item of this assessment's own
    earlier plan (it was completed, then reopened) that is still on the plan keeps its id,
    owner, due date and status; items no longer on the plan are left out.
    """
    carried = [item for item in actions if item.carried_from is not None]
    earlier = {(item.question_id, item.kind): item for item in actions if item.carried_from is None}
    merged = merge_plan(
        carried, build_action_plan(questionnaire, result), questionnaire=questionnaire
    )
    planned: list[ActionItem] = []
    for item in merged:
        previous = earlier.get((item.question_id, item.kind)) if item.id is None else None
        if previous is not None and previous.id is not None:
            item = item.model_copy(
                update={
                    "id": previous.id,
                    "owner": previous.owner,
                    "due": previous.due,
                    "status": previous.status,
                }
            )
        planned.append(item)
    return planned
