"""Whether an assessment can be reported on, and as what: a final report, a draft, or not at all.

A report handed to a board must never look final when it is not. A completed assessment gives a
final report; one still being answered gives a report only when a draft is asked for, and that
draft says so on every page with each respondent's progress; one with no answer at all gives
nothing to report. The CLI, the terminal app and the PDF all follow this one rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from cxaudit.domain.model import Assessment, AssessmentStatus, Respondent
from cxaudit.domain.progress import Progress, progress_in
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import ValidationProblem


def is_final(assessment: Assessment) -> bool:
    """A completed assessment: its report is final; any other is a draft."""
    return assessment.status == AssessmentStatus.COMPLETE


def has_answers(assessment: Assessment) -> bool:
    """At least one respondent has answered at least one question (the rule completion uses)."""
    return any(respondent.answers for respondent in assessment.respondents)


def check_reportable(assessment: Assessment, *, draft: bool) -> None:
    """Refuse, with one sentence, a report that would mislead.

    An assessment with no answers is never reported on; one that is not complete only when
    `draft` is asked for (the report then marks itself as a draft).
    """
    what = f"The {assessment.period} assessment of {assessment.organisation.name}"
    if not has_answers(assessment):
        raise ValidationProblem(f"{what} has no answers yet, so there is nothing to report.")
    if not draft and not is_final(assessment):
        raise ValidationProblem(
            f"{what} is not complete: complete it first, or ask for a draft report "
            "(--draft), which says DRAFT on every page."
        )


@dataclass(frozen=True)
class RespondentProgress:
    """One respondent's progress through the questionnaire, as a draft report states it."""

    respondent: Respondent
    progress: Progress


def respondents_progress(
    questionnaire: Questionnaire, assessment: Assessment
) -> list[RespondentProgress]:
    """Each respondent's progress over the questions the assessment asks (those that apply to
    its profile), in the assessment's order."""
    return [
        RespondentProgress(
            respondent, progress_in(respondent.answers, questionnaire, assessment.profile)
        )
        for respondent in assessment.respondents
    ]
