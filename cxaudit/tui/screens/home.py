"""Home: every organisation with its latest result, the drafts to resume, and a first-run offer."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, DataTable, Footer, Header, Label, Static

from cxaudit.domain.format import DASH, fmt_score
from cxaudit.tui.base import CxScreen
from cxaudit.tui.widgets.cells import due_cell, trend_text
from cxaudit.tui.widgets.tables import cursor_key, move_cursor_to

if TYPE_CHECKING:
    from cxaudit.services.views import HomeData
    from cxaudit.services.workspace import Workspace


log = logging.getLogger(__name__)


class HomeScreen(CxScreen[None]):
    """Where cxaudit opens: organisations, drafts, and what to do first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "app.new_assessment", "New assessment", id="home.new", tooltip="Start one"),
        Binding("r", "results", "Results", id="home.results", tooltip="Latest results"),
        Binding("h", "history", "History", id="home.history", tooltip="Periods and trend"),
        # At 80 columns the footer holds n, r, h, d, ctrl+q and ? beside the palette key, so
        # "a" (only useful with a draft selected) is left to Help and the command palette.
        Binding(
            "a",
            "add_respondent",
            "Add respondent",
            id="home.add",
            tooltip="To the selected draft",
            show=False,
        ),
        Binding("d", "load_demo", "Demo", id="home.demo", tooltip="Load the demo data"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: HomeData | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-welcome"):
            yield Static(
                "[b]Welcome to cxaudit[/b]\n\n"
                "Assess how well your organisation leads, runs, equips and motivates its people "
                "to serve customers, one described level at a time. Nothing is here yet.",
                id="welcome-text",
            )
            with Center(), Horizontal(id="welcome-buttons"):
                yield Button("Load demo data", id="welcome-demo", variant="default")
                yield Button("Create an organisation", id="welcome-create", variant="primary")
        with Vertical(id="home-main"):
            yield Label("Organisations", classes="section-title")
            yield DataTable(id="orgs", cursor_type="row", zebra_stripes=True)
            yield Label("Drafts to resume", classes="section-title", id="drafts-title")
            yield DataTable(id="drafts", cursor_type="row", zebra_stripes=True)
        yield Static("Opening the database…", id="home-status")
        yield Footer()

    def on_mount(self) -> None:
        orgs = self.query_one("#orgs", DataTable)
        orgs.add_columns(
            "Organisation", "Latest", "Overall", "Stage", "Trend", "Next due", "Sector"
        )
        drafts = self.query_one("#drafts", DataTable)
        drafts.add_columns("Organisation", "Period", "Respondents", "Answered")
        self.query_one("#home-welcome").display = False
        orgs.loading = True
        self._first_look()
        self.reload()

    def _first_look(self) -> None:
        """Show the lists read straight from the file while the database is still opening.

        A few milliseconds, read-only, and only for a SQLite file already at this version's
        schema; otherwise Home keeps its loading indicator until the database is open.
        """
        from cxaudit.services.portfolio import first_look

        if self.cx.workspace is not None or self.cx.database_error is not None:
            return
        try:
            seen = first_look(self.cx.db_url, today=self.cx.today)
        except Exception:  # noqa: BLE001 - the proper open reports any problem
            log.exception("the first look at the database failed")
            return
        if seen is not None:
            self.show(seen)
            self.query_one("#home-status", Static).update("Opening the database…")

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

        self.run_db(portfolio.home, self.show, group="home")

    def show(self, data: HomeData) -> None:
        """Fill the tables with `data` (read by a worker) and hide the loading indicator."""
        self.data = data
        if self.cx.workspace is not None:
            status = self.query_one("#home-status", Static)
            status.update(f"Database: {self.cx.workspace.display_url}")
        self.query_one("#orgs", DataTable).loading = False
        empty = not data.organisations and not data.drafts
        self.query_one("#home-welcome").display = empty
        self.query_one("#home-main").display = not empty
        orgs = self.query_one("#orgs", DataTable)
        drafts = self.query_one("#drafts", DataTable)
        # Refreshing (for example on coming back from History) must not move the cursor: the
        # keys act on the selected row, so the same organisation and draft stay selected.
        selected_org = cursor_key(orgs)
        selected_draft = cursor_key(drafts)
        orgs.clear()
        for row in data.organisations:
            orgs.add_row(
                row.name,
                row.latest_period or DASH,
                Text(fmt_score(row.latest_overall), justify="right"),
                row.latest_stage or DASH,
                trend_text(row.trend) if row.assessment_count > 1 else Text(DASH, style="dim"),
                due_cell(row.next_due, self.cx.today),
                row.sector or DASH,
                key=str(row.organisation_id),
            )
        drafts.clear()
        for draft in data.drafts:
            answered = f"{draft.answered} of {draft.total}" if draft.total else str(draft.answered)
            drafts.add_row(
                draft.organisation,
                draft.period,
                str(draft.respondents),
                answered,
                key=str(draft.assessment_id),
            )
        move_cursor_to(orgs, selected_org)
        move_cursor_to(drafts, selected_draft)
        has_drafts = bool(data.drafts)
        self.query_one("#drafts-title").display = has_drafts
        drafts.display = has_drafts
        if empty:
            self.query_one("#welcome-create", Button).focus()
        elif not (orgs.has_focus or drafts.has_focus):
            orgs.focus()

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

    @on(Button.Pressed, "#welcome-demo")
    def _welcome_demo(self) -> None:
        self.action_load_demo()

    @on(Button.Pressed, "#welcome-create")
    def _welcome_create(self) -> None:
        self.cx.new_assessment()

    # -- actions --------------------------------------------------------------------------

    def _no_organisation(self) -> None:
        if self.data is None:
            self.notify("Still loading the organisations; try again in a moment.")
        else:
            self.notify("There is no organisation yet: press n to start an assessment.")

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

        self.run_db(_load_demo, loaded, group="demo")

    def action_add_respondent(self) -> None:
        """Add a respondent to the selected draft."""
        assessment_id = self._draft_id()
        if assessment_id is None:
            self.notify("Select a draft first (there are none to add a respondent to).")
            return
        self.cx.add_respondent(assessment_id)


def _load_demo(ws: Workspace) -> str:
    """Load the demo organisations; a one-line summary of what was done."""
    from cxaudit.services.views import FeatureMissing

    try:
        from cxaudit.services.demo import load_demo
    except ModuleNotFoundError as exc:
        if exc.name != "cxaudit.services.demo":
            raise
        raise FeatureMissing("Demo data is not available in this build of cxaudit.") from None
    summary = load_demo(ws)
    if not summary.created:
        return "The demo data is already loaded: " + ", ".join(summary.organisations) + "."
    return str(summary.message)
