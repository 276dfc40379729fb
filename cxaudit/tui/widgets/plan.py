"""The action plan as a table: one row per action item, highest priority first, each edited in
place (owner, due date, status) and shown again as soon as the change is stored.

The action's text takes the width the other columns leave; the full text of the row under the
cursor is shown above the table, and in the edit dialog Enter opens. An action past its due
date and still open is flagged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from rich.text import Text

from cxaudit.domain.board import is_overdue
from cxaudit.domain.format import DASH
from cxaudit.domain.model import ActionItem
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.tui.widgets.tables import Cell, Column, FitTable, cursor_key

COLUMNS = (
    Column("Area", cap=14),
    Column("Action", flex=True),
    Column("Owner", cap=16),
    Column("Due"),
    Column("Status"),
)
STATUS_STYLES = {"done": "green", "dropped": "dim", "in_progress": "yellow"}
OVERDUE_STYLE = "bold white on dark_red"


def due_text(item: ActionItem, today: date) -> Cell:
    """An action's due date, flagged with "!" when it has passed and the action is still open."""
    if item.due is None:
        return DASH
    if is_overdue(item, today):
        return Text(f"{item.due.isoformat()} !", style=OVERDUE_STYLE)
    return item.due.isoformat()


def action_cells(item: ActionItem, titles: Mapping[str, str], today: date) -> tuple[Cell, ...]:
    """One action item's row. Its text is shown as the domain wrote it: a "find out" item
    already says so."""
    return (
        titles.get(item.area_id, item.area_id),
        item.text,
        item.owner or DASH,
        due_text(item, today),
        Text(item.status.label, style=STATUS_STYLES.get(item.status.value, "")),
    )


def overdue_count(actions: Sequence[ActionItem], today: date) -> int:
    """How many actions are past their due date and still open."""
    return sum(1 for item in actions if is_overdue(item, today))


def action_detail(item: ActionItem, questionnaire: Questionnaire) -> Text:
    """What the table cuts short: the whole action, the levels it moves between and its
    question."""
    text = Text(item.text, style="bold")
    if item.current_level is not None and item.target_level is not None:
        text.append(f" (level {item.current_level} → {item.target_level})")
    if item.carried_from:
        text.append("  carried over from the last plan", style="dim")
    if questionnaire.has_question(item.question_id):
        text.append("\n" + questionnaire.question(item.question_id).prompt, style="dim")
    return text


class ActionTable(FitTable):
    """The plan's action items, keyed by their id; hidden when the plan is empty."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.items: dict[str, ActionItem] = {}
        """The items shown, by row key."""
        self._titles: Mapping[str, str] = {}
        self._today = date.today()

    def show(self, actions: Sequence[ActionItem], titles: Mapping[str, str], today: date) -> None:
        """List `actions` in the order given; `titles` names their areas."""
        self.items = {}
        self._titles = titles
        self._today = today
        rows: list[tuple[str, Sequence[Cell]]] = []
        for rank, item in enumerate(actions, start=1):
            key = str(item.id if item.id is not None else f"n{rank}")
            self.items[key] = item
            rows.append((key, action_cells(item, titles, today)))
        self.fill(COLUMNS, rows)
        self.display = bool(actions)

    @property
    def current(self) -> ActionItem | None:
        """The action under the cursor."""
        key = cursor_key(self)
        return self.items.get(key) if key is not None else None

    def replace(self, stored: ActionItem) -> bool:
        """Show a stored edit of an item in its row; False when the item is not listed."""
        key = str(stored.id)
        if stored.id is None or key not in self.items:
            return False
        self.items[key] = stored
        self.update_row(key, action_cells(stored, self._titles, self._today))
        return True
