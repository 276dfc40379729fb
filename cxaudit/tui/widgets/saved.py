"""The wizard's "saved" indicator: the user always sees whether their last answer is stored."""

from __future__ import annotations

from textual.widgets import Label


class SavedIndicator(Label):
    """Shows "Saving…", "✓ Saved" or "✗ Not saved", and counts writes still in flight."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.pending = 0
        self.failed = False

    def started(self) -> None:
        """A write was queued."""
        self.pending += 1
        self._render_state()

    def finished(self, ok: bool) -> None:
        """A write reached the database (or failed)."""
        self.pending = max(0, self.pending - 1)
        self.failed = not ok
        self._render_state()

    def _render_state(self) -> None:
        self.remove_class("-saving", "-saved", "-failed")
        if self.pending:
            self.update("Saving…")
            self.add_class("-saving")
        elif self.failed:
            self.update("✗ Not saved")
            self.add_class("-failed")
        else:
            self.update("✓ Saved")
            self.add_class("-saved")
