"""The reason an answer is N/A: a practice that cannot apply must say why."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from cxaudit.tui.base import CxModal


class NaReasonScreen(CxModal[str | None]):
    """Asks why a practice cannot apply; an empty reason is refused with one sentence."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="na.cancel", tooltip="Keep the answer as it was"),
    ]

    def __init__(self, prompt: str, reason: str = "") -> None:
        super().__init__()
        self.prompt = prompt
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("[b]Not applicable[/b]", classes="dialog-title")
            yield Static(self.prompt, classes="dialog-text")
            yield Label("Why can this practice not apply to your organisation?")
            yield Input(
                self.reason, placeholder="e.g. We have no contact centre at all", id="na-reason"
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="na-cancel")
                yield Button("Mark N/A", id="na-ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#na-reason", Input).focus()

    @on(Input.Submitted, "#na-reason")
    @on(Button.Pressed, "#na-ok")
    def _ok(self) -> None:
        reason = self.query_one("#na-reason", Input).value.strip()
        if not reason:
            self.notify(
                "An N/A answer needs a reason: say why the practice cannot apply.",
                severity="error",
            )
            self.query_one("#na-reason", Input).focus()
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#na-cancel")
    def action_cancel(self) -> None:
        """Leave the answer as it was."""
        self.dismiss(None)
