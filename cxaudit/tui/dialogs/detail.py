"""A row's full text: what a table had to cut short, readable and scrollable by keyboard."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from cxaudit.tui.base import CxModal


class DetailScreen(CxModal[None]):
    """Shows `body` under `title`; ↑ ↓ and page keys scroll, escape or enter closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,q", "close", "Close", id="detail.close", tooltip="Back to the table"),
    ]

    def __init__(self, title: str, body: Text) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="detail-dialog"):
            yield Label(
                Text.assemble((self.title_text, "bold"), ("  esc closes", "dim")),
                classes="dialog-title",
            )
            with VerticalScroll(id="detail-body"):
                yield Static(self.body, id="detail-text")

    def on_mount(self) -> None:
        self.query_one("#detail-body").focus()

    def action_close(self) -> None:
        """Back to the table."""
        self.dismiss(None)
