"""How an answer's state is marked wherever questions are listed, so the marks read the same."""

from __future__ import annotations

from rich.text import Text

from cxaudit.domain.model import Answer
from cxaudit.domain.progress import needs_reconfirm

UNANSWERED = "·"
ANSWERED = "✓"
RECONFIRM = "!"


def answer_mark(answer: Answer | None) -> Text:
    """A short coloured mark: `·` unanswered, `!` to reconfirm, else the answer itself."""
    if answer is None:
        return Text(UNANSWERED, style="bold yellow")
    if needs_reconfirm(answer):
        return Text(RECONFIRM, style="bold magenta")
    if answer.is_na:
        return Text("N/A", style="cyan")
    if answer.is_unknown:
        return Text("?", style="cyan")
    return Text(f"{ANSWERED}{answer.value}", style="green")
