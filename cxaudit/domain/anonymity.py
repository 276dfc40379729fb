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

from collections.abc import Sequence
from dataclasses import replace
from itertools import groupby
from typing import TYPE_CHECKING

from cxaudit.domain.model import Answer, Respondent, Role
from cxaudit.domain.wording import withheld_breakdown_text

if TYPE_CHECKING:
    from cxaudit.domain.evidence import UnverifiedAnswer
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
    needs them; `withheld_roles` names the roles withheld that have respondents, so a screen
    can say why a figure is missing rather than leave a blank. The overall, area and question
    scores are untouched: they mix every role. An anonymous respondent's unverified answers
    are listed under `ANONYMOUS_HEADING` rather than their label. With nobody anonymous
    `result` is returned as it is.
    """
    if not has_anonymous(respondents):
        return result
    unverified = _unattributed(result.unverified, respondents)
    shown = shown_roles(respondents)
    if all(role in shown for role in BREAKDOWN_ROLES):
        return result if unverified == result.unverified else replace(result, unverified=unverified)
    withheld = frozenset(
        role
        for role in BREAKDOWN_ROLES
        if role not in shown and any(r.role == role for r in respondents)
    )
    leaders = Role.LEADER in shown
    frontline = Role.FRONTLINE in shown
    questions = {
        question_id: replace(
            q,
            leader_mean=q.leader_mean if leaders else None,
            frontline_mean=q.frontline_mean if frontline else None,
            role_gap=None,
            perception_gap=False,
        )
        for question_id, q in result.questions.items()
    }
    areas = tuple(
        replace(
            a,
            leader_score=a.leader_score if leaders else None,
            frontline_score=a.frontline_score if frontline else None,
            role_gap=None,
            perception_gap=False,
        )
        for a in result.areas
    )
    return replace(
        result, questions=questions, areas=areas, withheld_roles=withheld, unverified=unverified
    )


def _unattributed(
    found: tuple[UnverifiedAnswer, ...], respondents: Sequence[Respondent]
) -> tuple[UnverifiedAnswer, ...]:
    """The unverified answers with anonymous respondents' under `ANONYMOUS_HEADING`: still
    question by question, each question's named ones first in their order, then anonymous ones
    by level, so nothing joins up one anonymous person's answers."""
    unnamed = {r.name for r in respondents if r.anonymous}
    out: list[UnverifiedAnswer] = []
    for _question, group in groupby(found, key=lambda item: item.question_id):
        items = list(group)
        out += [item for item in items if item.respondent not in unnamed]
        hidden = [item for item in items if item.respondent in unnamed]
        out += sorted(
            (replace(item, respondent=ANONYMOUS_HEADING) for item in hidden),
            key=lambda item: (item.level, item.role.value),
        )
    return tuple(out)


def note_attribution(respondent: Respondent, label: str) -> str:
    """The heading a respondent's note is shown under: `label` (their name, or the report's
    "Respondent 2", with their role) for a named respondent, `ANONYMOUS_HEADING` for an
    anonymous one, whatever `label` says."""
    return ANONYMOUS_HEADING if respondent.anonymous else label


def attributed_answers(
    respondents: Sequence[Respondent],
    labels: Sequence[str],
    question_id: str,
    *,
    unanswered: bool = False,
) -> list[tuple[str, Answer | None]]:
    """(heading, answer) for every answer given to a question: named respondents' in their
    order under their `labels` (one per respondent, in the same order), then anonymous ones
    under `ANONYMOUS_HEADING`, ordered by what they say (the answer, then the note) rather than
    by who gave them, so neither the heading nor the position joins up one person's answers
    across questions. With `unanswered`, a respondent who has not answered is listed too, with
    None. For a view that shows more of an answer than its note (its level, its evidence)."""
    named: list[tuple[str, Answer | None]] = []
    unnamed: list[tuple[str, Answer | None]] = []
    for respondent, label in zip(respondents, labels, strict=True):
        answer = respondent.answers.get(question_id)
        if answer is None and not unanswered:
            continue
        heading = note_attribution(respondent, label)
        (unnamed if respondent.anonymous else named).append((heading, answer))
    return named + sorted(unnamed, key=lambda entry: _content_order(entry[1]))


def _content_order(answer: Answer | None) -> tuple[bool, str, str, str]:
    """Levels first (1 to 5, as text they sort the same), then N/A and don't know, then no
    answer; ties by note and evidence."""
    if answer is None:
        return (True, "", "", "")
    return (False, str(answer.value), answer.note.strip(), answer.evidence.strip())


def attributed_notes(
    respondents: Sequence[Respondent], labels: Sequence[str], question_id: str
) -> list[tuple[str, str]]:
    """(heading, note) for every note left on a question, attributed and ordered as
    `attributed_answers` says: anonymous notes last, under `ANONYMOUS_HEADING`."""
    return [
        (heading, answer.note.strip())
        for heading, answer in attributed_answers(respondents, labels, question_id)
        if answer is not None and answer.note.strip()
    ]


def withheld_note(result: AssessmentResult) -> str:
    """The sentence shown where a withheld role breakdown would have been ("Fewer than 3
    front-line respondents: not shown, to protect anonymous answers."); "" when nothing of
    `result` is withheld."""
    roles = [role for role in BREAKDOWN_ROLES if role in result.withheld_roles]
    return withheld_breakdown_text(roles, MIN_ROLE_GROUP)
