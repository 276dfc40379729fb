"""Answering an assessment: the guidance read first, the questions one at a time, and the review
that completes it."""

from __future__ import annotations

from cxaudit.tui.screens.wizard.questions import WizardScreen

__all__ = ["WizardScreen"]
