"""A consultant-sized portfolio: 500 organisations × 8 quarters × 10 respondents × 48 questions.

About two million answers, written through `cxaudit.storage.repository.bulk_load_assessments`,
one organisation per transaction, so the file is exactly what cxaudit itself writes (score
snapshots and due dates included). The answers are seeded and plausible: each organisation has
a maturity per area that drifts upwards, leaders rate a little higher than the front line, and
a few answers are N/A or "don't know". Each quarter carries the action plan the domain makes
for it, with owners, older plans mostly done.

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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.harness import work_dir

GENERATOR_VERSION = 2
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


def _organisation_assessments(index: int, shape: Shape, questionnaire: object) -> list[object]:
    from cxaudit.domain import scoring
    from cxaudit.domain.model import (
        ActionStatus,
        Answer,
        Assessment,
        AssessmentStatus,
        Organisation,
        Respondent,
        Role,
    )
    from cxaudit.domain.plan import build_action_plan
    from cxaudit.domain.questionnaire import Questionnaire

    assert isinstance(questionnaire, Questionnaire)
    rng = random.Random(index * 7919 + GENERATOR_VERSION)
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
    targets = scoring.resolve_targets(questionnaire, organisation_targets={}, assessment_targets={})
    loaded: list[object] = []
    for quarter, period in enumerate(PERIODS[: shape.quarters]):
        people: list[Respondent] = []
        for seat in range(shape.respondents):
            role = Role(ROLES_BY_SEAT[seat % len(ROLES_BY_SEAT)])
            bias = leader_bias / 2 if role == Role.LEADER else -leader_bias / 2
            answers: dict[str, Answer] = {}
            for question in questionnaire.questions:
                roll = rng.random()
                if roll < 0.015:
                    answers[question.id] = Answer(
                        question_id=question.id, value="na", na_reason="Not done here"
                    )
                    continue
                if roll < 0.04:
                    answers[question.id] = Answer(question_id=question.id, value="unknown")
                    continue
                mean = base[question.area_id] + drift[question.area_id] * quarter + bias
                level = min(5, max(1, round(rng.gauss(mean, 0.8))))
                note = "Seen in last month's review." if roll > 0.985 else ""
                answers[question.id] = Answer(question_id=question.id, value=level, note=note)
            people.append(Respondent(name=f"Respondent {seat + 1}", role=role, answers=answers))
        # The plan the domain makes at completion; older plans are mostly done by now.
        result = scoring.score_assessment(questionnaire, people, targets)
        latest = quarter == shape.quarters - 1
        plan = [
            item.model_copy(
                update={
                    "owner": f"Owner {rng.randint(1, 6)}",
                    "status": ActionStatus.OPEN if latest else rng.choice(older_plan_statuses),
                }
            )
            for item in build_action_plan(questionnaire, result)
        ]
        loaded.append(
            Assessment(
                organisation=organisation,
                period=period,
                questionnaire_id=questionnaire.id,
                questionnaire_version=questionnaire.version,
                questionnaire_hash=questionnaire.content_hash,
                status=AssessmentStatus.COMPLETE,
                respondents=people,
                actions=plan,
            )
        )
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
    from cxaudit.domain.model import Assessment
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
    loading = 0.0
    db = open_database(f"sqlite:///{partial}")
    try:
        for index in range(shape.organisations):
            batch = _organisation_assessments(index, shape, questionnaire)
            assert all(isinstance(a, Assessment) for a in batch)
            load_started = time.perf_counter()
            with db.session() as session:
                repository.bulk_load_assessments(
                    session,
                    questionnaire=questionnaire,
                    assessments_to_load=batch,  # type: ignore[arg-type]
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
