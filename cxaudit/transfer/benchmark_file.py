"""The benchmark's files: the anonymous peers export, and a benchmark as JSON or CSV.

`cxaudit benchmark-export` writes the aggregates a colleague needs to count a portfolio's
organisations as peers, and nothing else: per questionnaire, the number of peers, the overall
and area scores to one decimal, each counted (no score tied to a peer or to another score),
the number of peers at each level of each question, and the first and last year assessed. No
name, slug, sector (unless exported for one sector), period, respondent or note is written.
The pools arrive already anonymised by the domain (`peers.anonymised`); this module only writes
and reads them, and checks a file before any of it is used.

`benchmark_record` and `benchmark_rows` are `cxaudit benchmark --format json|csv`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cxaudit.domain.benchmark import Benchmark, QuestionBehind, Spread, Standing
from cxaudit.domain.format import fmt_score
from cxaudit.domain.peers import PeerPool
from cxaudit.domain.questionnaire import LEVEL_COUNT, SCORE_MAX, SCORE_MIN, Questionnaire
from cxaudit.errors import DataImportError
from cxaudit.transfer.cells import read_text

PEERS_FORMAT = "cxaudit-benchmark-peers"
PEERS_VERSION = 1


# --------------------------------------------------------------------------------------------
# The peers export
# --------------------------------------------------------------------------------------------


def _counted(values: Sequence[float]) -> dict[str, int]:
    """Scores (already to one decimal) counted, lowest first: {"3.1": 2, …}."""
    return {f"{value:.1f}": n for value, n in sorted(Counter(values).items())}


def peers_data(pools: Sequence[PeerPool], *, sector: str | None) -> dict[str, Any]:
    """The export of anonymised pools (see `peers.anonymised`), as JSON-ready data."""
    return {
        "format": PEERS_FORMAT,
        "version": PEERS_VERSION,
        "sector": sector,
        "questionnaires": [
            {
                "questionnaire_id": pool.questionnaire_id,
                "peers": pool.peers,
                "first_year": pool.first.year if pool.first else None,
                "last_year": pool.last.year if pool.last else None,
                "overall": _counted(pool.overall),
                "areas": {area_id: _counted(v) for area_id, v in sorted(pool.areas.items())},
                "levels": {q: list(counts) for q, counts in sorted(pool.levels.items())},
            }
            for pool in pools
        ],
    }


def peers_text(data: Mapping[str, Any]) -> str:
    """The export as the file holds it."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PeersEntry(_Strict):
    """One questionnaire's peers in an export."""

    questionnaire_id: str = Field(min_length=1, max_length=100)
    peers: int = Field(ge=0)
    first_year: int | None = Field(default=None, ge=1, le=9999)
    last_year: int | None = Field(default=None, ge=1, le=9999)
    overall: dict[str, int] = Field(default_factory=dict)
    areas: dict[str, dict[str, int]] = Field(default_factory=dict)
    levels: dict[str, list[int]] = Field(default_factory=dict)


class PeersFile(_Strict):
    """A whole export."""

    format: str
    version: int
    sector: str | None = None
    questionnaires: list[PeersEntry]


def _values(counted: Mapping[str, int], where: str, peers: int) -> tuple[float, ...]:
    values: list[float] = []
    for text, n in counted.items():
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"{where}: '{text}' is not a score") from None
        if not SCORE_MIN <= value <= SCORE_MAX or n < 0:
            raise ValueError(f"{where}: {text} × {n} is not a score from 1 to 5 and a count")
        values += [value] * n
    if len(values) > peers:
        raise ValueError(f"{where} counts {len(values)} scores for {peers} peers")
    return tuple(sorted(values))


def _pool(entry: PeersEntry, sector: str | None) -> PeerPool:
    where = f"questionnaire {entry.questionnaire_id}"
    levels: dict[str, tuple[int, ...]] = {}
    for question_id, counts in entry.levels.items():
        if len(counts) != LEVEL_COUNT or min(counts) < 0 or sum(counts) > entry.peers:
            raise ValueError(
                f"{where}: the levels of {question_id} are not {LEVEL_COUNT} counts of peers"
            )
        levels[question_id] = tuple(counts)
    return PeerPool(
        questionnaire_id=entry.questionnaire_id,
        peers=entry.peers,
        overall=_values(entry.overall, f"{where}: overall", entry.peers),
        areas={
            area_id: _values(counted, f"{where}: {area_id}", entry.peers)
            for area_id, counted in entry.areas.items()
        },
        levels=levels,
        first=date(entry.first_year, 1, 1) if entry.first_year else None,
        last=date(entry.last_year, 12, 31) if entry.last_year else None,
        sector=sector,
    )


