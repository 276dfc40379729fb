"""Moving through the wizard's questions: next, back, by area, by jumping, and to the review.

Every move keeps what is being typed first, so switching question never loses a note.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

    from cxaudit.domain.model import Answer
    from cxaudit.domain.questionnaire import Area, Question, Questionnaire
    from cxaudit.services.views import WizardData


class MovingMixin:
    """The wizard's moves; the screen provides the questions and how to show one."""

    if TYPE_CHECKING:
        app: App[object]
        data: WizardData
        questionnaire: Questionnaire
        answers: dict[str, Answer]
        positions: list[tuple[Area, int, Question]]
        index: int

        @property
        def question(self) -> Question: ...
        def save_typing(self) -> None: ...
        def _show_question(self) -> None: ...

    def go_to(self, index: int) -> None:
        """Show the question at `index` (notes typed so far are kept first)."""
        self.save_typing()
        self.index = max(0, min(index, len(self.positions) - 1))
        self._show_question()

    def go_to_question(self, question_id: str) -> None:
        """Show the question with this id."""
        for index, (_, _, question) in enumerate(self.positions):
            if question.id == question_id:
                self.go_to(index)
                return

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
        area, position, _ = self.positions[self.index]
        start = self.index - (position - 1)
        if position > 1:
            self.go_to(start)
        elif start > 0:
            previous_area = self.positions[start - 1][0]
            self.go_to(start - len(previous_area.questions))

    def action_jump(self) -> None:
        """Pick any question or area from the full list."""
        from cxaudit.tui.dialogs.jump import JumpScreen

        self.save_typing()

        def chosen(question_id: str | None) -> None:
            if question_id is not None:
                self.go_to_question(question_id)

        self.app.push_screen(JumpScreen(self.questionnaire, self.answers, self.question.id), chosen)

    def action_review(self) -> None:
        """See what is left, then complete the assessment."""
        from cxaudit.tui.screens.wizard.review import ReviewScreen

        self.save_typing()

        def back(question_id: str | None) -> None:
            if question_id is not None:
                self.go_to_question(question_id)

        self.app.push_screen(ReviewScreen(self.data, dict(self.answers)), back)
