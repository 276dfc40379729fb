"""Fixtures for the TUI tests: a real SQLite file, a fixed day, no blinking cursors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from cxaudit.domain.questionnaire import Questionnaire, load_questionnaire
from cxaudit.tui.app import CxauditApp

FIXTURES = Path(__file__).parent.parent / "fixtures"
TODAY = date(2026, 5, 14)
"""The frozen day every TUI test runs on (current period 2026-Q2)."""


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A blinking cursor would make screenshots differ from run to run."""
    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)
    yield


@pytest.fixture
def mini() -> Questionnaire:
    """The five-question test questionnaire."""
    return load_questionnaire(FIXTURES / "mini.toml")


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A real SQLite file, fresh for each test."""
    return f"sqlite:///{tmp_path / 'cxaudit.db'}"


@pytest.fixture
def make_app(db_url: str, mini: Questionnaire) -> Iterator[Callable[..., CxauditApp]]:
    """Build apps on the same database file, with the mini questionnaire and a fixed day."""

    def build(questionnaire: Questionnaire | None = None) -> CxauditApp:
        return CxauditApp(db_url, today=TODAY, questionnaire=questionnaire or mini)

    yield build
