"""Results: the overall score and stage, each area against its target, and the action plan.

Every figure comes from the domain's `AssessmentResult`; this screen only lays it out. The action
plan is edited in place (owner, due date, status) and each edit is saved at once.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
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

from cxaudit.domain.format import DASH, fmt_gap, fmt_percent, fmt_score
from cxaudit.domain.model import ActionItem, AssessmentStatus
from cxaudit.tui.backend import PdfOutcome, ResultsData
from cxaudit.tui.screens.base import CxScreen
from cxaudit.tui.screens.edit_action import ActionEdit, EditActionScreen
from cxaudit.tui.widgets.tables import fill_table

BAR_WIDTH = 10
TABS = (("scores", "Scores"), ("plan", "Action plan"), ("differences", "Differences"))
TAB_GROUP = Binding.Group("Tabs", compact=True)


def score_bar(percent: float | None, width: int = BAR_WIDTH) -> Text:
    """A horizontal bar for a percentage the domain computed (empty when there is no score)."""
    if percent is None:
        return Text("·" * width, style="dim")
    filled = max(0, min(width, round(percent / 100 * width)))
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"))


def _gap(gap: float | None) -> str:
    """The distance below target as a number, "met" when the target is reached."""
    text = fmt_gap(gap)
    return "met" if text == "on target" else text.replace(" below target", "")


def shorten(text: str, width: int) -> str:
    """`text` cut to `width` characters with an ellipsis."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


