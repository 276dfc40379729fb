"""Area targets: the one check that a target is a score a questionnaire can reach."""

from __future__ import annotations

import math
from collections.abc import Mapping

from cxaudit.domain.questionnaire import SCORE_MAX, SCORE_MIN, Questionnaire
from cxaudit.errors import ValidationProblem


def check_target(area_id: str, target: object) -> float:
    """A target as a float, or one clear sentence if it is not a score from 1.0 to 5.0."""
    try:
        value = float(target)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValidationProblem(
            f"The target for {area_id} must be a number between 1.0 and 5.0, not {target!r}."
        ) from None
    if not math.isfinite(value) or not SCORE_MIN <= value <= SCORE_MAX:
        raise ValidationProblem(
            f"The target for {area_id} must be between 1.0 and 5.0, not {value:g}."
        )
    return value


def check_targets(targets: Mapping[str, object] | None) -> dict[str, float]:
    """Every target checked, keyed by area id."""
    return {str(area_id): check_target(str(area_id), t) for area_id, t in (targets or {}).items()}


def check_area_targets(
    targets: Mapping[str, object] | None, questionnaire: Questionnaire
) -> dict[str, float]:
    """Every target checked, each for an area `questionnaire` has; an area it does not have is
    one sentence naming the areas there are."""
    checked = check_targets(targets)
    known = [area.id for area in questionnaire.areas]
    unknown = [area_id for area_id in checked if area_id not in known]
    if unknown:
        raise ValidationProblem(
            f"{questionnaire.title} has no area '{unknown[0]}'; its areas are {', '.join(known)}."
        )
    return checked
