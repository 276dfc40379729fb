"""The notes and evidence written beside an answer, handed to the screen on every key."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, TextArea

SUBTITLE = "e to write · escape to return"
SUBTITLE_UNANSWERED = "kept with your answer: choose a level, n or u"
SUBTITLE_AWAITING = "the level is saved with its evidence · escape to the levels"
EVIDENCE_OPTIONAL = "Evidence you could show: a report, a meeting, a link (optional)"


def evidence_placeholder(gate: int, hint: str) -> str:
    """What the evidence field says while empty: optional, or needed from the gate on (with the
    question's own hint of what counts)."""
    if gate <= 0:
        return EVIDENCE_OPTIONAL
    shown = hint.strip().rstrip(".") or "what someone could be shown"
    return f"Evidence, needed from level {gate}: {shown}"


class NotesPanel(Vertical):
    """A note and the evidence for the question on screen.

    It posts `Edited` on every change the user makes, so the screen can queue the write at
    once: nothing typed waits on a timer that a quit or a crash would cut short. While the user
    is not writing in it, the panel keeps to one line of note and one of evidence, so the
    question and its five levels keep the room.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "screen.leave",
            "Back to the levels",
            id="notes.leave",
            tooltip="Stop writing (the notes are saved)",
        ),
    ]

    class Edited(Message):
        """The user changed the note or the evidence."""

    def compose(self) -> ComposeResult:
        yield TextArea(id="wiz-note", soft_wrap=True, show_line_numbers=False)
        yield Input(placeholder=EVIDENCE_OPTIONAL, id="wiz-evidence", compact=True)

    def on_mount(self) -> None:
        self.border_title = "Notes and evidence"
        self.border_subtitle = SUBTITLE

    @property
    def values(self) -> tuple[str, str]:
        """The note and the evidence as they are on screen now (every key already applied)."""
        return self.query_one(TextArea).text, self.query_one(Input).value

    @property
    def editing(self) -> bool:
        """Whether the user is writing in the note or the evidence."""
        focused = self.screen.focused
        return focused is not None and focused.id in {"wiz-note", "wiz-evidence"}

    def load(
        self, note: str, evidence: str, *, answered: bool = True, gate: int = 0, hint: str = ""
    ) -> None:
        """Show another question's notes, and whether (from which level) it needs evidence.

        The change events this causes reach the screen too; it saves only notes that differ
        from the answer's, so showing them writes nothing.
        """
        self.answered(answered)
        self.query_one(TextArea).load_text(note)
        field = self.query_one(Input)
        field.value = evidence
        field.placeholder = evidence_placeholder(gate, hint)

    def answered(self, answered: bool, *, awaiting: bool = False) -> None:
        """Say where the notes will be kept: with the answer, once there is one, or with the
        level chosen once its evidence is typed (`awaiting`)."""
        if awaiting:
            self.border_subtitle = SUBTITLE_AWAITING
        else:
            self.border_subtitle = SUBTITLE if answered else SUBTITLE_UNANSWERED

    def write(self) -> None:
        """Put the cursor in the note."""
        self.query_one(TextArea).focus()

    def ask_evidence(self) -> None:
        """Put the cursor in the evidence, which the level chosen needs."""
        self.query_one(Input).focus()

    @on(TextArea.Changed)
    @on(Input.Changed)
    def _changed(self, event: TextArea.Changed | Input.Changed) -> None:
        event.stop()
        self.post_message(self.Edited())
