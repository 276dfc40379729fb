"""The workspace every use-case runs in: one database, today's date and the user's settings.

The CLI opens one per command (`with open_workspace(url) as ws:`), the terminal app one for its
whole run; tests pass a fixed `today` so dates never depend on the clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session

    from cxaudit.config import Settings
    from cxaudit.domain.questionnaire import Questionnaire
    from cxaudit.storage.engine import Database


class Workspace:
    """An open database with the date and settings the use-cases run under."""

    def __init__(
        self,
        db: Database,
        *,
        today: date | None = None,
        questionnaire: Questionnaire | None = None,
    ) -> None:
        self.db = db
        self._today = today
        self.questionnaire_override = questionnaire
        """A questionnaire offered first when starting an assessment (`--questionnaire`)."""

    @classmethod
    def open(
        cls,
        url: str,
        *,
        today: date | None = None,
        questionnaire: Questionnaire | None = None,
    ) -> Workspace:
        """Open (and if needed create and migrate) the database at `url`."""
        from cxaudit.storage import open_database

        return cls(open_database(url), today=today, questionnaire=questionnaire)

    @property
    def today(self) -> date:
        """The date use-cases treat as today: fixed when given, else the real date."""
        return self._today if self._today is not None else date.today()

    @property
    def settings(self) -> Settings:
        """The user's settings as they are now (the config file is read on each use, so an
        edit takes effect without restarting the app)."""
        from cxaudit.config import load_settings

        return load_settings()

    @property
    def display_url(self) -> str:
        """The database URL with any password masked."""
        return str(self.db.display_url)

    def session(self) -> AbstractContextManager[Session]:
        """A short-lived session, as a context manager: `with ws.session() as session:`."""
        return self.db.session()

    def close(self) -> None:
        """Release the database's connections."""
        self.db.dispose()


@contextmanager
def open_workspace(
    url: str,
    *,
    today: date | None = None,
    questionnaire: Questionnaire | None = None,
) -> Iterator[Workspace]:
    """A workspace on the database at `url`, closed when the block ends."""
    ws = Workspace.open(url, today=today, questionnaire=questionnaire)
    try:
        yield ws
    finally:
        ws.close()
