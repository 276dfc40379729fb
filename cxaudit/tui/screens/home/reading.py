"""Home's reads that run in workers, and how a draft's progress reads in its list."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cxaudit.services.workspace import Workspace


def answered_text(answered: int, total: int) -> str:
    return f"{answered} of {total}" if total else str(answered)


def overdue(ws: Workspace, organisation_ids: list[int]) -> dict[int, tuple[int, int]]:
    from cxaudit.services.portfolio import overdue_actions

    return overdue_actions(ws, organisation_ids=organisation_ids)


def load_demo(ws: Workspace) -> str:
    """Load the demo organisations; a one-line summary of what was done."""
    from cxaudit.services.views import FeatureMissing

    try:
        from cxaudit.services.demo import load_demo as load
    except ModuleNotFoundError as exc:
        if exc.name != "cxaudit.services.demo":
            raise
        raise FeatureMissing("Demo data is not available in this build of cxaudit.") from None
    summary = load(ws)
    if not summary.created:
        return "The demo data is already loaded: " + ", ".join(summary.organisations) + "."
    return str(summary.message)
