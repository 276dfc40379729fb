"""Moving through the wizard's questions: next, back, by area, by jumping, and to the review.

Only the questions that apply to the organisation are moved through. Every move keeps what is
being typed first, so switching question never loses a note, and none is made while a level
waits for its evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from cxaudit.domain.questionnaire import Area, Question, Questionnaire

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from cxaudit.domain.model import Answer
    from cxaudit.services.views import WizardData


def applying_positions(
    questionnaire: Questionnaire, skipped: Mapping[str, str]
) -> list[tuple[Area, int, Question]]:
    """Each question that applies, with its area and its position among the area's questions
    that apply (a question that does not apply is not asked, so it is not counted either)."""
    positions: list[tuple[Area, int, Question]] = []
    for area in questionnaire.areas:
        asked = [q for q in area.questions if q.id not in skipped]
        positions += [(area, index, q) for index, q in enumerate(asked, start=1)]
    return positions


class MovingMixin:
    """The wizard's moves; the screen provides the questions and how to show one."""

    if TYPE_CHECKING:
        app: App[object]
        data: WizardData
        questionnaire: Questionnaire
        answers: dict[str, Answer]
        positions: list[tuple[Area, int, Question]]
        skipped: dict[str, str]
        index: int

        @property
        def question(self) -> Question: ...
        def save_typing(self) -> None: ...
        def held_for_evidence(self) -> bool: ...
        def _show_question(self) -> None: ...

    def go_to(self, index: int) -> None:
        """Show the question at `index` (notes typed so far are kept first)."""
        self.save_typing()
        if self.held_for_evidence():
            return
        self.index = max(0, min(index, len(self.positions) - 1))
        self._show_question()

    def go_to_question(self, question_id: str) -> None:
        """Show the question with this id."""
        for index, (_, _, question) in enumerate(self.positions):
            if question.id == question_id:
                self.go_to(index)
                return
        if question_id in self.skipped:
            self.app.notify(
                f"That question is not asked here ({self.skipped[question_id]}): it counts as N/A."
            )

    def action_next(self) -> None:
        """The next question; after the last one, the review."""
        if self.index + 1 >= len(self.positions):
            self.action_review()
        else:
            self.go_to(self.index + 1)

    def action_back(self) -> None:
        """The previous question."""
        if self.index == 0:
            self.app.notify("This is the first question.")
        else:
            self.go_to(self.index - 1)

    def action_next_area(self) -> None:
        """The first question of the next area."""
        area = self.positions[self.index][0]
        for index in range(self.index + 1, len(self.positions)):
            if self.positions[index][0].id != area.id:
                self.go_to(index)
                return
        self.action_review()

    def action_previous_area(self) -> None:
        """The first question of this area, or of the previous one when already there."""
        _, position, _ = self.positions[self.index]
        start = self.index - (position - 1)
        if position > 1:
            self.go_to(start)
        elif start > 0:
            self.go_to(start - self.positions[start - 1][1])

    def action_jump(self) -> None:
        """Pick any question or area from the full list."""
        from cxaudit.tui.dialogs.jump import JumpScreen

        self.save_typing()
        if self.held_for_evidence():
            return

        def chosen(question_id: str | None) -> None:
            if question_id is not None:
                self.go_to_question(question_id)

        self.app.push_screen(JumpScreen(self.questionnaire, self.answers, self.question.id), chosen)

    def review_screen(self) -> Screen[str | None]:
        """The review this wizard opens: what is left, then completing the assessment."""
        from cxaudit.tui.screens.wizard.review import ReviewScreen

        return ReviewScreen(self.data, dict(self.answers))

    def action_review(self) -> None:
        """See what is left, then go on from the review (see `review_screen`)."""
        self.save_typing()
        if self.held_for_evidence():
            return

        def back(question_id: str | None) -> None:
            if question_id is not None:
                self.go_to_question(question_id)

        self.app.push_screen(self.review_screen(), back)
