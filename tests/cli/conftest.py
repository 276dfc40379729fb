"""Every CLI test runs in an 80-column terminal's environment, as the CLI promises to fit one."""

from __future__ import annotations

import pytest

WIDTH = 80


@pytest.fixture(autouse=True)
def eighty_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """`COLUMNS=80` (and `LINES=24`) for click's help, Rich's tables and any subprocess."""
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    monkeypatch.setenv("LINES", "24")
