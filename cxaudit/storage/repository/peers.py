"""The peers a client is benchmarked against, read as aggregates: never a peer's name or row.

Who is a peer is the domain's rule (`peers.choose_peers`): each other organisation that is not
archived brings its latest completed assessment on the same questionnaire, optionally of one
sector. Here the same rule is one window over the assessments, and a test proves the two agree.
Area and overall scores come from the snapshots history also reads (an assessment completed
before snapshots were kept is scored by the domain instead); each question's levels come out
of SQL already counted, as (question, total of the levels given, number of levels, peers), so
a portfolio of hundreds of organisations is a few hundred rows, and the level each total means
is the domain's (`peers.count_levels`). Nothing returned says which peer had which figure.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CTE, Integer, Select, and_, bindparam, cast, func, select
from sqlmodel import Session

from cxaudit.domain import periods, scoring
from cxaudit.domain.benchmark import ClientFigures
from cxaudit.domain.peers import (
    Candidate,
    PeerPool,
    count_levels,
    matching_sectors,
    question_level,
)
from cxaudit.errors import NotFoundError, ValidationProblem
from cxaudit.storage.repository._convert import COMPLETE
from cxaudit.storage.repository._load import load_assessments
from cxaudit.storage.repository.organisations import organisation_row
from cxaudit.storage.tables import (
    answers,
    area_scores,
    assessment_scores,
    assessments,
    organisations,
    respondents,
)

LEVEL_TEXTS = ("1", "2", "3", "4", "5")
"""The stored values that are levels (the others are `na` and `unknown`)."""


@dataclass(frozen=True)
class ClientAssessment:
    """The completed assessment a client is benchmarked on."""

    assessment_id: int
    period: str
    questionnaire_id: str


def client_assessment(
    session: Session, *, organisation_id: int, period: str | None = None
) -> ClientAssessment:
    """The organisation's completed assessment for `period`, or its latest completed one."""
    name = organisation_row(session, organisation_id).name
    query = select(
        assessments.c.id, assessments.c.period, assessments.c.questionnaire_id, assessments.c.status
    ).where(assessments.c.organisation_id == organisation_id)
    if period is not None:
        label = periods.parse_period(period).label
        row = session.execute(query.where(assessments.c.period == label)).first()
        if row is None:
            raise NotFoundError(f"{name} has no assessment for {label}.")
        if row.status != COMPLETE:
            raise ValidationProblem(
                f"The {label} assessment of {name} is not completed yet; only a completed "
                "assessment can be benchmarked."
            )
    else:
        row = session.execute(
            query.where(assessments.c.status == COMPLETE)
            .order_by(assessments.c.period_start.desc(), assessments.c.id.desc())
            .limit(1)
        ).first()
        if row is None:
            raise NotFoundError(f"{name} has no completed assessment to benchmark yet.")
    return ClientAssessment(int(row.id), row.period, row.questionnaire_id)


# --------------------------------------------------------------------------------------------
# The statements
# --------------------------------------------------------------------------------------------


@functools.cache
def _chosen(by_sector: bool, one_questionnaire: bool) -> CTE:
    """The peers' assessments: (id, questionnaire_id, period), one per organisation and
    questionnaire, as `peers.choose_peers` picks them.

    Parameters: `client` (an organisation id left out; 0 leaves none out), `questionnaire`
    when `one_questionnaire`, `sectors` (the stored spellings) when `by_sector`.
    """
    conditions: list[Any] = [
        assessments.c.status == COMPLETE,
        organisations.c.archived_at.is_(None),
        organisations.c.id != bindparam("client", type_=Integer),
    ]
    if one_questionnaire:
        conditions.append(assessments.c.questionnaire_id == bindparam("questionnaire"))
    if by_sector:
        conditions.append(organisations.c.sector.in_(bindparam("sectors", expanding=True)))
    ranked = (
        select(
            assessments.c.id,
            assessments.c.questionnaire_id,
            assessments.c.period,
            func.row_number()
            .over(
                partition_by=(assessments.c.organisation_id, assessments.c.questionnaire_id),
                order_by=(assessments.c.period_start.desc(), assessments.c.id.desc()),
            )
            .label("rank"),
        )
        .join(organisations, organisations.c.id == assessments.c.organisation_id)
        .where(and_(*conditions))
        .subquery("ranked")
    )
    return (
        select(ranked.c.id, ranked.c.questionnaire_id, ranked.c.period)
        .where(ranked.c.rank == 1)
        .cte("chosen")
    )


