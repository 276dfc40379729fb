"""Home's welcome for an empty database: what cxaudit is, and the two ways to begin.

Built only when it is first shown: most starts list organisations, and every widget composed
would cost Home's first frame its styling.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Static

from cxaudit.tui.base import TaskMixin

if TYPE_CHECKING:
    from textual.dom import DOMNode

    _Base = DOMNode
else:
    _Base = object


class WelcomeMixin(TaskMixin, _Base):
    """The welcome panel (`#home-welcome`, composed empty by Home) and its buttons."""

    if TYPE_CHECKING:

        def action_load_demo(self) -> None:
            """Load the demo organisations (Home provides it)."""

    def _focus_create(self) -> None:
        for button in self.query("#welcome-create").results(Button):
            button.focus()

    def _show_welcome(self) -> None:
        """Fill in the welcome for an empty database, the first time it is shown."""
        welcome = self.query_one("#home-welcome", Vertical)
        if welcome.children:
            return
        welcome.mount(
            Static(
                "[b]Welcome to cxaudit[/b]\n\n"
                "Assess how well your organisation leads, runs, equips and motivates its people "
                "to serve customers, one described level at a time. Nothing is here yet.",
                id="welcome-text",
            ),
            Center(
                Horizontal(
                    Button("Load demo data", id="welcome-demo", variant="default"),
                    Button("Create an organisation", id="welcome-create", variant="primary"),
                    id="welcome-buttons",
                )
            ),
        )

    @on(Button.Pressed, "#welcome-demo")
    def _welcome_demo(self) -> None:
        self.action_load_demo()

    @on(Button.Pressed, "#welcome-create")
    def _welcome_create(self) -> None:
        self.cx.new_assessment()
