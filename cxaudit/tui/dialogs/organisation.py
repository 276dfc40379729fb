"""Look after one organisation: rename it, set its sector, archive it (or bring it back), or
delete it. The dialog only says what the user chose; the screen that opened it does the work,
and asks again before a deletion."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from cxaudit.tui.base import CxModal

Choice = Literal["save", "archive", "unarchive", "delete"]


@dataclass(frozen=True)
class OrganisationEdit:
    """What to do to the organisation: save a new name and sector, archive, unarchive or
    delete it."""

    choice: Choice
    name: str = ""
    sector: str = ""


class OrganisationScreen(CxModal[OrganisationEdit | None]):
    """Hands back the user's choice, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="organisation.cancel", tooltip="Change nothing"),
    ]

    def __init__(self, name: str, sector: str, *, archived: bool, assessments: int) -> None:
        super().__init__()
        self.name_now = name
        self.sector_now = sector
        self.archived = archived
        self.assessments = assessments

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="organisation-dialog"):
            yield Label(
                Text.assemble(("Organisation", "bold"), ("  esc cancels", "dim")),
                classes="dialog-title",
            )
            with Horizontal(classes="form-row"):
                yield Label("Name", classes="form-label")
                yield Input(self.name_now, id="org-name", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Sector", classes="form-label")
                yield Input(
                    self.sector_now,
                    placeholder="e.g. Retail (optional)",
                    id="org-sector",
                    compact=True,
                )
            count = f"{self.assessments} assessment" + ("" if self.assessments == 1 else "s")
            yield Static(
                (
                    "Archived: left out of Home's list (A shows it again), its history kept. "
                    if self.archived
                    else "Archiving leaves its history whole; A on Home shows archived ones. "
                )
                + f"Deleting removes it and its {count} for good.",
                classes="dialog-text",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Delete…", id="org-delete", variant="error")
                if self.archived:
                    yield Button("Unarchive", id="org-unarchive")
                else:
                    yield Button("Archive", id="org-archive")
                yield Button("Cancel", id="org-cancel")
                yield Button("Save", id="org-save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#org-name", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#org-save")
    def _save(self) -> None:
        name = self.query_one("#org-name", Input).value.strip()
        if not name:
            self.notify("An organisation needs a name.", severity="error")
            self.query_one("#org-name", Input).focus()
            return
        sector = self.query_one("#org-sector", Input).value.strip()
        self.dismiss(OrganisationEdit("save", name, sector))

    @on(Button.Pressed, "#org-archive")
    def _archive(self) -> None:
        self.dismiss(OrganisationEdit("archive"))

    @on(Button.Pressed, "#org-unarchive")
    def _unarchive(self) -> None:
        self.dismiss(OrganisationEdit("unarchive"))

    @on(Button.Pressed, "#org-delete")
    def _delete(self) -> None:
        self.dismiss(OrganisationEdit("delete"))

    @on(Button.Pressed, "#org-cancel")
    def action_cancel(self) -> None:
        """Change nothing."""
        self.dismiss(None)
