"""History: an organisation's assessments as periods × areas, with the trend, and a comparison."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Label, Static

from cxaudit.domain.format import DASH, fmt_score
from cxaudit.domain.model import AssessmentStatus
from cxaudit.services import history
from cxaudit.services.views import HistoryData
from cxaudit.tui.base import CxScreen
from cxaudit.tui.widgets.cells import trend_text
from cxaudit.tui.widgets.tables import cursor_key


class HistoryScreen(CxScreen[None]):
    """Every period of one organisation; mark two to compare them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "mark", "Mark", id="history.mark", tooltip="Mark for comparison"),
        Binding("c", "compare", "Compare", id="history.compare", tooltip="Compare the two marked"),
        Binding("n", "new", "New assessment", id="history.new", tooltip="For this organisation"),
        Binding("a", "add_respondent", "Add respondent", id="history.add", tooltip="To selected"),
        Binding("escape", "app.pop_screen", "Back", id="history.back", tooltip="Back"),
    ]

    def __init__(self, organisation_id: int) -> None:
        super().__init__()
        self.organisation_id = organisation_id
        self.data: HistoryData | None = None
        self.marked: list[int] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="history-body"):
            yield Static("Loading history…", id="history-title")
            yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
            yield Label("Trend", classes="section-title")
            yield Static(id="history-trend")
            yield Static(
                "[dim]Enter opens an assessment. Space marks two, c compares them.[/dim]",
                classes="form-hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.reload()

    def reload(self) -> None:
        """Fetch the history again."""
        organisation_id = self.organisation_id
        self.run_db(lambda ws: history.history(ws, organisation=organisation_id), self._show)

    def _show(self, data: HistoryData) -> None:
        from cxaudit.domain.trend import sparkline

        self.data = data
        org = data.organisation
        self.sub_title = f"History · {org.name}"
        count = len(data.records)
        self.query_one("#history-title", Static).update(
            f"[b]{org.name}[/b]  {org.sector or ''}  ·  {count} assessment"
            + ("" if count == 1 else "s")
        )
        table = self.query_one("#history-table", DataTable)
        table.clear(columns=True)
        table.add_column("", key="mark", width=1)
        table.add_column("Period", key="period")
        table.add_column("Overall", key="overall")
        for area_id, title in data.area_titles:
            table.add_column(title, key=area_id)
        table.add_column("People", key="people")
        table.add_column("Plan done", key="plan")
        by_period = {
            key: {p.period: p.score for p in points} for key, points in data.trend.series.items()
        }
        for record in data.records:
            draft = record.status == AssessmentStatus.DRAFT
            cells: list[str | Text] = [
                "●" if record.assessment_id in self.marked else "",
                record.period + (" (draft)" if draft else ""),
            ]
            for key in ["overall", *(area_id for area_id, _ in data.area_titles)]:
                score = None if draft else by_period.get(key, {}).get(record.period)
                style = "bold" if key == "overall" else ""
                cells.append(Text(fmt_score(score) if not draft else DASH, style=style))
            cells.append(str(record.scores.respondent_count))
            plan = record.actions
            cells.append(f"{plan.done} of {plan.total}" if plan.total else DASH)
            table.add_row(*cells, key=str(record.assessment_id))
        lines = Text()
        trend = data.trend
        for key, title in [("overall", "Overall"), *data.area_titles]:
            values = [p.score for p in trend.series.get(key, ())]
            lines.append(f"{title:<14}", style="bold" if key == "overall" else "")
            lines.append(sparkline(values) if values else DASH, style="cyan")
            lines.append("  ")
            lines.append_text(trend_text(trend.direction(key)))
            last = next((v for v in reversed(values) if v is not None), None)
            lines.append(f"  {fmt_score(last)}\n")
        self.query_one("#history-trend", Static).update(
            lines if trend.periods else "No completed assessment yet."
        )
        if not table.has_focus:
            table.focus()

    def _selected(self) -> int | None:
        key = cursor_key(self.query_one("#history-table", DataTable))
        return int(key) if key is not None else None

    def _status(self, assessment_id: int) -> AssessmentStatus | None:
        if self.data is None:
            return None
        for record in self.data.records:
            if record.assessment_id == assessment_id:
                return record.status
        return None

    @on(DataTable.RowSelected, "#history-table")
    def _open(self) -> None:
        assessment_id = self._selected()
        if assessment_id is None:
            return
        if self._status(assessment_id) == AssessmentStatus.DRAFT:
            self.cx.resume(assessment_id)
        else:
            self.cx.open_results(assessment_id)

    def action_mark(self) -> None:
        """Mark (or unmark) the selected assessment for comparison; at most two stay marked."""
        assessment_id = self._selected()
        if assessment_id is None:
            return
        if self._status(assessment_id) == AssessmentStatus.DRAFT:
            self.notify("Only completed assessments can be compared.")
            return
        if assessment_id in self.marked:
            self.marked.remove(assessment_id)
        else:
            self.marked.append(assessment_id)
            self.marked = self.marked[-2:]
        table = self.query_one("#history-table", DataTable)
        for row_key in table.rows:
            value = row_key.value
            mark = "●" if value is not None and int(value) in self.marked else ""
            table.update_cell(row_key, "mark", mark)

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
