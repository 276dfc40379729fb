"""Kill mid-wizard: the real app, killed with SIGKILL while answering, loses nothing.

The app runs as a user runs it (`python -m cxaudit --db …` on a 100×30 pseudo-terminal) and is
driven with key presses. After some answers have been saved it is killed without warning,
started again, and must show every answer given and resume at the first unanswered question.
Levels at the evidence gate (4 and 5 in the built-in questionnaire) are given with their evidence,
typed in the field the wizard puts the cursor in, and that evidence must survive too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cxaudit.domain.model import Role
from tests.faults.conftest import make_draft
from tests.faults.ptyapp import (
    CTRL_Q,
    ENTER,
    RIGHT,
    TAB,
    PtyApp,
    give_gated_level,
    squash,
    wait_until,
)

pytestmark = pytest.mark.slow

GIVEN: list[bytes] = [b"3", b"4", b"2", b"5", b"1", b"u", b"4"]
"""What the respondent answers before the kill: levels, and one "don't know"."""

GATED = {b"4", b"5"}
"""The levels the built-in questionnaire asks evidence for."""


def _evidence(index: int) -> str:
    return f"Minutes of review {index + 1}"


def _open_the_draft(app: PtyApp, answered: int, total: int) -> None:
    """From Home: wait for the draft to be listed, move to the drafts table and open it."""
    app.wait_for_text(f"{answered} of {total}", timeout=60)
    mark = app.mark()
    app.send(TAB)
    app.send(ENTER)
    app.wait_for_text(f"of {total} · {answered} answered", since=mark, timeout=30)


def test_answers_survive_sigkill_and_the_wizard_resumes_at_the_first_unanswered(
    tmp_path: Path, app_home: Path
) -> None:
    draft = make_draft(tmp_path, organisation="Kestrel Freight", people=[("Ada", Role.LEADER)])
    questions = draft.question_ids
    total = len(questions)
    expected = {
        questions[i]: ("unknown" if key == b"u" else int(key)) for i, key in enumerate(GIVEN)
    }
    evidence = {questions[i]: _evidence(i) for i, key in enumerate(GIVEN) if key in GATED}
    assert evidence, "some answers are at the evidence gate"

    first = PtyApp(draft.url, home=app_home)
    try:
        first.start()
        _open_the_draft(first, 0, total)
        first.wait_for_text(f"Question 1 of {total}")
        for index, key in enumerate(GIVEN):
            if key in GATED:
                give_gated_level(first, key, _evidence(index))
            else:
                first.send(key)
            first.send(RIGHT)

        def all_saved() -> bool:
            saved = draft.answers()["Ada"]
            return {q: a.value for q, a in saved.items()} == expected and {
                q: saved[q].evidence for q in evidence
            } == evidence

        wait_until(all_saved, timeout=30, what="every answer to reach the database", app=first)
        first.kill()
        assert first.proc is not None and first.proc.returncode == -9
    finally:
        first.close()

    after_kill = draft.answers()["Ada"]
    assert {q: a.value for q, a in after_kill.items()} == expected
    assert {q: after_kill[q].evidence for q in evidence} == evidence
    assert not any(a.unverified for a in after_kill.values())

    second = PtyApp(draft.url, home=app_home)
    try:
        second.start()
        _open_the_draft(second, len(GIVEN), total)
        resumed_at = len(GIVEN) + 1
        screen = second.wait_for_text(f"Question {resumed_at} of {total}")
        assert f"Question {resumed_at} of {total} · {len(GIVEN)} answered" in squash(screen)
        # The question on screen is the first unanswered one: an answer now lands on it.
        second.send(b"2")
        first_unanswered = questions[len(GIVEN)]

        def landed() -> bool:
            return first_unanswered in draft.answers()["Ada"]

        wait_until(landed, timeout=30, what="the resumed answer to be saved", app=second)
        saved = draft.answers()["Ada"]
        assert saved[first_unanswered].value == 2
        assert {q: saved[q].value for q in expected} == expected, "nothing changed on resume"
        assert {q: saved[q].evidence for q in evidence} == evidence, "nor any evidence"
        second.send(CTRL_Q)
        assert second.wait_exit(timeout=20) == 0
    finally:
        second.close()
    for run in (first, second):
        assert "Traceback" not in run.text()
        assert "database is locked" not in run.text().lower()
