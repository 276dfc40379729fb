"""Set an organisation's area targets: the score each area should reach, 1.0 to 5.0.

Gaps, and the plans made from now on, are measured against them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from cxaudit.domain.format import fmt_score
from cxaudit.domain.targets import check_target
from cxaudit.errors import ValidationProblem
from cxaudit.tui.base import CxModal, describe_error


class TargetsScreen(CxModal[dict[str, float] | None]):
    """Hands back every area's target, or None when cancelled; a value the domain's check
    refuses (not a score from 1.0 to 5.0) keeps the dialog open with its one sentence."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="targets.cancel", tooltip="Keep the targets"),
    ]

    def __init__(self, organisation: str, areas: Sequence[tuple[str, str, float]]) -> None:
        super().__init__()
        self.organisation = organisation
        self.areas = tuple(areas)
        """(area id, title, current target) in questionnaire order."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="targets-dialog"):
            yield Label(
                Text.assemble((f"Targets for {self.organisation}", "bold")),
                classes="dialog-title",
            )
            yield Static(
                "The score each area should reach (1.0 to 5.0). Gaps are measured against them "
                "from now on; plans already made keep their actions.",
                classes="dialog-text",
            )
            for area_id, title, target in self.areas:
                with Horizontal(classes="form-row"):
                    yield Label(title, classes="form-label")
                    yield Input(fmt_score(target), id=f"target-{area_id}", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="targets-cancel")
                yield Button("Save targets", id="targets-save", variant="primary")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#targets-save")
    def _save(self) -> None:
        targets: dict[str, float] = {}
        for area_id, title, _ in self.areas:
            field = self.query_one(f"#target-{area_id}", Input)
            try:
                # The domain's one check, named by the area's title as the user sees it.
                targets[area_id] = check_target(title, field.value.strip().replace(",", "."))
            except ValidationProblem as exc:
                self.notify(describe_error(exc), severity="error")
                field.focus()
                return
        self.dismiss(targets)

    @on(Button.Pressed, "#targets-cancel")
    def action_cancel(self) -> None:
        """Keep the targets as they were."""
        self.dismiss(None)
