"""Jump to any question or area, with every question's state marked."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from cxaudit.domain.model import Answer
from cxaudit.domain.progress import progress_of
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.tui.base import CxModal
from cxaudit.tui.widgets.marks import answer_mark


class JumpScreen(CxModal[str | None]):
    """Hands back the id of the question to open (an area opens at its first question)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back", id="jump.cancel", tooltip="Stay on this question"),
    ]

    def __init__(
        self, questionnaire: Questionnaire, answers: Mapping[str, Answer], current: str
    ) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.answers = answers
        self.current = current

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        for area in self.questionnaire.areas:
            settled = progress_of(self.answers, (q.id for q in area.questions)).settled
            header = Text.assemble(
                (area.title, "bold"), (f"  {settled}/{len(area.questions)} answered", "dim")
            )
            options.append(Option(header, id=f"area:{area.questions[0].id}"))
            for index, question in enumerate(area.questions, start=1):
                mark = answer_mark(self.answers.get(question.id))
                mark.pad_right(5 - len(mark.plain))
                line = Text.assemble("  ", mark, f"{index:>2}. ", question.prompt)
                line.truncate(200)
                options.append(Option(line, id=f"q:{question.id}"))
        with Vertical(classes="dialog", id="jump-dialog"):
            yield Label(
                "[b]Jump to a question[/b]  · unanswered  ! to confirm  ✓ answered",
                classes="dialog-title",
            )
            yield OptionList(*options, id="jump-list")

    def on_mount(self) -> None:
        jump = self.query_one("#jump-list", OptionList)
        jump.highlighted = jump.get_option_index(f"q:{self.current}")
        jump.focus()

    @on(OptionList.OptionSelected, "#jump-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        self.dismiss(option_id.split(":", 1)[1] if ":" in option_id else None)

    def action_cancel(self) -> None:
        """Stay where you were."""
        self.dismiss(None)
