"""What makes a wizard answer trustworthy: evidence at and above the gate, and how sure it is.

A level at or above its question's evidence gate is kept on screen, with the cursor in the
evidence field, until evidence is typed (then it is saved with it, on that very key) or a lower
level, N/A or don't know replaces it; moving on is refused meanwhile, with one sentence saying
why. Confidence (low, medium, high; medium unless changed) is set with one key and shown beside
the level; on a question not answered yet it waits and is kept with the answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from cxaudit.domain.evidence import evidence_request, needs_evidence
from cxaudit.domain.model import Answer, Confidence
from cxaudit.tui.widgets.answer_state import AnswerState
from cxaudit.tui.widgets.levels import LevelList
from cxaudit.tui.widgets.notes import NotesPanel

if TYPE_CHECKING:
    from textual.widget import Widget

    from cxaudit.domain.questionnaire import Area, Question, Questionnaire

CONFIDENCE_CYCLE = (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)
"""The order the confidence key steps through (after high comes low again)."""


def next_confidence(now: Confidence) -> Confidence:
    """The confidence one press of the key moves to."""
    return CONFIDENCE_CYCLE[(CONFIDENCE_CYCLE.index(now) + 1) % len(CONFIDENCE_CYCLE)]


class TrustMixin:
    """Evidence gates and confidence for the wizard screen."""

    if TYPE_CHECKING:
        questionnaire: Questionnaire
        answers: dict[str, Answer]

        positions: list[tuple[Area, int, Question]]
        pending_notes: dict[str, tuple[str, str]]

        @property
        def question(self) -> Question: ...
        def _save(self, answer: Answer) -> None: ...
        def _show_state(self) -> None: ...

    awaiting: Answer | None = None
    """A level at or above its gate, on the question on screen, waiting for its evidence (not
    saved yet: the database keeps the answer as it was until the evidence is typed)."""
    pending_confidence: dict[str, Confidence]
    """Confidence set on questions not answered yet: it is kept with the answer."""

    # -- evidence ---------------------------------------------------------------------------

    def gated(self, answer: Answer) -> bool:
        """Whether `answer`'s level needs evidence on its question."""
        return needs_evidence(self.questionnaire, answer.question_id, answer.level)

    def await_evidence(self, answer: Answer) -> None:
        """Keep `answer` on screen, ask for its evidence in place, and say why, once."""
        self.awaiting = answer
        self._levels().show(self.question, answer)
        self._show_state()
        self._panel().ask_evidence()
        level = answer.level
        assert level is not None
        self._me().notify(
            evidence_request(self.questionnaire, answer.question_id, level),
            title="Evidence needed",
            severity="warning",
        )

    def evidence_given(self, note: str, evidence: str) -> bool:
        """The notes on screen changed while a level waits: save it once evidence is there.

        Returns whether a level is (still or now) waiting on this question, so the caller does
        not save the notes a second way.
        """
        awaiting = self.awaiting
        if awaiting is None or awaiting.question_id != self.question.id:
            return False
        if evidence.strip():
            self.awaiting = None
            # The "Evidence needed" message has been answered: it would otherwise sit over the
            # levels for its whole timeout, on this question and the next.
            self._me().app.clear_notifications()
            self._save(
                awaiting.model_copy(
                    update={"note": note, "evidence": evidence, "unverified": False}
                )
            )
            return True
        self.awaiting = awaiting.model_copy(update={"note": note, "evidence": evidence})
        return True

    def held_for_evidence(self) -> bool:
        """Whether a level is waiting for its evidence; if so, say so and put the cursor there."""
        awaiting = self.awaiting
        if awaiting is None:
            return False
        gate = self.questionnaire.evidence_gate(awaiting.question_id)
        lower = "1" if gate <= 2 else f"1–{gate - 1}"
        self._me().notify(
            f"Level {awaiting.level} is not saved until it has evidence: type it, or choose "
            f"{lower}, n or u.",
            title="Evidence needed",
            severity="warning",
        )
        self._panel().ask_evidence()
        return True

    # -- notes and evidence as typed ---------------------------------------------------------

    def save_typing(self) -> None:
        """Queue the notes on screen for the database if they differ from what is kept.

        Called on every key typed in them, and again before anything that could lose them
        (quitting, leaving, moving to another question, a resize), which reads them straight
        from the widgets in case the key's own event has not arrived yet.
        """
        if not self._me().is_mounted or not self.positions:
            return
        question_id = self.question.id
        note, evidence = self._panel().values
        if self.evidence_given(note, evidence):
            self._show_state()
            return
        answer = self.answers.get(question_id)
        if answer is None:
            if note or evidence:
                self.pending_notes[question_id] = (note, evidence)
            else:
                self.pending_notes.pop(question_id, None)
            return
        if answer.note == note and answer.evidence == evidence:
            return
        edited = answer.model_copy(update={"note": note, "evidence": evidence})
        if self.gated(edited) and not evidence.strip():
            # The evidence was erased (or an unverified answer is being changed): the level waits
            # for evidence, and the database keeps the answer as it was until then.
            self.awaiting = edited
            self._show_state()
            return
        if evidence.strip():
            edited = edited.model_copy(update={"unverified": False})
        self._save(edited)

    def unsaved_typing(self) -> list[str]:
        """Notes that cannot be kept yet, and a level waiting for its evidence, as the prompts
        of their questions."""
        waiting = [] if self.awaiting is None else [self.awaiting.question_id]
        return [
            self.questionnaire.question(question_id).prompt
            for question_id in [*waiting, *self.pending_notes]
            if question_id not in self.answers or question_id in waiting
        ]

    # -- confidence -------------------------------------------------------------------------

    def confidence_shown(self) -> Confidence:
        """The confidence of the answer on screen (waiting, given, or set before answering)."""
        question_id = self.question.id
        if self.awaiting is not None and self.awaiting.question_id == question_id:
            return self.awaiting.confidence
        answer = self.answers.get(question_id)
        if answer is not None:
            return answer.confidence
        return self.pending_confidence.get(question_id, Confidence.MEDIUM)

    def action_confidence(self) -> None:
        """Step the confidence of this answer: low, medium, high (saved at once)."""
        question_id = self.question.id
        sure = next_confidence(self.confidence_shown())
        awaiting = self.awaiting
        answer = self.answers.get(question_id)
        if awaiting is not None and awaiting.question_id == question_id:
            self.awaiting = awaiting.model_copy(update={"confidence": sure})
        elif answer is not None:
            note, evidence = self._panel().values
            changed = answer.model_copy(
                update={"confidence": sure, "note": note, "evidence": evidence}
            )
            if self.gated(changed) and not evidence.strip():
                self.await_evidence(changed)
                return
            self._save(changed)
        else:
            self.pending_confidence[question_id] = sure
        self._show_state()

    # -- widgets ----------------------------------------------------------------------------

    def _me(self) -> Widget:
        return cast("Widget", self)

    def _panel(self) -> NotesPanel:
        return self._me().query_one(NotesPanel)

    def _levels(self) -> LevelList:
        return self._me().query_one(LevelList)

    def _state(self) -> AnswerState:
        return self._me().query_one(AnswerState)
