"""Deprecated door to `cxaudit.services.demo`, kept while the terminal app moves over."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from cxaudit.services.demo import DEMO_NAMES, DemoSummary

if TYPE_CHECKING:
    from cxaudit.storage import Database

__all__ = ["DEMO_NAMES", "DemoSummary", "load_demo"]


def load_demo(db: Database, *, force: bool = False, today: date | None = None) -> DemoSummary:
    """`cxaudit.services.demo.load_demo` on an already open database."""
    from cxaudit.services import Workspace
    from cxaudit.services.demo import load_demo as load

    return load(Workspace(db), force=force, today=today)
