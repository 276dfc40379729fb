"""At 80×24 every text can be read: cut rows open their full text on Enter, long columns take
the width there is, labels are whole, and the changes shown add up to the scores shown.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from cxaudit.catalogue import default_questionnaire
from cxaudit.domain.model import ActionStatus, Role
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.tui.app import CxauditApp
from cxaudit.tui.dialogs.detail import DetailScreen
from cxaudit.tui.screens.compare import CompareScreen
from cxaudit.tui.screens.history import HistoryScreen
from cxaudit.tui.screens.results import ResultsScreen
from tests.tui.conftest import TODAY
from tests.tui.helpers import Given, screen_lines, screen_text, seed_team, settle

SIZE = (80, 24)
LEADER_NOTE = "Checked in every one-to-one."
FRONT_LINE_NOTE = "Front-line staff agree"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _answers(q: Questionnaire, shift: int, note: str) -> dict[str, Given]:
    return {
        question.id: ((index + shift) % 5 + 1, note) for index, question in enumerate(q.questions)
    }


@pytest.fixture
def two_quarters(db_url: str) -> tuple[Questionnaire, int, int]:
    """Two completed quarters of one organisation, each answered by a leader and the front line
    (levels apart, so Results lists differences), every answer with a note."""
    q = default_questionnaire()
    ids = []
    for period, shift in (("2025-Q4", 0), ("2026-Q1", 1)):
        people = [
            ("Priya Shah", Role.LEADER, _answers(q, shift + 2, LEADER_NOTE)),
            ("Aisha Okafor", Role.FRONTLINE, _answers(q, shift, FRONT_LINE_NOTE)),
        ]
        ids.append(
            seed_team(db_url, q, organisation="Northwind Energy", period=period, people=people)
        )
    return q, ids[0], ids[1]


async def _compare(app: CxauditApp, pilot: Pilot[None], ids: tuple[int, int]) -> CompareScreen:
    await settle(pilot)
    app.open_compare(*ids)
    await settle(pilot)
    compare = app.screen
    assert isinstance(compare, CompareScreen)
    return compare


async def test_compare_questions_last_row_its_notes_and_its_detail_are_reached_by_keys(
    db_url: str, two_quarters: tuple[Questionnaire, int, int]
) -> None:
    q, earlier, later = two_quarters
    app = CxauditApp(db_url, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        compare = await _compare(app, pilot, (earlier, later))
        await pilot.press("2", "end")
        await pilot.pause()
        table = compare.query_one("#compare-questions", DataTable)
        assert table.cursor_row == len(q.questions) - 1
        last = q.questions[-1]
        shown = _squash(" ".join(screen_lines(app)))
        assert _squash(last.prompt)[:20] in shown, "the last row is on screen"
        # The notes of the row under the cursor sit below the table, joined without ".;".
        notes = str(compare.query_one("#compare-notes", Static).render())
        assert f"{LEADER_NOTE} {FRONT_LINE_NOTE}" in notes
        assert ".;" not in notes
        assert f"2026-Q1: {LEADER_NOTE}" in shown
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        body = detail.body.plain
        assert last.prompt in body
        for level in last.levels:
            assert level in body
        assert "Priya Shah (Leader): level" in body
        assert "Aisha Okafor (Front line): level" in body
        assert f"Note: {LEADER_NOTE}" in body
        await pilot.press("escape")
        assert app.screen is compare


async def test_compare_earlier_actions_open_their_whole_text(
    db_url: str, two_quarters: tuple[Questionnaire, int, int]
) -> None:
    _, earlier, later = two_quarters
    app = CxauditApp(db_url, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        compare = await _compare(app, pilot, (earlier, later))
        await pilot.press("3")
        table = compare.query_one("#compare-actions", DataTable)
        assert table.row_count > 0
        assert compare.data is not None
        first = compare.data.comparison.action_outcomes[0].item
        cell = table.get_row_at(0)[0]
        assert str(cell) != first.text and str(cell).endswith("…"), "cut to the width there is"
        await pilot.press("enter")
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        assert first.text in detail.body.plain


async def test_every_change_shown_is_the_difference_of_the_scores_shown(
    db_url: str, two_quarters: tuple[Questionnaire, int, int]
) -> None:
    _, earlier, later = two_quarters
    app = CxauditApp(db_url, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        compare = await _compare(app, pilot, (earlier, later))
        rows = 0
        for selector, first in (("#compare-areas", 1), ("#compare-questions", 2)):
            table = compare.query_one(selector, DataTable)
            for index in range(table.row_count):
                cells = [str(c) for c in table.get_row_at(index)]
                before, after, change = cells[first], cells[first + 1], cells[first + 2]
                expected = round(float(after) - float(before), 2)
                sign = change.replace("−", "-").split()[0]
                assert float(sign) == pytest.approx(expected), cells
                rows += 1
        assert rows > 40


async def test_results_differences_open_each_respondents_level_and_note(
    db_url: str, two_quarters: tuple[Questionnaire, int, int]
) -> None:
    q, _, later = two_quarters
    app = CxauditApp(db_url, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_results(later)
        await settle(pilot)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        await pilot.press("3")
        table = results.query_one("#results-spread", DataTable)
        assert table.row_count > 0
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert key is not None
        question = q.question(key.split(":", 1)[1])
        await pilot.press("enter")
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        body = detail.body.plain
        assert question.prompt in body
        assert "Priya Shah (Leader)" in body and "Aisha Okafor (Front line)" in body
        assert f"Note: {FRONT_LINE_NOTE}" in body


async def test_labels_are_whole_at_80_columns(
    db_url: str, two_quarters: tuple[Questionnaire, int, int]
) -> None:
    _, earlier, later = two_quarters
    from cxaudit.storage import open_database, repository

    db = open_database(db_url)
    with db.session() as session:
        first = repository.load_assessment(session, assessment_id=later).actions[0]
        assert first.id is not None
        repository.update_action_item(
            session, action_id=first.id, status=ActionStatus.IN_PROGRESS, owner="Ruth Adeyemi"
        )
    db.dispose()
    app = CxauditApp(db_url, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        header = next(line for line in screen_lines(app) if "Latest" in line)
        for label in ("Organisation", "Latest", "Overall", "Stage", "Trend", "Next due", "Late"):
            assert re.search(rf"\b{label}\b", header), f"{label!r} cut in {header!r}"
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        text = screen_text(app)
        assert "Plan done" in text
        assert re.search(r"\d+ of \d+", text)
        app.open_results(later)
        await settle(pilot)
        await pilot.press("2")
        await pilot.pause()
        assert "in progress" in screen_text(app)
        assert "Ruth Adeyemi" in screen_text(app)


async def test_a_long_name_never_pushes_the_other_columns_off_home(
    db_url: str, tmp_path: Path
) -> None:
    q = default_questionnaire()
    long_name = "Northwind " + "Energy Retail Group " * 5
    seed_team(
        db_url,
        q,
        organisation=long_name.strip(),
        period="2026-Q1",
        people=[("Priya Shah", Role.LEADER, _answers(q, 0, ""))],
    )
    app = CxauditApp(db_url, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        header = next(line for line in lines if "Latest" in line)
        assert "Next due" in header and "Late" in header
        row = next(line for line in lines if line.strip().startswith("Northwind"))
        assert "…" in row and "2026-Q1" in row
        assert long_name.strip() in _squash(" ".join(lines)), "the full name shows below"
