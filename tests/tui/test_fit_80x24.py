"""At 80×24, the smallest terminal cxaudit draws on, every text a decision depends on is on screen.

The wizard shows each built-in question's prompt with all five levels without scrolling (so
nobody presses 5 without having read it), with esc, ^q and ? still in the footer.
"""

from __future__ import annotations

import re

import pytest

from cxaudit.tui.app import CxauditApp
from cxaudit.tui.screens.wizard import WizardScreen
from cxaudit.tui.widgets.levels import LevelList
from tests.tui.conftest import TODAY
from tests.tui.helpers import screen_lines, settle, start_assessment


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.slow
async def test_every_builtin_question_shows_its_prompt_and_five_levels_without_scrolling(
    db_url: str,
) -> None:
    app = CxauditApp(db_url, today=TODAY)  # the built-in questionnaire
    async with app.run_test(size=(80, 24)) as pilot:
        await start_assessment(pilot)
        await pilot.press("enter")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        assert len(wizard.positions) == 48
        for index in range(len(wizard.positions)):
            wizard.go_to(index)
            await pilot.pause()
            question = wizard.question
            levels = wizard.query_one(LevelList)
            assert levels.option_count == 5
            assert levels.max_scroll_y == 0, f"{question.id}: the levels scroll"
            lines = screen_lines(app)
            shown = _squash(" ".join(lines))
            assert _squash(question.prompt) in shown, f"{question.id}: the prompt is cut"
            for level, descriptor in enumerate(question.levels, start=1):
                assert _squash(descriptor) in shown, f"{question.id}: level {level} is cut"
            footer = lines[-1]
            for key in ("esc Home", "^q Quit", "? Help", "1-5 Level"):
                assert key in footer, f"{key!r} missing from the footer: {footer!r}"


async def test_why_it_matters_folds_behind_w_and_comes_back(db_url: str) -> None:
    app = CxauditApp(db_url, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_assessment(pilot)
        await pilot.press("enter")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        why = _squash(wizard.question.why)
        text = _squash(" ".join(screen_lines(app)))
        assert why[:40] not in text
        assert "w why it matters" in text
        await pilot.press("w")
        await pilot.pause()
        assert why[:40] in _squash(" ".join(screen_lines(app)))
        await pilot.press("w")
        await pilot.pause()
        assert why[:40] not in _squash(" ".join(screen_lines(app)))
