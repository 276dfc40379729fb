"""Steps the TUI tests share: wait for the app to settle, start an assessment, answer questions."""

from __future__ import annotations

import asyncio

from textual.pilot import Pilot
from textual.widgets import Input

from cxaudit.tui.app import CxauditApp


async def settle(pilot: Pilot[None], rounds: int = 500) -> None:
    """Wait until no database worker is running and every queued save has been written."""
    app = pilot.app
    assert isinstance(app, CxauditApp)
    for _ in range(rounds):
        await pilot.pause()
        busy = [w for w in app.workers if w.group != "saves" and w.is_running]
        if not busy and not app.saves.unfinished_tasks and app.backend is not None:
            await pilot.pause()
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"the app did not settle: {[w.name for w in app.workers]}")


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    """Replace the text of the input matching `selector`."""
    field = pilot.app.screen.query_one(selector, Input)
    field.value = text
    await pilot.pause()


async def start_assessment(
    pilot: Pilot[None],
    *,
    organisation: str = "Acme Stores",
    sector: str = "Retail",
    respondent: str = "Ada Leader",
    period: str | None = None,
) -> None:
    """From Home, fill the New assessment form for a new organisation and start it."""
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    await type_into(pilot, "#new-org-name", organisation)
    await type_into(pilot, "#new-org-sector", sector)
    if period is not None:
        await type_into(pilot, "#new-period", period)
    await type_into(pilot, "#new-name", respondent)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def answer(pilot: Pilot[None], *keys: str) -> None:
    """Press each key in turn on the wizard (a level, then → to move on), letting saves land."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)
