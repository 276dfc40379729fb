"""The respondent's pages: the start page (in place of Home), the wizard and review cut down to
one respondent, the thank-you after Finish, and the refusal for a link no longer valid."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from cxaudit.domain.applicability import not_applying
from cxaudit.domain.progress import progress_of
from cxaudit.domain.wording import role_label
from cxaudit.tui.base import CxScreen
from cxaudit.tui.screens.wizard import WizardScreen
from cxaudit.tui.screens.wizard.review import ReviewScreen

if TYPE_CHECKING:
    from textual.screen import Screen

    from cxaudit.services.links import LinkGrant
    from cxaudit.services.views import WizardData
    from cxaudit.tui.respondent.app import RespondentApp

CSS = """
StartScreen #start-body, ThanksScreen #thanks-body, RefusedScreen #refused-body {
    padding: 1 2;
    max-width: 90;
}
StartScreen #start-text, ThanksScreen Static, RefusedScreen Static { margin-bottom: 1; }
"""


def only_own(data: WizardData) -> WizardData:
    """`data` with every other respondent (their answers and notes) left out."""
    from cxaudit.services.views import WizardData

    assessment = data.assessment.model_copy(update={"respondents": [data.respondent]})
    return WizardData(data.questionnaire, assessment, data.respondent)


def _app(screen: CxScreen[object] | CxScreen[None] | CxScreen[str | None]) -> RespondentApp:
    return cast("RespondentApp", screen.app)


class StartScreen(CxScreen[None]):
    """Who is answering, for which organisation and period, how far they are, and the way in."""

    DEFAULT_CSS = CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "begin", "Answer", id="start.begin", tooltip="Go to the questions"),
        Binding("g", "guidance", "How to answer", id="start.guidance", tooltip="The guidance"),
        Binding("r", "review", "Review and finish", id="start.review", tooltip="Finish"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="start-body"):
            yield Static("Checking your link…", id="start-text")
            with Horizontal(classes="form-buttons"):
                yield Button("Answer the questions", id="start-begin", variant="primary")
                yield Button("How to answer", id="start-guidance")
                yield Button("Review and finish", id="start-review")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.disabled = True

    def show(self, data: WizardData, grant: LinkGrant) -> None:
        """Fill the page in for this respondent."""
        skipped = not_applying(data.questionnaire, data.assessment.profile)
        asked = [x.id for x in data.questionnaire.questions if x.id not in skipped]
        total = len(asked)
        done = progress_of(data.respondent.answers, asked).settled
        who = (
            f"anonymously, as {role_label(grant.role)}"
            if grant.anonymous
            else f"as {data.respondent.name} ({role_label(data.respondent.role)})"
        )
        finished = " You have pressed Finish already." if data.respondent.finished_at else ""
        self.sub_title = f"{grant.organisation_name} · {grant.period}"
        self.query_one("#start-text", Static).update(
            Text.assemble(
                (f"{grant.organisation_name} · {grant.period}\n\n", "bold"),
                f"You are answering {who}. ",
                f"You have answered {done} of {total} questions.{finished}\n\n",
                "Every answer is saved the moment you give it: you can close this window and "
                "come back with the same link until it expires. Only you and the organiser see "
                "your answers and notes"
                + (", and your notes are shown without your name." if grant.anonymous else ".")
                + "\n\nWhen you are done, choose Review and finish.",
            )
        )
        begin = self.query_one("#start-begin", Button)
        begin.label = "Carry on answering" if done else "Answer the questions"
        for button in self.query(Button):
            button.disabled = False
        begin.focus()

    def reload(self) -> None:
        """Read this respondent's answers again (after the wizard), then refresh the page."""
        app = _app(self)
        grant = app.grant
        if grant is None:
            return
        from cxaudit.services import assessing

        def got(data: WizardData) -> None:
            app.data = only_own(data)
            self.show(app.data, grant)

        self.run_db(
            lambda ws: assessing.place(
                ws, assessment_id=grant.assessment_id, respondent_id=grant.respondent_id
            ),
            got,
        )

    @on(Button.Pressed, "#start-begin")
    def action_begin(self) -> None:
        """Open the questions (with the guidance first if none is answered yet)."""
        app = _app(self)
        if app.data is not None:
            app.open_wizard(app.data, guidance=True)

    @on(Button.Pressed, "#start-guidance")
    def action_guidance(self) -> None:
        """Show how to answer."""
        from cxaudit.tui.screens.wizard.guidance import GuidanceScreen

        app = _app(self)
        if app.data is not None:
            app.push_screen(GuidanceScreen(app.data.questionnaire))

    @on(Button.Pressed, "#start-review")
    def action_review(self) -> None:
        """What is left, and Finish."""
        app = _app(self)
        data = app.data
        if data is None:
            return

        def back(question_id: str | None) -> None:
            if question_id is not None:
                app.push_screen(RespondentWizard(data, start_at=question_id))

        app.push_screen(RespondentReview(data, data.respondent.answers), back)


