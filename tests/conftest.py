"""Fixtures shared by every test: no test touches the real home or the user's database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO_ROOT = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every user path at a temporary folder and forget any database the shell names."""
    home = tmp_path / "cxaudit-home"
    monkeypatch.setenv("CXAUDIT_HOME", str(home))
    monkeypatch.delenv("CXAUDIT_DB", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    yield home


@pytest.fixture
def mini_questionnaire_path() -> Path:
    """A small, valid questionnaire with two areas, for tests that need hand-checkable numbers."""
    return FIXTURES / "mini.toml"
