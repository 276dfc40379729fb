"""Answers read from response files, kept compact until they are written.

A survey of 10,000 people answering 48 questions is 480,000 answers. As domain objects they
would take about a kilobyte each, so a reader keeps every checked answer as a small tuple of
its cells instead, and `Gathered.build` makes the domain's `Respondent` (whose `Answer`s
validate what they are given) only when a batch of respondents is about to be written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from cxaudit.domain.model import Answer, AnswerValue, Confidence, Respondent, Role

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

AnswerFactory = Callable[..., Answer]
"""What makes an `Answer` from every one of its fields, given by name."""
RespondentFactory = Callable[..., Respondent]
"""What makes a `Respondent` from every one of its fields, given by name."""

Cells = tuple[int, str, str, str, int]
"""One checked answer: its `code` (value, confidence and unverified mark, see `pack`), its N/A
reason, note and evidence, and the line of the file it was read from (for problems)."""

_VALUES: tuple[AnswerValue, ...] = (0, 1, 2, 3, 4, 5, "na", "unknown")
"""What the low three bits of a code stand for (0 is never used)."""
_CODES: dict[AnswerValue, int] = {value: code for code, value in enumerate(_VALUES) if code}
CONFIDENCES: tuple[Confidence, ...] = tuple(Confidence)
"""What bits 3 and 4 of a code stand for."""
_CONFIDENCE_CODES = {level: position << 3 for position, level in enumerate(CONFIDENCES)}
UNVERIFIED = 1 << 5
"""The bit of a code that marks an answer let in without the evidence its level needs."""


def pack(value: AnswerValue, confidence: Confidence, unverified: bool) -> int:
    """An answer's value, confidence and unverified mark as one small number (under 64, so
    Python shares it rather than allocating one per answer)."""
    return _CODES[value] | _CONFIDENCE_CODES[confidence] | (UNVERIFIED if unverified else 0)


def value_of(code: int) -> AnswerValue:
    """The answer value a code holds."""
    return _VALUES[code & 7]


class Gathered:
    """One respondent read from a file: name, role and checked answers, by question id."""

    __slots__ = ("answers", "name", "role")

    def __init__(self, name: str, role: Role, answers: dict[str, Cells] | None = None) -> None:
        self.name = name
        self.role = role
        self.answers: dict[str, Cells] = {} if answers is None else answers

    @classmethod
    def of(cls, respondent: Respondent, lines: Mapping[str, int] | None = None) -> Gathered:
        """A respondent built by a reader (a wide row, a pack), kept compact like the rest."""
        answers = {
            qid: (
                pack(a.value, a.confidence, a.unverified),
                a.na_reason,
                a.note,
                a.evidence,
                (lines or {}).get(qid, 0),
            )
            for qid, a in respondent.answers.items()
        }
        return cls(respondent.name, respondent.role, answers)

    @property
    def unverified(self) -> int:
        """How many answers are marked unverified."""
        return sum(1 for cells in self.answers.values() if cells[0] & UNVERIFIED)

    def build(
        self, answer: AnswerFactory = Answer, respondent: RespondentFactory = Respondent
    ) -> Respondent:
        """The domain's respondent made by `respondent`, each answer made by `answer`: by
        default the models themselves, which validate what they are given again; every field
        is given, so a caller may pass factories that trust what the reader checked."""
        return respondent(
            id=None,
            name=self.name,
            role=self.role,
            anonymous=False,
            finished_at=None,
            answers={
                qid: answer(
                    question_id=qid,
                    value=_VALUES[code & 7],
                    na_reason=reason,
                    note=note,
                    evidence=evidence,
                    needs_reconfirm=False,
                    updated_at=None,
                    confidence=CONFIDENCES[(code >> 3) & 3],
                    unverified=bool(code & UNVERIFIED),
                )
                for qid, (code, reason, note, evidence, _line) in self.answers.items()
            },
        )


def build_all(people: Iterable[Gathered]) -> list[Respondent]:
    """Every respondent of `people`, built."""
    return [person.build() for person in people]


def batches(
    people: list[Gathered],
    answers: int,
    answer: AnswerFactory = Answer,
    respondent: RespondentFactory = Respondent,
) -> Iterator[list[Respondent]]:
    """`people` built a batch at a time (by `respondent` and `answer`), each batch about
    `answers` answers (at least one respondent), so that what is written is never all in
    memory as domain objects at once."""
    batch: list[Respondent] = []
    held = 0
    for person in people:
        batch.append(person.build(answer, respondent))
        held += len(person.answers)
        if held >= answers:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch
