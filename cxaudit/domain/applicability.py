"""Which questions apply to an organisation, decided by its profile flags.

A question lists in `applies_if` the profile flags that must all be yes for it to apply. A question
that does not apply is skipped by the wizard and scored exactly as N/A by every respondent, with
an automatic reason built from the flags' `absent` phrases ("does not apply: no contact centre").
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from cxaudit.domain.questionnaire import PROFILE_FLAG_PATTERN, ProfileFlag, Questionnaire
from cxaudit.errors import ValidationProblem

NOT_APPLYING_PREFIX = "does not apply: "
"""How every automatic N/A reason starts."""


YES_WORDS = frozenset({"yes", "y", "true", "1", "on"})
NO_WORDS = frozenset({"no", "n", "false", "0", "off"})


def check_profile(profile: Mapping[str, object]) -> dict[str, bool]:
    """A profile as stored: flag ids in the flag format, each with a yes/no (True/False)."""
    checked: dict[str, bool] = {}
    for flag_id, value in profile.items():
        if not isinstance(flag_id, str) or re.fullmatch(PROFILE_FLAG_PATTERN, flag_id) is None:
            raise ValidationProblem(
                f"'{flag_id}' is not a profile flag: use lower-case letters, digits and '_'."
            )
        if not isinstance(value, bool):
            raise ValidationProblem(f"The profile flag {flag_id} must be yes or no.")
        checked[flag_id] = value
    return checked


def parse_profile_answer(questionnaire: Questionnaire, text: str) -> tuple[str, bool]:
    """One `flag=yes|no` typed by a user, checked against the questionnaire's flags."""
    flag_id, sep, answer = text.partition("=")
    flag_id, answer = flag_id.strip(), answer.strip().lower()
    if not sep or not flag_id:
        raise ValidationProblem(
            f"'{text}' is not a profile answer: write it as flag=yes or flag=no."
        )
    if not questionnaire.has_profile_flag(flag_id):
        known = ", ".join(flag.id for flag in questionnaire.profile)
        hint = f" Its profile questions are: {known}." if known else " It has no profile questions."
        raise ValidationProblem(
            f"'{flag_id}' is not a profile question of {questionnaire.title}.{hint}"
        )
    if answer in YES_WORDS:
        return flag_id, True
    if answer in NO_WORDS:
        return flag_id, False
    raise ValidationProblem(f"'{answer}' is not an answer to {flag_id}: use yes or no.")


def effective_profile(questionnaire: Questionnaire, profile: Mapping[str, bool]) -> dict[str, bool]:
    """Every profile flag of the questionnaire with its answer: the one given, else the default.

    Flags the questionnaire does not declare are dropped: they decide nothing.
    """
    return {flag.id: bool(profile.get(flag.id, flag.default)) for flag in questionnaire.profile}


def failing_flags(
    questionnaire: Questionnaire, question_id: str, profile: Mapping[str, bool]
) -> tuple[ProfileFlag, ...]:
    """The flags of the question's `applies_if` that are no under `profile`, in its order."""
    question = questionnaire.question(question_id)
    failing: list[ProfileFlag] = []
    for flag_id in question.applies_if:
        if not questionnaire.has_profile_flag(flag_id):
            # A checked questionnaire names only its own flags; a name it does not declare
            # cannot be answered, so it is never held against the question.
            continue
        flag = questionnaire.profile_flag(flag_id)
        if not profile.get(flag.id, flag.default) and flag not in failing:
            failing.append(flag)
    return tuple(failing)


def applies(questionnaire: Questionnaire, question_id: str, profile: Mapping[str, bool]) -> bool:
    """Whether the question applies: every flag in its `applies_if` is yes (a flag missing
    from `profile` takes its default)."""
    return not failing_flags(questionnaire, question_id, profile)


def not_applying_reason(
    questionnaire: Questionnaire, question_id: str, profile: Mapping[str, bool]
) -> str | None:
    """The automatic N/A reason of a question that does not apply ("does not apply: no contact
    centre"); None when it applies."""
    failing = failing_flags(questionnaire, question_id, profile)
    if not failing:
        return None
    return NOT_APPLYING_PREFIX + "; ".join(flag.absent for flag in failing)


def not_applying(questionnaire: Questionnaire, profile: Mapping[str, bool]) -> dict[str, str]:
    """Every question that does not apply under `profile`, with its reason, in questionnaire
    order (empty when every question applies)."""
    found: dict[str, str] = {}
    if not questionnaire.profile:
        return found
    for question in questionnaire.questions:
        reason = not_applying_reason(questionnaire, question.id, profile)
        if reason is not None:
            found[question.id] = reason
    return found
