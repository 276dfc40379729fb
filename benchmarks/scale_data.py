"""A consultant-sized portfolio: 500 organisations × 8 quarters × 10 respondents × 48 questions.

About two million answers, written through `cxaudit.storage.repository.bulk_load_assessments`,
one organisation per transaction, so the file is exactly what cxaudit itself writes (score
snapshots and due dates included). The answers are seeded and plausible: each organisation has
a maturity per area that drifts upwards, leaders rate a little higher than the front line, and
a few answers are N/A or "don't know". A person's levels in an area are normal draws around
that area's mean, rounded into 1–5: they are picked from those odds, one call per area, among
answers made once per question (answers are immutable, so one object stands for everyone who
gave it; the load stores a row each). Each quarter carries the action plan the domain makes
from its scores, with owners, older plans mostly done.

Generating takes a while, so the file is kept in `benchmarks/.work/` under a name made of the
schema revision, this generator's version, the questionnaire's hash, a digest of the storage
and domain code that writes it, and the shape; a re-run with the same key reuses it (and the
time it took), and stale files are removed.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from bisect import bisect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import accumulate
from pathlib import Path
from statistics import NormalDist
from typing import TYPE_CHECKING

from benchmarks.harness import work_dir

if TYPE_CHECKING:
    from cxaudit.domain.model import Answer, Assessment
    from cxaudit.domain.questionnaire import Questionnaire

GENERATOR_VERSION = 3
"""Bump when the generated data changes, so cached files are rebuilt."""

PERIODS = ("2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2")
SECTORS = ("Retail", "Banking", "Insurance", "Telecoms", "Utilities", "Healthcare", "Travel")
ROLES_BY_SEAT = ("leader", "leader", "manager", "manager", "manager") + ("frontline",) * 5


@dataclass(frozen=True)
class Shape:
    """How big the portfolio is."""

    organisations: int = 500
    quarters: int = 8
    respondents: int = 10

    @property
    def label(self) -> str:
        """`500x8x10`."""
        return f"{self.organisations}x{self.quarters}x{self.respondents}"


FULL = Shape()


def code_digest() -> str:
    """A digest of the code generation runs (storage, domain and this generator), so the
    generation time reported for a cached file was taken by the code being measured."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    sources = [Path(__file__)]
    for folder in ("cxaudit/storage", "cxaudit/domain"):
        sources += sorted((root / folder).rglob("*.py"))
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:10]


def cache_key(shape: Shape) -> str:
    """The file name for a shape under the current schema, generator, questionnaire and code."""
    from cxaudit.catalogue import default_questionnaire
    from cxaudit.storage.engine import head_revision

    digest = default_questionnaire().content_hash[:10]
    return (
        f"scale-{head_revision()}-g{GENERATOR_VERSION}-q{digest}-c{code_digest()}-{shape.label}.db"
    )


LEVEL_SPREAD = 0.8
"""The standard deviation of one person's levels around their area's mean."""
NA_SHARE = 0.015
UNKNOWN_SHARE = 0.025
NOTE_SHARE = 0.015
"""Of the answers, the shares that are N/A, "don't know", and a level with a note."""
NOTE = "Seen in last month's review."
OWNERS = tuple(f"Owner {n}" for n in range(1, 7))


def _answer_choices(questionnaire: Questionnaire) -> dict[str, tuple[Answer, ...]]:
    """Every answer the generator gives to each question, made once: N/A, "don't know", then
    levels 1 to 5 without a note, then levels 1 to 5 with one.

    Answers are immutable, so one object stands for every respondent who gave that answer
    (the load stores a row for each).
    """
    from cxaudit.domain.model import Answer

    return {
        question.id: (
            Answer(question_id=question.id, value="na", na_reason="Not done here"),
            Answer(question_id=question.id, value="unknown"),
            *(Answer(question_id=question.id, value=level) for level in range(1, 6)),
            *(Answer(question_id=question.id, value=level, note=NOTE) for level in range(1, 6)),
        )
        for question in questionnaire.questions
    }


def _answer_odds(mean: float) -> list[float]:
    """Cumulative odds of each of `_answer_choices`' answers for a person whose levels in an
    area centre on `mean`: a level is that person's normal draw around it, rounded and held
    within 1–5; a few answers are N/A or "don't know", and a few levels carry a note."""
    spread = NormalDist(mean, LEVEL_SPREAD)
    below = [spread.cdf(level + 0.5) for level in range(1, 5)]
    level_odds = [b - a for a, b in zip([0.0, *below], [*below, 1.0], strict=True)]
    rated = 1.0 - NA_SHARE - UNKNOWN_SHARE - NOTE_SHARE
    odds = [NA_SHARE, UNKNOWN_SHARE]
    odds += [rated * p for p in level_odds]
    odds += [NOTE_SHARE * p for p in level_odds]
    return list(accumulate(odds))


