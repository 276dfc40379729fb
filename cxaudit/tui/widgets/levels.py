"""The five described levels of one question, as a list to choose from by key or mouse."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cxaudit.domain.model import Answer
from cxaudit.domain.questionnaire import Question


class LevelList(OptionList, inherit_bindings=False):
    """Levels 1 to 5 with their descriptors; the chosen level carries a filled marker.

    It keeps the option list's own keys but not the sideways scrolling keys it would inherit,
    so ← and → reach the wizard (previous and next question).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("enter", "select", "Choose", show=False),
    ]

    def show(self, question: Question, answer: Answer | None) -> None:
        """Show `question`'s levels, marking and highlighting the level given, if any."""
        chosen = answer.level if answer is not None else None
        options: list[Option] = []
        for level, descriptor in enumerate(question.levels, start=1):
            mark = "●" if level == chosen else "○"
            grid = Table.grid(padding=(0, 1), expand=True)
            grid.add_column(width=3, no_wrap=True)
            grid.add_column(ratio=1)
            grid.add_row(
                Text.assemble(
                    (mark, "bold green" if level == chosen else "dim"), (f" {level}", "bold")
                ),
                Text(descriptor, style="bold" if level == chosen else ""),
            )
            options.append(Option(grid, id=f"level-{level}"))
        self.set_options(options)
        self.highlighted = (chosen - 1) if chosen is not None else 0
        self.scroll_home(animate=False)

    @property
    def highlighted_level(self) -> int | None:
        """The level under the cursor."""
        return None if self.highlighted is None else self.highlighted + 1
