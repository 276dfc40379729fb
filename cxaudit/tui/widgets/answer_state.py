"""One line under the question saying where its answer stands and what to press next."""

from __future__ import annotations

from textual.widgets import Static

from cxaudit.domain.model import Answer
from cxaudit.domain.progress import needs_reconfirm


class AnswerState(Static):
    """Not answered yet, carried forward and waiting to be confirmed, or the answer given;
    styled by the class it carries (`-unanswered`, `-reconfirm`, `-answered`)."""

    def show(self, answer: Answer | None) -> None:
        """Describe `answer` (None: not answered yet)."""
        self.remove_class("-unanswered", "-reconfirm", "-answered")
        if answer is None:
            self.update("○ Not answered yet: 1–5, n for N/A, u for don't know")
            self.add_class("-unanswered")
        elif needs_reconfirm(answer):
            self.update(f"! Carried forward ({answer.display}): c confirms it, C confirms many")
            self.add_class("-reconfirm")
        else:
            if answer.is_na:
                text = f"✓ Your answer: N/A because {answer.na_reason}"
            elif answer.is_unknown:
                text = "✓ Your answer: don't know (finding out becomes an action)"
            else:
                text = f"✓ Your answer: level {answer.value}"
            self.update(text)
            self.add_class("-answered")
