"""Results: an assessment's scores, its action plan (edited in place), where respondents differ,
and the PDF."""

from __future__ import annotations

from cxaudit.tui.screens.results.screen import ResultsScreen

__all__ = ["ResultsScreen"]
