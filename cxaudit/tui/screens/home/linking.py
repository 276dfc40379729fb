"""Personal links from Home: `l` opens the Links view of the selected draft or organisation.

With the drafts list in focus it is the selected draft's period; otherwise the selected
organisation's most recently touched draft, or, with no draft, the period a new assessment
would take (creating links there starts its draft).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen
from textual.widgets import DataTable

from cxaudit.domain.periods import next_free_period
from cxaudit.tui.base import TaskMixin
from cxaudit.tui.widgets.tables import cursor_key

if TYPE_CHECKING:
    from textual.app import App

    from cxaudit.services.views import HomeData


class LinkingMixin(TaskMixin):
    """Home's links key; Home provides the selection."""

    if TYPE_CHECKING:
        app: App[object]
        data: HomeData | None

        @property
        def organisation_id(self) -> int | None: ...

    def links_target(self) -> tuple[int, str, str] | None:
        """(organisation id, name, period) the Links view opens for, or None with nothing
        selected."""
        if self.data is None:
            return None
        home = cast("Screen[None]", self)
        drafts = home.query_one("#drafts", DataTable)
        if drafts.has_focus and drafts.display:
            key = cursor_key(drafts)
            draft = next((d for d in self.data.drafts if str(d.assessment_id) == key), None)
            if draft is not None:
                return draft.organisation_id, draft.organisation, draft.period
        organisation_id = self.organisation_id
        line = next(
            (r for r in self.data.organisations if r.organisation_id == organisation_id), None
        )
        if line is None:
            return None
        # Drafts come most recently touched first.
        draft = next((d for d in self.data.drafts if d.organisation_id == organisation_id), None)
        if draft is not None:
            period = draft.period
        else:
            # The period a new assessment would take: of the kind the organisation uses (a
            # half-yearly client gets 2026-H2, not a quarter), past its latest assessment.
            taken = [line.latest_period] if line.latest_period else []
            period = next_free_period(self.cx.today, taken)
        return line.organisation_id, line.name, period

    def action_links(self) -> None:
        """Open the personal links of the selected draft (or organisation)."""
        target = self.links_target()
        if target is None:
            self.app.notify("Select an organisation or a draft first.")
            return
        # The app has no `open_links` yet; the Links view is pushed from here meanwhile.
        from cxaudit.tui.screens.links import LinksScreen

        organisation_id, organisation, period = target
        self.app.push_screen(
            LinksScreen(organisation_id=organisation_id, organisation=organisation, period=period)
        )
