"""A yes/no confirmation."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from cxaudit.tui.base import CxModal


class ConfirmScreen(CxModal[bool]):
    """Asks one question; hands back True only on an explicit yes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "no", "No", id="confirm.no", tooltip="Do not go ahead"),
        Binding("y", "yes", "Yes", id="confirm.yes", tooltip="Go ahead"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.no_label, id="confirm-no")
                yield Button(self.yes_label, id="confirm-yes", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def action_yes(self) -> None:
        """Go ahead."""
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_no(self) -> None:
        """Do not go ahead."""
        self.dismiss(False)
