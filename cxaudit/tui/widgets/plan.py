"""The action plan as a table: one row per action item, highest priority first, each edited in
place (owner, due date, status) and shown again as soon as the change is stored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from cxaudit.domain.format import DASH
from cxaudit.domain.model import ActionItem
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.tui.widgets.cells import shorten
from cxaudit.tui.widgets.tables import cursor_key

COLUMNS = ("Area", "Action", "Owner", "Due", "Status")
STATUS_STYLES = {"done": "green", "dropped": "dim", "in_progress": "yellow"}


def action_cells(item: ActionItem, titles: Mapping[str, str]) -> tuple[str | Text, ...]:
    """One action item's row. Its text is shown as the domain wrote it: a "find out" item
    already says so."""
    return (
        shorten(titles.get(item.area_id, item.area_id), 10),
        shorten(item.text, 24),
        shorten(item.owner, 12) if item.owner else DASH,
        item.due.isoformat() if item.due else DASH,
        Text(item.status.label, style=STATUS_STYLES.get(item.status.value, "")),
    )


def action_detail(item: ActionItem, questionnaire: Questionnaire) -> str:
    """What the table cuts short: the whole action, the levels it moves between and its
    question."""
    levels = ""
    if item.current_level is not None and item.target_level is not None:
        levels = f" (level {item.current_level} → {item.target_level})"
    prompt = ""
    if questionnaire.has_question(item.question_id):
        prompt = questionnaire.question(item.question_id).prompt
    carried = "  [dim]carried over from the last plan[/dim]" if item.carried_from else ""
    return f"[b]{item.text}[/b]{levels}{carried}\n[dim]{prompt}[/dim]"


class ActionTable(DataTable[str | Text]):
    """The plan's action items, keyed by their id; hidden when the plan is empty."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.items: dict[str, ActionItem] = {}
        """The items shown, by row key."""
        self._titles: Mapping[str, str] = {}

    def show(self, actions: Sequence[ActionItem], titles: Mapping[str, str]) -> None:
        """List `actions` in the order given; `titles` names their areas."""
        if not self.columns:
            self.add_columns(*COLUMNS)
        self.clear()
        self.items = {}
        self._titles = titles
        for rank, item in enumerate(actions, start=1):
            key = str(item.id if item.id is not None else f"n{rank}")
            self.items[key] = item
            self.add_row(*action_cells(item, titles), key=key)
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
        cells = action_cells(stored, self._titles)
        for column, value in zip(self.columns.keys(), cells, strict=True):
            self.update_cell(key, column, value)
        return True
