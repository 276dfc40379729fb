"""Which questions apply to an organisation, decided by its profile flags.

A question lists in `applies_if` the profile flags that must all be yes for it to apply. A question
that does not apply is skipped by the wizard and scored exactly as N/A by every respondent, with
an automatic reason built from the flags' `absent` phrases ("does not apply: no contact centre").
"""

from __future__ import annotations

from collections.abc import Mapping

from cxaudit.domain.questionnaire import ProfileFlag, Questionnaire

NOT_APPLYING_PREFIX = "does not apply: "
"""How every automatic N/A reason starts."""


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
