"""Add another respondent to an assessment, so a whole team can answer it one after another."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select

from cxaudit.domain.model import Role
from cxaudit.services import assessing
from cxaudit.services.views import WizardData
from cxaudit.tui.base import CxModal
from cxaudit.tui.widgets.choices import ROLE_CHOICES


class AddRespondentScreen(CxModal[WizardData | None]):
    """Asks for a name and a role, adds the respondent, and hands back their place to answer
    from (None when cancelled). A failed add keeps the dialog open."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back", id="add.cancel", tooltip="Go back"),
    ]

    def __init__(self, assessment_id: int) -> None:
        super().__init__()
        self.assessment_id = assessment_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("[b]Add a respondent[/b]", classes="dialog-title")
            yield Label("Name")
            yield Input(placeholder="e.g. Sam Jones", id="add-name")
            yield Label("Role")
            yield Select(ROLE_CHOICES, value=Role.FRONTLINE, allow_blank=False, id="add-role")
            yield Checkbox(
                "Start from their answers in the last completed assessment", id="add-prefill"
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="add-cancel")
                yield Button("Add and start", id="add-ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#add-name", Input).focus()

    @on(Button.Pressed, "#add-cancel")
    def action_cancel(self) -> None:
        """Go back without adding anyone."""
        self.dismiss(None)

    @on(Input.Submitted, "#add-name")
    @on(Button.Pressed, "#add-ok")
    def _add(self) -> None:
        name = self.query_one("#add-name", Input).value.strip()
        if not name:
            self.notify("Please enter the respondent's name.", severity="error")
            self.query_one("#add-name", Input).focus()
            return
        role = self.query_one("#add-role", Select).value
        prefill = self.query_one("#add-prefill", Checkbox).value
        assessment_id = self.assessment_id

        def added(data: WizardData) -> None:
            self.dismiss(data)

        self.run_db(
            lambda ws: assessing.add_respondent(
                ws,
                assessment_id=assessment_id,
                name=name,
                role=role if isinstance(role, Role) else Role.OTHER,
                prefill=prefill,
            ),
            added,
            group="add",
        )