def _one(assessment_id: int) -> CTE:
    """One assessment as `_chosen` gives its rows: the client's."""
    return (
        select(assessments.c.id, assessments.c.questionnaire_id, assessments.c.period)
        .where(assessments.c.id == assessment_id)
        .cte("chosen")
    )


def _scores_select(chosen: CTE) -> Select[Any]:
    """Each chosen assessment's snapshot: one row per area (one in all without a snapshot).

    `respondent_count` is None only when the assessment has no snapshot.
    """
    return select(
        chosen.c.questionnaire_id,
        chosen.c.id,
        chosen.c.period,
        assessment_scores.c.respondent_count,
        assessment_scores.c.overall,
        area_scores.c.area_id,
        area_scores.c.score,
    ).select_from(
        chosen.outerjoin(
            assessment_scores, assessment_scores.c.assessment_id == chosen.c.id
        ).outerjoin(area_scores, area_scores.c.assessment_id == chosen.c.id)
    )


def _levels_select(chosen: CTE) -> Select[Any]:
    """(questionnaire, question, total, count, peers): how many chosen assessments had
    respondents give `count` levels adding up to `total` on the question."""
    per_peer = (
        select(
            chosen.c.questionnaire_id,
            answers.c.question_id,
            func.sum(cast(answers.c.value, Integer)).label("total"),
            func.count().label("given"),
        )
        .select_from(
            chosen.join(respondents, respondents.c.assessment_id == chosen.c.id).join(
                answers, answers.c.respondent_id == respondents.c.id
            )
        )
        .where(answers.c.value.in_(LEVEL_TEXTS))
        .group_by(chosen.c.questionnaire_id, chosen.c.id, answers.c.question_id)
        .subquery("per_peer")
    )
    return select(
        per_peer.c.questionnaire_id,
        per_peer.c.question_id,
        per_peer.c.total,
        per_peer.c.given,
        func.count().label("peers"),
    ).group_by(
        per_peer.c.questionnaire_id, per_peer.c.question_id, per_peer.c.total, per_peer.c.given
    )


# --------------------------------------------------------------------------------------------
# Rows to pools
# --------------------------------------------------------------------------------------------


@dataclass
class _Gathering:
    """One questionnaire's peers while their rows are read."""

    periods: set[str]
    overall: dict[int, float | None]
    areas: dict[int, dict[str, float | None]]


def _gather(score_rows: Iterable[Sequence[Any]]) -> tuple[dict[str, _Gathering], list[int]]:
    """The snapshots by questionnaire, and the ids of assessments without one."""
    found: dict[str, _Gathering] = {}
    unscored: list[int] = []
    for (
        questionnaire_id,
        assessment_id,
        period,
        respondent_count,
        overall,
        area_id,
        score,
    ) in score_rows:
        gathering = found.setdefault(questionnaire_id, _Gathering(set(), {}, {}))
        gathering.periods.add(period)
        if respondent_count is None:
            if assessment_id not in gathering.overall:
                unscored.append(assessment_id)
            gathering.overall[assessment_id] = None
            gathering.areas.setdefault(assessment_id, {})
            continue
        gathering.overall[assessment_id] = overall
        areas = gathering.areas.setdefault(assessment_id, {})
        if area_id is not None:
            areas[area_id] = score
    return found, unscored


def _score_unscored(session: Session, found: dict[str, _Gathering], unscored: list[int]) -> None:
    """Score, with the domain, the assessments completed before snapshots were kept."""
    if not unscored:
        return
    for questionnaire, assessment in load_assessments(session, assessments.c.id.in_(unscored)):
        assert assessment.id is not None
        result = scoring.score_stored(questionnaire, assessment)
        gathering = found[assessment.questionnaire_id]
        gathering.overall[assessment.id] = result.overall
        gathering.areas[assessment.id] = {a.area_id: a.score for a in result.areas}


def _read(
    session: Session, chosen: CTE, params: dict[str, Any]
) -> tuple[dict[str, _Gathering], dict[str, list[tuple[str, int, int, int]]]]:
    """The chosen assessments' scores by questionnaire, and their level rows (see
    `peers.count_levels`) by questionnaire."""
    found, unscored = _gather(session.execute(_scores_select(chosen), params).all())
    _score_unscored(session, found, unscored)
    level_rows: dict[str, list[tuple[str, int, int, int]]] = {}
    for questionnaire_id, question_id, total, given, peers in session.execute(
        _levels_select(chosen), params
    ):
        level_rows.setdefault(questionnaire_id, []).append((question_id, total, given, peers))
    return found, level_rows


