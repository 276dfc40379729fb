"""History: an organisation's assessments as periods × areas, with the trend, and a comparison."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Label, Static

from cxaudit.domain.format import DASH, fmt_score
from cxaudit.domain.model import AssessmentStatus
from cxaudit.domain.wording import trend_direction
from cxaudit.services import history, portfolio
from cxaudit.services.views import HistoryData
from cxaudit.tui.base import CxScreen
from cxaudit.tui.widgets.cells import trend_text
from cxaudit.tui.widgets.plan import OVERDUE_STYLE
from cxaudit.tui.widgets.tables import Cell, Column, FitTable, cursor_key

if TYPE_CHECKING:
    from cxaudit.storage.views import HistoryRecord

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
        self.data: HistoryData | None = None
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
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.reload()

    def reload(self) -> None:
        """Fetch the history again (the cursor stays on its assessment)."""
        organisation_id = self.organisation_id
        self.run_db(
            lambda ws: history.history(ws, organisation=organisation_id),
            self._show,
            on_error=self._gone,
        )

    def _gone(self, error: BaseException) -> None:
        """The organisation could not be read (deleted elsewhere?): back to where we came from,
        the notification having said why."""
        if self.is_current and self.data is None:
            self.app.pop_screen()

    def _show(self, data: HistoryData) -> None:
        from cxaudit.domain.trend import sparkline

        self.data = data
        org = data.organisation
        self.sub_title = f"History · {org.name}"
        self._describe()
        table = self.query_one("#history-table", FitTable)
        columns = [Column("Period"), Column("Overall")]
        columns += [Column(title, key=area_id) for area_id, title in data.area_titles]
        columns += [Column("People"), Column("Plan done", key="plan")]
        table.fill(columns, [(str(r.assessment_id), self._cells(r)) for r in data.records])
        lines = Text()
        trend = data.trend
        for key, title in [("overall", "Overall"), *data.area_titles]:
            values = [p.score for p in trend.series.get(key, ())]
            lines.append(f"{title:<14}", style="bold" if key == "overall" else "")
            lines.append(sparkline(values) if values else DASH, style="cyan")
            lines.append("  ")
            direction = trend_direction(values)
            lines.append_text(trend_text(direction) if direction is not None else Text(DASH))
            last = next((v for v in reversed(values) if v is not None), None)
            lines.append(f"  {fmt_score(last)}\n")
        self.query_one("#history-trend", Static).update(
            lines if trend.periods else "No completed assessment yet."
        )
        if not table.has_focus:
            table.focus()
        organisation_id = self.organisation_id
        self.run_db(
            lambda ws: portfolio.overdue_actions(ws, organisation_ids=[organisation_id]),
            self._show_overdue,
            group="overdue",
        )

    def _describe(self) -> None:
        if self.data is None:
            return
        org = self.data.organisation
        count = len(self.data.records)
        title = Text.assemble((org.name, "bold"))
        if org.sector:
            title.append(f"  {org.sector}")
        title.append(f"  ·  {count} assessment" + ("" if count == 1 else "s"))
        if self.overdue is not None and self.overdue[1]:
            late = self.overdue[1]
            title.append("  ")
            title.append(f"{late} action{'' if late == 1 else 's'} overdue", style=OVERDUE_STYLE)
        self.query_one("#history-title", Static).update(title)

    def _show_overdue(self, found: dict[int, tuple[int, int]]) -> None:
        self.overdue = found.get(self.organisation_id)
        self._describe()
        if self.overdue is not None and self.data is not None:
            for record in self.data.records:
                if record.assessment_id == self.overdue[0]:
                    table = self.query_one("#history-table", FitTable)
                    table.update_row(str(record.assessment_id), self._cells(record))

    def _cells(self, record: HistoryRecord) -> list[Cell]:
        assert self.data is not None
        draft = record.status == AssessmentStatus.DRAFT
        by_period = {
            key: {p.period: p.score for p in points}
            for key, points in self.data.trend.series.items()
        }
        mark = MARK if record.assessment_id in self.marked else " "
        cells: list[Cell] = [f"{mark} {record.period}"]
        if draft:
            cells.append(Text("draft", style="yellow"))
        for key in ["overall", *(area_id for area_id, _ in self.data.area_titles)]:
            if draft and key == "overall":
                continue
            score = None if draft else by_period.get(key, {}).get(record.period)
            cells.append(Text(fmt_score(score), style="bold" if key == "overall" else ""))
        cells.append(str(record.scores.respondent_count))
        plan = record.actions
        done: Cell = f"{plan.done} of {plan.total}" if plan.total else DASH
        if self.overdue is not None and self.overdue[0] == record.assessment_id and self.overdue[1]:
            done = Text.assemble(str(done), " ", ("!", OVERDUE_STYLE))
        cells.append(done)
        return cells

    def _selected(self) -> int | None:
        key = cursor_key(self.query_one("#history-table", FitTable))
        return int(key) if key is not None else None

    def _record(self, assessment_id: int) -> HistoryRecord | None:
        if self.data is None:
            return None
        return next((r for r in self.data.records if r.assessment_id == assessment_id), None)

    @on(DataTable.RowSelected, "#history-table")
    def _open(self) -> None:
        assessment_id = self._selected()
        record = self._record(assessment_id) if assessment_id is not None else None
        if record is None:
            return
        if record.status == AssessmentStatus.DRAFT:
            self.cx.resume(record.assessment_id)
        else:
            self.cx.open_results(record.assessment_id)

    def action_mark(self) -> None:
        """Mark (or unmark) the selected assessment for comparison; at most two stay marked."""
        assessment_id = self._selected()
        record = self._record(assessment_id) if assessment_id is not None else None
        if record is None:
            return
        if record.status == AssessmentStatus.DRAFT:
            self.notify("Only completed assessments can be compared.")
            return
        if record.assessment_id in self.marked:
            self.marked.remove(record.assessment_id)
        else:
            self.marked.append(record.assessment_id)
            self.marked = self.marked[-2:]
        table = self.query_one("#history-table", FitTable)
        for other in self.data.records if self.data is not None else ():
            table.update_row(str(other.assessment_id), self._cells(other))

    def action_compare(self) -> None:
        """Compare the two marked assessments, earlier first."""
        if len(self.marked) != 2 or self.data is None:
            self.notify("Mark two completed assessments with space, then press c.")
            return
        order = [r.assessment_id for r in self.data.records]
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
