"""The peers a client is benchmarked against, read as aggregates: never a peer's name or row.

Who is a peer is the domain's rule (`peers.choose_peers`): each other organisation that is not
archived brings its latest completed assessment on the same questionnaire, optionally of one
sector. Here the same rule is one window over the assessments, and a test proves the two agree.
Area and overall scores come from the snapshots history also reads, and each question's level
from the question snapshot the domain wrote beside them (`peers.question_level` of the levels
given), counted in SQL as (question, level, peers), so a portfolio of hundreds of
organisations is a few hundred rows and no answer is read. An assessment completed before
those snapshots were kept (or before question snapshots were) is scored by the domain instead,
from its answers. Nothing returned says which peer had which figure.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import CTE, Integer, Select, String, and_, bindparam, exists, func, select
from sqlmodel import Session

from cxaudit.domain import periods, scoring
from cxaudit.domain.benchmark import ClientFigures
from cxaudit.domain.model import Organisation
from cxaudit.domain.peers import (
    Candidate,
    PeerPool,
    count_levels,
    matching_sectors,
    question_level,
)
from cxaudit.errors import NotFoundError, ValidationProblem
from cxaudit.storage.repository._convert import COMPLETE, organisation_from_row
from cxaudit.storage.repository._load import load_assessments
from cxaudit.storage.repository.organisations import organisation_row
from cxaudit.storage.tables import (
    area_scores,
    assessment_scores,
    assessments,
    organisations,
    question_scores,
)


@dataclass(frozen=True)
class ClientAssessment:
    """The completed assessment a client is benchmarked on."""

    assessment_id: int
    period: str
    questionnaire_id: str


def client_organisation(session: Session, *, organisation_id: int) -> Organisation:
    """The organisation with this id (the client), without resolving a typed reference."""
    return organisation_from_row(organisation_row(session, organisation_id))


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


@functools.cache
def _one() -> CTE:
    """One assessment (the `assessment` parameter) as `_chosen` gives its rows: the client's."""
    return (
        select(assessments.c.id, assessments.c.questionnaire_id, assessments.c.period)
        .where(assessments.c.id == bindparam("assessment", type_=Integer))
        .cte("chosen")
    )


@functools.cache
def _scores_select(chosen: CTE) -> Select[Any]:
    """Each chosen assessment's snapshot: one row per area (one in all without a snapshot).

    `respondent_count` is None only when the assessment has no snapshot; `questions` is false
    when it has no question snapshot (completed before they were kept).
    """
    has_questions = exists().where(question_scores.c.assessment_id == chosen.c.id)
    return select(
        chosen.c.questionnaire_id,
        chosen.c.id,
        chosen.c.period,
        assessment_scores.c.respondent_count,
        has_questions.label("questions"),
        assessment_scores.c.overall,
        area_scores.c.area_id,
        area_scores.c.score,
    ).select_from(
        chosen.outerjoin(
            assessment_scores, assessment_scores.c.assessment_id == chosen.c.id
        ).outerjoin(area_scores, area_scores.c.assessment_id == chosen.c.id)
    )


