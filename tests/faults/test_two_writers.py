"""Two writers: two copies of the real app answer one assessment in one SQLite file at once.

A team fills in one assessment side by side. Two app processes, each on its own pseudo-terminal,
answer every question for two different respondents as fast as keys can be typed. Every answer
must reach the file, and neither person may see "database is locked", a busy message or a
failed save. (The storage tests prove the same for the repository alone; this is the whole
program, as people run it.) Levels at the evidence gate are given with their evidence, typed in
place as the wizard asks, so those keys are saved as they are typed too.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from cxaudit.domain.model import Role
from tests.faults.conftest import make_draft
from tests.faults.ptyapp import (
    CTRL_Q,
    DOWN,
    ENTER,
    RIGHT,
    TAB,
    PtyApp,
    give_gated_level,
    wait_until,
)

pytestmark = pytest.mark.slow

WORDS_NO_USER_MAY_SEE = (
    "database is locked",
    "database is busy",
    "not saved",
    "something unexpected",
)


GATE = 4
"""The built-in questionnaire asks evidence for this level and above."""


def _levels(offset: int, count: int) -> list[int]:
    return [(i * 3 + offset) % 5 + 1 for i in range(count)]


def _evidence(name: str, index: int) -> str:
    return f"{name} can show report {index + 1}"


def test_two_apps_answering_one_file_at_once_lose_nothing(tmp_path: Path, app_home: Path) -> None:
    draft = make_draft(
        tmp_path,
        organisation="Kestrel Freight",
        people=[("Ada", Role.LEADER), ("Ben", Role.FRONTLINE)],
    )
    questions = draft.question_ids
    total = len(questions)
    plans = {"Ada": _levels(0, total), "Ben": _levels(2, total)}
    apps = {"Ada": PtyApp(draft.url, home=app_home), "Ben": PtyApp(draft.url, home=app_home)}
    try:
        for app in apps.values():
            app.start()
        for name, app in apps.items():
            app.wait_for_text(f"0 of {total * 2}", timeout=60)
            mark = app.mark()
            app.send(TAB)
            app.send(ENTER)
            app.wait_for_text("Who is answering?", since=mark, timeout=30)
            mark = app.mark()
            if name == "Ben":
                app.send(DOWN)
            app.send(ENTER)
            app.wait_for_text(f"· {name}", since=mark, timeout=30)
            app.wait_for_text(f"Question 1 of {total}", since=mark, timeout=30)

        start = threading.Barrier(len(apps))
        errors: list[BaseException] = []

        def answer_everything(name: str) -> None:
            try:
                start.wait(timeout=30)
                for index, level in enumerate(plans[name]):
                    if level >= GATE:
                        give_gated_level(apps[name], str(level).encode(), _evidence(name, index))
                    else:
                        apps[name].send(str(level).encode(), pause=0.02)
                    apps[name].send(RIGHT, pause=0.02)
            except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
                errors.append(exc)

        typists = [threading.Thread(target=answer_everything, args=(n,)) for n in apps]
        for typist in typists:
            typist.start()
        for typist in typists:
            typist.join(timeout=240)
        assert not errors
        assert not any(typist.is_alive() for typist in typists), "both finished typing"

        expected = {
            name: dict(zip(questions, levels, strict=True)) for name, levels in plans.items()
        }
        evidence = {
            name: {
                questions[i]: _evidence(name, i) for i, level in enumerate(levels) if level >= GATE
            }
            for name, levels in plans.items()
        }
        assert all(evidence.values()), "each person gives some levels at the gate"

        def everything_saved() -> bool:
            saved = draft.answers()
            return all(
                {q: a.value for q, a in saved[name].items()} == expected[name]
                and {q: saved[name][q].evidence for q in evidence[name]} == evidence[name]
                for name in apps
            )

        wait_until(everything_saved, timeout=60, what="all answers of both people to be saved")
        # The two people really wrote at the same time: their saving windows overlap.
        saved = draft.answers()
        windows = {
            name: sorted(a.updated_at for a in saved[name].values() if a.updated_at is not None)
            for name in apps
        }
        assert all(len(w) == total for w in windows.values())
        assert max(w[0] for w in windows.values()) < min(w[-1] for w in windows.values())
        for app in apps.values():
            app.send(CTRL_Q)
        for app in apps.values():
            assert app.wait_exit(timeout=20) == 0
    finally:
        for app in apps.values():
            app.close()
    for name, app in apps.items():
        seen = app.text().lower()
        for words in WORDS_NO_USER_MAY_SEE:
            assert words not in seen, f"{name} saw {words!r}"
        assert "traceback" not in seen
