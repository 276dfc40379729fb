"""Home: every organisation with its latest result, the drafts to resume, and a first-run offer."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, DataTable, Footer, Header, Label, Static
from textual.widgets.data_table import RowDoesNotExist

from cxaudit.domain.format import ARROW_DOWN, ARROW_FLAT, ARROW_UP, DASH, fmt_score
from cxaudit.tui.screens.base import CxScreen

if TYPE_CHECKING:
    # Only for annotations: the backend (and the domain behind it) loads with the database,
    # after Home is first drawn.
    from cxaudit.tui.backend import Backend, WizardData
    from cxaudit.tui.home_data import HomeData


log = logging.getLogger(__name__)


def trend_text(trend: int) -> Text:
    """A trend as a coloured arrow."""
    if trend > 0:
        return Text(ARROW_UP, style="bold green")
    if trend < 0:
        return Text(ARROW_DOWN, style="bold red")
    return Text(ARROW_FLAT, style="dim")


def _selected_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the cursor, if the table has rows."""
    if table.row_count == 0:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def _select_key(table: DataTable[Any], key: str | None) -> None:
    """Put the cursor back on the row with `key`, if it is still listed."""
    if key is None:
        return
    try:
        row = table.get_row_index(key)
    except RowDoesNotExist:
        return
    table.move_cursor(row=row, animate=False)


class HomeScreen(CxScreen):
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
        from cxaudit.tui.home_data import first_look

        if self.cx.backend is not None or self.cx.database_error is not None:
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
        if self.cx.backend is None:
            return
        status.update(f"Database: {self.cx.backend.display_url}")
        self.run_db(lambda b: b.home(), self.show, group="home")

    def show(self, data: HomeData) -> None:
        """Fill the tables with `data` (read by a worker) and hide the loading indicator."""
        self.data = data
        if self.cx.backend is not None:
            status = self.query_one("#home-status", Static)
            status.update(f"Database: {self.cx.backend.display_url}")
        self.query_one("#orgs", DataTable).loading = False
        empty = not data.organisations and not data.drafts
        self.query_one("#home-welcome").display = empty
        self.query_one("#home-main").display = not empty
        orgs = self.query_one("#orgs", DataTable)
        drafts = self.query_one("#drafts", DataTable)
        # Refreshing (for example on coming back from History) must not move the cursor: the
        # keys act on the selected row, so the same organisation and draft stay selected.
        selected_org = _selected_key(orgs)
        selected_draft = _selected_key(drafts)
        orgs.clear()
        today = self.cx.today
        for row in data.organisations:
            due: Text | str = DASH
            if row.next_due is not None:
                if row.overdue:
                    due = Text(f"{row.next_due.isoformat()} !", style="bold white on dark_red")
                elif (row.next_due - today).days <= 30:
                    due = Text(row.next_due.isoformat(), style="yellow")
                else:
                    due = row.next_due.isoformat()
            orgs.add_row(
                row.name,
                row.latest_period or DASH,
                Text(fmt_score(row.latest_overall), justify="right"),
                row.latest_stage or DASH,
                trend_text(row.trend) if row.assessment_count > 1 else Text(DASH, style="dim"),
                due,
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
        _select_key(orgs, selected_org)
        _select_key(drafts, selected_draft)
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
        orgs = self.query_one("#orgs", DataTable)
        if self.data is None or not self.data.organisations or orgs.row_count == 0:
            return None
        key = orgs.coordinate_to_cell_key(orgs.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def _draft_id(self) -> int | None:
        drafts = self.query_one("#drafts", DataTable)
        if drafts.row_count == 0 or not drafts.display:
            return None
        key = drafts.coordinate_to_cell_key(drafts.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    @on(DataTable.RowSelected, "#orgs")
    def _org_chosen(self, event: DataTable.RowSelected) -> None:
        self.action_history()

    @on(DataTable.RowSelected, "#drafts")
    def _draft_chosen(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key is not None:
            self.resume(int(key))

    @on(Button.Pressed, "#welcome-demo")
    def _welcome_demo(self) -> None:
        self.action_load_demo()

    @on(Button.Pressed, "#welcome-create")
    def _welcome_create(self) -> None:
        self.cx.action_new_assessment()

    # -- actions --------------------------------------------------------------------------

    def _no_organisation(self) -> None:
        if self.data is None:
            self.notify("Still loading the organisations; try again in a moment.")
        else:
            self.notify("There is no organisation yet: press n to start an assessment.")

    def action_history(self) -> None:
        """Open the selected organisation's history."""
        from cxaudit.tui.screens.history import HistoryScreen

        organisation_id = self.organisation_id
        if organisation_id is None:
            self._no_organisation()
            return
        self.app.push_screen(HistoryScreen(organisation_id))

    def action_results(self) -> None:
        """Open the latest completed results of the selected organisation."""
        from cxaudit.tui.screens.results import ResultsScreen

        organisation_id = self.organisation_id
        if organisation_id is None:
            self._no_organisation()
            return

        def latest(backend: Backend) -> int | None:
            return backend.latest_completed(organisation_id=organisation_id)

        def show(assessment_id: int | None) -> None:
            if assessment_id is None:
                self.notify("This organisation has no completed assessment yet.")
            else:
                self.app.push_screen(ResultsScreen(assessment_id))

        self.run_db(latest, show, group="open")

    def action_load_demo(self) -> None:
        """Load the demo organisations in a worker, then refresh."""
        self.notify("Loading demo data…", timeout=3)

        def loaded(summary: str) -> None:
            self.notify(summary or "Demo data loaded.", title="Demo data")
            self.reload()

        self.run_db(lambda b: b.load_demo(), loaded, group="demo")

    def action_add_respondent(self) -> None:
        """Add a respondent to the selected draft."""
        from cxaudit.tui.screens.add_respondent import AddRespondentScreen

        assessment_id = self._draft_id()
        if assessment_id is None:
            self.notify("Select a draft first (there are none to add a respondent to).")
            return
        self.app.push_screen(AddRespondentScreen(assessment_id))

    def resume(self, assessment_id: int) -> None:
        """Resume a draft: straight in with one respondent, else ask who is answering."""
        from cxaudit.tui.screens.add_respondent import AddRespondentScreen
        from cxaudit.tui.screens.pick_respondent import PickRespondentScreen
        from cxaudit.tui.screens.wizard import WizardScreen

        def open_wizard(data: WizardData) -> None:
            self.app.push_screen(WizardScreen(data))

        def chosen(choice: int | None) -> None:
            if choice is None:
                return
            if choice == PickRespondentScreen.NEW:
                self.app.push_screen(AddRespondentScreen(assessment_id))
                return
            self.run_db(
                lambda b: b.wizard(assessment_id=assessment_id, respondent_id=choice),
                open_wizard,
                group="open",
            )

        def got(data: WizardData) -> None:
            if len(data.assessment.respondents) > 1:
                self.app.push_screen(PickRespondentScreen(data), chosen)
            else:
                open_wizard(data)

        self.run_db(
            lambda b: b.wizard(assessment_id=assessment_id, respondent_id=None), got, group="open"
        )
