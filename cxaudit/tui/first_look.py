"""What the Home screen lists: read through the open workspace, or at a first look at the file.

Home's rows are the storage's portfolio lines and draft summaries themselves, so Home can be
filled from the first look at a SQLite file (`cxaudit.storage.glance`) in the same frame it is
first drawn, before the database, the domain and SQLAlchemy have loaded. This module imports
neither textual nor pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cxaudit.storage.rows import DraftSummary, PortfolioLine

if TYPE_CHECKING:
    from cxaudit.services.workspace import Workspace


@dataclass(frozen=True)
class HomeData:
    """Everything the Home screen lists."""

    organisations: tuple[PortfolioLine, ...]
    drafts: tuple[DraftSummary, ...]


def read_home(ws: Workspace) -> HomeData:
    """Home's lists read through the open workspace, in one transaction."""
    from cxaudit.services import portfolio

    organisations, drafts = portfolio.home(ws)
    return HomeData(organisations, drafts)


def first_look(db_url: str, *, today: date) -> HomeData | None:
    """Home's lists read straight from a SQLite file before the database is opened, if safe.

    See `cxaudit.storage.glance`; None means Home waits for the database to open.
    """
    from cxaudit.storage.glance import glance

    seen = glance(db_url, today=today)
    return None if seen is None else HomeData(seen.organisations, seen.drafts)
