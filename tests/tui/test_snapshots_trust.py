"""Screenshots of the wizard's trust features at 80×24 (fixed day, data and file name): a level
at the evidence gate waiting for its evidence, and the review listing a question that does not
apply."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from cxaudit.domain.model import make_answer
from cxaudit.tui.app import CxauditApp
from tests.tui.conftest import TODAY
from tests.tui.helpers import settle
from tests.tui.trust import seed_draft, trust_questionnaire

SIZE = (80, 24)


@pytest.fixture
def no_contact_centre(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[CxauditApp, int]:
    """A draft of an organisation with no contact centre, beta.two already answered."""
    monkeypatch.chdir(tmp_path)
    url = "sqlite:///cxaudit.db"
    draft = seed_draft(
        url,
        trust_questionnaire(),
        profile={"has_contact_centre": False},
        answers={"beta.two": make_answer("beta.two", 3, confidence="high")},
    )
    return CxauditApp(url, today=TODAY), draft


class TestTrust:
    """Evidence asked in place, and what does not apply, as a user sees them."""

    def test_evidence_asked_at_the_gate(
        self, snap_compare: Any, no_contact_centre: tuple[CxauditApp, int]
    ) -> None:
        app, draft = no_contact_centre

        async def choose_five(pilot: Pilot[None]) -> None:
            await settle(pilot)
            app.resume(draft)
            await settle(pilot)
            await pilot.press("5")
            await settle(pilot)
            app.clear_notifications()  # a toast's timing is not what is compared
            await pilot.pause()

        assert snap_compare(app, terminal_size=SIZE, run_before=choose_five)

    def test_review_lists_what_does_not_apply(
        self, snap_compare: Any, no_contact_centre: tuple[CxauditApp, int]
    ) -> None:
        app, draft = no_contact_centre

        async def review(pilot: Pilot[None]) -> None:
            await settle(pilot)
            app.resume(draft)
            await settle(pilot)
            await pilot.press("2", "r")
            await settle(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=review)
