"""The wizard: one question at a time, every answer saved the moment it is given.

It opens at the first question still to answer (unanswered, or carried forward and not yet
confirmed), so quitting anywhere and coming back carries on where the respondent stopped. At
80×24 the prompt and all five levels fit without scrolling; "why it matters" folds behind `w`
on a short terminal.
"""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Label, OptionList, ProgressBar, Static

from cxaudit.domain.applicability import not_applying
from cxaudit.domain.model import Answer, AnswerValue, Confidence, make_answer
from cxaudit.domain.progress import is_settled, progress_of
from cxaudit.domain.questionnaire import Question
from cxaudit.errors import ValidationProblem
from cxaudit.services.views import WizardData
from cxaudit.tui.base import CxScreen, describe_error
from cxaudit.tui.screens.wizard.carried import CarriedMixin
from cxaudit.tui.screens.wizard.keeping import AnswerKeeper
from cxaudit.tui.screens.wizard.moving import MovingMixin, applying_positions
from cxaudit.tui.screens.wizard.trust import TrustMixin
from cxaudit.tui.widgets.answer_state import AnswerState
from cxaudit.tui.widgets.levels import LevelList
from cxaudit.tui.widgets.notes import NotesPanel
from cxaudit.tui.widgets.saved import SavedIndicator

LEVEL_GROUP = Binding.Group("Level", compact=True)
MOVE_GROUP = Binding.Group("Move", compact=True)
WHY_MIN_HEIGHT = 34
"""From this many lines up, "why it matters" is shown unless `w` folded it."""


