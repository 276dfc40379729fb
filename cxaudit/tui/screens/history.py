"""History: an organisation's assessments as periods × areas, with the trend, and a comparison."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Label, Static

from cxaudit.domain.format import DASH, fmt_score
from cxaudit.domain.wording import trend_direction
from cxaudit.services import history
from cxaudit.tui.base import CxFooter, CxScreen
from cxaudit.tui.widgets.cells import trend_text
from cxaudit.tui.widgets.tables import Cell, Column, FitTable, cursor_key

if TYPE_CHECKING:
    from cxaudit.services.views import HistoryView, PeriodLine
    from cxaudit.services.workspace import Workspace

# Nothing here loads pydantic or SQLAlchemy: History can be opened from a Home listed by the
# first look, while the database is still opening, and shows its periods from a first look too.

log = logging.getLogger(__name__)

MARK = "●"


class HistoryScreen(CxScreen[None]):
    """Every period of one organisation; mark two to compare them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "mark", "Mark", id="history.mark", tooltip="Mark for comparison"),
        Binding("c", "compare", "Compare", id="history.compare", tooltip="Compare the two marked"),
        Binding("n", "new", "New", id="history.new", tooltip="A new assessment of this one"),
        # Left to Help and the palette, so esc, ^q and ? keep their place at 80 columns.
        Binding(
            "a",
            "add_respondent",
            "Add respondent",
            show=False,
            id="history.add",
            tooltip="To the selected assessment",
        ),
        Binding("escape", "app.pop_screen", "Back", id="history.back", tooltip="Back"),
    ]

    def __init__(self, organisation_id: int) -> None:
        super().__init__()
        self.organisation_id = organisation_id
        self.data: HistoryView | None = None
        self.first_look = False
        """Whether `data` comes from a first look at the file (the database still opening)."""
        self.marked: list[int] = []
        self.overdue: tuple[int, int] | None = None
        """The current plan's assessment id and how many of its actions are overdue."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="history-body"):
            yield Static("Loading history…", id="history-title")
            yield FitTable(id="history-table")
            yield Label("Trend", classes="section-title")
            yield Static(id="history-trend")
            yield Static(
                f"[dim]Enter opens an assessment. Space marks two ({MARK}), c compares them. "
                "! in Plan done: actions past their due date and not done.[/dim]",
                classes="form-hint",
            )
        yield CxFooter()

    def on_mount(self) -> None:
        if self.cx.workspace is None and self.cx.database_error is None:
            self._first_look()
        self.reload()

    def _first_look(self) -> None:
        """Show the periods read straight from the file while the database is still opening
        (only for a SQLite file that can say what the services would: `history.first_view`)."""
        try:
            seen = history.first_view(self.cx.db_url, organisation_id=self.organisation_id)
        except Exception:  # noqa: BLE001 - the services, once open, report any problem
            log.exception("the first look at the history failed")
            return
        if seen is not None:
            self._show(seen, first_look=True)

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.reload()

    def reload(self) -> None:
        """Fetch the history again (the cursor stays on its assessment)."""
        organisation_id = self.organisation_id
        self.run_db(
            lambda ws: history.history_view(ws, organisation_id=organisation_id),
            self._show,
            on_error=self._gone,
        )

    def _gone(self, error: BaseException) -> None:
        """The organisation could not be read (deleted elsewhere?): back to where we came from,
        the notification having said why."""
        if self.is_current and (self.data is None or self.first_look):
            self.app.pop_screen()

    def _show(self, data: HistoryView, *, first_look: bool = False) -> None:
        self.data = data
        self.first_look = first_look
        self.sub_title = f"History · {data.name}"
        self._describe()
        table = self.query_one("#history-table", FitTable)
        columns = [Column("Period"), Column("Overall")]
        columns += [Column(title, key=area_id) for area_id, title in data.area_titles]
        columns += [Column("People"), Column("Plan done", key="plan")]
        table.fill(columns, [(str(line.assessment_id), self._cells(line)) for line in data.lines])
        trend = self.query_one("#history-trend", Static)
        if not data.trend:
            trend.update("No completed assessment yet.")
        else:
            trend.update(self._trend_lines(data))
        if not table.has_focus:
            table.focus()
        if first_look:
            return
        organisation_id = self.organisation_id

        def overdue(ws: Workspace) -> dict[int, tuple[int, int]]:
            from cxaudit.services import portfolio

            return portfolio.overdue_actions(ws, organisation_ids=[organisation_id])

        self.run_db(overdue, self._show_overdue, group="overdue")

    @staticmethod
    def _trend_lines(data: HistoryView) -> Text:
        from cxaudit.domain.spark import sparkline

        lines = Text()
        for series in data.trend:
            values = list(series.scores)
            lines.append(f"{series.title:<14}", style="bold" if series.key == "overall" else "")
            lines.append(sparkline(values) if values else DASH, style="cyan")
            lines.append("  ")
            direction = trend_direction(values)
            lines.append_text(trend_text(direction) if direction is not None else Text(DASH))
            last = next((v for v in reversed(values) if v is not None), None)
            lines.append(f"  {fmt_score(last)}\n")
        return lines

    def _describe(self) -> None:
        if self.data is None:
            return
        count = len(self.data.lines)
        title = Text.assemble((self.data.name, "bold"))
        if self.data.sector:
            title.append(f"  {self.data.sector}")
        title.append(f"  ·  {count} assessment" + ("" if count == 1 else "s"))
        if self.overdue is not None and self.overdue[1]:
            from cxaudit.tui.widgets.plan import OVERDUE_STYLE

            late = self.overdue[1]
            title.append("  ")
            title.append(f"{late} action{'' if late == 1 else 's'} overdue", style=OVERDUE_STYLE)
        self.query_one("#history-title", Static).update(title)

    def _show_overdue(self, found: dict[int, tuple[int, int]]) -> None:
        self.overdue = found.get(self.organisation_id)
        self._describe()
        if self.overdue is not None and self.data is not None:
            for line in self.data.lines:
                if line.assessment_id == self.overdue[0]:
                    table = self.query_one("#history-table", FitTable)
                    table.update_row(str(line.assessment_id), self._cells(line))

    def _cells(self, line: PeriodLine) -> list[Cell]:
        mark = MARK if line.assessment_id in self.marked else " "
        cells: list[Cell] = [f"{mark} {line.period}"]
        if line.draft:
            cells.append(Text("draft", style="yellow"))
        else:
            cells.append(Text(fmt_score(line.overall), style="bold"))
        cells += [Text(fmt_score(score)) for score in line.areas]
        cells.append(str(line.respondents))
        done: Cell = f"{line.plan_done} of {line.plan_total}" if line.plan_total else DASH
        if self.overdue is not None and self.overdue[0] == line.assessment_id and self.overdue[1]:
            from cxaudit.tui.widgets.plan import OVERDUE_STYLE

            done = Text.assemble(str(done), " ", ("!", OVERDUE_STYLE))
        cells.append(done)
        return cells

    def _selected(self) -> int | None:
        key = cursor_key(self.query_one("#history-table", FitTable))
        return int(key) if key is not None else None

    def _line(self, assessment_id: int) -> PeriodLine | None:
        if self.data is None:
            return None
        return next((r for r in self.data.lines if r.assessment_id == assessment_id), None)

    @on(DataTable.RowSelected, "#history-table")
    def _open(self) -> None:
        assessment_id = self._selected()
        record = self._line(assessment_id) if assessment_id is not None else None
        if record is None:
            return
        if record.draft:
            self.cx.resume(record.assessment_id)
        else:
            self.cx.open_results(record.assessment_id)

    def action_mark(self) -> None:
        """Mark (or unmark) the selected assessment for comparison; at most two stay marked."""
        assessment_id = self._selected()
        record = self._line(assessment_id) if assessment_id is not None else None
        if record is None:
            return
        if record.draft:
            self.notify("Only completed assessments can be compared.")
            return
        if record.assessment_id in self.marked:
            self.marked.remove(record.assessment_id)
        else:
            self.marked.append(record.assessment_id)
            self.marked = self.marked[-2:]
        table = self.query_one("#history-table", FitTable)
        for other in self.data.lines if self.data is not None else ():
            table.update_row(str(other.assessment_id), self._cells(other))

    def action_compare(self) -> None:
        """Compare the two marked assessments, earlier first."""
        if len(self.marked) != 2 or self.data is None:
            self.notify("Mark two completed assessments with space, then press c.")
            return
        order = [r.assessment_id for r in self.data.lines]
        earlier, later = sorted(self.marked, key=order.index)
        self.cx.open_compare(earlier, later)

    def action_new(self) -> None:
        """A new assessment for this organisation."""
        self.cx.new_assessment(self.organisation_id)

    def action_add_respondent(self) -> None:
        """Add a respondent to the selected assessment."""
        assessment_id = self._selected()
        if assessment_id is not None:
            self.cx.add_respondent(assessment_id)
