"""The wizard: one question at a time, every answer saved the moment it is given.

It opens at the first question still to answer (unanswered, or carried forward and not yet
confirmed), so quitting anywhere and coming back carries on where the respondent stopped.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Label, OptionList, ProgressBar, Static, TextArea

from cxaudit.domain.model import Answer, AnswerValue, make_answer
from cxaudit.domain.progress import is_settled, needs_reconfirm, progress_of
from cxaudit.domain.questionnaire import Area, Question
from cxaudit.errors import ValidationProblem
from cxaudit.services import assessing
from cxaudit.services.views import WizardData
from cxaudit.tui.base import CxScreen, describe_error
from cxaudit.tui.widgets.answer_state import AnswerState
from cxaudit.tui.widgets.levels import LevelList
from cxaudit.tui.widgets.notes import NotesPanel
from cxaudit.tui.widgets.saved import SavedIndicator

LEVEL_GROUP = Binding.Group("Level", compact=True)
MOVE_GROUP = Binding.Group("Move", compact=True)


class WizardScreen(CxScreen[None]):
    """Answer one question at a time: a level, N/A with a reason, or don't know; plus notes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(level),
                f"choose({level})",
                f"Level {level}",
                id=f"wizard.level{level}",
                tooltip=f"Choose level {level}",
                group=LEVEL_GROUP,
            )
            for level in range(1, 6)
        ),
        Binding("left", "back", "Back", id="wizard.back", tooltip="Previous", group=MOVE_GROUP),
        Binding("right", "next", "Next", id="wizard.next", tooltip="Next", group=MOVE_GROUP),
        Binding("n", "not_applicable", "N/A", id="wizard.na", tooltip="Cannot apply (say why)"),
        Binding("u", "unknown", "Don't know", id="wizard.unknown", tooltip="Becomes a find-out"),
        Binding("j", "jump", "Jump", id="wizard.jump", tooltip="Any question or area"),
        Binding("e", "notes", "Notes", id="wizard.notes", tooltip="Notes and evidence"),
        Binding("r", "review", "Review", id="wizard.review", tooltip="Review and finish"),
        Binding("c", "confirm", "Confirm", show=False, id="wizard.confirm", tooltip="Confirm"),
        Binding("delete", "clear", "Clear", show=False, id="wizard.clear", tooltip="Clear answer"),
        Binding("]", "next_area", "Next area", show=False, id="wizard.next_area"),
        Binding("[", "previous_area", "Previous area", show=False, id="wizard.prev_area"),
        Binding("escape", "leave", "Home", id="wizard.leave", tooltip="Back to Home (all saved)"),
    ]

    def __init__(
        self, data: WizardData, *, show_guidance: bool = False, start_at: str | None = None
    ) -> None:
        super().__init__()
        self.data = data
        self.questionnaire = data.questionnaire
        self.assessment = data.assessment
        self.respondent = data.respondent
        self.answers: dict[str, Answer] = dict(data.respondent.answers)
        self.positions: list[tuple[Area, int, Question]] = list(self.questionnaire.iter_positions())
        self.pending_notes: dict[str, tuple[str, str]] = {}
        self.show_guidance = show_guidance
        self.index = self._start_index(start_at)

    @property
    def organisation_id(self) -> int | None:
        """The organisation being assessed (for History from the command palette)."""
        return self.assessment.organisation.id

    @property
    def question(self) -> Question:
        """The question on screen."""
        return self.positions[self.index][2]

    def _start_index(self, start_at: str | None) -> int:
        ids = [q.id for _, _, q in self.positions]
        if start_at is not None and start_at in ids:
            return ids.index(start_at)
        for index, question_id in enumerate(ids):
            if not is_settled(self.answers.get(question_id)):
                return index
        return 0

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="wiz-top"):
            yield Label(id="wiz-position")
            yield ProgressBar(
                total=len(self.positions), show_eta=False, show_percentage=False, id="wiz-progress"
            )
            yield Label(id="wiz-count")
            yield SavedIndicator(id="wiz-saved")
        with Vertical(id="wiz-question"):
            yield Static(id="wiz-prompt")
            yield Static(id="wiz-why")
            yield AnswerState(id="wiz-state")
        yield LevelList(id="wiz-levels")
        yield NotesPanel(id="wiz-notes")
        yield Footer()

    def on_mount(self) -> None:
        a = self.assessment
        self.sub_title = f"{a.organisation.name} · {a.period} · {self.respondent.name}"
        self._show_question()
        if self.show_guidance and not self.answers:
            from cxaudit.tui.screens.wizard.guidance import GuidanceScreen

            self.app.push_screen(GuidanceScreen(self.questionnaire))

    def _show_question(self) -> None:
        area, position, question = self.positions[self.index]
        answer = self.answers.get(question.id)
        self.query_one("#wiz-position", Label).update(
            f"[b]{area.title} {position}/{len(area.questions)}[/b]"
        )
        self.query_one("#wiz-prompt", Static).update(f"[b]{question.prompt}[/b]")
        self.query_one("#wiz-why", Static).update(
            f"[i]Why it matters:[/i] [dim]{question.why}[/dim]"
        )
        self.query_one("#wiz-levels", LevelList).show(question, answer)
        note, evidence = self.pending_notes.get(question.id, ("", ""))
        if answer is not None:
            note, evidence = answer.note, answer.evidence
        self.query_one(NotesPanel).load(note, evidence)
        self._show_state()
        if not self.query_one("#wiz-note", TextArea).has_focus:
            self.query_one("#wiz-levels", LevelList).focus()

    def _show_state(self) -> None:
        self.query_one(AnswerState).show(self.answers.get(self.question.id))
        progress = progress_of(self.answers, (q.id for _, _, q in self.positions))
        self.query_one("#wiz-progress", ProgressBar).update(progress=progress.settled)
        self.query_one("#wiz-count", Label).update(
            f"Question {self.index + 1} of {progress.total} · {progress.settled} answered"
        )

    # -- answering ------------------------------------------------------------------------

    def _answer(self, value: AnswerValue, *, na_reason: str = "") -> None:
        note, evidence = self.query_one(NotesPanel).values
        try:
            answer = make_answer(
                self.question.id, value, na_reason=na_reason, note=note, evidence=evidence
            )
        except ValidationProblem as exc:
            self.notify(describe_error(exc), severity="error")
            return
        self.pending_notes.pop(self.question.id, None)
        self._save(answer)

    def _save(self, answer: Answer) -> None:
        question_id = answer.question_id
        previous = self.answers.get(question_id)
        local = answer.model_copy(update={"needs_reconfirm": False})
        self.answers[question_id] = local
        indicator = self.query_one("#wiz-saved", SavedIndicator)
        indicator.started()
        respondent_id = self.respondent.id
        assert respondent_id is not None

        def saved(stored: Answer) -> None:
            if self.answers.get(question_id) is local:
                self.answers[question_id] = stored
            indicator.finished(ok=True)

        def failed(_: BaseException) -> None:
            if self.answers.get(question_id) is local:
                if previous is None:
                    self.answers.pop(question_id, None)
                else:
                    self.answers[question_id] = previous
                if self.question.id == question_id:
                    self._show_question()
            indicator.finished(ok=False)

        self.cx.queue_save(
            lambda ws: assessing.save_answer(ws, respondent_id=respondent_id, answer=answer),
            self,
            saved,
            failed,
        )
        if self.question.id == question_id:
            self.query_one("#wiz-levels", LevelList).show(self.question, local)
            self._show_state()

    def action_choose(self, level: int) -> None:
        """Choose a level for this question (saved at once)."""
        self._answer(level)

    @on(OptionList.OptionSelected, "#wiz-levels")
    def _level_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._answer(event.option_index + 1)

    def action_not_applicable(self) -> None:
        """Mark N/A, after asking for the reason."""
        from cxaudit.tui.dialogs.na_reason import NaReasonScreen

        current = self.answers.get(self.question.id)
        question_id = self.question.id

        def given(reason: str | None) -> None:
            if reason is not None and self.question.id == question_id:
                self._answer("na", na_reason=reason)

        reason = current.na_reason if current is not None else ""
        self.app.push_screen(NaReasonScreen(self.question.prompt, reason), given)

    def action_unknown(self) -> None:
        """Answer "don't know"."""
        self._answer("unknown")

    def action_confirm(self) -> None:
        """Confirm an answer carried forward from the last assessment."""
        answer = self.answers.get(self.question.id)
        if answer is None:
            self.notify("There is no answer to confirm yet: choose a level first.")
            return
        if not needs_reconfirm(answer):
            self.notify("This answer is already confirmed.")
            return
        note, evidence = self.query_one(NotesPanel).values
        self._save(answer.model_copy(update={"note": note, "evidence": evidence}))

    def action_clear(self) -> None:
        """Remove this question's answer."""
        question_id = self.question.id
        if question_id not in self.answers:
            return
        previous = self.answers.pop(question_id)
        indicator = self.query_one("#wiz-saved", SavedIndicator)
        indicator.started()
        respondent_id = self.respondent.id
        assert respondent_id is not None

        def failed(_: BaseException) -> None:
            self.answers.setdefault(question_id, previous)
            indicator.finished(ok=False)
            if self.question.id == question_id:
                self._show_question()

        self.cx.queue_save(
            lambda ws: assessing.clear_answer(
                ws, respondent_id=respondent_id, question_id=question_id
            ),
            self,
            lambda _: indicator.finished(ok=True),
            failed,
        )
        self._show_question()

    # -- notes ----------------------------------------------------------------------------

    @on(NotesPanel.Paused)
    def _flush_notes(self) -> None:
        self.query_one(NotesPanel).settle()
        question_id = self.question.id
        note, evidence = self.query_one(NotesPanel).values
        answer = self.answers.get(question_id)
        if answer is None:
            if note or evidence:
                self.pending_notes[question_id] = (note, evidence)
            return
        if answer.note == note and answer.evidence == evidence:
            return
        self._save(answer.model_copy(update={"note": note, "evidence": evidence}))

    def action_notes(self) -> None:
        """Write notes and evidence for this question."""
        self.query_one(NotesPanel).write()

    def action_leave(self) -> None:
        """From the notes, back to the levels; from the levels, back to Home."""
        if self.query_one(NotesPanel).editing:
            self._flush_notes()
            self.query_one("#wiz-levels", LevelList).focus()
            return
        self._flush_notes()
        self.cx.go_home()

    # -- moving ---------------------------------------------------------------------------

    def go_to(self, index: int) -> None:
        """Show the question at `index` (notes typed so far are saved first)."""
        self._flush_notes()
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
            self.notify("This is the first question.")
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

        self._flush_notes()

        def chosen(question_id: str | None) -> None:
            if question_id is not None:
                self.go_to_question(question_id)

        self.app.push_screen(JumpScreen(self.questionnaire, self.answers, self.question.id), chosen)

    def action_review(self) -> None:
        """See what is left, then complete the assessment."""
        from cxaudit.tui.screens.wizard.review import ReviewScreen

        self._flush_notes()

        def back(question_id: str | None) -> None:
            if question_id is not None:
                self.go_to_question(question_id)

        self.app.push_screen(ReviewScreen(self.data, dict(self.answers)), back)
