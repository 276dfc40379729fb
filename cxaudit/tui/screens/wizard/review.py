"""Review before finishing: what is still unanswered, then an explicit step to complete.

Questions that do not apply to the organisation's profile are not asked; the review lists them
last, each with its reason ("does not apply: no contact centre"), as they will count: N/A.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from cxaudit.domain.applicability import not_applying
from cxaudit.domain.model import Answer, AssessmentStatus
from cxaudit.domain.progress import needs_reconfirm, progress_of
from cxaudit.domain.wording import role_label
from cxaudit.services import assessing, results
from cxaudit.services.views import WizardData
from cxaudit.tui.base import CxScreen
from cxaudit.tui.widgets.marks import answer_mark

if TYPE_CHECKING:
    from cxaudit.domain.scoring import ScoredAssessment


class ReviewScreen(CxScreen[str | None]):
    """Lists what is left; hands back a question id to go back to, or completes the assessment."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="review.back", tooltip="Back to the questions"),
        Binding("ctrl+f", "complete", "Complete", id="review.complete", tooltip="Finish"),
        Binding("a", "add_respondent", "Add respondent", id="review.add", tooltip="Someone else"),
    ]

    def __init__(self, data: WizardData, answers: Mapping[str, Answer]) -> None:
        super().__init__()
        self.data = data
        self.answers = dict(answers)
        self.skipped = not_applying(data.questionnaire, data.assessment.profile)
        """Questions not asked, as they do not apply, with their reasons."""
        self.asked = [q for q in data.questionnaire.questions if q.id not in self.skipped]
        """The questions that apply, in questionnaire order."""

    @property
    def organisation_id(self) -> int | None:
        """The organisation being assessed."""
        return self.data.assessment.organisation.id

    def _outstanding(self) -> tuple[list[str], list[str]]:
        unanswered: list[str] = []
        reconfirm: list[str] = []
        for question in self.asked:
            answer = self.answers.get(question.id)
            if answer is None:
                unanswered.append(question.id)
            elif needs_reconfirm(answer):
                reconfirm.append(question.id)
        return unanswered, reconfirm

    def _not_rated(self) -> tuple[list[str], list[str]]:
        """Settled answers without a level: N/A (with their reasons) and don't know."""
        na: list[str] = []
        unknown: list[str] = []
        for question in self.asked:
            answer = self.answers.get(question.id)
            if answer is None or needs_reconfirm(answer):
                continue
            if answer.is_na:
                na.append(question.id)
            elif answer.is_unknown:
                unknown.append(question.id)
        return na, unknown

    def _summary(self) -> str:
        progress = progress_of(self.answers, (question.id for question in self.asked))
        total = progress.total
        na, unknown = self._not_rated()
        without = []
        if na:
            without.append(f"{len(na)} N/A")
        if unknown:
            without.append(f"{len(unknown)} don't know")
        skipped = len(self.skipped)
        not_asked = ""
        if skipped == 1:
            not_asked = " 1 question does not apply to this organisation and counts as N/A."
        elif skipped:
            not_asked = f" {skipped} questions do not apply to this organisation and count as N/A."
        if progress.settled == total:
            if not without:
                return f"All {total} questions are answered with a level. Well done." + not_asked
            return (
                f"All {total} questions are answered, {' and '.join(without)} among them: "
                "they are listed below with the reasons given; check them before completing."
                + not_asked
            )
        parts = []
        if progress.unanswered:
            parts.append(f"{progress.unanswered} unanswered")
        if progress.to_reconfirm:
            parts.append(f"{progress.to_reconfirm} carried forward and not yet confirmed")
        also = f" ({', '.join(without)} among the answers)" if without else ""
        return (
            f"You have answered {progress.settled} of {total} questions{also}; "
            + " and ".join(parts)
            + ". Choose one below to answer it."
            + not_asked
        )

    def _line(self, question_id: str, reason: str = "", *, skipped: bool = False) -> Text:
        q = self.data.questionnaire
        question = q.question(question_id)
        mark = Text("N/A", style="dim") if skipped else answer_mark(self.answers.get(question_id))
        mark.pad_right(4 - len(mark.plain))
        line = Text.assemble(
            mark, " ", (q.area(question.area_id).title + ": ", "bold"), question.prompt
        )
        if reason:
            line.append(f"\n     {reason}", style="dim")
        return line

    def compose(self) -> ComposeResult:
        q = self.data.questionnaire
        unanswered, reconfirm = self._outstanding()
        na, unknown = self._not_rated()
        question_ids = [question.id for question in self.asked]
        total = len(question_ids)
        yield Header()
        with VerticalScroll(id="review-body"):
            yield Label("[b]Review before finishing[/b]", classes="section-title")
            yield Static(self._summary(), id="review-summary")
            areas = Text()
            for area in q.areas:
                asked = [x.id for x in area.questions if x.id not in self.skipped]
                if not asked:
                    areas.append(f"{area.title}: does not apply   ", style="dim")
                    continue
                done = progress_of(self.answers, asked).settled
                style = "green" if done == len(asked) else "yellow"
                areas.append(f"{area.title} {done}/{len(asked)}   ", style=style)
            yield Static(areas, id="review-areas")
            me = self.data.respondent.id
            others = [r for r in self.data.assessment.respondents if r.id != me]
            if others:
                lines = ", ".join(
                    f"{r.name} ({role_label(r.role)}) "
                    f"{progress_of(r.answers, question_ids).settled}/{total}"
                    for r in others
                )
                yield Static(Text(f"Other respondents: {lines}"), id="review-others")
            options = [Option(self._line(qid), id=qid) for qid in unanswered + reconfirm]
            for qid in na:
                answer = self.answers[qid]
                options.append(Option(self._line(qid, f"N/A because {answer.na_reason}"), id=qid))
            for qid in unknown:
                options.append(
                    Option(self._line(qid, "Don't know: becomes a find-out action"), id=qid)
                )
            for qid, reason in self.skipped.items():
                options.append(Option(self._line(qid, reason, skipped=True), disabled=True))
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
        unanswered, reconfirm = self._outstanding()
        if review_list.display and (unanswered or reconfirm):
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
        assessment_id = self.data.assessment.id
        assert assessment_id is not None
        await self.cx.flush_saves()
        self.cx.add_respondent(assessment_id, from_home=True)

    @on(Button.Pressed, "#review-complete")
    def action_complete(self) -> None:
        """Complete the assessment (asks first when questions are left)."""
        from cxaudit.tui.dialogs.confirm import ConfirmScreen

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
        await self.cx.flush_saves()
        assessment_id = self.data.assessment.id
        assert assessment_id is not None
        self.query_one("#review-complete", Button).disabled = True

        def done(scored: ScoredAssessment) -> None:
            self.notify("Assessment complete: scores and action plan are ready.")
            self.cx.open_results(assessment_id, preloaded=scored, from_home=True)

        def failed(_: BaseException) -> None:
            self.query_one("#review-complete", Button).disabled = False

        if self.data.assessment.status == AssessmentStatus.COMPLETE:
            self.run_db(
                lambda ws: results.results(ws, assessment_id=assessment_id), done, on_error=failed
            )
        else:
            self.run_db(
                lambda ws: assessing.complete(ws, assessment_id=assessment_id),
                done,
                on_error=failed,
            )
