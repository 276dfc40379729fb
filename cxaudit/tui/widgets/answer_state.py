"""One line under the question saying where its answer stands and what to press next."""

from __future__ import annotations

from typing import ClassVar

from textual.widgets import Static

from cxaudit.domain.model import Answer, Confidence
from cxaudit.domain.progress import needs_reconfirm

STATES = ("-unanswered", "-reconfirm", "-answered", "-awaiting")


class AnswerState(Static):
    """Not answered yet, carried forward and waiting to be confirmed, a level waiting for its
    evidence, or the answer given (with how sure it is); styled by the class it carries
    (`-unanswered`, `-reconfirm`, `-awaiting`, `-answered`)."""

    DEFAULT_CSS: ClassVar[str] = """
    AnswerState.-awaiting {
        background: $error 25%;
        color: $text-error;
        text-style: bold;
    }
    """

    def show(
        self,
        answer: Answer | None,
        *,
        confidence: Confidence = Confidence.MEDIUM,
        awaiting: Answer | None = None,
        gate: int = 0,
    ) -> None:
        """Describe `answer` (None: not answered yet); `awaiting` is a level chosen that is not
        saved until it has evidence (needed from level `gate`); `confidence` is shown beside a
        level."""
        self.remove_class(*STATES)
        if awaiting is not None:
            lower = "1" if gate <= 2 else f"1–{gate - 1}"
            self.update(f"! Level {awaiting.level} needs evidence: type it below or choose {lower}")
            self.add_class("-awaiting")
        elif answer is None:
            sure = "" if confidence == Confidence.MEDIUM else f" ({confidence} confidence)"
            self.update(f"○ Not answered yet{sure}: 1–5, n for N/A, u for don't know")
            self.add_class("-unanswered")
        elif needs_reconfirm(answer):
            sure = f", {answer.confidence} confidence" if answer.level is not None else ""
            # At 80 columns the line holds this much; C (confirm many) is in Help.
            self.update(f"! Carried forward: {answer.display}{sure} · c confirms it")
            self.add_class("-reconfirm")
        else:
            if answer.is_na:
                text = f"✓ Your answer: N/A because {answer.na_reason}"
            elif answer.is_unknown:
                text = "✓ Your answer: don't know (finding out becomes an action)"
            else:
                text = (
                    f"✓ Your answer: level {answer.value} · {answer.confidence} confidence "
                    "(s changes it)"
                )
                if answer.unverified:
                    text += " · unverified: add evidence"
            self.update(text)
            self.add_class("-answered")
