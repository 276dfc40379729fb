"""The benchmarks' portfolio is still the same kind of data now that it is made faster.

`benchmarks.scale_data` once drew every answer one at a time (a roll for N/A, "don't know" or
a note, then a rounded normal draw for the level); it now picks each area's answers from the
odds of those same draws, among answers made once per question. The odds are checked against
the old draws, and a generated organisation against what a portfolio client should look like:
seeded, every question answered, leaders a little above the front line, a few N/A and "don't
know", and each quarter's plan the one the domain makes from its scores. A small portfolio is
then generated through the bulk load into a real SQLite file.
"""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from benchmarks import scale_data
from benchmarks.scale_data import (
    NOTE,
    Shape,
    _answer_choices,
    _answer_odds,
    _organisation_assessments,
)
from cxaudit.catalogue import default_questionnaire
from cxaudit.domain.model import ActionStatus, AssessmentStatus, Role
from cxaudit.domain.plan import build_action_plan
from cxaudit.domain.scoring import score_stored

QUESTIONNAIRE = default_questionnaire()
CHOICES = _answer_choices(QUESTIONNAIRE)


def _old_draw(rng: random.Random, mean: float) -> int:
    """The answer the generator drew before, as its place among `_answer_choices`."""
    roll = rng.random()
    if roll < 0.015:
        return 0
    if roll < 0.04:
        return 1
    level = min(5, max(1, round(rng.gauss(mean, 0.8))))
    return level + 1 + (5 if roll > 0.985 else 0)


@pytest.mark.parametrize("mean", [0.6, 1.4, 2.75, 3.6, 4.9])
def test_the_odds_are_those_of_the_old_draws(mean: float) -> None:
    rng = random.Random(2026)
    draws = 200_000
    seen = Counter(_old_draw(rng, mean) for _ in range(draws))
    cumulative = _answer_odds(mean)
    odds = [b - a for a, b in zip([0.0, *cumulative], cumulative, strict=False)]

    assert cumulative[-1] == pytest.approx(1.0)
    for outcome, expected in enumerate(odds):
        assert seen[outcome] / draws == pytest.approx(expected, abs=0.004)


def test_the_answers_are_made_once_per_question_in_the_order_the_odds_give() -> None:
    for question in QUESTIONNAIRE.questions:
        made = CHOICES[question.id]
        assert [a.value for a in made] == ["na", "unknown", 1, 2, 3, 4, 5, 1, 2, 3, 4, 5]
        assert [a.note for a in made[2:]] == [""] * 5 + [NOTE] * 5
        assert {a.question_id for a in made} == {question.id}


def test_a_generated_client_looks_like_a_portfolio_client() -> None:
    shape = Shape(organisations=12)
    clients = [_organisation_assessments(n, shape, QUESTIONNAIRE, CHOICES) for n in range(12)]
    values: Counter[object] = Counter()
    notes = 0
    by_role: dict[Role, list[int]] = {Role.LEADER: [], Role.FRONTLINE: []}
    for loaded in clients:
        assert [a.period for a in loaded] == list(scale_data.PERIODS)
        for quarter, assessment in enumerate(loaded):
            assert assessment.status == AssessmentStatus.COMPLETE
            assert len(assessment.respondents) == shape.respondents
            for person in assessment.respondents:
                assert list(person.answers) == [q.id for q in QUESTIONNAIRE.questions]
                for answer in person.answers.values():
                    values[answer.value] += 1
                    notes += answer.note == NOTE
                    if person.role in by_role and isinstance(answer.value, int):
                        by_role[person.role].append(answer.value)
            # The plan is the domain's for the quarter's scores; only owners and statuses vary.
            fresh = build_action_plan(QUESTIONNAIRE, score_stored(QUESTIONNAIRE, assessment))
            blank = {"owner": "", "status": ActionStatus.OPEN}
            assert [i.model_copy(update=blank) for i in assessment.actions] == fresh
            assert all(i.owner for i in assessment.actions)
            if quarter == len(loaded) - 1:
                assert {i.status for i in assessment.actions} <= {ActionStatus.OPEN}
    total = sum(values.values())
    assert 0.01 < values["na"] / total < 0.02
    assert 0.02 < values["unknown"] / total < 0.03
    assert 0.01 < notes / total < 0.02
    assert all(values[level] > 0 for level in range(1, 6))
    leaders = sum(by_role[Role.LEADER]) / len(by_role[Role.LEADER])
    frontline = sum(by_role[Role.FRONTLINE]) / len(by_role[Role.FRONTLINE])
    assert leaders - frontline > 0.2


def test_a_client_is_generated_the_same_way_every_time() -> None:
    shape = Shape(organisations=3)
    first = _organisation_assessments(2, shape, QUESTIONNAIRE, CHOICES)
    again = _organisation_assessments(2, shape, QUESTIONNAIRE, _answer_choices(QUESTIONNAIRE))

    assert again == first
    assert _organisation_assessments(1, shape, QUESTIONNAIRE, CHOICES) != first


def test_a_small_portfolio_is_generated_through_the_bulk_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scale_data, "work_dir", lambda: tmp_path)
    shape = Shape(organisations=3, quarters=2, respondents=4)

    made = scale_data.scale_database(shape, progress=lambda _: None)

    assert not made.cached and made.seconds is not None and made.loading is not None
    with sqlite3.connect(made.path) as connection:
        counts = [
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("organisations", "assessments", "respondents", "answers")
        ]
        snapshots = connection.execute("SELECT count(*) FROM assessment_scores").fetchone()[0]
    assert counts == [3, 6, 24, 24 * len(QUESTIONNAIRE.questions)]
    assert snapshots == 6
    assert scale_data.scale_database(shape, progress=lambda _: None).cached
