"""What the Home screen shows, in plain shapes that load without the domain models.

Home's rows are the storage's portfolio lines and draft summaries themselves, so Home can be
filled from the first look at a SQLite file (`cxaudit.storage.glance`) in the same frame it is
first drawn, before the database, the domain and SQLAlchemy have loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cxaudit.storage.rows import DraftSummary, PortfolioLine


@dataclass(frozen=True)
class HomeData:
    """Everything the Home screen shows."""

    organisations: tuple[PortfolioLine, ...]
    drafts: tuple[DraftSummary, ...]


def first_look(db_url: str, *, today: date) -> HomeData | None:
    """Home's lists read straight from a SQLite file before the database is opened, if safe.

    See `cxaudit.storage.glance`; None means Home waits for the database to open.
    """
    from cxaudit.storage.glance import glance

    seen = glance(db_url, today=today)
    return None if seen is None else HomeData(seen.organisations, seen.drafts)
