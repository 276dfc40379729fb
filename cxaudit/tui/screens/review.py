"""Review before finishing: what is still unanswered, then an explicit step to complete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from cxaudit.domain.model import Answer, AssessmentStatus
from cxaudit.tui.backend import ResultsData, WizardData
from cxaudit.tui.screens.base import TaskMixin
from cxaudit.tui.widgets.marks import answer_mark, is_settled


class ReviewScreen(TaskMixin, Screen[str | None]):
    """Lists what is left; hands back a question id to go back to, or completes the assessment."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to questions", id="review.back", tooltip="Keep answering"),
        Binding("ctrl+f", "complete", "Complete", id="review.complete", tooltip="Finish"),
        Binding("a", "add_respondent", "Add respondent", id="review.add", tooltip="Someone else"),
    ]

    def __init__(self, data: WizardData, answers: Mapping[str, Answer]) -> None:
        super().__init__()
        self.data = data
        self.answers = dict(answers)

    @property
    def organisation_id(self) -> int | None:
        """The organisation being assessed."""
        return self.data.assessment.organisation.id

    def _outstanding(self) -> tuple[list[str], list[str]]:
        unanswered: list[str] = []
        reconfirm: list[str] = []
        for question in self.data.questionnaire.questions:
            answer = self.answers.get(question.id)
            if answer is None:
                unanswered.append(question.id)
            elif answer.needs_reconfirm:
                reconfirm.append(question.id)
        return unanswered, reconfirm

    def compose(self) -> ComposeResult:
        q = self.data.questionnaire
        unanswered, reconfirm = self._outstanding()
        total = len(q.questions)
        settled = sum(1 for question in q.questions if is_settled(self.answers.get(question.id)))
        yield Header()
        with VerticalScroll(id="review-body"):
            yield Label("[b]Review before finishing[/b]", classes="section-title")
            if not unanswered and not reconfirm:
                summary = f"All {total} questions are answered. Well done."
            else:
                parts = []
                if unanswered:
                    parts.append(f"{len(unanswered)} unanswered")
                if reconfirm:
                    parts.append(f"{len(reconfirm)} carried forward and not yet confirmed")
                summary = f"You have answered {settled} of {total} questions; " + (
                    " and ".join(parts) + ". Choose one below to answer it."
                )
            yield Static(summary, id="review-summary")
            areas = Text()
            for area in q.areas:
                done = sum(1 for x in area.questions if is_settled(self.answers.get(x.id)))
                style = "green" if done == len(area.questions) else "yellow"
                areas.append(f"{area.title} {done}/{len(area.questions)}   ", style=style)
            yield Static(areas, id="review-areas")
            me = self.data.respondent.id
            others = [r for r in self.data.assessment.respondents if r.id != me]
            if others:
                lines = ", ".join(
                    f"{r.name} ({r.role.value}) {len(r.answers)}/{total}" for r in others
                )
                yield Static(f"Other respondents: {lines}", id="review-others")
            options = []
            for question_id in unanswered + reconfirm:
                question = q.question(question_id)
                line = Text.assemble(
                    answer_mark(self.answers.get(question_id)),
                    "  ",
                    (q.area(question.area_id).title + ": ", "bold"),
                    question.prompt,
                )
                options.append(Option(line, id=question_id))
            review_list = OptionList(*options, id="review-list")
            review_list.display = bool(options)
            yield review_list
            yield Static(
                "Completing makes the scores and the action plan for the whole assessment. "
                "Others can still be added as respondents afterwards.",
                classes="form-hint",
            )
            with Horizontal(classes="form-buttons"):
                yield Button("Back to questions", id="review-back", compact=True)
                yield Button("Add a respondent", id="review-add", compact=True)
                yield Button(
                    "Complete assessment", id="review-complete", variant="success", compact=True
                )
        yield Footer()

    def on_mount(self) -> None:
        a = self.data.assessment
        self.sub_title = f"Review · {a.organisation.name} · {a.period}"
        review_list = self.query_one("#review-list", OptionList)
        if review_list.display:
            review_list.focus()
        else:
            self.query_one("#review-complete", Button).focus()

    @on(OptionList.OptionSelected, "#review-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Button.Pressed, "#review-back")
    def action_back(self) -> None:
        """Back to the questions."""
        self.dismiss(None)

    @on(Button.Pressed, "#review-add")
    async def action_add_respondent(self) -> None:
        """Let someone else answer the same assessment."""
        from cxaudit.tui.screens.add_respondent import AddRespondentScreen

        assessment_id = self.data.assessment.id
        assert assessment_id is not None
        await self.cx.flush_saves()
        self.cx.action_home()
        self.app.push_screen(AddRespondentScreen(assessment_id))

    @on(Button.Pressed, "#review-complete")
    def action_complete(self) -> None:
        """Complete the assessment (asks first when questions are left)."""
        from cxaudit.tui.screens.dialogs import ConfirmScreen

        unanswered, reconfirm = self._outstanding()
        left = len(unanswered) + len(reconfirm)
        if left:
            noun = "question is" if left == 1 else "questions are"
            self.app.push_screen(
                ConfirmScreen(
                    f"{left} {noun} not answered or not confirmed. They will count as not "
                    "covered. Complete the assessment anyway?",
                    yes="Complete anyway",
                    no="Keep answering",
                ),
                self._confirmed,
            )
        else:
            self._confirmed(True)

    def _confirmed(self, yes: bool | None) -> None:
        if yes:
            self.run_worker(self._complete(), exclusive=True, group="complete")

    async def _complete(self) -> None:
        from cxaudit.tui.screens.results import ResultsScreen

        await self.cx.flush_saves()
        assessment_id = self.data.assessment.id
        assert assessment_id is not None
        self.query_one("#review-complete", Button).disabled = True

        def done(results: ResultsData) -> None:
            self.notify("Assessment complete: scores and action plan are ready.")
            self.cx.open_from_home(ResultsScreen(assessment_id, preloaded=results))

        def failed(_: BaseException) -> None:
            self.query_one("#review-complete", Button).disabled = False

        if self.data.assessment.status == AssessmentStatus.COMPLETE:
            self.run_db(lambda b: b.results(assessment_id=assessment_id), done, on_error=failed)
        else:
            self.run_db(lambda b: b.complete(assessment_id=assessment_id), done, on_error=failed)
