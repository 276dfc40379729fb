"""Home: every organisation with its latest result, the drafts to resume, a first-run offer,
and looking after the organisations themselves."""

from __future__ import annotations

from cxaudit.tui.screens.home.screen import HomeScreen

__all__ = ["HomeScreen"]