class WizardScreen(TrustMixin, CarriedMixin, MovingMixin, CxScreen[None]):
    """Answer one question at a time: a level, N/A with a reason, or don't know; plus notes,
    evidence (asked for in place at and above the gate) and how sure the answer is."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(level),
                f"choose({level})",
                "Level" if level == 1 else f"Level {level}",
                key_display="1-5" if level == 1 else str(level),
                id=f"wizard.level{level}",
                tooltip=f"Choose level {level}",
                group=LEVEL_GROUP,
                show=level == 1,
            )
            for level in range(1, 6)
        ),
        Binding("left", "back", "Back", id="wizard.back", tooltip="Previous", group=MOVE_GROUP),
        Binding("right", "next", "Next", id="wizard.next", tooltip="Next", group=MOVE_GROUP),
        Binding("n", "not_applicable", "N/A", id="wizard.na", tooltip="Cannot apply (say why)"),
        Binding("u", "unknown", "Don't know", id="wizard.unknown", tooltip="Becomes a find-out"),
        Binding(
            "s",
            "confidence",
            "How sure",
            # The footer is full at 80 columns: the answer's line says "s changes it".
            show=False,
            id="wizard.confidence",
            tooltip="Confidence in this answer: low, medium or high",
        ),
        # The notes' own border says "e to write", so the footer keeps room for esc, ^q and ?.
        Binding("e", "notes", "Notes", show=False, id="wizard.notes", tooltip="Notes and evidence"),
        Binding("r", "review", "Review", id="wizard.review", tooltip="Review and finish"),
        Binding("j", "jump", "Jump", show=False, id="wizard.jump", tooltip="Any question"),
        Binding("c", "confirm", "Confirm", show=False, id="wizard.confirm", tooltip="Confirm"),
        Binding(
            "C",
            "confirm_many",
            "Confirm all…",
            show=False,
            id="wizard.confirm_many",
            tooltip="Confirm the carried answers of this area, or all of them",
        ),
        Binding("w", "why", "Why", show=False, id="wizard.why", tooltip="Why it matters"),
        Binding(
            "a", "add_respondent", "Add respondent", show=False, id="wizard.add", tooltip="More"
        ),
        Binding("delete", "clear", "Clear", show=False, id="wizard.clear", tooltip="Clear answer"),
        Binding("]", "next_area", "Next area", show=False, id="wizard.next_area"),
        Binding("[", "previous_area", "Previous area", show=False, id="wizard.prev_area"),
        Binding("escape", "leave", "Home", id="wizard.leave", tooltip="Back to Home (all saved)"),
        # The app's ctrl+h, taken here so a level waiting for its evidence is not left behind.
        Binding("ctrl+h", "home", "Home", show=False, id="wizard.home", tooltip="Back to Home"),
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
        self.skipped: dict[str, str] = not_applying(self.questionnaire, self.assessment.profile)
        """Questions that do not apply under the assessment's profile, with their reasons: they
        are not asked, and count as N/A."""
        self.positions = applying_positions(self.questionnaire, self.skipped)
        self.area_sizes = Counter(area.id for area, _, _ in self.positions)
        self.pending_notes: dict[str, tuple[str, str]] = {}
        """Notes typed on questions not answered yet: they are kept with the answer."""
        self.pending_confidence: dict[str, Confidence] = {}
        self.awaiting: Answer | None = None
        self.show_guidance = show_guidance
        self.why_choice: bool | None = None
        """Whether `w` showed (True) or folded (False) "why it matters"; None: by height."""
        respondent_id = data.respondent.id
        assert respondent_id is not None
        self.keeper = AnswerKeeper(
            self.cx,
            self,
            respondent_id,
            self.answers,
            lambda: self.query_one("#wiz-saved", SavedIndicator),
            self._reverted,
        )
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
        return self._first_unsettled(0)

    def _first_unsettled(self, default: int) -> int:
        for index, (_, _, question) in enumerate(self.positions):
            if not is_settled(self.answers.get(question.id)):
                return index
        return default

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
            with Horizontal(id="wiz-state-row"):
                yield AnswerState(id="wiz-state")
                yield Label("w why it matters", id="wiz-why-hint")
        yield LevelList(id="wiz-levels")
        yield NotesPanel(id="wiz-notes")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        a = self.assessment
        self.sub_title = f"{a.organisation.name} · {a.period} · {self.respondent.name}"
        self._show_question()
        self._fold_why()
        if not self.positions:
            self.query_one("#wiz-prompt", Static).update(
                "[b]No question applies to this organisation's profile.[/b] r reviews and finishes."
            )
        elif self.show_guidance and not self.answers:
            from cxaudit.tui.screens.wizard.guidance import GuidanceScreen

            self.app.push_screen(GuidanceScreen(self.questionnaire))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """With no question to ask, only the review, adding someone and leaving are offered."""
        return bool(self.positions) or action in {"review", "leave", "add_respondent"}

    def on_resize(self) -> None:
        """Keep what is being typed, and fold "why it matters" to suit the new height."""
        self.save_typing()
        self._fold_why()
        self.cx.check_size()

    def _fold_why(self) -> None:
        shown = self.why_choice
        if shown is None:
            shown = self.app.size.height >= WHY_MIN_HEIGHT
        self.query_one("#wiz-why", Static).display = shown
        self.query_one("#wiz-why-hint", Label).display = not shown

    def action_why(self) -> None:
        """Show or fold "why it matters"."""
        self.why_choice = not self.query_one("#wiz-why", Static).display
        self._fold_why()

    def _show_question(self) -> None:
        if not self.positions:
            return
        area, position, question = self.positions[self.index]
        answer = self.answers.get(question.id)
        if self.awaiting is not None and self.awaiting.question_id != question.id:
            self.awaiting = None
        self.query_one("#wiz-position", Label).update(
            f"[b]{area.title} {position}/{self.area_sizes[area.id]}[/b]"
        )
        self.query_one("#wiz-prompt", Static).update(f"[b]{question.prompt}[/b]")
        self.query_one("#wiz-why", Static).update(
            f"[i]Why it matters:[/i] [dim]{question.why}[/dim]"
        )
        self.query_one("#wiz-levels", LevelList).show(question, self.awaiting or answer)
        note, evidence = self.pending_notes.get(question.id, ("", ""))
        if answer is not None:
            note, evidence = answer.note, answer.evidence
        if self.awaiting is not None:
            note, evidence = self.awaiting.note, self.awaiting.evidence
        self.query_one(NotesPanel).load(
            note,
            evidence,
            answered=answer is not None,
            gate=self.questionnaire.evidence_gate(question.id),
            hint=question.evidence_hint,
        )
        self._show_state()
        if not self.query_one(NotesPanel).editing:
            self.query_one("#wiz-levels", LevelList).focus()

    def _show_state(self) -> None:
        if not self.positions:
            return
        answer = self.answers.get(self.question.id)
        self.query_one(AnswerState).show(
            answer,
            confidence=self.confidence_shown(),
            awaiting=self.awaiting,
            gate=self.questionnaire.evidence_gate(self.question.id),
        )
        self.query_one(NotesPanel).answered(answer is not None, awaiting=bool(self.awaiting))
        progress = progress_of(self.answers, (q.id for _, _, q in self.positions))
        self.query_one("#wiz-progress", ProgressBar).update(progress=progress.settled)
        self.query_one("#wiz-count", Label).update(
            f"Question {self.index + 1} of {progress.total} · {progress.settled} answered"
        )

    def _reverted(self, question_id: str) -> None:
        """A write failed and the answer went back to what the database holds."""
        if self.question.id == question_id:
            self.query_one("#wiz-levels", LevelList).show(
                self.question, self.answers.get(question_id)
            )
            self._show_state()

    # -- answering ------------------------------------------------------------------------

    def _answer(self, value: AnswerValue, *, na_reason: str = "") -> None:
        note, evidence = self.query_one(NotesPanel).values
        try:
            answer = make_answer(
                self.question.id,
                value,
                na_reason=na_reason,
                note=note,
                evidence=evidence,
                confidence=self.confidence_shown(),
            )
        except ValidationProblem as exc:
            self.notify(describe_error(exc), severity="error")
            return
        if self.gated(answer) and not evidence.strip():
            self.await_evidence(answer)
            return
        self.awaiting = None
        self.pending_notes.pop(self.question.id, None)
        self.pending_confidence.pop(self.question.id, None)
        self._save(answer)

    def _save(self, answer: Answer) -> None:
        local = self.keeper.save(answer)
        if self.question.id == answer.question_id:
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

    def action_clear(self) -> None:
        """Remove this question's answer (and any level waiting for its evidence)."""
        self.awaiting = None
        self.keeper.clear(self.question.id)
        self._show_question()

    # -- notes ----------------------------------------------------------------------------

    @on(NotesPanel.Edited)
    def _notes_edited(self) -> None:
        self.save_typing()

    def action_notes(self) -> None:
        """Write notes and evidence for this question."""
        self.query_one(NotesPanel).write()

    def action_leave(self) -> None:
        """From the notes, back to the levels; from the levels, back to Home."""
        self.save_typing()
        if self.query_one(NotesPanel).editing:
            self.query_one("#wiz-levels", LevelList).focus()
            return
        if self.held_for_evidence():
            return
        self.cx.leave_typing(self.cx.go_home)

    def action_home(self) -> None:
        """Back to Home from anywhere on the screen, keeping what is typed first."""
        self.save_typing()
        if not self.held_for_evidence():
            self.cx.leave_typing(self.cx.go_home)

    def action_add_respondent(self) -> None:
        """Let someone else answer the same assessment (everything typed here is kept)."""
        assessment_id = self.assessment.id
        assert assessment_id is not None
        self.save_typing()
        if self.held_for_evidence():
            return
        self.cx.leave_typing(lambda: self.cx.add_respondent(assessment_id, from_home=True))
