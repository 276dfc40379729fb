"""Shown instead of everything else while the terminal is smaller than cxaudit can draw."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import ModalScreen
from textual.widgets import Static

if TYPE_CHECKING:
    from cxaudit.tui.host import Host

MIN_WIDTH = 80
MIN_HEIGHT = 24


class TooSmallScreen(ModalScreen[None]):
    """Asks for a bigger terminal; the app removes it as soon as the terminal is big enough."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "app.quit", "Quit", id="too_small.quit", tooltip="Leave cxaudit"),
    ]

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(id="too-small-message")

    def on_mount(self) -> None:
        self._describe()

    def on_resize(self) -> None:
        self._describe()
        self.call_later(self.app_check_size)

    def app_check_size(self) -> None:
        """Let the app remove this screen once the terminal is big enough."""
        cast("Host", self.app).check_size()

    def _describe(self) -> None:
        width, height = self.app.size
        self.query_one("#too-small-message", Static).update(
            f"Terminal too small\n\ncxaudit needs at least {MIN_WIDTH}×{MIN_HEIGHT};"
            f" this one is {width}×{height}.\nMake the window larger to carry on"
            " (nothing is lost).\n\nctrl+q quits."
        )
