"""How far a respondent has got: the one rule for answered, confirmed and settled.

A carried-forward answer is *answered* but not *confirmed* until the respondent looks at it
again; only a *settled* answer (given or confirmed this time) counts as done. Every screen,
the CLI and the SQL that counts progress follow this rule, so the same person's progress reads
the same everywhere.

Only the questions asked count. A question that does not apply to the assessment's profile
(`applicability`) is skipped by the wizard and scored as N/A, so it is neither answered nor to
answer: it is left out of the total, and an answer stored for it (possible only in old data) is
not counted either way. `not_asked` decides which questions those are; it works on plain data
(flag defaults and each question's `applies_if`), so the first look at a SQLite file
(`cxaudit.storage.glance`), which reads the questionnaire as stored JSON, uses the same rule as
the repository, the services and the screens.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cxaudit.domain.model import Answer
    from cxaudit.domain.questionnaire import Questionnaire


def is_settled(answer: Answer | None) -> bool:
    """Answered, and not waiting for a carried-forward answer to be confirmed."""
    return answer is not None and not answer.needs_reconfirm


def needs_reconfirm(answer: Answer | None) -> bool:
    """Carried forward from the last assessment and not yet confirmed."""
    return answer is not None and answer.needs_reconfirm


@dataclass(frozen=True)
class Progress:
    """A respondent's (or an area's) progress through a set of questions."""

    settled: int
    """Answers given or confirmed in this assessment: what counts as done."""
    to_reconfirm: int
    """Answers carried forward and not yet confirmed."""
    total: int
    """Questions asked."""

    @property
    def unanswered(self) -> int:
        """Questions with no answer at all."""
        return self.total - self.settled - self.to_reconfirm

    @property
    def complete(self) -> bool:
        """Every question settled."""
        return self.total > 0 and self.settled == self.total

    @property
    def label(self) -> str:
        """`answered 18 of 48`, with the carried answers still to confirm when there are any."""
        text = f"answered {self.settled} of {self.total}"
        if self.to_reconfirm:
            text += f", {self.to_reconfirm} to reconfirm"
        return text


def not_asked(
    flag_defaults: Mapping[str, bool],
    conditions: Iterable[tuple[str, Iterable[str]]],
    profile: Mapping[str, object],
) -> frozenset[str]:
    """The questions that do not apply, so are not asked, under `profile`.

    `flag_defaults`: every profile flag the questionnaire declares, with its default;
    `conditions`: each question id with its `applies_if`. A question applies when every flag it
    names is yes (a flag missing from `profile` takes its default); a name the questionnaire does
    not declare is never held against a question. This is `applicability.applies` over plain
    data (a test proves the two agree).
    """
    if not flag_defaults:
        return frozenset()
    answer = {flag: bool(profile.get(flag, default)) for flag, default in flag_defaults.items()}
    return frozenset(
        question_id
        for question_id, applies_if in conditions
        if any(not answer.get(flag, True) for flag in applies_if)
    )


def not_asked_in(questionnaire: Questionnaire, profile: Mapping[str, object]) -> frozenset[str]:
    """The questions of `questionnaire` that do not apply under an assessment's `profile`."""
    return not_asked(
        questionnaire.profile_defaults(),
        ((question.id, question.applies_if) for question in questionnaire.questions),
        profile,
    )


def asked_questions(questionnaire: Questionnaire, profile: Mapping[str, object]) -> tuple[str, ...]:
    """The question ids asked under `profile`, in questionnaire order."""
    skipped = not_asked_in(questionnaire, profile)
    return tuple(q.id for q in questionnaire.questions if q.id not in skipped)


def progress_of(
    answers: Mapping[str, Answer],
    question_ids: Iterable[str],
    *,
    skipped: Collection[str] = frozenset(),
) -> Progress:
    """Progress over `question_ids`, given a respondent's answers keyed by question id.

    `skipped`: questions not asked (see `not_asked`), left out of the count with any answer
    stored for them.
    """
    settled = to_reconfirm = total = 0
    for question_id in question_ids:
        if question_id in skipped:
            continue
        total += 1
        answer = answers.get(question_id)
        if is_settled(answer):
            settled += 1
        elif needs_reconfirm(answer):
            to_reconfirm += 1
    return Progress(settled, to_reconfirm, total)


def progress_in(
    answers: Mapping[str, Answer], questionnaire: Questionnaire, profile: Mapping[str, object]
) -> Progress:
    """A respondent's progress through the questions asked under the assessment's `profile`."""
    return progress_of(answers, asked_questions(questionnaire, profile))


def settled_count(answers: Iterable[Answer], *, skipped: Collection[str] = frozenset()) -> int:
    """How many of these answers are settled, leaving out those to questions not asked (the
    number the drafts SQL also counts)."""
    return sum(1 for answer in answers if answer.question_id not in skipped and is_settled(answer))


def prefill_match(name: str, role: str, earlier: Sequence[tuple[str, str]]) -> int | None:
    """Which earlier respondent a new one starts from, as a position in `earlier`, or None.

    `earlier` holds the (name, role) of each respondent of the source assessment, in the order
    they were added. The one with the same name (ignoring case) is chosen or, failing that, the
    first with the same role; their answers come across needing to be reconfirmed.
    """
    wanted = name.strip().lower()
    for position, (other, _) in enumerate(earlier):
        if other.strip().lower() == wanted:
            return position
    for position, (_, other_role) in enumerate(earlier):
        if other_role == role:
            return position
    return None
