"""Evidence gates: which answers need an evidence note, and which were let through without one.

A questionnaire (or one of its questions) may set `evidence_from_level`: an answer at or above
that level needs an evidence note saying what someone could be shown. An answer let through
without one on purpose (an import with `--accept-unverified`) is marked unverified: it counts in
the scores as given and is listed wherever results are shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cxaudit.domain.applicability import applies
from cxaudit.domain.model import Answer, Respondent, Role
from cxaudit.domain.questionnaire import Questionnaire


def needs_evidence(questionnaire: Questionnaire, question_id: str, level: int | None) -> bool:
    """Whether an answer at `level` to this question needs an evidence note (None: N/A or don't
    know, which never does)."""
    if level is None or not questionnaire.has_question(question_id):
        return False
    gate = questionnaire.evidence_gate(question_id)
    return gate > 0 and level >= gate


def evidence_missing(questionnaire: Questionnaire, answer: Answer) -> bool:
    """Whether `answer` is at or above its question's gate with a blank evidence note."""
    return needs_evidence(questionnaire, answer.question_id, answer.level) and (
        not answer.evidence.strip()
    )


def evidence_request(questionnaire: Questionnaire, question_id: str, level: int) -> str:
    """The one sentence that refuses a gated level without evidence, saying what to add."""
    question = questionnaire.question(question_id)
    gate = questionnaire.evidence_gate(question_id)
    hint = question.evidence_hint.strip()
    shown = f" (for example: {hint.rstrip('.')})" if hint else ""
    return (
        f"Level {level} on {question_id} needs evidence, as every level from {gate} does: "
        f"say what someone could be shown{shown}."
    )


@dataclass(frozen=True)
class UnverifiedAnswer:
    """An answer at or above its evidence gate let through without evidence."""

    respondent: str
    """The respondent's name (an anonymous respondent's neutral label)."""
    role: Role
    question_id: str
    area_id: str
    level: int

    @property
    def label(self) -> str:
        """How it is listed: "level 5, unverified"."""
        return f"level {self.level}, unverified"


def unverified_answers(
    questionnaire: Questionnaire,
    respondents: Sequence[Respondent],
    profile: Mapping[str, bool] | None = None,
) -> tuple[UnverifiedAnswer, ...]:
    """Every answer marked unverified, in questionnaire order then respondent order.

    Only levels count (an N/A or "don't know" needs no evidence), only questions the
    questionnaire asks, and, given the assessment's `profile`, only questions that apply (an
    answer to a question that does not apply is not counted at all).
    """
    found: list[UnverifiedAnswer] = []
    for question in questionnaire.questions:
        if profile is not None and not applies(questionnaire, question.id, profile):
            continue
        for respondent in respondents:
            answer = respondent.answers.get(question.id)
            if answer is None or not answer.unverified or answer.level is None:
                continue
            found.append(
                UnverifiedAnswer(
                    respondent=respondent.name,
                    role=respondent.role,
                    question_id=question.id,
                    area_id=question.area_id,
                    level=answer.level,
                )
            )
    return tuple(found)


def unverified_count(
    questionnaire: Questionnaire,
    respondents: Sequence[Respondent],
    profile: Mapping[str, bool] | None = None,
) -> int:
    """How many answers are unverified (see `unverified_answers`)."""
    return len(unverified_answers(questionnaire, respondents, profile))


def missing_evidence(
    questionnaire: Questionnaire,
    respondents: Sequence[Respondent],
    profile: Mapping[str, bool] | None = None,
) -> tuple[tuple[str, str], ...]:
    """(respondent name, question id) of every gated answer with no evidence that is not marked
    unverified: what must be added before the answers can be trusted (for example answers given
    before the questionnaire had a gate are not, as their stored questionnaire has none)."""
    found: list[tuple[str, str]] = []
    for question in questionnaire.questions:
        if profile is not None and not applies(questionnaire, question.id, profile):
            continue
        for respondent in respondents:
            answer = respondent.answers.get(question.id)
            if (
                answer is not None
                and not answer.unverified
                and evidence_missing(questionnaire, answer)
            ):
                found.append((respondent.name, question.id))
    return tuple(found)
