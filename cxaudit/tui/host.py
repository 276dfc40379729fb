"""What a screen may ask of the app that shows it: the workspace, today, ordered saves and the
way to every other screen.

`CxauditApp` provides all of it. Screens and dialogs see only this protocol, so none of them
imports the app, and a screen opens another only by asking the app (`open_results`,
`open_history`, `resume`…), never by importing it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from cxaudit.domain.scoring import ScoredAssessment
    from cxaudit.services.views import WizardData
    from cxaudit.services.workspace import Workspace

T = TypeVar("T")


class Host(Protocol):
    """The running cxaudit app, as its screens see it."""

    db_url: str
    """The database as given on the command line."""
    today: date
    """The day the app treats as today (fixed in tests)."""
    workspace: Workspace | None
    """The open database; None while it opens, or when it could not be opened."""
    database_error: str | None
    """Why the database could not be opened, in one sentence."""

    def when_open(self, fn: Callable[[], None]) -> None:
        """Call `fn` once the database is open."""

    def queue_save(
        self,
        fn: Callable[[Workspace], T],
        target: MessagePump,
        done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Queue a write; writes happen one at a time, in the order they were queued."""

    async def flush_saves(self, timeout: float = 10.0) -> None:
        """Wait until every queued save has reached the database."""

    def leave_typing(self, then: Callable[[], None]) -> None:
        """Save what is being typed, ask first if some of it cannot be kept, then `then()`."""

    def check_size(self) -> None:
        """Cover everything with a "terminal too small" message while the terminal is small."""

    # -- navigation -----------------------------------------------------------------------

    def go_home(self) -> None:
        """Back to Home, refreshed."""

    def new_assessment(self, organisation_id: int | None = None) -> None:
        """The New assessment form, with `organisation_id` chosen if given."""

    def open_wizard(
        self, data: WizardData, *, guidance: bool = False, from_home: bool = False
    ) -> None:
        """The questions for one respondent; `guidance` shows how to answer first."""

    def resume(self, assessment_id: int) -> None:
        """Carry on answering a draft (asking who is answering when several people are)."""

    def add_respondent(self, assessment_id: int, *, from_home: bool = False) -> None:
        """Ask for another respondent, then open their questions."""

    def open_results(
        self,
        assessment_id: int,
        *,
        preloaded: ScoredAssessment | None = None,
        from_home: bool = False,
    ) -> None:
        """An assessment's results."""

    def open_latest_results(self, organisation_id: int) -> None:
        """The results of an organisation's latest completed assessment."""

    def open_history(self, organisation_id: int) -> None:
        """An organisation's assessments over time."""

    def open_compare(self, earlier_id: int, later_id: int) -> None:
        """Two assessments of one organisation side by side."""
