"""Home: every organisation with its latest result, the drafts to resume, and a first-run offer."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Header, Label, Static

from cxaudit.domain.format import DASH, fmt_score
from cxaudit.domain.wording import known_trend
from cxaudit.tui.base import CxFooter, CxScreen
from cxaudit.tui.screens.home.linking import LinkingMixin
from cxaudit.tui.screens.home.managing import ManagingMixin
from cxaudit.tui.screens.home.reading import answered_text, load_demo, overdue
from cxaudit.tui.screens.home.welcome import WelcomeMixin
from cxaudit.tui.widgets.cells import due_cell, trend_text
from cxaudit.tui.widgets.tables import Cell, Column, FitTable, cursor_key

if TYPE_CHECKING:
    from cxaudit.services.views import HomeData
    from cxaudit.storage.rows import PortfolioLine


log = logging.getLogger(__name__)

REFRESH_SECONDS = 20.0
"""How often Home, while it is on screen, reads the lists again for changes made elsewhere."""
LATE_STYLE = "bold white on dark_red"
ORGANISATION_COLUMNS = (
    Column("Organisation", flex=True),
    Column("Latest"),
    Column("Overall"),
    Column("Stage"),
    Column("Trend"),
    Column("Next due"),
    Column("Late", key="late"),
    Column("Sector", flex=True, drop_below=100),
)
DRAFT_COLUMNS = (
    Column("Organisation", flex=True),
    Column("Period"),
    Column("Respondents"),
    Column("Answered"),
)


class HomeScreen(WelcomeMixin, LinkingMixin, ManagingMixin, CxScreen[None]):
    """Where cxaudit opens: organisations, drafts, and what to do first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New assessment", id="home.new", tooltip="For the selected one"),
        Binding("r", "results", "Results", id="home.results", tooltip="Latest results"),
        Binding("h", "history", "History", id="home.history", tooltip="Periods and trend"),
        Binding("o", "organisation", "Manage", id="home.organisation", tooltip="Rename, archive…"),
        # At 80 columns the footer holds n, r, h, o, ctrl+q and ? beside the palette key, so
        # the keys below are left to Help and the command palette.
        Binding(
            "a",
            "add_respondent",
            "Add respondent",
            id="home.add",
            tooltip="To the selected draft",
            show=False,
        ),
        Binding(
            "A",
            "toggle_archived",
            "Archived",
            id="home.archived",
            tooltip="Show or hide archived organisations",
            show=False,
        ),
        Binding("d", "load_demo", "Demo", id="home.demo", tooltip="Load the demo", show=False),
        Binding(
            "l",
            "links",
            "Links",
            id="home.links",
            tooltip="Personal links of the selected draft: who has finished",
            show=False,
        ),
        Binding(
            "p",
            "profile",
            "Profile",
            id="home.profile",
            tooltip="Which questions apply to the selected organisation",
            show=False,
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: HomeData | None = None
        self.late: dict[int, tuple[int, int]] = {}
        """Per organisation: its current plan and how many of its actions are overdue."""
        self.show_archived = False
        """Whether archived organisations are listed too (A)."""

    def compose(self) -> ComposeResult:
        yield Header()
        # The welcome (for an empty database) is filled in only when it is shown: most starts
        # list organisations, and every widget composed costs the first frame its styling.
        yield Vertical(id="home-welcome")
        with Vertical(id="home-main"):
            yield Label("Organisations", classes="section-title")
            yield FitTable(id="orgs")
            yield Static(id="org-info")
            yield Label("Drafts to resume", classes="section-title", id="drafts-title")
            yield FitTable(id="drafts")
        yield Static("Opening the database…", id="home-status")
        yield CxFooter()

    def on_mount(self) -> None:
        self.query_one("#home-welcome").display = False
        if not self._first_look():
            self.query_one("#orgs", DataTable).loading = True
        self.reload()
        self.set_interval(REFRESH_SECONDS, self._refresh_if_shown)
        self.watch(self.app, "app_focus", self._focus_changed, init=False)

    def _refresh_if_shown(self) -> None:
        """Read the lists again when Home is what the user sees (changes made elsewhere)."""
        if self.is_current and self.data is not None and self.cx.workspace is not None:
            self.reload()

    def _focus_changed(self, focused: bool) -> None:
        """Back from another window (perhaps the command line): show what changed meanwhile."""
        if focused:
            self._refresh_if_shown()

    def _first_look(self) -> bool:
        """Show the lists read straight from the file while the database is still opening;
        whether they could be.

        A few milliseconds, read-only, and only for a SQLite file already at this version's
        schema; otherwise Home shows a loading indicator until the database is open.
        """
        from cxaudit.services.portfolio import first_look

        if self.cx.workspace is not None or self.cx.database_error is not None:
            return False
        try:
            seen = first_look(self.cx.db_url, today=self.cx.today)
        except Exception:  # noqa: BLE001 - the proper open reports any problem
            log.exception("the first look at the database failed")
            return False
        if seen is None:
            return False
        self.show(seen)
        self.query_one("#home-status", Static).update("Opening the database…")
        return True

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.reload()

    # -- data -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch organisations and drafts again."""
        status = self.query_one("#home-status", Static)
        if self.cx.database_error is not None:
            status.update(f"[b red]The database could not be opened:[/] {self.cx.database_error}")
            self.query_one("#orgs", DataTable).loading = False
            if self.data is not None:
                # Lists shown from the first look are not kept up once the open has failed.
                self.data = None
                self.query_one("#orgs", DataTable).clear()
                self.query_one("#drafts", DataTable).clear()
                self.query_one("#home-main").display = False
            return
        if self.cx.workspace is None:
            return
        status.update(f"Database: {self.cx.workspace.display_url}")
        from cxaudit.services import portfolio

        archived = self.show_archived
        # Only the latest read is shown: an earlier one may finish after it, with older data.
        self._reads = getattr(self, "_reads", 0) + 1
        read = self._reads

        def latest(data: HomeData) -> None:
            if read == self._reads:
                self.show(data)

        self.run_db(lambda ws: portfolio.home(ws, include_archived=archived), latest, group="home")

    def show(self, data: HomeData) -> None:
        """Fill the tables with `data` (read by a worker) and hide the loading indicator."""
        previous, self.data = self.data, data
        if self.cx.workspace is not None:
            status = self.query_one("#home-status", Static)
            status.update(f"Database: {self.cx.workspace.display_url}")
        self.query_one("#orgs", DataTable).loading = False
        empty = not data.organisations and not data.drafts
        if empty:
            self._show_welcome()
        self.query_one("#home-welcome").display = empty
        self.query_one("#home-main").display = not empty
        orgs = self.query_one("#orgs", FitTable)
        drafts = self.query_one("#drafts", FitTable)
        # Refreshing (on coming back from History, or for changes made elsewhere) keeps the
        # cursor on the same organisation and draft: the keys act on the selected row.
        self._say_if_gone(orgs, previous, data)
        orgs.fill(
            ORGANISATION_COLUMNS,
            [(str(row.organisation_id), self._org_cells(row)) for row in data.organisations],
        )
        drafts.fill(
            DRAFT_COLUMNS,
            [
                (
                    str(draft.assessment_id),
                    (
                        draft.organisation,
                        draft.period,
                        str(draft.respondents),
                        answered_text(draft.answered, draft.total),
                    ),
                )
                for draft in data.drafts
            ],
        )
        self._show_info()
        if self.cx.workspace is not None and data.organisations:
            ids = [row.organisation_id for row in data.organisations]
            self.run_db(lambda ws: overdue(ws, ids), self._show_late, group="late")
        has_drafts = bool(data.drafts)
        self.query_one("#drafts-title").display = has_drafts
        drafts.display = has_drafts
        if empty:
            # Once mounted (the welcome may have just been filled in).
            self.call_after_refresh(self._focus_create)
        elif not (orgs.has_focus or drafts.has_focus):
            orgs.focus()

    def _org_cells(self, row: PortfolioLine) -> tuple[Cell, ...]:
        trend = known_trend(row.trend, row.assessment_count - row.draft_count)
        late = self.late.get(row.organisation_id, (0, 0))[1]
        return (
            Text(f"{row.name} (archived)", style="dim") if row.archived else row.name,
            row.latest_period or DASH,
            Text(fmt_score(row.latest_overall), justify="right"),
            row.latest_stage or DASH,
            trend_text(trend) if trend is not None else Text(DASH, style="dim"),
            due_cell(row.next_due, self.cx.today),
            Text(str(late), style=LATE_STYLE, justify="right") if late else "",
            row.sector or DASH,
        )

    def _show_late(self, late: dict[int, tuple[int, int]]) -> None:
        self.late = late
        if self.data is None:
            return
        orgs = self.query_one("#orgs", FitTable)
        for row in self.data.organisations:
            key = str(row.organisation_id)
            if key in orgs.rows:
                orgs.update_row(key, self._org_cells(row))
        self._show_info()

    def _say_if_gone(self, orgs: FitTable, before: HomeData | None, now: HomeData) -> None:
        """A selected organisation deleted elsewhere gets one line of notice."""
        selected = cursor_key(orgs)
        if selected is None or before is None:
            return
        if any(str(row.organisation_id) == selected for row in now.organisations):
            return
        if selected == str(self.expected_gone):
            self.expected_gone = None
            return
        line = next((r for r in before.organisations if str(r.organisation_id) == selected), None)
        if line is None or line.archived:
            return
        self.notify(
            f"{line.name} is no longer listed: it was deleted or archived elsewhere.", timeout=6
        )

    @on(DataTable.RowHighlighted, "#orgs")
    def _show_info(self) -> None:
        """The selected organisation in full: what a narrow table cuts short."""
        info = self.query_one("#org-info", Static)
        organisation_id = self.organisation_id
        row = None
        if self.data is not None and organisation_id is not None:
            row = next(
                (r for r in self.data.organisations if r.organisation_id == organisation_id), None
            )
        if row is None:
            info.update("")
            return
        text = Text.assemble((row.name, "bold"))
        if row.archived:
            text.append(" (archived)", style="dim")
        if row.sector:
            text.append(f" · {row.sector}")
        completed = row.assessment_count - row.draft_count
        text.append(f" · {completed} completed", style="dim")
        if row.draft_count:
            text.append(f", {row.draft_count} draft" + ("" if row.draft_count == 1 else "s"))
        late = self.late.get(row.organisation_id, (0, 0))[1]
        if late:
            text.append(" · ")
            text.append(f"{late} action{'' if late == 1 else 's'} overdue", style=LATE_STYLE)
        info.update(text)

    # -- selection ------------------------------------------------------------------------

    @property
    def organisation_id(self) -> int | None:
        """The organisation under the cursor (used by History and the command palette)."""
        if self.data is None or not self.data.organisations:
            return None
        key = cursor_key(self.query_one("#orgs", DataTable))
        return int(key) if key is not None else None

    def _draft_id(self) -> int | None:
        drafts = self.query_one("#drafts", DataTable)
        key = cursor_key(drafts) if drafts.display else None
        return int(key) if key is not None else None

    @on(DataTable.RowSelected, "#orgs")
    def _org_chosen(self, event: DataTable.RowSelected) -> None:
        self.action_history()

    @on(DataTable.RowSelected, "#drafts")
    def _draft_chosen(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key is not None:
            self.cx.resume(int(key))

    # -- actions --------------------------------------------------------------------------

    def _no_organisation(self) -> None:
        if self.data is None:
            self.notify("Still loading the organisations; try again in a moment.")
        else:
            self.notify("There is no organisation yet: press n to start an assessment.")

    def action_new(self) -> None:
        """A new assessment, for the selected organisation unless another is chosen."""
        self.cx.new_assessment(self.organisation_id)

    def action_history(self) -> None:
        """Open the selected organisation's history."""
        organisation_id = self.organisation_id
        if organisation_id is None:
            self._no_organisation()
            return
        self.cx.open_history(organisation_id)

    def action_results(self) -> None:
        """Open the latest completed results of the selected organisation."""
        organisation_id = self.organisation_id
        if organisation_id is None:
            self._no_organisation()
            return
        self.cx.open_latest_results(organisation_id)

    def action_load_demo(self) -> None:
        """Load the demo organisations in a worker, then refresh."""
        self.notify("Loading demo data…", timeout=3)

        def loaded(summary: str) -> None:
            self.notify(summary or "Demo data loaded.", title="Demo data")
            self.reload()

        self.run_db(load_demo, loaded, group="demo")

    def action_add_respondent(self) -> None:
        """Add a respondent to the selected draft."""
        assessment_id = self._draft_id()
        if assessment_id is None:
            self.notify("Select a draft first (there are none to add a respondent to).")
            return
        self.cx.add_respondent(assessment_id)