@functools.cache
def _levels_select(chosen: CTE, one_questionnaire: bool) -> Select[Any]:
    """(questionnaire, question, level, peers): how many chosen assessments stand at each
    level of each question, from their question snapshots (an assessment without one counts
    for nothing here: the domain scores it, `_score_missing`).

    When every chosen assessment is on one questionnaire (the `questionnaire` parameter) the
    rows are not grouped by questionnaire too: that costs a fifth of the query on hundreds of
    peers.
    """
    questionnaire: Any = (
        bindparam("questionnaire", type_=String) if one_questionnaire else chosen.c.questionnaire_id
    )
    by = (question_scores.c.question_id, question_scores.c.level)
    return (
        select(questionnaire.label("questionnaire_id"), *by, func.count().label("peers"))
        .select_from(chosen.join(question_scores, question_scores.c.assessment_id == chosen.c.id))
        .where(question_scores.c.level.is_not(None))
        .group_by(*by if one_questionnaire else (chosen.c.questionnaire_id, *by))
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
    levels: list[tuple[str, int, int]] = field(default_factory=list)
    """(question, level, 1) for each question of each assessment scored by the domain here."""


@dataclass
class _Missing:
    """The chosen assessments whose snapshot lacks a part, which the domain must supply."""

    scores: set[int] = field(default_factory=set)
    """No overall and area snapshot."""
    levels: set[int] = field(default_factory=set)
    """No question snapshot."""


def _gather(score_rows: Iterable[Sequence[Any]]) -> tuple[dict[str, _Gathering], _Missing]:
    """The snapshots by questionnaire, and the assessments whose snapshot lacks a part."""
    found: dict[str, _Gathering] = {}
    missing = _Missing()
    for row in score_rows:
        questionnaire_id, assessment_id, period, respondents, questions, overall, area, score = row
        gathering = found.get(questionnaire_id)
        if gathering is None:
            gathering = found[questionnaire_id] = _Gathering(set(), {}, {})
        areas = gathering.areas.get(assessment_id)
        if areas is None:
            # The first row of this assessment: when, and what its snapshot holds or lacks.
            areas = gathering.areas[assessment_id] = {}
            gathering.periods.add(period)
            gathering.overall[assessment_id] = overall
            if not questions:
                missing.levels.add(assessment_id)
            if respondents is None:
                missing.scores.add(assessment_id)
        if area is not None:
            areas[area] = score
    return found, missing


def _score_missing(session: Session, found: dict[str, _Gathering], missing: _Missing) -> None:
    """Score, with the domain, the assessments completed before (question) snapshots were
    kept, for the figures their snapshot lacks, as the snapshot would hold them."""
    wanted = missing.scores | missing.levels
    if not wanted:
        return
    for questionnaire, assessment in load_assessments(session, assessments.c.id.in_(wanted)):
        assert assessment.id is not None
        result = scoring.score_stored(questionnaire, assessment)
        gathering = found[assessment.questionnaire_id]
        if assessment.id in missing.scores:
            gathering.overall[assessment.id] = result.overall
            gathering.areas[assessment.id] = {a.area_id: a.score for a in result.areas}
        if assessment.id in missing.levels:
            gathering.levels += [
                (q.question_id, question_level(sum(q.levels), len(q.levels)), 1)
                for q in result.questions.values()
                if q.levels
            ]


def _read(
    session: Session, chosen: CTE, params: dict[str, Any]
) -> tuple[dict[str, _Gathering], dict[str, list[tuple[str, int, int]]]]:
    """The chosen assessments' scores by questionnaire, and their (question, level, peers)
    rows by questionnaire.

    With a `questionnaire` parameter every chosen assessment must be on that questionnaire.
    """
    found, missing = _gather(session.execute(_scores_select(chosen), params).all())
    _score_missing(session, found, missing)
    level_rows: dict[str, list[tuple[str, int, int]]] = {
        questionnaire_id: list(gathering.levels) for questionnaire_id, gathering in found.items()
    }
    for questionnaire_id, question_id, level, peers in session.execute(
        _levels_select(chosen, "questionnaire" in params), params
    ):
        level_rows.setdefault(questionnaire_id, []).append((question_id, int(level), peers))
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


def _peer_params(
    session: Session, organisation_id: int, questionnaire_id: str, sector: str | None
) -> dict[str, Any]:
    params = {"client": organisation_id, "questionnaire": questionnaire_id}
    return params | _sector_params(session, sector)


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
    params = _peer_params(session, organisation_id, questionnaire_id, sector)
    found = _pools(session, _chosen(sector is not None, True), params, sector=sector)
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
    params = {"assessment": client.assessment_id, "questionnaire": client.questionnaire_id}
    found, level_rows = _read(session, _one(), params)
    gathering = found[client.questionnaire_id]
    return ClientFigures(
        period=client.period,
        overall=gathering.overall[client.assessment_id],
        areas=gathering.areas[client.assessment_id],
        levels={
            question_id: level
            for question_id, level, _ in level_rows.get(client.questionnaire_id, ())
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
    )
    return [
        Candidate(org, assessment, q, start, status == COMPLETE, archived is not None, sector)
        for org, assessment, q, start, status, archived, sector in rows
    ]


def chosen_ids(
    session: Session, *, organisation_id: int, questionnaire_id: str, sector: str | None = None
) -> list[int]:
    """The assessment ids `peer_pool` reads, ascending (for the same proof)."""
    params = _peer_params(session, organisation_id, questionnaire_id, sector)
    chosen = _chosen(sector is not None, True)
    return sorted(session.execute(select(chosen.c.id), params).scalars())
