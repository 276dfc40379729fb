"""The notes and evidence written beside an answer, saved once the typing pauses."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, TextArea

NOTES_DEBOUNCE = 0.8
"""Seconds of quiet after the last key before the notes are saved."""


class NotesPanel(Vertical):
    """A note and the evidence for the question on screen; posts `Paused` when the user stops
    typing, so the screen saves them without a write per key."""

    class Paused(Message):
        """The notes have not changed for `NOTES_DEBOUNCE` seconds: time to save them."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._loading = False
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield TextArea(id="wiz-note", soft_wrap=True, show_line_numbers=False)
        yield Input(
            placeholder="Evidence you could show: a report, a meeting, a link (optional)",
            id="wiz-evidence",
            compact=True,
        )

    def on_mount(self) -> None:
        self.border_title = "Notes and evidence"
        self.border_subtitle = "e to write · escape to return"

    @property
    def values(self) -> tuple[str, str]:
        """The note and the evidence as they are now."""
        return self.query_one(TextArea).text, self.query_one(Input).value

    @property
    def editing(self) -> bool:
        """Whether the user is writing in the note or the evidence."""
        focused = self.screen.focused
        return focused is not None and focused.id in {"wiz-note", "wiz-evidence"}

    def load(self, note: str, evidence: str) -> None:
        """Show another question's notes (not a change the user made, so nothing is saved)."""
        self._loading = True
        try:
            self.query_one(TextArea).load_text(note)
            self.query_one(Input).value = evidence
        finally:
            self.call_after_refresh(self._done_loading)

    def _done_loading(self) -> None:
        self._loading = False

    def write(self) -> None:
        """Put the cursor in the note."""
        self.query_one(TextArea).focus()

    def settle(self) -> None:
        """Forget the pending pause: the screen is saving the notes now."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    @on(TextArea.Changed)
    @on(Input.Changed)
    def _changed(self) -> None:
        if self._loading:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(NOTES_DEBOUNCE, self._paused)

    def _paused(self) -> None:
        self._timer = None
        self.post_message(self.Paused())
