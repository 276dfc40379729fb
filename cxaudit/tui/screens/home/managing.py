"""Looking after organisations from Home: rename, sector, archive and back, delete, and showing
the archived ones again.

Every change goes through `cxaudit.services.admin`; a deletion asks first and says what goes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxaudit.services import admin
from cxaudit.tui.base import TaskMixin

if TYPE_CHECKING:
    from textual.app import App

    from cxaudit.services.views import HomeData
    from cxaudit.services.workspace import Workspace
    from cxaudit.storage.rows import PortfolioLine
    from cxaudit.tui.dialogs.organisation import OrganisationEdit


class ManagingMixin(TaskMixin):
    """Home's organisation keys; Home provides the selection and the reload."""

    if TYPE_CHECKING:
        app: App[object]
        data: HomeData | None
        show_archived: bool

        @property
        def organisation_id(self) -> int | None: ...
        def reload(self) -> None: ...

    expected_gone: int | None = None
    """An organisation deleted or archived from here: its leaving the list needs no notice."""

    def _selected_line(self) -> PortfolioLine | None:
        organisation_id = self.organisation_id
        if self.data is None or organisation_id is None:
            return None
        return next(
            (r for r in self.data.organisations if r.organisation_id == organisation_id), None
        )

    def action_profile(self) -> None:
        """Answer the selected organisation's profile questions again (they decide which
        questions its next assessments ask)."""
        from cxaudit.tui.dialogs.profile import edit_profile

        line = self._selected_line()
        if line is None:
            self.app.notify("Select an organisation first.")
            return
        edit_profile(self, line.organisation_id, line.name, self.reload)

    def action_organisation(self) -> None:
        """Rename the selected organisation, set its sector, archive or delete it."""
        from cxaudit.tui.dialogs.organisation import OrganisationScreen

        line = self._selected_line()
        if line is None:
            self.app.notify("Select an organisation first.")
            return
        self.app.push_screen(
            OrganisationScreen(
                line.name,
                line.sector or "",
                archived=line.archived,
                assessments=line.assessment_count,
            ),
            lambda edit: self._apply(line, edit),
        )

    def _apply(self, line: PortfolioLine, edit: OrganisationEdit | None) -> None:
        organisation_id = line.organisation_id
        if edit is None:
            return
        if edit.choice == "delete":
            self._confirm_delete(line)
            return
        if edit.choice in ("archive", "unarchive"):
            archived = edit.choice == "archive"
            if archived and not self.show_archived:
                self.expected_gone = organisation_id
            said = (
                f"{line.name} is archived: it has left the list (A shows archived ones)."
                if archived
                else f"{line.name} is back on the list."
            )
            self.run_db(
                lambda ws: admin.set_archived(
                    ws, organisation_id=organisation_id, archived=archived
                ),
                lambda _: self._done(said),
            )
            return
        name, sector = edit.name, edit.sector

        def save(ws: Workspace) -> None:
            if name != line.name:
                admin.rename_organisation(ws, organisation_id=organisation_id, name=name)
            if sector != (line.sector or ""):
                admin.set_sector(ws, organisation_id=organisation_id, sector=sector)

        self.run_db(save, lambda _: self._done(f"{name} saved."))

    def _confirm_delete(self, line: PortfolioLine) -> None:
        from cxaudit.tui.dialogs.confirm import ConfirmScreen

        organisation_id = line.organisation_id
        count = line.assessment_count
        what = f"its {count} assessment" + ("" if count == 1 else "s") if count else "it"

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            self.expected_gone = organisation_id
            self.run_db(
                lambda ws: admin.delete_organisation(ws, organisation_id=organisation_id),
                lambda _: self._done(f"{line.name} was deleted."),
            )

        self.app.push_screen(
            ConfirmScreen(
                f"Delete {line.name} and {what}, with every answer, note and action? "
                "This cannot be undone: only a backup brings it back. Archiving instead keeps "
                "its history.",
                yes="Delete for good",
                no="Keep it",
            ),
            answered,
        )

    def _done(self, said: str) -> None:
        self.app.notify(said)
        self.reload()

    def action_toggle_archived(self) -> None:
        """Show the archived organisations too, or hide them again."""
        self.show_archived = not self.show_archived
        self.app.notify(
            "Archived organisations are shown (dimmed)."
            if self.show_archived
            else "Archived organisations are hidden."
        )
        self.reload()
