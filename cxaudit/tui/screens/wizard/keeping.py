"""The wizard's answers and the writes that keep the database in step with them.

Every change (a level, N/A, don't know, a confirmation, a cleared answer, each key typed in a
note) is queued for the database at once, so a quit, a crash or a kill one key later loses
nothing the screen showed. Changes to one question that pile up while a write is waiting are
folded into one write carrying the latest state, and writes reach the database in the order
the changes were made.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from cxaudit.services import assessing

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from cxaudit.domain.model import Answer
    from cxaudit.services.workspace import Workspace
    from cxaudit.tui.host import Host
    from cxaudit.tui.widgets.saved import SavedIndicator

_CLEARED = None
"""What is kept for a question whose answer is to be removed."""


class AnswerKeeper:
    """One respondent's answers as shown, and the queue of writes that stores them."""

    def __init__(
        self,
        host: Host,
        target: MessagePump,
        respondent_id: int,
        answers: dict[str, Answer],
        indicator: Callable[[], SavedIndicator],
        reverted: Callable[[str], None],
    ) -> None:
        self.host = host
        self.target = target
        self.respondent_id = respondent_id
        self.answers = answers
        """The answers as the wizard shows them (changed at once, before they are stored)."""
        self._stored: dict[str, Answer] = dict(answers)
        """The answers as last known to be in the database."""
        self._indicator = indicator
        self._reverted = reverted
        self._lock = threading.Lock()
        self._unsent: dict[str, Answer | None] = {}
        """Per question, the latest state not yet picked up by a write (None: clear it)."""

    @property
    def unsent(self) -> int:
        """Questions with a change still waiting for its write."""
        with self._lock:
            return len(self._unsent)

    def save(self, answer: Answer) -> Answer:
        """Show `answer` at once and queue its write; returns the answer as shown (confirmed)."""
        local = answer.model_copy(update={"needs_reconfirm": False})
        self.answers[answer.question_id] = local
        self._queue(answer.question_id, local)
        return local

    def clear(self, question_id: str) -> None:
        """Remove the answer at once and queue its removal."""
        if self.answers.pop(question_id, None) is not None:
            self._queue(question_id, _CLEARED)

    def _queue(self, question_id: str, state: Answer | None) -> None:
        with self._lock:
            waiting = question_id in self._unsent
            self._unsent[question_id] = state
        if waiting:
            # A write already queued for this question will carry the latest state.
            return
        self._indicator().started()
        respondent_id = self.respondent_id

        def write(ws: Workspace) -> tuple[Answer | None, Answer | None]:
            with self._lock:
                latest = self._unsent.pop(question_id)
            if latest is None:
                assessing.clear_answer(ws, respondent_id=respondent_id, question_id=question_id)
                return None, None
            stored = assessing.save_answer(ws, respondent_id=respondent_id, answer=latest)
            return latest, stored

        def written(result: tuple[Answer | None, Answer | None]) -> None:
            sent, stored = result
            if stored is None:
                self._stored.pop(question_id, None)
            else:
                self._stored[question_id] = stored
                if self.answers.get(question_id) is sent:
                    self.answers[question_id] = stored
            self._indicator().finished(ok=True)

        def failed(_: BaseException) -> None:
            with self._lock:
                newer = question_id in self._unsent
            if not newer:
                # Nothing newer is on its way: show what the database still holds.
                before = self._stored.get(question_id)
                if before is None:
                    self.answers.pop(question_id, None)
                else:
                    self.answers[question_id] = before
                self._reverted(question_id)
            self._indicator().finished(ok=False)

        self.host.queue_save(write, self.target, written, failed)
