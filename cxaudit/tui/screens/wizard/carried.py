"""Confirming answers carried forward from the last assessment, one or many at a time.

A carried answer keeps its note, evidence and confidence, but counts only once the respondent
confirms it. One at or above its evidence gate with no evidence (carried from before the gate
existed, say) is confirmed only with evidence, so the many-at-once confirmation leaves it for
the respondent to open and says how many it left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxaudit.domain.evidence import evidence_missing
from cxaudit.domain.progress import needs_reconfirm
from cxaudit.tui.widgets.notes import NotesPanel

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget

    from cxaudit.domain.model import Answer
    from cxaudit.domain.questionnaire import Area, Question, Questionnaire
    from cxaudit.tui.screens.wizard.keeping import AnswerKeeper


class CarriedMixin:
    """The wizard's `c` and `C`; the screen provides the answers and how to show them."""

    if TYPE_CHECKING:
        app: App[object]
        questionnaire: Questionnaire
        answers: dict[str, Answer]
        positions: list[tuple[Area, int, Question]]
        index: int
        keeper: AnswerKeeper

        @property
        def question(self) -> Question: ...
        def save_typing(self) -> None: ...
        def _save(self, answer: Answer) -> None: ...
        def _show_question(self) -> None: ...
        def _first_unsettled(self, default: int) -> int: ...
        def gated(self, answer: Answer) -> bool: ...
        def await_evidence(self, answer: Answer) -> None: ...
        def held_for_evidence(self) -> bool: ...

    def action_confirm(self) -> None:
        """Confirm an answer carried forward from the last assessment."""
        me = self._widget()
        answer = self.answers.get(self.question.id)
        if answer is None:
            me.notify("There is no answer to confirm yet: choose a level first.")
            return
        if not needs_reconfirm(answer):
            me.notify("This answer is already confirmed.")
            return
        note, evidence = me.query_one(NotesPanel).values
        confirmed = answer.model_copy(update={"note": note, "evidence": evidence})
        if self.gated(confirmed) and not evidence.strip():
            self.await_evidence(confirmed)
            return
        self._save(confirmed)

    def action_confirm_many(self) -> None:
        """Confirm, after one question that says how many, every carried answer left in this
        area or in the whole assessment."""
        from cxaudit.tui.dialogs.confirm_carried import ConfirmCarriedScreen

        me = self._widget()
        self.save_typing()
        if self.held_for_evidence():
            return
        area = self.positions[self.index][0]
        in_area = self._carried(area.id)
        everywhere = self._carried(None)
        without = self._carried(None, missing=True)
        if not everywhere:
            me.notify(
                f"{self._without_evidence(len(without))} open each to add it."
                if without
                else "There is no carried-forward answer left to confirm."
            )
            return

        def chosen(choice: str | None) -> None:
            ids = {"area": in_area, "all": everywhere}.get(choice or "")
            if not ids:
                return
            for question_id in ids:
                answer = self.answers.get(question_id)
                if answer is not None and needs_reconfirm(answer):
                    self.keeper.save(answer)
            noun = "answer" if len(ids) == 1 else "answers"
            left = self._carried(area.id if choice == "area" else None, missing=True)
            after = f" {self._without_evidence(len(left))} open each to add it." if left else ""
            me.notify(f"Confirmed {len(ids)} carried-forward {noun}.{after}")
            self.index = self._first_unsettled(self.index)
            self._show_question()

        self.app.push_screen(
            ConfirmCarriedScreen(area.title, len(in_area), len(everywhere)), chosen
        )

    @staticmethod
    def _without_evidence(count: int) -> str:
        if count == 1:
            return "1 carried answer needs evidence before it counts:"
        return f"{count} carried answers need evidence before they count:"

    def _carried(self, area_id: str | None, *, missing: bool = False) -> list[str]:
        """Questions (of one area, or all) whose answer is carried and not yet confirmed: those
        that can be confirmed as they are, or (`missing`) those that need evidence first."""
        found: list[str] = []
        for area, _, question in self.positions:
            answer = self.answers.get(question.id)
            if area_id is not None and area.id != area_id:
                continue
            if answer is None or not needs_reconfirm(answer):
                continue
            if evidence_missing(self.questionnaire, answer) == missing:
                found.append(question.id)
        return found

    def _widget(self) -> Widget:
        from typing import cast

        return cast("Widget", self)