class RespondentWizard(WizardScreen):
    """The wizard, whose review finishes this respondent rather than the assessment."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Start page", id="wizard.leave", tooltip="All saved"),
    ]

    def review_screen(self) -> Screen[str | None]:
        """The review whose Finish marks this respondent done."""
        return RespondentReview(self.data, dict(self.answers))


class RespondentReview(ReviewScreen):
    """The review, with Finish (this respondent is done) in place of completing the assessment."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+f", "complete", "Finish", id="review.complete", tooltip="I am done"),
    ]

    def compose(self) -> ComposeResult:
        unanswered, reconfirm = self._outstanding()
        na, unknown = self._not_rated()
        yield Header()
        with VerticalScroll(id="review-body"):
            yield Label("[b]Review before finishing[/b]", classes="section-title")
            yield Static(self._summary(), id="review-summary")
            areas = Text()
            for area in self.data.questionnaire.areas:
                asked = [x.id for x in area.questions if x.id not in self.skipped]
                if not asked:
                    areas.append(f"{area.title}: does not apply   ", style="dim")
                    continue
                done = progress_of(self.answers, asked).settled
                style = "green" if done == len(asked) else "yellow"
                areas.append(f"{area.title} {done}/{len(asked)}   ", style=style)
            yield Static(areas, id="review-areas")
            options = [Option(self._line(qid), id=qid) for qid in unanswered + reconfirm]
            options += [
                Option(self._line(qid, f"N/A because {self.answers[qid].na_reason}"), id=qid)
                for qid in na
            ]
            options += [
                Option(self._line(qid, "Don't know: the organiser will find out"), id=qid)
                for qid in unknown
            ]
            options += [
                Option(self._line(qid, reason, skipped=True), disabled=True)
                for qid, reason in self.skipped.items()
            ]
            review_list = OptionList(*options, id="review-list")
            review_list.display = bool(options)
            yield review_list
            yield Static(
                "Finish tells the organiser you are done. Your answers stay saved.",
                classes="form-hint",
            )
            with Horizontal(classes="form-buttons"):
                yield Button("Back to questions", id="review-back", compact=True)
                yield Button("Finish", id="respondent-finish", variant="success", compact=True)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        a = self.data.assessment
        self.sub_title = f"Review · {a.organisation.name} · {a.period}"
        review_list = self.query_one("#review-list", OptionList)
        unanswered, reconfirm = self._outstanding()
        if review_list.display and (unanswered or reconfirm):
            review_list.focus()
        else:
            self.query_one("#respondent-finish", Button).focus()

    async def action_add_respondent(self) -> None:
        self.notify("A personal link opens only your own questions.")

    @on(Button.Pressed, "#respondent-finish")
    def _finish_pressed(self) -> None:
        self.action_complete()

    def action_complete(self) -> None:
        """Finish (asks first when questions are left)."""
        from cxaudit.tui.dialogs.confirm import ConfirmScreen

        unanswered, reconfirm = self._outstanding()
        left = len(unanswered) + len(reconfirm)
        if not left:
            self._confirmed(True)
            return
        noun = "question is" if left == 1 else "questions are"
        self.app.push_screen(
            ConfirmScreen(
                f"{left} {noun} not answered yet. Finish anyway?",
                yes="Finish anyway",
                no="Keep answering",
            ),
            self._confirmed,
        )

    def _confirmed(self, yes: bool | None) -> None:
        if yes:
            self.run_worker(self._finish(), exclusive=True, group="finish")

    async def _finish(self) -> None:
        from cxaudit.services import links

        await self.cx.flush_saves()
        respondent_id = self.data.respondent.id
        assert respondent_id is not None
        button = self.query_one("#respondent-finish", Button)
        button.disabled = True

        def failed(_: BaseException) -> None:
            button.disabled = False

        self.run_db(
            lambda ws: links.finish_respondent(ws, respondent_id=respondent_id),
            lambda _: _app(self).show_thanks(),
            on_error=failed,
        )


class ThanksScreen(CxScreen[None]):
    """After Finish."""

    DEFAULT_CSS = CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "back", "My answers", id="thanks.back", tooltip="Look at them again"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="thanks-body"):
            yield Static(Text("Thank you.", style="bold"), id="thanks-title")
            yield Static(
                "Your answers are saved and the organiser can see that you have finished. "
                "You can close this window now."
            )
            with Center():
                yield Button("Look at my answers again", id="thanks-back", compact=True)
        yield Footer(show_command_palette=False)

    @on(Button.Pressed, "#thanks-back")
    def action_back(self) -> None:
        """Back to the start page."""
        self.cx.go_home()


class RefusedScreen(CxScreen[None]):
    """The link was revoked or expired after the page opened, or the database is unavailable."""

    DEFAULT_CSS = CSS

    def __init__(self, error: str | None = None) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="refused-body"):
            if self.error is None:
                yield Static(Text("This link is not valid any more.", style="bold"))
                yield Static(
                    "It may have been revoked or have expired. Ask the person who sent it for "
                    "a new one. You can close this window."
                )
            else:
                yield Static(Text("Your questions cannot be opened just now.", style="bold"))
                yield Static(self.error)
        yield Footer(show_command_palette=False)
