"""Killed one key after a note: the real app, SIGKILLed while its user is still typing a note,
has already stored every key of it that the screen showed.

The app runs as a user runs it (`python -m cxaudit --db …` on a pseudo-terminal). A note is
typed, then one more key; as soon as that key is drawn the process is killed without warning.
Nothing waits for a pause in the typing: each key is queued for the database as it is handled.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cxaudit.domain.model import Role
from tests.faults.conftest import make_draft
from tests.faults.ptyapp import ENTER, TAB, PtyApp, wait_until

pytestmark = pytest.mark.slow

NOTE = "Weekly huddle with the contact team"


def test_a_note_survives_a_sigkill_one_key_after_it_was_typed(
    tmp_path: Path, app_home: Path
) -> None:
    draft = make_draft(tmp_path, organisation="Kestrel Freight", people=[("Ada", Role.LEADER)])
    first_question = draft.question_ids[0]
    total = len(draft.question_ids)
    app = PtyApp(draft.url, home=app_home)
    try:
        app.start()
        app.wait_for_text(f"0 of {total}", timeout=60)
        mark = app.mark()
        app.send(TAB)
        app.send(ENTER)
        app.wait_for_text(f"Question 1 of {total}", since=mark, timeout=30)
        app.send(b"3")

        def answered() -> bool:
            return first_question in draft.answers()["Ada"]

        wait_until(answered, timeout=30, what="the level to be saved", app=app)
        mark = app.mark()
        app.send(b"e")
        app.wait_for_text("Back to the levels", since=mark, timeout=30)  # the cursor is in it
        mark = app.mark()
        app.send(NOTE.encode(), pause=0)
        app.wait_for_text(NOTE, since=mark, timeout=30)
        mark = app.mark()
        app.send(b"!", pause=0)
        app.wait_for_text("!", since=mark, timeout=30)
        app.kill()
        assert app.proc is not None and app.proc.returncode == -9
    finally:
        app.close()
    saved = draft.answers()["Ada"][first_question]
    assert saved.value == 3
    assert saved.note in {NOTE, NOTE + "!"}, f"the note typed before the kill: {saved.note!r}"
    assert "Traceback" not in app.text()