def read_peers(path: Path) -> list[PeerPool]:
    """The pools of a peers export, one per questionnaire, each checked; or one sentence."""
    try:
        raw = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise DataImportError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    if not isinstance(raw, dict) or raw.get("format") != PEERS_FORMAT:
        raise DataImportError(
            f"{path} is not a benchmark export (its 'format' is not {PEERS_FORMAT}); "
            "make one with `cxaudit benchmark-export`."
        )
    if raw.get("version") != PEERS_VERSION:
        raise DataImportError(
            f"{path} is a benchmark export of version {raw.get('version')!r}; this cxaudit "
            f"reads version {PEERS_VERSION}."
        )
    try:
        parsed = PeersFile.model_validate(raw)
        sector = parsed.sector.strip() if parsed.sector and parsed.sector.strip() else None
        return [_pool(entry, sector) for entry in parsed.questionnaires]
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise DataImportError(
            f"{path} is not a usable benchmark export: {where}: {first['msg'].lower()}."
        ) from None
    except ValueError as exc:
        raise DataImportError(f"{path} is not a usable benchmark export: {exc}.") from None


# --------------------------------------------------------------------------------------------
# `cxaudit benchmark --format json|csv`
# --------------------------------------------------------------------------------------------

BENCHMARK_COLUMNS = (
    "kind",
    "id",
    "title",
    "score",
    "percentile",
    "peers",
    "p10",
    "q1",
    "median",
    "q3",
    "p90",
    "weighted_gap",
)
"""The columns of `benchmark_rows`, in order."""


def _figure(value: float | None) -> float | None:
    """A score or quartile with two decimals, as every view prints it."""
    return None if value is None else float(fmt_score(value))


def _spread(spread: Spread | None) -> dict[str, Any]:
    if spread is None:
        return dict.fromkeys(("peers", "p10", "q1", "median", "q3", "p90"))
    return {
        "peers": spread.peers,
        "p10": _figure(spread.low),
        "q1": _figure(spread.q1),
        "median": _figure(spread.median),
        "q3": _figure(spread.q3),
        "p90": _figure(spread.high),
    }


def _percentile(value: float | None) -> int | None:
    return None if value is None else round(value)


def _standing(kind: str, standing: Standing, title: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": standing.area_id,
        "title": title,
        "score": _figure(standing.score),
        "percentile": _percentile(standing.percentile),
        **_spread(standing.peers),
        "weighted_gap": None,
    }


def _behind(item: QuestionBehind, questionnaire: Questionnaire) -> dict[str, Any]:
    return {
        "kind": "question",
        "id": item.question_id,
        "title": questionnaire.question(item.question_id).prompt,
        "score": item.level,
        "percentile": _percentile(item.percentile),
        **_spread(item.peers),
        "weighted_gap": _figure(item.weighted_gap),
    }


def benchmark_rows(questionnaire: Questionnaire, result: Benchmark) -> list[dict[str, Any]]:
    """The overall score, each area and each bottom-quartile question: one row each."""
    rows = [_standing("overall", result.overall, "Overall")]
    rows += [_standing("area", s, questionnaire.area(s.area_id).title) for s in result.areas]
    rows += [_behind(item, questionnaire) for item in result.behind]
    return rows


def benchmark_record(
    organisation: str, questionnaire: Questionnaire, result: Benchmark
) -> dict[str, Any]:
    """The whole benchmark for scripts: who is compared with how many peers, then the rows."""
    rows = benchmark_rows(questionnaire, result)
    return {
        "organisation": organisation,
        "period": result.period,
        "questionnaire": questionnaire.id,
        "peers": result.peers,
        "minimum_peers": result.minimum,
        "sector": result.sector,
        "peers_from": result.first.isoformat() if result.first else None,
        "peers_to": result.last.isoformat() if result.last else None,
        "questions_compared": result.questions_compared,
        "questions_withheld": result.questions_withheld,
        "overall": rows[0],
        "areas": [r for r in rows if r["kind"] == "area"],
        "bottom_quartile": [r for r in rows if r["kind"] == "question"],
    }
