"""Results: the overall score and stage, each area against its target, and the action plan.

Every figure comes from the domain's `AssessmentResult`; this screen only lays it out. The action
plan is edited in place (owner, due date, status) and each edit is saved at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Header,
    ProgressBar,
    Static,
    TabbedContent,
    TabPane,
)

from cxaudit.domain.format import fmt_percent, fmt_score
from cxaudit.domain.model import ActionItem, AssessmentStatus
from cxaudit.domain.scoring import ScoredAssessment
from cxaudit.services import results
from cxaudit.tui.base import CxScreen
from cxaudit.tui.dialogs.edit_action import ActionEdit, EditActionScreen
from cxaudit.tui.dialogs.report_choice import ReportChoiceScreen
from cxaudit.tui.screens.results.benchmark import load_benchmark
from cxaudit.tui.screens.results.rows import (
    AREA_COLUMNS,
    SPREAD_COLUMNS,
    area_rows,
    spread_note,
    spread_rows,
)
from cxaudit.tui.screens.results.trust import trust_notes, unverified_summary
from cxaudit.tui.screens.results.writing import shown_path, write_report_file
from cxaudit.tui.widgets.benchmark import BenchmarkPane
from cxaudit.tui.widgets.plan import OVERDUE_STYLE, ActionTable, action_detail, overdue_count
from cxaudit.tui.widgets.tables import FitTable, cursor_key

if TYPE_CHECKING:
    from cxaudit.report.data import ReportOutcome

TABS = (
    ("scores", "Scores"),
    ("plan", "Action plan"),
    ("differences", "Differences"),
    ("benchmark", "Benchmark"),
)
TAB_GROUP = Binding.Group("Tabs", compact=True)


class ResultsScreen(CxScreen[None]):
    """An assessment's scores, explained, with its action plan and the PDF."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                str(number),
                f"show_tab('{tab}')",
                title,
                id=f"results.tab_{tab}",
                tooltip=f"Show {title.lower()}",
                group=TAB_GROUP,
            )
            for number, (tab, title) in enumerate(TABS, start=1)
        ),
        Binding("t", "targets", "Targets", id="results.targets", tooltip="Set the area targets"),
        Binding("p", "generate_pdf", "PDF", id="results.pdf", tooltip="Write the PDF"),
        Binding("h", "history", "History", id="results.history", tooltip="All periods"),
        # Left to Help and the palette, so esc, ^q and ? keep their place at 80 columns.
        Binding(
            "a",
            "add_respondent",
            "Add respondent",
            show=False,
            id="results.add",
            tooltip="One more",
        ),
        Binding("escape", "app.pop_screen", "Back", id="results.back", tooltip="Back"),
    ]

    def __init__(self, assessment_id: int, *, preloaded: ScoredAssessment | None = None) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.data: ScoredAssessment | None = preloaded
        self._loads = 0
        """Reloads asked for so far: only the latest one's data is shown."""

    @property
    def organisation_id(self) -> int | None:
        """The organisation whose results are shown."""
        return None if self.data is None else self.data.assessment.organisation.id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading results…", id="results-overall")
        with TabbedContent(id="results-tabs"):
            with TabPane("Scores", id="tab-scores"), VerticalScroll():
                yield FitTable(id="results-areas", cursor_type="none")
                yield Static(id="results-trust")
                yield Static(id="results-explain", classes="form-hint")
            with TabPane("Action plan", id="tab-plan"), Vertical():
                yield Static(id="results-plan-note")
                yield Static(id="results-action-detail")
                yield ActionTable(id="results-actions")
            with TabPane("Differences", id="tab-differences"), Vertical():
                yield Static(id="results-spread-note")
                yield FitTable(id="results-spread")
            with TabPane("Benchmark", id="tab-benchmark"):
                yield BenchmarkPane(id="results-benchmark")
        with Horizontal(id="results-pdf"):
            yield Button("Generate PDF", id="results-pdf-button", compact=True)
            yield ProgressBar(
                total=None, show_eta=False, show_percentage=False, id="results-pdf-progress"
            )
            yield Static(id="results-pdf-path")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#results-pdf-progress").display = False
        if self.data is not None:
            self._show(self.data)
        else:
            self.reload()

    def on_screen_resume(self) -> None:
        if self.data is not None:
            self.reload()

    def reload(self) -> None:
        """Fetch the assessment and its result again.

        Loads can overlap (one starts when the screen comes back from a dialog, another once
        that dialog's change is saved); a load that finishes after a newer one was asked for
        is dropped, so what was read before a save never replaces what was read after it.
        """
        assessment_id = self.assessment_id
        self._loads += 1
        ticket = self._loads

        def show(data: ScoredAssessment) -> None:
            if ticket == self._loads:
                self._show(data)

        self.run_db(
            lambda ws: results.results(ws, assessment_id=assessment_id),
            show,
            group="results",
            exclusive=False,
        )

    def _show(self, data: ScoredAssessment) -> None:
        self.data = data
        a, q, r = data.assessment, data.questionnaire, data.result
        self.sub_title = f"Results · {a.organisation.name} · {a.period}"
        stage = r.stage
        people = f"{r.respondent_count} respondent" + ("" if r.respondent_count == 1 else "s")
        overall = Text.assemble(
            ("Overall ", "bold"),
            (fmt_score(r.overall), "bold reverse" if r.overall is not None else "bold"),
            f"  ({fmt_percent(r.percent)})  ",
            (stage.name if stage else "no stage yet", "bold cyan"),
            (f"  · {people}", "dim"),
        )
        late = overdue_count(a.actions, self.cx.today)
        if late:
            overall.append("  ")
            overall.append(f"{late} action{'' if late == 1 else 's'} overdue", style=OVERDUE_STYLE)
        if unverified := unverified_summary(r):
            overall.append(f"  {unverified}", style="yellow")
        overall.append(f"\n{stage.description if stage else 'No question has a level yet.'}")
        if a.status == AssessmentStatus.DRAFT:
            overall.append(
                "\nDraft: these scores are provisional until the assessment is completed.",
                style="yellow",
            )
        self.query_one("#results-overall", Static).update(overall)
        self.query_one("#results-explain", Static).update(
            Text(
                "Each area's score is the weighted mean of its question scores; coverage counts "
                'the questions with a score (N/A for everyone is left out, "don\'t know" is not '
                "covered). Gap: how far the score is below the area's target. Press ? for more.\n"
                f"Questionnaire: {q.title}, version {q.version}."
            )
        )

        self.query_one("#results-areas", FitTable).fill(AREA_COLUMNS, area_rows(r))

        notes = trust_notes(q, r)
        self.query_one("#results-trust", Static).update(notes)
        self.query_one("#results-trust", Static).display = bool(notes.plain)
        self.query_one("#results-spread-note", Static).update(spread_note(r))
        spread = self.query_one("#results-spread", FitTable)
        spread.fill(SPREAD_COLUMNS, spread_rows(q, r))
        spread.display = bool(spread.row_count)

        self._show_actions(data)
        if self.query_one("#results-tabs", TabbedContent).active == "tab-benchmark":
            self._show_benchmark()

    def _show_actions(self, data: ScoredAssessment) -> None:
        a, q = data.assessment, data.questionnaire
        plan_note = self.query_one("#results-plan-note", Static)
        if a.status == AssessmentStatus.DRAFT and not a.actions:
            plan_note.update("[dim]The action plan is made when the assessment is completed.[/dim]")
        elif not a.actions:
            plan_note.update("Every area meets its target: there is nothing to add to the plan.")
        else:
            late = overdue_count(a.actions, self.cx.today)
            flagged = f"[b]{late} overdue (!)[/b] · " if late else ""
            plan_note.update(
                f"{flagged}[dim]highest priority first · Enter edits owner, due date, status[/dim]"
            )
        titles = {area.id: area.title for area in q.areas}
        self.query_one("#results-actions", ActionTable).show(a.actions, titles, self.cx.today)
        self._show_action_detail()

    @on(TabbedContent.TabActivated, pane="#tab-benchmark")
    def _show_benchmark(self) -> None:
        if self.data is not None:
            load_benchmark(self, self.query_one(BenchmarkPane), self.data)

    @on(DataTable.RowHighlighted, "#results-actions")
    def _show_action_detail(self) -> None:
        detail = self.query_one("#results-action-detail", Static)
        item = self.query_one("#results-actions", ActionTable).current
        if item is None or self.data is None:
            detail.update("")
        else:
            detail.update(action_detail(item, self.data.questionnaire))

    @on(DataTable.RowSelected, "#results-actions")
    def _edit_action(self) -> None:
        item = self.query_one("#results-actions", ActionTable).current
        if item is None or self.data is None:
            return
        if item.id is None:
            self.notify("This action is not stored yet; complete the assessment first.")
            return
        action_id = item.id

        def edited(edit: ActionEdit | None) -> None:
            if edit is None:
                return

            def saved(stored: ActionItem) -> None:
                self._replace_action(stored)
                # Scores and the plan's summary are read again now that the change is stored.
                self.reload()

            self.cx.queue_save(
                lambda ws: results.update_action(
                    ws, action_id=action_id, owner=edit.owner, due=edit.due, status=edit.status
                ),
                self,
                saved,
            )

        self.app.push_screen(
            EditActionScreen(item, action_detail(item, self.data.questionnaire)), edited
        )

    @on(DataTable.RowSelected, "#results-spread")
    def _question_detail(self) -> None:
        from cxaudit.tui.dialogs.detail import DetailScreen
        from cxaudit.tui.widgets.detail import AnswersSide, question_detail

        key = cursor_key(self.query_one("#results-spread", FitTable))
        if key is None or self.data is None:
            return
        data = self.data
        question_id = key.split(":", 1)[1]
        score = data.result.questions[question_id].score
        side = AnswersSide(data.assessment.period, data.assessment, score)
        body = question_detail(data.questionnaire, question_id, [side])
        self.app.push_screen(DetailScreen("Question", body))

    def _replace_action(self, stored: ActionItem) -> None:
        table = self.query_one("#results-actions", ActionTable)
        if self.data is None or not table.replace(stored):
            return
        actions = [table.items.get(str(i.id), i) for i in self.data.assessment.actions]
        self.data = ScoredAssessment(
            self.data.questionnaire,
            self.data.assessment.model_copy(update={"actions": actions}),
            self.data.result,
        )
        self._show_action_detail()

    # -- actions --------------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        """Show one of the tabs and put the cursor in its table (or in the benchmark, to scroll)."""
        self.query_one("#results-tabs", TabbedContent).active = f"tab-{tab}"
        selector = {
            "plan": "#results-actions",
            "differences": "#results-spread",
            "benchmark": "#results-benchmark",
        }.get(tab)
        if selector is not None:
            self.query_one(selector).focus()

    @on(Button.Pressed, "#results-pdf-button")
    def action_generate_pdf(self) -> None:
        """Ask which report (full or board, PDF or Word), then write it in a worker."""
        if self.data is None:
            return
        a = self.data.assessment
        if a.status != AssessmentStatus.COMPLETE:
            self.notify("Complete the assessment first: the PDF is made from a finished one.")
            return

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is not None:
                self._write_report(str(a.organisation.id), a.period, *choice)

        self.app.push_screen(ReportChoiceScreen(), chosen)

    def _write_report(self, ref: str, period: str, profile: str, fmt: str) -> None:
        """Write the report, showing progress, then where it went."""
        progress = self.query_one("#results-pdf-progress", ProgressBar)
        button = self.query_one("#results-pdf-button", Button)
        path_label = self.query_one("#results-pdf-path", Static)
        progress.display = True
        button.disabled = True
        kind = "Word document" if fmt == "docx" else "PDF"
        path_label.update(f"Writing the {kind}…")

        def done(outcome: ReportOutcome) -> None:
            progress.display = False
            button.disabled = False
            # The size first and the path as short as it can be, so one line at 80 columns holds it.
            size = f" ({outcome.size_text})" if outcome.pages is not None else ""
            path_label.update(
                Text.assemble(f"{kind} written{size}: ", (shown_path(outcome.path), "bold"))
            )
            self.notify(f"{kind} written to {outcome.path}", title=kind)
            for warning in outcome.warnings:
                self.notify(warning, severity="warning", timeout=10)

        def failed(_: BaseException) -> None:
            progress.display = False
            button.disabled = False
            path_label.update(f"[red]The {kind} was not written.[/red]")

        self.run_db(
            lambda ws: write_report_file(
                ws, organisation_ref=ref, period=period, profile=profile, file_format=fmt
            ),
            done,
            group="pdf",
            on_error=failed,
        )

    def action_targets(self) -> None:
        """Set the organisation's area targets; the scores are read again against them."""
        from cxaudit.services import admin
        from cxaudit.tui.dialogs.targets import TargetsScreen

        if self.data is None or self.organisation_id is None:
            return
        organisation_id = self.organisation_id
        areas = [(a.area_id, a.title, a.target) for a in self.data.result.areas]

        def chosen(targets: dict[str, float] | None) -> None:
            if targets is None:
                return

            def saved(_: object) -> None:
                self.notify("Targets saved: gaps are measured against them from now on.")
                self.reload()

            self.run_db(
                lambda ws: admin.set_targets(ws, organisation_id=organisation_id, targets=targets),
                saved,
                group="targets",
            )

        self.app.push_screen(TargetsScreen(self.data.assessment.organisation.name, areas), chosen)

    def action_history(self) -> None:
        """This organisation's history."""
        if self.organisation_id is not None:
            self.cx.open_history(self.organisation_id)

    def action_add_respondent(self) -> None:
        """Add someone else's answers to this assessment."""
        self.cx.add_respondent(self.assessment_id)
