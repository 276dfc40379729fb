"""The questionnaire's guidance, read once before the first question."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Header, Markdown

from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.tui.base import CxScreen


class GuidanceScreen(CxScreen[None]):
    """How to answer well: rate what happens today, use N/A and "don't know" honestly."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "begin", "Begin", id="guidance.begin", tooltip="First question"),
    ]

    def __init__(self, questionnaire: Questionnaire) -> None:
        super().__init__()
        self.questionnaire = questionnaire

    def compose(self) -> ComposeResult:
        q = self.questionnaire
        points = "\n".join(f"- {point}" for point in q.guidance.points)
        text = (
            f"# Before you start\n\n{q.guidance.intro}\n\n{points}\n\n"
            f"There are {len(q.questions)} questions in {len(q.areas)} areas. Every answer is "
            "saved the moment you give it, so you can stop at any time and carry on later."
        )
        yield Header()
        with Vertical(id="guidance"):
            with VerticalScroll(id="guidance-body"):
                yield Markdown(text)
            with Center():
                yield Button("Begin", id="guidance-begin", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.questionnaire.title
        self.query_one("#guidance-begin", Button).focus()

    @on(Button.Pressed, "#guidance-begin")
    def action_begin(self) -> None:
        """Go to the first question."""
        self.app.pop_screen()
