"""Confirm many carried-forward answers at once: those of one area, or every one left.

A quarterly repeat carries last quarter's answers forward; a respondent who finds an area
unchanged confirms it in one step instead of pressing `c` on each question. The dialog says how
many answers each choice confirms before anything is changed.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from cxaudit.tui.base import CxModal


def _answers(count: int) -> str:
    return f"{count} answer" + ("" if count == 1 else "s")


class ConfirmCarriedScreen(CxModal[str | None]):
    """Hands back "area", "all", or None when nothing is to be confirmed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="confirm_carried.cancel", tooltip="Confirm none"),
    ]

    def __init__(self, area_title: str, in_area: int, everywhere: int) -> None:
        super().__init__()
        self.area_title = area_title
        self.in_area = in_area
        self.everywhere = everywhere

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-carried"):
            yield Label("[b]Confirm carried-forward answers[/b]", classes="dialog-title")
            yield Static(
                f"{_answers(self.everywhere)} carried forward from the last assessment "
                f"{'is' if self.everywhere == 1 else 'are'} not confirmed yet, "
                f"{self.in_area} of them in {self.area_title}. Confirm only those that still "
                "describe what happens today; their notes are kept.",
                classes="dialog-text",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="carried-cancel")
                area = Button(f"Confirm {self.in_area} in {self.area_title}", id="carried-area")
                area.disabled = self.in_area == 0
                yield area
                yield Button(f"Confirm all {self.everywhere}", id="carried-all", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#carried-cancel", Button).focus()

    @on(Button.Pressed, "#carried-area")
    def _area(self) -> None:
        self.dismiss("area")

    @on(Button.Pressed, "#carried-all")
    def _all(self) -> None:
        self.dismiss("all")

    @on(Button.Pressed, "#carried-cancel")
    def action_cancel(self) -> None:
        """Confirm nothing."""
        self.dismiss(None)
