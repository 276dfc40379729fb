"""`cxaudit serve` in a real browser: Debian's chromium driven by Playwright, against the real
server on a free loopback port and a real SQLite file.

Two respondents answer at the same time in two browser contexts; their answers reach the
database (read back through the services); neither browser ever receives the other's name,
answers or notes (every byte each page's websocket received is kept and searched); a revoked
link and an expired link get 403. The terminal is drawn on a canvas, so what a page shows is
read from the stream its websocket received. Nothing waits for a set time: each step waits for
what it needs to see.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cxaudit.catalogue import default_questionnaire
from cxaudit.services import assessing, links
from tests.web.conftest import Links, expired_link, free_port

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is not installed (apt-get install chromium; .ci/run does it)",
    ),
]

playwright_api = pytest.importorskip(
    "playwright.async_api", reason="playwright is not installed (pip install '.[test]')"
)

ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-B]")
STEP = 600
"""How many tenths of a second a step may take before the test gives up (a bound, not a check)."""


@pytest.fixture
def server(link_db: Links) -> Iterator[str]:
    """`cxaudit serve` on a free loopback port over the links database; its base URL."""
    port = free_port()
    env = dict(os.environ, CXAUDIT_DB=link_db.db_url)
    proc = subprocess.Popen(
        [sys.executable, "-m", "cxaudit", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("Press Ctrl+C"):
                break
        else:
            pytest.fail("cxaudit serve did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=60)


class Browser:
    """One respondent's browser context: its page, and everything its websocket received."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.received = bytearray()
        page.on("websocket", self._watch)

    def _watch(self, websocket: Any) -> None:
        def got(payload: str | bytes) -> None:
            self.received += payload if isinstance(payload, bytes) else payload.encode()

        websocket.on("framereceived", got)

    def text(self) -> str:
        """Everything the terminal was sent, without its control sequences."""
        return ESCAPES.sub(b"", bytes(self.received)).decode("utf-8", "replace")

    async def sees(self, words: str) -> None:
        """Wait until the terminal has been sent `words`."""
        for _ in range(STEP):
            if words in self.text():
                return
            await asyncio.sleep(0.1)
        pytest.fail(f"the page never showed {words!r}")

    async def press_until(self, key: str, words: str) -> None:
        """Press `key`, then wait until the page is sent `words` (drawn after the key was handled,
        so a focus change it made is done before the next keys arrive)."""
        start = len(self.received)
        await self.press(key)
        for _ in range(STEP):
            later = ESCAPES.sub(b"", bytes(self.received[start:])).decode("utf-8", "replace")
            if words in later:
                return
            await asyncio.sleep(0.1)
        pytest.fail(f"the page never showed {words!r} after {key}")

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.page.keyboard.press(key)


async def until_saved(
    link_db: Links, browser: Browser, respondent_id: int, question_id: str, note: str | None = None
) -> Any:
    """Wait until the answer (and `note`, if given) is in the database; read back through the
    services."""
    for _ in range(STEP):
        data = assessing.place(
            link_db.ws, assessment_id=link_db.acme_id, respondent_id=respondent_id
        )
        answer = data.respondent.answers.get(question_id)
        if answer is not None and (note is None or answer.note == note):
            return answer
        await asyncio.sleep(0.1)
    pytest.fail(
        f"the answer to {question_id} never reached the database; the page last showed: "
        f"{browser.text()[-1500:]!r}"
    )


async def test_two_respondents_answer_at_once_and_see_only_their_own(
    link_db: Links, server: str
) -> None:
    first = default_questionnaire().questions[0].id
    people = {
        "Ann": (link_db.ann, "3", "Ann: complaints are logged in two places"),
        "Bob": (link_db.bob, "2", "Bob: nobody owns the returns desk"),
    }
    grants = {name: links.open_link(link_db.ws, token=t) for name, (t, _, _) in people.items()}
    both_started = asyncio.Barrier(2)

    async with playwright_api.async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            browsers: dict[str, Browser] = {}

            async def respond(name: str) -> None:
                token, level, note = people[name]
                context = await chromium.new_context(viewport={"width": 1280, "height": 800})
                browser = browsers[name] = Browser(await context.new_page())
                response = await browser.page.goto(f"{server}/a/{token}")
                assert response is not None and response.status == 200
                assert token not in browser.page.url  # the token moved into the cookie
                await browser.sees(f"answering as {name}")
                await both_started.wait()  # both sessions are live before either answers
                await browser.page.locator(".xterm-helper-textarea").focus()
                await browser.press("Enter")  # the guidance
                await browser.sees("Before you start")
                await browser.press("Enter")  # the first question
                await browser.sees(f"2026-Q1 · {name}")
                grant = grants[name]
                assert grant is not None
                await browser.press(level)
                await until_saved(link_db, browser, grant.respondent_id, first)
                await browser.press_until("e", "Back to the levels")  # into the note
                await browser.page.keyboard.type(note)
                await browser.press("Escape")
                answer = await until_saved(link_db, browser, grant.respondent_id, first, note)
                assert str(answer.value) == level
                await context.close()

            await asyncio.gather(respond("Ann"), respond("Bob"))

            ann, bob = browsers["Ann"].text(), browsers["Bob"].text()
            assert "Bob" not in ann and people["Bob"][2][5:] not in ann
            assert "Ann" not in bob and people["Ann"][2][5:] not in bob

            # Revoked and expired links get the plain 403 page, and no app.
            links.revoke_links(link_db.ws, organisation="Acme", period="2026-Q1", respondent="Bob")
            expired = expired_link(link_db.ws)
            for token in (link_db.bob, expired):
                context = await chromium.new_context()
                page = await context.new_page()
                response = await page.goto(f"{server}/a/{token}")
                assert response is not None and response.status == 403
                assert "This link is not valid" in await page.content()
                await context.close()
        finally:
            await chromium.close()
