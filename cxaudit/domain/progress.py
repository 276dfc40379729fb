"""How far a respondent has got: the one rule for answered, confirmed and settled.

A carried-forward answer is *answered* but not *confirmed* until the respondent looks at it
again; only a *settled* answer (given or confirmed this time) counts as done. Every screen,
the CLI and the SQL that counts progress follow this rule, so the same person's progress reads
the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cxaudit.domain.model import Answer


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


def progress_of(answers: Mapping[str, Answer], question_ids: Iterable[str]) -> Progress:
    """Progress over `question_ids`, given a respondent's answers keyed by question id."""
    settled = to_reconfirm = total = 0
    for question_id in question_ids:
        total += 1
        answer = answers.get(question_id)
        if is_settled(answer):
            settled += 1
        elif needs_reconfirm(answer):
            to_reconfirm += 1
    return Progress(settled, to_reconfirm, total)


def settled_count(answers: Iterable[Answer]) -> int:
    """How many of these answers are settled (the number the portfolio SQL also counts)."""
    return sum(1 for answer in answers if is_settled(answer))


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
