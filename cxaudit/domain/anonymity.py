"""What may be shown about respondents who answered through anonymous links.

An anonymous respondent's name is never stored, but a small group can still give a person away:
if the only two front-line respondents are Ana and an anonymous link, "the front line's score"
tells Ana what the other person said. So, once any respondent of an assessment is anonymous:

- **role breakdown**: a role's own figures (leaders' and the front line's means, the gap
  between them, a perception gap) are shown only for a role at least `MIN_ROLE_GROUP`
  respondents share; for a smaller role they are withheld, and with them every gap that needs
  them. With nobody anonymous everything is shown as before.
- **notes**: a note an anonymous respondent left is shown without attribution: under the one
  heading `ANONYMOUS_HEADING`, after the named respondents' notes, never under the neutral
  label the respondent is known by (which would let a reader join up one person's notes).

Screens, the report and exports ask these functions rather than deciding again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cxaudit.domain.model import Respondent, Role

if TYPE_CHECKING:
    from cxaudit.domain.results import AssessmentResult

MIN_ROLE_GROUP = 3
"""The fewest respondents sharing a role for its breakdown to be shown, once anyone is
anonymous."""

ANONYMOUS_HEADING = "Anonymous"
"""The heading every anonymous respondent's note is shown under."""

BREAKDOWN_ROLES = (Role.LEADER, Role.FRONTLINE)
"""The roles the breakdown compares: leaders against the front line."""


def has_anonymous(respondents: Sequence[Respondent]) -> bool:
    """Whether any respondent answered through an anonymous link."""
    return any(r.anonymous for r in respondents)


def role_breakdown_shown(respondents: Sequence[Respondent], role: Role) -> bool:
    """Whether `role`'s own figures may be shown: always with nobody anonymous, else only when
    at least `MIN_ROLE_GROUP` respondents share the role."""
    if not has_anonymous(respondents):
        return True
    return sum(1 for r in respondents if r.role == role) >= MIN_ROLE_GROUP


def shown_roles(respondents: Sequence[Respondent]) -> frozenset[Role]:
    """The roles whose own figures may be shown (`role_breakdown_shown`)."""
    return frozenset(role for role in Role if role_breakdown_shown(respondents, role))


def protect_role_breakdown(
    result: AssessmentResult, respondents: Sequence[Respondent]
) -> AssessmentResult:
    """`result` with the figures of roles too small to show withheld (see the module).

    A withheld role's means become None, and so does every role gap (and perception gap) that
    needs them. The overall, area and question scores are untouched: they mix every role. With
    nobody anonymous `result` is returned as it is.
    """
    shown = shown_roles(respondents)
    if all(role in shown for role in BREAKDOWN_ROLES):
        return result
    leaders = Role.LEADER in shown
    frontline = Role.FRONTLINE in shown
    questions = {
        question_id: dataclasses.replace(
            q,
            leader_mean=q.leader_mean if leaders else None,
            frontline_mean=q.frontline_mean if frontline else None,
            role_gap=None,
            perception_gap=False,
        )
        for question_id, q in result.questions.items()
    }
    areas = tuple(
        dataclasses.replace(
            a,
            leader_score=a.leader_score if leaders else None,
            frontline_score=a.frontline_score if frontline else None,
            role_gap=None,
            perception_gap=False,
        )
        for a in result.areas
    )
    return dataclasses.replace(result, questions=questions, areas=areas)


def note_attribution(respondent: Respondent, label: str) -> str:
    """The heading a respondent's note is shown under: `label` (their name, or the report's
    "Respondent 2", with their role) for a named respondent, `ANONYMOUS_HEADING` for an
    anonymous one, whatever `label` says."""
    return ANONYMOUS_HEADING if respondent.anonymous else label


def attributed_notes(
    respondents: Sequence[Respondent], labels: Sequence[str], question_id: str
) -> list[tuple[str, str]]:
    """(heading, note) for every note left on a question: named respondents' in their order
    under their `labels` (one per respondent, in the same order), then anonymous ones under
    `ANONYMOUS_HEADING`, so neither the heading nor the position tells who wrote them."""
    named: list[tuple[str, str]] = []
    unnamed: list[tuple[str, str]] = []
    for respondent, label in zip(respondents, labels, strict=True):
        answer = respondent.answers.get(question_id)
        if answer is None or not answer.note.strip():
            continue
        heading = note_attribution(respondent, label)
        (unnamed if respondent.anonymous else named).append((heading, answer.note.strip()))
    return named + unnamed