class ResultsScreen(CxScreen):
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
        Binding("p", "generate_pdf", "Generate PDF", id="results.pdf", tooltip="Write the PDF"),
        Binding("h", "history", "History", id="results.history", tooltip="All periods"),
        Binding("a", "add_respondent", "Add respondent", id="results.add", tooltip="One more"),
        Binding("escape", "app.pop_screen", "Back", id="results.back", tooltip="Back"),
    ]

    def __init__(self, assessment_id: int, *, preloaded: ResultsData | None = None) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.data: ResultsData | None = preloaded
        self.actions: dict[str, ActionItem] = {}
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
                yield DataTable(id="results-areas", cursor_type="none", zebra_stripes=True)
                yield Static(id="results-explain", classes="form-hint")
            with TabPane("Action plan", id="tab-plan"), VerticalScroll():
                yield Static(id="results-plan-note")
                yield Static(id="results-action-detail")
                yield DataTable(id="results-actions", cursor_type="row", zebra_stripes=True)
            with TabPane("Differences", id="tab-differences"), VerticalScroll():
                yield Static(id="results-spread-note")
                yield DataTable(id="results-spread", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="results-pdf"):
            yield Button("Generate PDF", id="results-pdf-button", compact=True)
            yield ProgressBar(
                total=None, show_eta=False, show_percentage=False, id="results-pdf-progress"
            )
            yield Static(id="results-pdf-path")
        yield Footer()

    def on_mount(self) -> None:
        spread = self.query_one("#results-spread", DataTable)
        spread.add_columns("Question", "What differs", "Levels")
        actions = self.query_one("#results-actions", DataTable)
        actions.add_columns("Area", "Action", "Owner", "Due", "Status")
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

        def show(data: ResultsData) -> None:
            if ticket == self._loads:
                self._show(data)

        self.run_db(
            lambda b: b.results(assessment_id=assessment_id),
            show,
            group="results",
            exclusive=False,
        )

    def _show(self, data: ResultsData) -> None:
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
            (f"   {people} · {q.title}", "dim"),
            f"\n{stage.description if stage else 'No question has a level yet.'}",
        )
        if a.status == AssessmentStatus.DRAFT:
            overall.append(
                "\nDraft: these scores are provisional until the assessment is completed.",
                style="yellow",
            )
        self.query_one("#results-overall", Static).update(overall)
        self.query_one("#results-explain", Static).update(
            "Each area's score is the weighted mean of its question scores; coverage counts the "
            'questions with a score (N/A for everyone is left out, "don\'t know" is not '
            "covered). Gap: how far the score is below the area's target. Press ? for more."
        )

        rows: list[tuple[str, list[str | Text]]] = []
        for area in r.areas:
            gap_style = "red" if area.gap_to_target is not None and area.gap_to_target > 0 else ""
            rows.append(
                (
                    area.area_id,
                    [
                        area.title,
                        Text(fmt_score(area.score), justify="right", style="bold"),
                        score_bar(area.percent),
                        area.coverage_text,
                        Text(fmt_score(area.target), justify="right"),
                        Text(_gap(area.gap_to_target), style=gap_style, justify="right"),
                    ],
                )
            )
        fill_table(
            self.query_one("#results-areas", DataTable),
            ["Area", "Score", "", "Coverage", "Target", "Gap"],
            rows,
        )

        spread = self.query_one("#results-spread", DataTable)
        spread.clear()
        several = r.respondent_count > 1
        note = self.query_one("#results-spread-note", Static)
        if not several:
            note.update(
                "[dim]With one respondent there is nothing to compare. Add respondents "
                "(a) to see where people disagree and where leaders and the front line differ."
                "[/dim]"
            )
        elif not r.disagreements and not r.perception_gaps:
            note.update("Everyone broadly agrees: no disagreements or perception gaps.")
        else:
            note.update(
                "[dim]A disagreement: levels 2 or more apart. A perception gap: leaders and the "
                "front line 1.0 or more apart.[/dim]"
            )
        for item in r.disagreements:
            spread.add_row(
                shorten(q.question(item.question_id).prompt, 34),
                f"Disagreement (spread {item.spread})",
                ", ".join(str(level) for level in item.levels),
                key=f"d:{item.question_id}",
            )
        for item in r.perception_gaps:
            spread.add_row(
                shorten(q.question(item.question_id).prompt, 34),
                f"Perception gap ({fmt_score(item.role_gap)})",
                f"leaders {fmt_score(item.leader_mean)}, "
                f"front line {fmt_score(item.frontline_mean)}",
                key=f"g:{item.question_id}",
            )
        spread.display = bool(spread.row_count)

        self._show_actions(data)

    def _show_actions(self, data: ResultsData) -> None:
        a, q = data.assessment, data.questionnaire
        table = self.query_one("#results-actions", DataTable)
        table.clear()
        self.actions = {}
        plan_note = self.query_one("#results-plan-note", Static)
        if a.status == AssessmentStatus.DRAFT and not a.actions:
            plan_note.update("[dim]The action plan is made when the assessment is completed.[/dim]")
        elif not a.actions:
            plan_note.update("Every area meets its target: there is nothing to add to the plan.")
        else:
            plan_note.update(
                "[dim]Highest priority first. Enter edits owner, due date and status.[/dim]"
            )
        titles = {area.id: area.title for area in q.areas}
        for rank, item in enumerate(a.actions, start=1):
            key = str(item.id if item.id is not None else f"n{rank}")
            self.actions[key] = item
            table.add_row(*self._action_cells(item, titles), key=key)
        table.display = bool(a.actions)
        self._show_action_detail()

    def _action_cells(self, item: ActionItem, titles: dict[str, str]) -> tuple[str | Text, ...]:
        text = item.text if item.kind == "improve" else f"Find out: {item.text}"
        status_style = {"done": "green", "dropped": "dim", "in_progress": "yellow"}.get(
            item.status.value, ""
        )
        return (
            shorten(titles.get(item.area_id, item.area_id), 10),
            shorten(text, 24),
            shorten(item.owner, 12) if item.owner else DASH,
            item.due.isoformat() if item.due else DASH,
            Text(item.status.label, style=status_style),
        )

    @on(DataTable.RowHighlighted, "#results-actions")
    def _show_action_detail(self) -> None:
        detail = self.query_one("#results-action-detail", Static)
        item = self._current_action()
        if item is None or self.data is None:
            detail.update("")
            return
        q = self.data.questionnaire
        levels = ""
        if item.current_level is not None and item.target_level is not None:
            levels = f" (level {item.current_level} → {item.target_level})"
        prompt = q.question(item.question_id).prompt if q.has_question(item.question_id) else ""
        carried = "  [dim]carried over from the last plan[/dim]" if item.carried_from else ""
        detail.update(f"[b]{item.text}[/b]{levels}{carried}\n[dim]{prompt}[/dim]")

    def _current_action(self) -> ActionItem | None:
        table = self.query_one("#results-actions", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.actions.get(key) if key is not None else None

    @on(DataTable.RowSelected, "#results-actions")
    def _edit_action(self) -> None:
        item = self._current_action()
        if item is None:
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
                lambda b: b.update_action(
                    action_id=action_id, owner=edit.owner, due=edit.due, status=edit.status
                ),
                self,
                saved,
            )

        self.app.push_screen(EditActionScreen(item, item.text), edited)

    def _replace_action(self, stored: ActionItem) -> None:
        if self.data is None or stored.id is None:
            return
        key = str(stored.id)
        if key not in self.actions:
            return
        self.actions[key] = stored
        table = self.query_one("#results-actions", DataTable)
        titles = {area.id: area.title for area in self.data.questionnaire.areas}
        for column, value in zip(
            table.columns.keys(), self._action_cells(stored, titles), strict=True
        ):
            table.update_cell(key, column, value)
        actions = [self.actions.get(str(i.id), i) for i in self.data.assessment.actions]
        self.data = ResultsData(
            self.data.questionnaire,
            self.data.assessment.model_copy(update={"actions": actions}),
            self.data.result,
        )
        self._show_action_detail()

    # -- actions --------------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        """Show one of the tabs and put the cursor in its table."""
        self.query_one("#results-tabs", TabbedContent).active = f"tab-{tab}"
        table = {"scores": None, "plan": "#results-actions", "differences": "#results-spread"}
        selector = table.get(tab)
        if selector is not None:
            self.query_one(selector, DataTable).focus()

    @on(Button.Pressed, "#results-pdf-button")
    def action_generate_pdf(self) -> None:
        """Write the PDF action plan in a worker, showing progress, then where it went."""
        if self.data is None:
            return
        a = self.data.assessment
        if a.status != AssessmentStatus.COMPLETE:
            self.notify("Complete the assessment first: the PDF is made from a finished one.")
            return
        slug, period = a.organisation.slug, a.period
        progress = self.query_one("#results-pdf-progress", ProgressBar)
        button = self.query_one("#results-pdf-button", Button)
        path_label = self.query_one("#results-pdf-path", Static)
        progress.display = True
        button.disabled = True
        path_label.update("Writing the PDF…")

        def done(outcome: PdfOutcome) -> None:
            progress.display = False
            button.disabled = False
            pages = f"{outcome.pages} page" + ("" if outcome.pages == 1 else "s")
            path_label.update(f"PDF written to [b]{outcome.path}[/b] ({pages})")
            self.notify(f"PDF written to {outcome.path}", title="PDF")
            for warning in outcome.warnings:
                self.notify(warning, severity="warning", timeout=10)

        def failed(_: BaseException) -> None:
            progress.display = False
            button.disabled = False
            path_label.update("[red]The PDF was not written.[/red]")

        self.run_db(
            lambda b: b.generate_pdf(organisation_ref=slug, period=period),
            done,
            group="pdf",
            on_error=failed,
        )

    def action_history(self) -> None:
        """This organisation's history."""
        from cxaudit.tui.screens.history import HistoryScreen

        if self.organisation_id is not None:
            self.app.push_screen(HistoryScreen(self.organisation_id))

    def action_add_respondent(self) -> None:
        """Add someone else's answers to this assessment."""
        from cxaudit.tui.screens.add_respondent import AddRespondentScreen

        self.app.push_screen(AddRespondentScreen(self.assessment_id))
