"""Which report to write: the full report or the board summary, as a PDF or a Word document."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from cxaudit.tui.base import CxModal

CHOICES = (
    ("full", "pdf", "Full report, PDF (every section and appendix)"),
    ("board", "pdf", "Board summary, PDF (four pages at most)"),
    ("full", "docx", "Full report, Word document (to edit before it goes out)"),
    ("board", "docx", "Board summary, Word document"),
)


class ReportChoiceScreen(CxModal[tuple[str, str] | None]):
    """Hands back (profile, file format), or None to write nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back", id="report.cancel", tooltip="Write nothing"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("[b]Which report?[/b]", classes="dialog-title")
            yield OptionList(
                *(Option(text, id=f"{profile}:{fmt}") for profile, fmt, text in CHOICES),
                id="report-choice",
            )

    def on_mount(self) -> None:
        self.query_one("#report-choice", OptionList).focus()

    @on(OptionList.OptionSelected, "#report-choice")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        profile, _, fmt = (event.option.id or "full:pdf").partition(":")
        self.dismiss((profile, fmt))

    def action_cancel(self) -> None:
        """Write nothing."""
        self.dismiss(None)
