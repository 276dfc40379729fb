"""The benchmark's files: the anonymous peers export, and a benchmark as JSON or CSV.

`cxaudit benchmark-export` writes the aggregates a colleague needs to count a portfolio's
organisations as peers, and nothing else: per questionnaire, the number of peers, the overall
and area scores as ranges each holding at least 5 peers' scores, with their count and mean
(never a score by itself), the number of peers at each level of each question at least 5
peers answered, and the first and last year assessed. No name, slug, sector (unless exported
for one sector), period, respondent, note or single score is written. What may be written is
the domain's rule (`cxaudit.domain.benchmark_export`); this module only writes and reads it,
and checks a file before any of it is used.

Version 2 of the file holds score ranges; version 1 held every score to one decimal, each
counted, which told single peers' scores, so it is refused with a sentence asking for a new
export rather than read.

`benchmark_record` and `benchmark_rows` are `cxaudit benchmark --format json|csv`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cxaudit.domain.benchmark import Benchmark, QuestionBehind, Spread, Standing
from cxaudit.domain.benchmark_export import (
    Buckets,
    ExportedPool,
    ScoreBucket,
    check_buckets,
    check_levels,
)
from cxaudit.domain.format import fmt_score
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import DataImportError, ValidationProblem
from cxaudit.transfer.cells import read_text

PEERS_FORMAT = "cxaudit-benchmark-peers"
PEERS_VERSION = 2
"""2: scores as ranges of at least 5 peers. (1, refused: every score to one decimal.)"""


# --------------------------------------------------------------------------------------------
# The peers export
# --------------------------------------------------------------------------------------------


def _ranges(buckets: Buckets) -> list[dict[str, Any]]:
    return [{"from": b.low, "to": b.high, "peers": b.peers, "mean": b.mean} for b in buckets]


def peers_data(pools: Sequence[ExportedPool], *, sector: str | None) -> dict[str, Any]:
    """The export of pools as an export may hold them (`benchmark_export.export_pool`), as
    JSON-ready data."""
    return {
        "format": PEERS_FORMAT,
        "version": PEERS_VERSION,
        "sector": sector,
        "questionnaires": [
            {
                "questionnaire_id": pool.questionnaire_id,
                "peers": pool.peers,
                "first_year": pool.first_year,
                "last_year": pool.last_year,
                "overall": _ranges(pool.overall),
                "areas": {area_id: _ranges(b) for area_id, b in sorted(pool.areas.items())},
                "levels": {q: list(counts) for q, counts in sorted(pool.levels.items())},
            }
            for pool in pools
        ],
    }


def peers_text(data: Mapping[str, Any]) -> str:
    """The export as the file holds it."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class PeersRange(_Strict):
    """A range of scores, how many peers' scores lie in it, and their mean."""

    low: float = Field(alias="from", allow_inf_nan=False)
    high: float = Field(alias="to", allow_inf_nan=False)
    peers: int = Field(ge=0)
    mean: float = Field(allow_inf_nan=False)


Ranges = Annotated[list[PeersRange], Field(max_length=40)]
"""One figure's ranges: at most one per tenth of the 1 to 5 scale."""


class PeersEntry(_Strict):
    """One questionnaire's peers in an export."""

    questionnaire_id: str = Field(min_length=1, max_length=100)
    peers: int = Field(ge=0)
    first_year: int | None = Field(default=None, ge=1, le=9999)
    last_year: int | None = Field(default=None, ge=1, le=9999)
    overall: Ranges = Field(default_factory=list)
    areas: dict[str, Ranges] = Field(default_factory=dict)
    levels: dict[str, list[int]] = Field(default_factory=dict)


class PeersFile(_Strict):
    """A whole export."""

    format: str
    version: int
    sector: str | None = None
    questionnaires: list[PeersEntry]


def _buckets(ranges: Sequence[PeersRange], peers: int, where: str) -> Buckets:
    found = tuple(ScoreBucket(r.low, r.high, r.peers, r.mean) for r in ranges)
    return check_buckets(found, peers, where)


def _pool(entry: PeersEntry, sector: str | None) -> ExportedPool:
    where = f"questionnaire {entry.questionnaire_id}"
    return ExportedPool(
        questionnaire_id=entry.questionnaire_id,
        peers=entry.peers,
        overall=_buckets(entry.overall, entry.peers, f"{where}: overall"),
        areas={
            area_id: _buckets(ranges, entry.peers, f"{where}: {area_id}")
            for area_id, ranges in entry.areas.items()
        },
        levels={
            question_id: check_levels(counts, entry.peers, f"{where}: the levels of {question_id}")
            for question_id, counts in entry.levels.items()
        },
        first_year=entry.first_year,
        last_year=entry.last_year,
        sector=sector,
    )


def _check_version(path: Path, version: object) -> None:
    if version == PEERS_VERSION:
        return
    if version == 1:
        raise DataImportError(
            f"{path} is a benchmark export of version 1, which listed single peers' scores and "
            "is no longer read; ask its author for a new export from this version of cxaudit."
        )
    raise DataImportError(
        f"{path} is a benchmark export of version {version!r}; this cxaudit reads version "
        f"{PEERS_VERSION} only, so update cxaudit or ask for an export of version {PEERS_VERSION}."
    )


def read_peers(path: Path) -> list[ExportedPool]:
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
    _check_version(path, raw.get("version"))
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
    except ValidationProblem as exc:
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
        "approximate": result.approximate,
        "overall": rows[0],
        "areas": [r for r in rows if r["kind"] == "area"],
        "bottom_quartile": [r for r in rows if r["kind"] == "question"],
    }
