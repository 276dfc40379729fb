"""Two assessments side by side: area deltas, the question-level diff with its notes, and what
became of the earlier plan's actions. Every delta comes from `cxaudit.domain.compare`, and each
change shown is the difference of the two scores shown beside it (`domain.wording`)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from cxaudit.domain.format import DASH, fmt_delta, fmt_score
from cxaudit.domain.results import QuestionDelta
from cxaudit.domain.wording import join_notes, shown_delta
from cxaudit.services import history
from cxaudit.services.views import ComparisonData
from cxaudit.tui.base import CxScreen
from cxaudit.tui.widgets.cells import delta_text
from cxaudit.tui.widgets.tables import Cell, Column, FitTable, cursor_key

TABS = (("areas", "Areas"), ("questions", "Questions"), ("actions", "Earlier actions"))
AREA_COLUMNS = (Column("Area", cap=40), Column("Before"), Column("After"), Column("Change"))
QUESTION_COLUMNS = (
    Column("Area", cap=14),
    Column("Question", flex=True),
    Column("Before"),
    Column("After"),
    Column("Change"),
)
ACTION_COLUMNS = (
    Column("Action", flex=True),
    Column("Owner", cap=16),
    Column("Status"),
    Column("Area change"),
)


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
            for number, (tab, title) in enumerate(TABS, start=1)
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
        self.area_changes: dict[str, float | None] = {}
        """Each area's change as shown on the Areas tab."""

    @property
    def organisation_id(self) -> int | None:
        """The organisation compared."""
        return None if self.data is None else self.data.later.assessment.organisation.id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Comparing…", id="compare-title")
        with TabbedContent(id="compare-tabs"):
            with TabPane("Areas", id="tab-areas"), Vertical():
                yield FitTable(id="compare-areas")
                with VerticalScroll(id="compare-movers-scroll"):
                    yield Static(id="compare-movers")
            with TabPane("Questions", id="tab-questions"), Vertical():
                yield FitTable(id="compare-questions")
                yield Static(id="compare-notes")
            with TabPane("Earlier actions", id="tab-actions"), Vertical():
                yield FitTable(id="compare-actions")
        yield Footer()

    def on_mount(self) -> None:
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
        overall = c.overall
        self.query_one("#compare-title", Static).update(
            Text.assemble(
                (f"{c.earlier_period} → {c.later_period}", "bold"),
                f"   overall {fmt_score(overall.before)} → {fmt_score(overall.after)} "
                f"{fmt_delta(shown_delta(overall.before, overall.after))}   ·   "
                f"{c.compared_count} questions compared{left_out}",
            )
        )
        titles = {a.id: a.title for a in q_earlier.areas} | {a.id: a.title for a in q_later.areas}

        area_rows: list[tuple[str, tuple[Cell, ...]]] = []
        for delta in (c.overall, *c.areas):
            is_overall = delta.area_id == "overall"
            title = "Overall" if is_overall else titles.get(delta.area_id, delta.area_id)
            area_rows.append(
                (
                    delta.area_id,
                    (
                        Text(title, style="bold" if is_overall else ""),
                        Text(fmt_score(delta.before), justify="right"),
                        Text(fmt_score(delta.after), justify="right"),
                        delta_text(shown_delta(delta.before, delta.after)),
                    ),
                )
            )
        self.query_one("#compare-areas", FitTable).fill(AREA_COLUMNS, area_rows)

        movers = Text()
        groups = (("Most improved", c.most_improved), ("Most declined", c.most_declined))
        for heading, items in groups:
            if not items:
                continue
            movers.append(f"{heading}\n", style="bold")
            for item in items:
                movers.append_text(delta_text(shown_delta(item.before, item.after)))
                movers.append(f"  {_prompt(data, item.question_id)}\n")
        self.query_one("#compare-movers", Static).update(movers)

        self.questions = {item.question_id: item for item in c.questions}
        question_rows = [
            (
                item.question_id,
                (
                    titles.get(item.area_id, item.area_id),
                    _prompt(data, item.question_id),
                    Text(fmt_score(item.before), justify="right"),
                    Text(fmt_score(item.after), justify="right"),
                    delta_text(shown_delta(item.before, item.after)),
                ),
            )
            for item in c.questions
        ]
        self.query_one("#compare-questions", FitTable).fill(QUESTION_COLUMNS, question_rows)
        self._show_notes()

        self.area_changes = {d.area_id: shown_delta(d.before, d.after) for d in c.areas}
        action_rows: list[tuple[str, tuple[Cell, ...]]] = [
            (
                str(index),
                (
                    outcome.item.text,
                    outcome.item.owner or DASH,
                    outcome.item.status.label,
                    delta_text(self.area_changes.get(outcome.item.area_id)),
                ),
            )
            for index, outcome in enumerate(c.action_outcomes)
        ]
        if not action_rows:
            action_rows = [("none", ("The earlier assessment had no action plan.", "", "", ""))]
        self.query_one("#compare-actions", FitTable).fill(ACTION_COLUMNS, action_rows)

    @on(DataTable.RowHighlighted, "#compare-questions")
    def _show_notes(self) -> None:
        notes = self.query_one("#compare-notes", Static)
        key = cursor_key(self.query_one("#compare-questions", FitTable))
        item = self.questions.get(key) if key is not None else None
        if self.data is None or item is None:
            notes.update("")
            return
        c = self.data.comparison
        text = Text()
        sides = ((c.earlier_period, item.notes_before), (c.later_period, item.notes_after))
        for period, values in sides:
            text.append(f"{period}: ", style="bold")
            joined = join_notes(values)
            text.append(joined or "no notes", style="" if joined else "dim")
            text.append("\n")
        text.append("Enter: the whole question, every answer and note", style="dim")
        notes.update(text)

    @on(DataTable.RowSelected, "#compare-questions")
    def _question_detail(self) -> None:
        from cxaudit.tui.dialogs.detail import DetailScreen
        from cxaudit.tui.widgets.detail import AnswersSide, question_detail

        key = cursor_key(self.query_one("#compare-questions", FitTable))
        item = self.questions.get(key) if key is not None else None
        if self.data is None or item is None:
            return
        earlier, later = self.data.earlier, self.data.later
        questionnaire = later.questionnaire
        if not questionnaire.has_question(item.question_id):
            questionnaire = earlier.questionnaire
        sides = [
            AnswersSide(earlier.assessment.period, earlier.assessment, item.before),
            AnswersSide(later.assessment.period, later.assessment, item.after),
        ]
        body = question_detail(questionnaire, item.question_id, sides)
        self.app.push_screen(DetailScreen("Question compared", body))

    @on(DataTable.RowSelected, "#compare-actions")
    def _action_detail(self) -> None:
        from cxaudit.tui.dialogs.detail import DetailScreen
        from cxaudit.tui.widgets.detail import action_detail_text

        key = cursor_key(self.query_one("#compare-actions", FitTable))
        if self.data is None or key is None or not key.isdigit():
            return
        outcome = self.data.comparison.action_outcomes[int(key)]
        earlier = self.data.earlier
        titles = {a.id: a.title for a in earlier.questionnaire.areas}
        body = action_detail_text(outcome.item, earlier.questionnaire, titles, self.cx.today)
        body.append("\nArea change since: ", style="bold")
        body.append_text(delta_text(self.area_changes.get(outcome.item.area_id)))
        self.app.push_screen(DetailScreen(f"Action from {earlier.assessment.period}", body))


def _prompt(data: ComparisonData, question_id: str) -> str:
    for q in (data.later.questionnaire, data.earlier.questionnaire):
        if q.has_question(question_id):
            return q.question(question_id).prompt
    return question_id
