"""Edit one action item of the plan: who owns it, when it is due, where it stands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from cxaudit.domain.model import ActionItem, ActionStatus
from cxaudit.tui.base import CxModal
from cxaudit.tui.widgets.choices import STATUS_CHOICES


@dataclass(frozen=True)
class ActionEdit:
    """The new owner, due date and status of an action item."""

    owner: str
    due: date | None
    status: ActionStatus


def parse_due(text: str) -> date | None:
    """A due date typed as YYYY-MM-DD (empty means none); raises ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    return date.fromisoformat(text)


class EditActionScreen(CxModal[ActionEdit | None]):
    """Hands back the edit, or None when cancelled; a bad date is refused with one sentence."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="edit.cancel", tooltip="Keep it as it was"),
    ]

    def __init__(self, item: ActionItem, title: str | Text) -> None:
        super().__init__()
        self.item = item
        self.title_text = title

    def compose(self) -> ComposeResult:
        item = self.item
        with Vertical(classes="dialog"):
            yield Label("[b]Edit action[/b]", classes="dialog-title")
            yield Static(self.title_text, classes="dialog-text")
            with Horizontal(classes="form-row"):
                yield Label("Owner", classes="form-label")
                yield Input(item.owner, placeholder="Who will do it", id="edit-owner", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Due", classes="form-label")
                yield Input(
                    item.due.isoformat() if item.due else "",
                    placeholder="YYYY-MM-DD",
                    id="edit-due",
                    compact=True,
                )
            with Horizontal(classes="form-row"):
                yield Label("Status", classes="form-label")
                yield Select(
                    STATUS_CHOICES,
                    value=item.status,
                    allow_blank=False,
                    id="edit-status",
                    compact=True,
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="edit-cancel")
                yield Button("Save", id="edit-save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#edit-owner", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#edit-save")
    def _save(self) -> None:
        due_text = self.query_one("#edit-due", Input).value
        try:
            due = parse_due(due_text)
        except ValueError:
            self.notify(
                f"'{due_text.strip()}' is not a date: write the due date as YYYY-MM-DD, "
                "for example 2026-03-31.",
                severity="error",
            )
            self.query_one("#edit-due", Input).focus()
            return
        status = self.query_one("#edit-status", Select).value
        self.dismiss(
            ActionEdit(
                owner=self.query_one("#edit-owner", Input).value.strip(),
                due=due,
                status=status if isinstance(status, ActionStatus) else self.item.status,
            )
        )

    @on(Button.Pressed, "#edit-cancel")
    def action_cancel(self) -> None:
        """Keep the action as it was."""
        self.dismiss(None)
