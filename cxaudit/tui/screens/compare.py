"""Two assessments side by side: area deltas, the question-level diff with its notes, and what
became of the earlier plan's actions. Every delta comes from `cxaudit.domain.compare`."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from cxaudit.domain.format import DASH, fmt_delta, fmt_score
from cxaudit.domain.results import QuestionDelta
from cxaudit.services import history
from cxaudit.services.views import ComparisonData
from cxaudit.tui.base import CxScreen
from cxaudit.tui.widgets.cells import delta_text, shorten
from cxaudit.tui.widgets.tables import cursor_key


class CompareScreen(CxScreen[None]):
    """What changed between an earlier and a later assessment of one organisation."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(number),
                f"show_tab('{tab}')",
                title,
                id=f"compare.tab_{tab}",
                tooltip=f"Show {title.lower()}",
                group=Binding.Group("Tabs", compact=True),
            )
            for number, (tab, title) in enumerate(
                (("areas", "Areas"), ("questions", "Questions"), ("actions", "Earlier actions")),
                start=1,
            )
        ),
        Binding("escape", "app.pop_screen", "Back", id="compare.back", tooltip="Back to history"),
    ]

    def action_show_tab(self, tab: str) -> None:
        """Show one tab and put the cursor in its table."""
        self.query_one("#compare-tabs", TabbedContent).active = f"tab-{tab}"
        self.query_one(f"#compare-{tab}", DataTable).focus()

    def __init__(self, earlier_id: int, later_id: int) -> None:
        super().__init__()
        self.earlier_id = earlier_id
        self.later_id = later_id
        self.data: ComparisonData | None = None
        self.questions: dict[str, QuestionDelta] = {}

    @property
    def organisation_id(self) -> int | None:
        """The organisation compared."""
        return None if self.data is None else self.data.later.assessment.organisation.id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Comparing…", id="compare-title")
        with TabbedContent(id="compare-tabs"):
            with TabPane("Areas", id="tab-areas"), VerticalScroll():
                yield DataTable(id="compare-areas", cursor_type="row", zebra_stripes=True)
                yield Static(id="compare-movers")
            with TabPane("Questions", id="tab-questions"), VerticalScroll():
                yield DataTable(id="compare-questions", cursor_type="row", zebra_stripes=True)
                yield Static(id="compare-notes")
            with TabPane("Earlier actions", id="tab-actions"), VerticalScroll():
                yield DataTable(id="compare-actions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#compare-areas", DataTable).add_columns("Area", "Before", "After", "Change")
        self.query_one("#compare-questions", DataTable).add_columns(
            "Area", "Question", "Before", "After", "Change"
        )
        self.query_one("#compare-actions", DataTable).add_columns(
            "Action", "Owner", "Status", "Area change"
        )
        earlier, later = self.earlier_id, self.later_id
        self.run_db(lambda ws: history.compare(ws, earlier_id=earlier, later_id=later), self._show)

    def _show(self, data: ComparisonData) -> None:
        self.data = data
        c = data.comparison
        q_later = data.later.questionnaire
        q_earlier = data.earlier.questionnaire
        org = data.later.assessment.organisation
        self.sub_title = f"Compare · {org.name} · {c.earlier_period} → {c.later_period}"
        extra = []
        if c.only_earlier_count:
            extra.append(f"{c.only_earlier_count} only in {c.earlier_period}")
        if c.only_later_count:
            extra.append(f"{c.only_later_count} only in {c.later_period}")
        left_out = f" ({', '.join(extra)}, left out)" if extra else ""
        self.query_one("#compare-title", Static).update(
            f"[b]{c.earlier_period} → {c.later_period}[/b]   overall "
            f"{fmt_score(c.overall.before)} → {fmt_score(c.overall.after)} "
            f"{fmt_delta(c.overall.delta)}   ·   {c.compared_count} questions compared{left_out}"
        )
        titles = {a.id: a.title for a in q_earlier.areas} | {a.id: a.title for a in q_later.areas}

        areas = self.query_one("#compare-areas", DataTable)
        areas.clear()
        for delta in (c.overall, *c.areas):
            title = "Overall" if delta.area_id == "overall" else titles.get(delta.area_id, "")
            areas.add_row(
                Text(title, style="bold" if delta.area_id == "overall" else ""),
                Text(fmt_score(delta.before), justify="right"),
                Text(fmt_score(delta.after), justify="right"),
                delta_text(delta.delta),
                key=delta.area_id,
            )
        movers = Text()
        groups = (("Most improved", c.most_improved), ("Most declined", c.most_declined))
        for heading, items in groups:
            if not items:
                continue
            movers.append(f"\n{heading}\n", style="bold")
            for item in items:
                movers.append_text(delta_text(item.delta))
                movers.append(f"  {shorten(_prompt(data, item.question_id), 60)}\n")
        self.query_one("#compare-movers", Static).update(movers)

        questions = self.query_one("#compare-questions", DataTable)
        questions.clear()
        self.questions = {}
        for item in c.questions:
            self.questions[item.question_id] = item
            questions.add_row(
                titles.get(item.area_id, item.area_id),
                shorten(_prompt(data, item.question_id), 40),
                Text(fmt_score(item.before), justify="right"),
                Text(fmt_score(item.after), justify="right"),
                delta_text(item.delta),
                key=item.question_id,
            )
        self._show_notes()

        actions = self.query_one("#compare-actions", DataTable)
        actions.clear()
        for outcome in c.action_outcomes:
            action = outcome.item
            actions.add_row(
                shorten(action.text, 36),
                action.owner or DASH,
                action.status.label,
                delta_text(outcome.area_delta),
            )
        if not c.action_outcomes:
            actions.add_row("The earlier assessment had no action plan.", "", "", "")

    @on(DataTable.RowHighlighted, "#compare-questions")
    def _show_notes(self) -> None:
        notes = self.query_one("#compare-notes", Static)
        key = cursor_key(self.query_one("#compare-questions", DataTable))
        if self.data is None or key is None:
            notes.update("")
            return
        item = self.questions.get(key)
        if item is None:
            return
        c = self.data.comparison
        text = Text()
        text.append(_prompt(self.data, item.question_id) + "\n", style="bold")
        sides = ((c.earlier_period, item.notes_before), (c.later_period, item.notes_after))
        for period, values in sides:
            text.append(f"{period}: ", style="bold")
            text.append("; ".join(values) if values else "no notes", style="" if values else "dim")
            text.append("\n")
        notes.update(text)


def _prompt(data: ComparisonData, question_id: str) -> str:
    for q in (data.later.questionnaire, data.earlier.questionnaire):
        if q.has_question(question_id):
            return q.question(question_id).prompt
    return question_id
