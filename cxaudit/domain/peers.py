"""Who a client's peers are, and what is known of them: counts and values, never a peer.

Peers are the latest completed assessment, on the same questionnaire (by id), of every other
organisation that is not archived, optionally of one sector (`choose_peers`; storage reads the
same with SQL, and a test proves the two agree). Their figures travel as a `PeerPool`: how many
peers there are and, for each figure, its values with nothing tying a value to a peer, or one
area's value to another's. Storage reads a pool, an export file holds a coarser one
(`cxaudit.domain.benchmark_export`), and pools from several portfolios add up (`pool_together`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from cxaudit.domain.naming import check_sector, name_key
from cxaudit.domain.questionnaire import LEVEL_COUNT
from cxaudit.domain.scoring import floor_level
from cxaudit.errors import ValidationProblem

MIN_PEERS = 5
"""The fewest peers any benchmark, figure or export may rest on."""

LevelCounts = tuple[int, ...]
"""How many peers stand at each level of one question: `counts[0]` at level 1 … `[4]` at 5."""


class TooFewPeers(ValidationProblem):
    """Fewer peers than the minimum: nothing may be shown."""

    def __init__(self, peers: int, minimum: int) -> None:
        count = "there is 1" if peers == 1 else f"there are {peers}"
        super().__init__(
            f"Benchmarking needs at least {minimum} other organisations with a completed "
            f"assessment on this questionnaire; {count}."
        )
        self.peers = peers
        self.minimum = minimum


def check_minimum(minimum: int) -> int:
    """The minimum number of peers asked for, refused below `MIN_PEERS`."""
    if minimum < MIN_PEERS:
        raise ValidationProblem(
            f"A benchmark needs at least {MIN_PEERS} peers; the minimum cannot be {minimum}."
        )
    return minimum


def question_level(total: int, count: int) -> int:
    """The level a peer has reached on a question: the floor of its question score.

    `total` is the sum of the `count` levels its respondents gave; this is the level the
    action plan calls "current" (3.67 → 3).
    """
    return floor_level(total / count)


def count_levels(rows: Iterable[tuple[str, int, int]]) -> dict[str, LevelCounts]:
    """Peers per level of each question, from `(question id, level, peers)` rows."""
    found: dict[str, list[int]] = {}
    for question_id, level, peers in rows:
        found.setdefault(question_id, [0] * LEVEL_COUNT)[level - 1] += peers
    return {question_id: tuple(counts) for question_id, counts in found.items()}


@dataclass(frozen=True)
class Candidate:
    """An assessment that might be a peer's, with what the selection rule looks at."""

    organisation_id: int
    assessment_id: int
    questionnaire_id: str
    period_start: date
    completed: bool
    archived: bool
    sector: str


def wanted_sector(sector: str | None) -> str | None:
    """A sector filter as typed, checked; None (every sector) when empty."""
    clean = check_sector(sector or "")
    return clean or None


def matching_sectors(stored: Iterable[str], wanted: str) -> list[str]:
    """The stored sectors a filter means: the same ignoring case and Unicode form."""
    key = name_key(wanted)
    return sorted({sector for sector in stored if name_key(sector) == key})


def choose_peers(
    candidates: Iterable[Candidate],
    *,
    client_organisation_id: int,
    questionnaire_id: str,
    sector: str | None = None,
) -> list[int]:
    """The assessment ids of the client's peers, ascending.

    Each other organisation that is not archived (and is of `sector`, when given) brings its
    latest completed assessment on the questionnaire: the one whose period starts last (the
    later id among equals).
    """
    key = None if sector is None else name_key(sector)
    latest: dict[int, Candidate] = {}
    for c in candidates:
        if (
            c.organisation_id == client_organisation_id
            or c.archived
            or not c.completed
            or c.questionnaire_id != questionnaire_id
            or (key is not None and name_key(c.sector) != key)
        ):
            continue
        best = latest.get(c.organisation_id)
        if best is None or (c.period_start, c.assessment_id) > (
            best.period_start,
            best.assessment_id,
        ):
            latest[c.organisation_id] = c
    return sorted(c.assessment_id for c in latest.values())


@dataclass(frozen=True)
class PeerPool:
    """What is known of a set of peers, with nothing that tells one peer from another.

    Scores are kept as sorted values per figure, never tied to the peer they came from nor to
    each other across areas; questions as peers per level. Storage reads one, an export file
    is read back as one (`benchmark_export.pool_from_export`), and several are added up with
    `pool_together`.
    """

    questionnaire_id: str
    peers: int
    overall: tuple[float, ...] = ()
    areas: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    levels: Mapping[str, LevelCounts] = field(default_factory=dict)
    first: date | None = None
    """The first day of the earliest peer assessment's period."""
    last: date | None = None
    """The last day of the latest peer assessment's period."""
    sector: str | None = None
    """The one sector every peer is of, when the pool was chosen by sector."""
    approximate: bool = False
    """True when some scores stand in for an export's ranges, so figures on them are approximate."""


def pool_together(pools: Sequence[PeerPool]) -> PeerPool:
    """Several pools of peers on one questionnaire, as one; they must agree on the sector."""
    first = pools[0]
    for other in pools[1:]:
        if other.questionnaire_id != first.questionnaire_id:
            raise ValidationProblem(
                f"Peers on questionnaire {other.questionnaire_id} cannot be pooled with peers "
                f"on {first.questionnaire_id}."
            )
        if name_key(other.sector or "") != name_key(first.sector or ""):
            raise ValidationProblem(
                f"Peers of {_sector_words(other.sector)} cannot be pooled with peers of "
                f"{_sector_words(first.sector)}."
            )
    areas: dict[str, list[float]] = {}
    levels: dict[str, list[int]] = {}
    for pool in pools:
        for area_id, values in pool.areas.items():
            areas.setdefault(area_id, []).extend(values)
        for question_id, counts in pool.levels.items():
            total = levels.setdefault(question_id, [0] * LEVEL_COUNT)
            levels[question_id] = [a + b for a, b in zip(total, counts, strict=True)]
    firsts = [p.first for p in pools if p.first is not None]
    lasts = [p.last for p in pools if p.last is not None]
    return PeerPool(
        questionnaire_id=first.questionnaire_id,
        peers=sum(p.peers for p in pools),
        overall=tuple(sorted(v for p in pools for v in p.overall)),
        areas={area_id: tuple(sorted(values)) for area_id, values in areas.items()},
        levels={question_id: tuple(counts) for question_id, counts in levels.items()},
        first=min(firsts, default=None),
        last=max(lasts, default=None),
        sector=first.sector,
        approximate=any(p.approximate for p in pools),
    )


def _sector_words(sector: str | None) -> str:
    return "every sector" if sector is None else f"the sector {sector}"