def _pools(
    session: Session, chosen: CTE, params: dict[str, Any], *, sector: str | None
) -> dict[str, PeerPool]:
    """The pool of every questionnaire among the chosen assessments."""
    found, level_rows = _read(session, chosen, params)
    pools: dict[str, PeerPool] = {}
    for questionnaire_id, gathering in found.items():
        spans = [periods.parse_period(label) for label in gathering.periods]
        by_area: dict[str, list[float]] = {}
        for areas in gathering.areas.values():
            for area_id, score in areas.items():
                if score is not None:
                    by_area.setdefault(area_id, []).append(score)
        pools[questionnaire_id] = PeerPool(
            questionnaire_id=questionnaire_id,
            peers=len(gathering.overall),
            overall=tuple(sorted(v for v in gathering.overall.values() if v is not None)),
            areas={area_id: tuple(sorted(values)) for area_id, values in by_area.items()},
            levels=count_levels(level_rows.get(questionnaire_id, ())),
            first=min(p.start for p in spans),
            last=max(p.end for p in spans),
            sector=sector,
        )
    return pools


def _sector_params(session: Session, sector: str | None) -> dict[str, Any]:
    if sector is None:
        return {}
    stored = session.execute(select(organisations.c.sector).distinct()).scalars()
    return {"sectors": matching_sectors(stored, sector)}


# --------------------------------------------------------------------------------------------
# What the services read
# --------------------------------------------------------------------------------------------


def peer_pool(
    session: Session, *, organisation_id: int, questionnaire_id: str, sector: str | None = None
) -> PeerPool:
    """The client's peers on its questionnaire (of `sector`, when given), as aggregates.

    `sector` is a checked filter (`peers.wanted_sector`); it matches every stored spelling of
    the sector ignoring case.
    """
    params = {"client": organisation_id, "questionnaire": questionnaire_id}
    params |= _sector_params(session, sector)
    chosen = _chosen(sector is not None, True)
    found = _pools(session, chosen, params, sector=sector)
    return found.get(questionnaire_id, PeerPool(questionnaire_id, 0, sector=sector))


def portfolio_pools(session: Session, *, sector: str | None = None) -> list[PeerPool]:
    """Every organisation that is not archived, as peers, one pool per questionnaire id.

    What `cxaudit benchmark-export` anonymises for a colleague's portfolio.
    """
    params = {"client": 0} | _sector_params(session, sector)
    found = _pools(session, _chosen(sector is not None, False), params, sector=sector)
    return [found[key] for key in sorted(found)]


def client_figures(session: Session, *, client: ClientAssessment) -> ClientFigures:
    """The client's overall and area scores and its level on each question."""
    found, level_rows = _read(session, _one(client.assessment_id), {})
    gathering = found[client.questionnaire_id]
    return ClientFigures(
        period=client.period,
        overall=gathering.overall[client.assessment_id],
        areas=gathering.areas[client.assessment_id],
        levels={
            question_id: question_level(total, given)
            for question_id, total, given, _ in level_rows.get(client.questionnaire_id, ())
        },
    )


def peer_candidates(session: Session) -> list[Candidate]:
    """Every assessment with what the peer rule looks at: for proving the SQL agrees with it."""
    rows = session.execute(
        select(
            assessments.c.organisation_id,
            assessments.c.id,
            assessments.c.questionnaire_id,
            assessments.c.period_start,
            assessments.c.status,
            organisations.c.archived_at,
            organisations.c.sector,
        ).join(organisations, organisations.c.id == assessments.c.organisation_id)
    ).all()
    return [
        Candidate(
            organisation_id=row[0],
            assessment_id=row[1],
            questionnaire_id=row[2],
            period_start=row[3],
            completed=row[4] == COMPLETE,
            archived=row[5] is not None,
            sector=row[6],
        )
        for row in rows
    ]


def chosen_ids(
    session: Session, *, organisation_id: int, questionnaire_id: str, sector: str | None = None
) -> list[int]:
    """The assessment ids `peer_pool` reads, ascending (for the same proof)."""
    params = {"client": organisation_id, "questionnaire": questionnaire_id}
    params |= _sector_params(session, sector)
    chosen = _chosen(sector is not None, True)
    return sorted(session.execute(select(chosen.c.id), params).scalars())
