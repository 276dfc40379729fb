"""New assessment: who is assessed, for which period, who answers, and how to start.

A new organisation answers the questionnaire's profile questions here, once (each yes or no,
its default ticked): they decide which questions its assessments ask.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Footer,
    Header,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Select,
    Static,
)

from cxaudit.domain.model import Role
from cxaudit.errors import ValidationProblem
from cxaudit.services import assessing, portfolio
from cxaudit.services.views import SetupData, WizardData
from cxaudit.tui.base import CxScreen, describe_error
from cxaudit.tui.widgets.choices import ROLE_CHOICES
from cxaudit.tui.widgets.profile import ProfileQuestions

NEW_ORGANISATION = -1
LOADING = -2


class NewAssessmentScreen(CxScreen[None]):
    """The form that starts an assessment and opens its first question."""

    DEFAULT_CSS: ClassVar[str] = """
    #new-profile-box {
        height: auto;
    }
    #new-profile-hint {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="new.back", tooltip="Back without starting"),
        Binding("ctrl+s", "start", "Start", id="new.start", tooltip="Start the assessment"),
        # In a field "?" is typed, so the footer offers F1 for help.
        Binding("f1", "app.help", "Help", id="new.help", tooltip="Every key"),
    ]

    def __init__(self, organisation_id: int | None = None) -> None:
        super().__init__()
        self.organisation_id = organisation_id
        self.setup: SetupData | None = None
        self._suggested = ""
        """The period last put in the form for the user (replaced when the organisation
        changes, unless the user has typed their own)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="new-form"):
            yield Label("[b]New assessment[/b]", classes="form-title")
            with Horizontal(classes="form-row"):
                yield Label("Organisation", classes="form-label")
                # A stand-in option until the list arrives: a blank entry would stay in the list.
                yield Select[int](
                    [("Loading…", LOADING)],
                    value=LOADING,
                    allow_blank=False,
                    id="new-org",
                    compact=True,
                )
            with Vertical(id="new-org-fields"):
                with Horizontal(classes="form-row"):
                    yield Label("Name", classes="form-label")
                    yield Input(placeholder="Organisation name", id="new-org-name", compact=True)
                with Horizontal(classes="form-row"):
                    yield Label("Sector", classes="form-label")
                    yield Input(
                        placeholder="e.g. Retail (optional)", id="new-org-sector", compact=True
                    )
                with Horizontal(classes="form-row", id="new-profile-row"):
                    yield Label("About it", classes="form-label")
                    with Vertical(id="new-profile-box"):
                        yield ProfileQuestions(id="new-profile")
                        yield Static(
                            "Tick what is true: a question that does not fit is not asked. "
                            "Changing them later affects only assessments started after.",
                            id="new-profile-hint",
                        )
            with Horizontal(classes="form-row"):
                yield Label("Period", classes="form-label")
                yield Input(id="new-period", compact=True)
            yield Static(
                "A quarter (2026-Q1 or Q1 2026), half (2026-H1), month (2026-10) or year "
                "(2026); the next one this organisation has no assessment for is suggested.",
                classes="form-hint",
            )
            with Horizontal(classes="form-row"):
                yield Label("Your name", classes="form-label")
                yield Input(placeholder="Who is answering", id="new-name", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Your role", classes="form-label")
                yield Select(
                    ROLE_CHOICES, value=Role.LEADER, allow_blank=False, id="new-role", compact=True
                )
            with Horizontal(classes="form-row"):
                yield Label("Questionnaire", classes="form-label")
                yield Select[str](
                    [("Loading…", "")],
                    value="",
                    allow_blank=False,
                    id="new-questionnaire",
                    compact=True,
                )
            with Horizontal(classes="form-row", id="new-start-row"):
                yield Label("Start", classes="form-label")
                with RadioSet(id="new-start-mode", compact=True):
                    yield RadioButton("Blank", value=True, id="start-blank")
                    yield RadioButton("Carry forward the last assessment", id="start-carry")
            with Horizontal(classes="form-buttons"):
                yield Button("Cancel", id="new-cancel", compact=True)
                yield Button("Start assessment", id="new-go", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        from cxaudit.domain.periods import current_period

        self.sub_title = "New assessment"
        self._suggested = current_period(self.cx.today)
        self.query_one("#new-period", Input).value = self._suggested
        self.query_one("#new-profile-row").display = False  # until the questionnaire is known
        # Opened for a chosen organisation, the new-organisation fields stay hidden while the
        # lists load, so the form does not shift under the user's eyes when they arrive.
        self.query_one("#new-org-fields").display = self.organisation_id is None
        self.run_db(portfolio.setup, self._fill, group="setup")

    def _fill(self, setup: SetupData) -> None:
        self.setup = setup
        org_select = self.query_one("#new-org", Select)
        options: list[tuple[str, int]] = [("New organisation…", NEW_ORGANISATION)]
        options += [(o.name, o.id) for o in setup.organisations if o.id is not None]
        org_select.set_options(options)
        chosen = self.organisation_id
        if chosen is None or not any(value == chosen for _, value in options):
            chosen = NEW_ORGANISATION
        org_select.value = chosen
        q_select = self.query_one("#new-questionnaire", Select)
        if setup.questionnaires:
            q_select.set_options([(c.label, c.ref) for c in setup.questionnaires])
        else:
            q_select.set_options([("No questionnaire could be loaded", "")])
            self.notify("No questionnaire could be loaded.", severity="error")
        if setup.default_ref is not None:
            q_select.value = setup.default_ref
        self._questionnaire_changed()
        self._org_changed()
        if chosen == NEW_ORGANISATION:
            self.query_one("#new-org-name", Input).focus()
        else:
            self.query_one("#new-name", Input).focus()

    @on(Select.Changed, "#new-org")
    def _org_changed(self) -> None:
        value = self.query_one("#new-org", Select).value
        if value == LOADING:
            return
        is_new = value == NEW_ORGANISATION or value is Select.NULL
        self._suggest_period(None if is_new or not isinstance(value, int) else value)
        self.query_one("#new-org-fields").display = is_new
        can_carry = (
            not is_new
            and self.setup is not None
            and isinstance(value, int)
            and value in self.setup.completed
        )
        self.query_one("#new-start-row").display = can_carry
        if not can_carry:
            self.query_one("#start-blank", RadioButton).value = True

    @on(Select.Changed, "#new-questionnaire")
    def _questionnaire_changed(self) -> None:
        """Ask the chosen questionnaire's profile questions (keeping the answers ticked so far
        for the flags it shares with the one before)."""
        if self.setup is None:
            return
        ref = self.query_one("#new-questionnaire", Select).value
        choice = next((c for c in self.setup.questionnaires if c.ref == ref), None)
        flags = choice.questionnaire.profile if choice is not None else ()
        profile = self.query_one("#new-profile", ProfileQuestions)
        self.query_one("#new-profile-row").display = bool(flags)
        self.run_worker(profile.show(flags, profile.answers), group="profile")

    def _suggest_period(self, organisation_id: int | None) -> None:
        """Put the next period with no assessment in the form, unless the user typed one."""
        from cxaudit.domain.periods import current_period, next_free_period

        period = self.query_one("#new-period", Input)
        if period.value.strip() not in ("", self._suggested):
            return
        today = self.cx.today
        if organisation_id is None:
            self._suggested = period.value = current_period(today)
            return

        def suggest(taken: tuple[str, ...]) -> None:
            if period.value.strip() in ("", self._suggested):
                self._suggested = period.value = next_free_period(today, taken)

        self.run_db(
            lambda ws: portfolio.periods_taken(ws, organisation_id=organisation_id),
            suggest,
            group="periods",
        )

    @on(Button.Pressed, "#new-cancel")
    def _cancel(self) -> None:
        self.app.pop_screen()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "new-name":
            self.action_start()
        else:
            self.focus_next()

    @on(Button.Pressed, "#new-go")
    def action_start(self) -> None:
        """Check the form, then start the assessment in a worker."""
        from cxaudit.domain.periods import parse_period

        if self.setup is None:
            self.notify("Still loading; try again in a moment.")
            return
        org_value = self.query_one("#new-org", Select).value
        organisation_id = org_value if isinstance(org_value, int) else NEW_ORGANISATION
        new_name = self.query_one("#new-org-name", Input).value.strip()
        sector = self.query_one("#new-org-sector", Input).value.strip()
        period_text = self.query_one("#new-period", Input).value
        name = self.query_one("#new-name", Input).value.strip()
        role_value = self.query_one("#new-role", Select).value
        role = role_value if isinstance(role_value, Role) else Role.OTHER
        ref = self.query_one("#new-questionnaire", Select).value
        carry = self.query_one("#start-carry", RadioButton).value
        if organisation_id == NEW_ORGANISATION and not new_name:
            self._problem("Please enter a name for the new organisation.", "#new-org-name")
            return
        try:
            period = parse_period(period_text).label
        except ValidationProblem as exc:
            self._problem(describe_error(exc), "#new-period")
            return
        if not name:
            self._problem("Please enter the name of the person answering.", "#new-name")
            return
        choice = next((c for c in self.setup.questionnaires if c.ref == ref), None)
        if choice is None:
            self._problem("Please choose a questionnaire.", "#new-questionnaire")
            return
        questionnaire = choice.questionnaire
        new_profile = {
            flag_id: answer
            for flag_id, answer in self.query_one("#new-profile", ProfileQuestions).answers.items()
            if questionnaire.has_profile_flag(flag_id)
        }
        self.query_one("#new-go", Button).disabled = True

        def started(data: WizardData) -> None:
            self.cx.open_wizard(data, guidance=True, from_home=True)

        def failed(_: BaseException) -> None:
            self.query_one("#new-go", Button).disabled = False

        self.run_db(
            lambda ws: assessing.start(
                ws,
                organisation_id=None if organisation_id == NEW_ORGANISATION else organisation_id,
                new_name=new_name,
                new_sector=sector,
                period=period,
                questionnaire=questionnaire,
                respondent_name=name,
                role=role,
                carry_forward=carry,
                new_profile=new_profile if organisation_id == NEW_ORGANISATION else None,
            ),
            started,
            group="start",
            on_error=failed,
        )

    def _problem(self, sentence: str, selector: str) -> None:
        self.notify(sentence, severity="error")
        self.query_one(selector).focus()