def _organisation_assessments(
    index: int,
    shape: Shape,
    questionnaire: Questionnaire,
    choices: Mapping[str, tuple[Answer, ...]],
) -> list[Assessment]:
    from cxaudit.domain import scoring
    from cxaudit.domain.model import (
        ActionStatus,
        Assessment,
        AssessmentStatus,
        Organisation,
        Respondent,
        Role,
    )
    from cxaudit.domain.plan import build_action_plan

    rng = random.Random(index * 7919 + GENERATOR_VERSION)
    draw = rng.random
    name = f"Portfolio Client {index + 1:03d}"
    organisation = Organisation(
        name=name,
        slug=f"portfolio-client-{index + 1:03d}",
        sector=SECTORS[index % len(SECTORS)],
    )
    base = {area.id: rng.uniform(1.4, 3.6) for area in questionnaire.areas}
    drift = {area.id: rng.uniform(-0.05, 0.25) for area in questionnaire.areas}
    leader_bias = rng.uniform(0.0, 1.2)
    older_plan_statuses = (ActionStatus.DONE, ActionStatus.DONE, ActionStatus.IN_PROGRESS)
    areas = [
        (area.id, [q.id for q in area.questions], [choices[q.id] for q in area.questions])
        for area in questionnaire.areas
    ]
    drafts: list[Assessment] = []
    for quarter, period in enumerate(PERIODS[: shape.quarters]):
        # Leaders rate a little higher than everyone else: two sets of odds per area.
        odds = {
            leads: [
                _answer_odds(
                    base[area_id]
                    + drift[area_id] * quarter
                    + (leader_bias / 2 if leads else -leader_bias / 2)
                )
                for area_id, _, _ in areas
            ]
            for leads in (True, False)
        }
        people: list[Respondent] = []
        for seat in range(shape.respondents):
            role = Role(ROLES_BY_SEAT[seat % len(ROLES_BY_SEAT)])
            answers: dict[str, Answer] = {}
            for (_, question_ids, given), cumulative in zip(
                areas, odds[role == Role.LEADER], strict=True
            ):
                # As `random.choices` picks with `cum_weights`, one draw per question.
                total, last = cumulative[-1], len(cumulative) - 1
                for question_id, options in zip(question_ids, given, strict=True):
                    answers[question_id] = options[bisect(cumulative, draw() * total, 0, last)]
            people.append(Respondent(name=f"Respondent {seat + 1}", role=role, answers=answers))
        drafts.append(
            Assessment(
                organisation=organisation,
                period=period,
                questionnaire_id=questionnaire.id,
                questionnaire_version=questionnaire.version,
                questionnaire_hash=questionnaire.content_hash,
                status=AssessmentStatus.COMPLETE,
                respondents=people,
            )
        )
    # Each quarter carries the plan the domain makes from its scores at completion; older
    # plans are mostly done by now.
    loaded: list[Assessment] = []
    results = scoring.score_stored_many(questionnaire, drafts)
    for quarter, (draft, result) in enumerate(zip(drafts, results, strict=True)):
        latest = quarter == shape.quarters - 1
        plan = build_action_plan(questionnaire, result)
        for item in plan:  # fresh items, the generator's own: given an owner and a status
            item.owner = OWNERS[int(draw() * len(OWNERS))]
            if not latest:
                item.status = older_plan_statuses[int(draw() * len(older_plan_statuses))]
        loaded.append(draft.model_copy(update={"actions": plan}))
    return loaded


@dataclass(frozen=True)
class Generated:
    """The portfolio file and how long it took to make."""

    path: Path
    seconds: float | None
    """Generation time; for a cached file, the time recorded when it was made (if known)."""
    cached: bool
    made_on: str
    """When the file was generated (UTC, ISO date and time)."""
    loading: float | None = None
    """Of `seconds`, the time spent inside `bulk_load_assessments` (the rest made the data:
    random answers, and each quarter's plan scored by the domain as completion would)."""


def _record_file(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def scale_database(shape: Shape = FULL, *, progress: Callable[[str], None] = print) -> Generated:
    """The portfolio database for `shape`, generating it when no cached copy exists."""
    from cxaudit.catalogue import default_questionnaire
    from cxaudit.storage import open_database, repository

    folder = work_dir()
    path = folder / cache_key(shape)
    if path.exists():
        try:
            record = json.loads(_record_file(path).read_text(encoding="utf-8"))
            loaded = record.get("loading")
            return Generated(
                path,
                float(record["seconds"]),
                True,
                str(record["made_on"]),
                None if loaded is None else float(loaded),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return Generated(path, None, True, "unknown")
    for stale in folder.glob(f"scale-*-{shape.label}.db*"):
        stale.unlink()
    partial = path.with_name(path.name + ".partial")
    for leftover in folder.glob(partial.name + "*"):
        leftover.unlink()
    questionnaire = default_questionnaire()
    started = time.perf_counter()
    choices = _answer_choices(questionnaire)
    loading = 0.0
    db = open_database(f"sqlite:///{partial}")
    try:
        for index in range(shape.organisations):
            batch = _organisation_assessments(index, shape, questionnaire, choices)
            load_started = time.perf_counter()
            with db.session() as session:
                repository.bulk_load_assessments(
                    session,
                    questionnaire=questionnaire,
                    assessments_to_load=batch,
                )
            loading += time.perf_counter() - load_started
            if (index + 1) % 50 == 0:
                elapsed = time.perf_counter() - started
                progress(
                    f"    generated {index + 1}/{shape.organisations} organisations "
                    f"in {elapsed:.0f} s"
                )
    finally:
        db.dispose()
    seconds = time.perf_counter() - started
    made_on = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    partial.rename(path)
    _record_file(path).write_text(
        json.dumps({"seconds": seconds, "loading": loading, "made_on": made_on}), encoding="utf-8"
    )
    return Generated(path, seconds, False, made_on, loading)
