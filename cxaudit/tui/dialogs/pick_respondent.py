"""Choose who is answering when a draft already has several respondents.

Each is listed with their progress as the domain counts it, so the numbers match Home, the
wizard and the review for the same person.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from cxaudit.domain.progress import progress_in
from cxaudit.domain.wording import role_label
from cxaudit.services.views import WizardData
from cxaudit.tui.base import CxModal


class PickRespondentScreen(CxModal[int | None]):
    """Hands back the chosen respondent's id, `NEW` to add someone, or None to go back."""

    NEW = -1
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back", id="pick.cancel", tooltip="Go back"),
    ]

    def __init__(self, data: WizardData) -> None:
        super().__init__()
        self.data = data

    def compose(self) -> ComposeResult:
        assessment = self.data.assessment
        questionnaire = self.data.questionnaire
        with Vertical(classes="dialog"):
            yield Label(
                f"[b]Who is answering?[/b]  {assessment.organisation.name} · {assessment.period}",
                classes="dialog-title",
            )
            options = [
                Option(
                    Text(
                        f"{r.name} ({role_label(r.role)}) · "
                        + progress_in(r.answers, questionnaire, assessment.profile).label
                    ),
                    id=str(r.id),
                )
                for r in assessment.respondents
            ]
            options.append(Option("+ Add a new respondent", id=str(self.NEW)))
            yield OptionList(*options, id="pick-list")

    @on(OptionList.OptionSelected, "#pick-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        """Go back without choosing."""
        self.dismiss(None)
