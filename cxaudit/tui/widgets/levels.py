"""The five described levels of one question, as a list to choose from by key or mouse."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cxaudit.domain.model import Answer
from cxaudit.domain.questionnaire import Question


class LevelList(OptionList):
    """Levels 1 to 5 with their descriptors; the chosen level carries a filled marker."""

    def show(self, question: Question, answer: Answer | None) -> None:
        """Show `question`'s levels, marking and highlighting the level given, if any."""
        chosen = answer.level if answer is not None else None
        options: list[Option] = []
        for level, descriptor in enumerate(question.levels, start=1):
            mark = "●" if level == chosen else "○"
            text = Text.assemble(
                (f"{mark} ", "bold green" if level == chosen else "dim"),
                (f"{level}  ", "bold"),
                descriptor,
            )
            options.append(Option(text, id=f"level-{level}"))
        self.set_options(options)
        self.highlighted = (chosen - 1) if chosen is not None else 0
        self.scroll_home(animate=False)

    @property
    def highlighted_level(self) -> int | None:
        """The level under the cursor."""
        return None if self.highlighted is None else self.highlighted + 1
