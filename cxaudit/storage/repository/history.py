"""An organisation's history and timeline, and the drafts still being answered.

The history screen and `cxaudit history` read the timeline: one query over the score snapshots
the domain computed at completion, with each plan counted by status; a draft (or a completed
assessment kept without a snapshot) is scored by the domain (`scoring.score_stored`) from its
answers instead. `organisation_history` loads every answer as domain objects for the report,
comparisons and exports. Home resumes drafts from `list_drafts`, whose count of answers given
is the domain's settled count (`progress`), proven equal by a test.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Integer, Select, String, and_, bindparam, case, func, select, type_coerce
from sqlmodel import Session

from cxaudit.domain import scoring
from cxaudit.domain.model import ActionStatus, Assessment
from cxaudit.domain.progress import not_asked_in
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.results import ActionTally, AreaSnapshot, ScoreSnapshot
from cxaudit.errors import NotFoundError
from cxaudit.storage.repository._convert import (
    COMPLETE,
    DRAFT,
    STATUSES,
    trusted_organisation,
)
from cxaudit.storage.repository._load import head_select, load_assessments, load_selected
from cxaudit.storage.repository._questionnaires import PARSED, questionnaires_by_row
from cxaudit.storage.repository._sqlite import read_rows
from cxaudit.storage.repository.organisations import organisation_row
from cxaudit.storage.repository.portfolio import organisation_columns, organisation_profile
from cxaudit.storage.rows import (
    DraftSummary,
    draft_summaries,
    stored_flags,
)
from cxaudit.storage.tables import (
    action_items,
    answers,
    area_scores,
    assessment_scores,
    assessments,
    organisations,
    questionnaires,
    respondents,
)
from cxaudit.storage.views import HistoryRecord, OrganisationTimeline


def organisation_history(
    session: Session, *, organisation_id: int, include_drafts: bool = False
) -> list[tuple[Questionnaire, Assessment]]:
    """An organisation's assessments by period start, each with the questionnaire it used.

    Drafts are left out unless asked for: history is what was completed. Whether the
    organisation exists is asked only when it has no assessment to show.
    """
    params = {"organisation_id": organisation_id}
    loaded = load_selected(session, _history_select(include_drafts), params)
    if not loaded:
        organisation_row(session, organisation_id)
    return loaded


@functools.cache
def _history_select(include_drafts: bool) -> Select[Any]:
    """An organisation's assessments (by the `organisation_id` parameter), as `load_selected`
    reads them."""
    condition = assessments.c.organisation_id == bindparam("organisation_id", type_=Integer)
    if not include_drafts:
        condition = and_(condition, assessments.c.status == COMPLETE)
    return head_select(condition)


@functools.cache
def _timeline_select(include_drafts: bool) -> Select[Any]:
    """One organisation (by the `organisation_id` parameter) with each assessment's snapshot.

    One row per assessment and area (one row in all for an organisation without assessments),
    with the assessment's action plan counted by status.
    """
    organisation_id = bindparam("organisation_id", type_=Integer)
    status = action_items.c.status

    def tally(value: ActionStatus) -> Any:
        return func.sum(case((status == value.value, 1), else_=0))

    def counted(column: Any) -> Any:
        return func.coalesce(column, 0)

    plans = (
        select(
            action_items.c.assessment_id,
            tally(ActionStatus.OPEN).label("open"),
            tally(ActionStatus.IN_PROGRESS).label("in_progress"),
            tally(ActionStatus.DONE).label("done"),
            tally(ActionStatus.DROPPED).label("dropped"),
        )
        .join(assessments, assessments.c.id == action_items.c.assessment_id)
        .where(assessments.c.organisation_id == organisation_id)
        .group_by(action_items.c.assessment_id)
        .subquery("plans")
    )
    joined = assessments.c.organisation_id == organisations.c.id
    if not include_drafts:
        joined = and_(joined, assessments.c.status == COMPLETE)
    return (
        select(
            *organisation_columns(),
            assessments.c.id.label("assessment_id"),
            assessments.c.period,
            assessments.c.status,
            assessments.c.questionnaire_row_id,
            questionnaires.c.content_hash,
            assessment_scores.c.overall,
            assessment_scores.c.percent,
            assessment_scores.c.stage,
            assessment_scores.c.respondent_count,
            area_scores.c.area_id,
            area_scores.c.score,
            area_scores.c.percent.label("area_percent"),
            area_scores.c.covered,
            area_scores.c.applicable,
            area_scores.c.target,
            counted(plans.c.open),
            counted(plans.c.in_progress),
            counted(plans.c.done),
            counted(plans.c.dropped),
            organisation_profile(),
        )
        .select_from(
            organisations.outerjoin(assessments, joined)
            .outerjoin(questionnaires, questionnaires.c.id == assessments.c.questionnaire_row_id)
            .outerjoin(assessment_scores, assessment_scores.c.assessment_id == assessments.c.id)
            .outerjoin(area_scores, area_scores.c.assessment_id == assessments.c.id)
            .outerjoin(plans, plans.c.assessment_id == assessments.c.id)
        )
        .where(organisations.c.id == organisation_id)
        .order_by(assessments.c.period_start, assessments.c.id)
    )


_AREA_ORDER: dict[str, tuple[str, ...]] = {}


_RESPONDENT_COUNT = itemgetter(14)
_CONTENT_HASH = itemgetter(10)


def _reads_more(rows: Sequence[Sequence[Any]]) -> bool:
    """Whether building the timeline from `rows` needs further reads (answers to score, or a
    questionnaire not yet parsed in this process).

    Only an organisation without assessments has a row without one (its only row), and a kept
    snapshot always has a respondent count.
    """
    if not rows or rows[0][6] is None:
        return False
    return None in map(_RESPONDENT_COUNT, rows) or not PARSED.keys() >= set(
        map(_CONTENT_HASH, rows)
    )


def _area_ids(questionnaire: Questionnaire) -> tuple[str, ...]:
    """A questionnaire's area ids in order, worked out once per content hash."""
    digest = questionnaire.content_hash
    order = _AREA_ORDER.get(digest)
    if order is None:
        order = _AREA_ORDER[digest] = tuple(area.id for area in questionnaire.areas)
    return order


def organisation_timeline(
    session: Session,
    *,
    organisation_id: int,
    include_drafts: bool = False,
    standalone: bool = False,
) -> OrganisationTimeline:
    """An organisation and its assessments by period start, each with its scores and plan tally.

    What the history screen and `cxaudit history` show, read in one query from the snapshots
    the domain computed at completion; no answer is loaded. A draft (or a completed assessment
    stored without a snapshot) is scored by the domain from its answers instead, read in the
    same transaction. `standalone`: see `portfolio.portfolio_lines`.
    """
    name = f"timeline:{include_drafts}"
    statement = _timeline_select(include_drafts)
    params = {"organisation_id": organisation_id}
    rows = read_rows(session, name, statement, params, standalone=standalone)
    if not session.in_transaction() and _reads_more(rows):
        # Answers or questionnaires are needed too: read everything again in one transaction,
        # so the scores kept and the answers scored come from the same moment.
        session.connection()
        rows = read_rows(session, name, statement, params, standalone=False)
    if not rows:
        raise NotFoundError(f"There is no organisation with id {organisation_id}.")
    first = rows[0]
    organisation = trusted_organisation((*first[:6], first[25]))
    heads: dict[int, Sequence[Any]] = {}
    kept: dict[int, dict[str, AreaSnapshot]] = {}
    # Straight from the row's slice: the named tuple's own constructor costs a call per area.
    new = tuple.__new__
    for row in rows:
        assessment_id = row[6]
        if assessment_id is None:
            continue
        areas = kept.get(assessment_id)
        if areas is None:
            heads[assessment_id] = row
            areas = kept[assessment_id] = {}
        if row[15] is not None:
            areas[row[15]] = new(AreaSnapshot, row[15:21])
    by_row: dict[int, Questionnaire] = {}
    unknown: set[int] = set()
    for head in heads.values():
        cached = PARSED.get(head[10])
        if cached is not None:
            by_row[head[9]] = cached
        else:
            unknown.add(head[9])
    if unknown:
        by_row.update(questionnaires_by_row(session, unknown))
    # A snapshot always has a respondent count; without one, the domain scores the answers.
    unscored = [i for i, head in heads.items() if head[14] is None]
    scored: dict[int, ScoreSnapshot] = {}
    if unscored:
        for questionnaire, assessment in load_assessments(session, assessments.c.id.in_(unscored)):
            assert assessment.id is not None
            scored[assessment.id] = ScoreSnapshot.of(
                scoring.score_stored(questionnaire, assessment)
            )
    records: list[HistoryRecord] = []
    for assessment_id, head in heads.items():
        questionnaire = by_row[head[9]]
        snapshot = scored.get(assessment_id)
        if snapshot is None:
            areas = kept[assessment_id]
            order = _area_ids(questionnaire)
            snapshot = ScoreSnapshot(
                head[11],
                head[12],
                head[13],
                head[14],
                tuple(map(areas.__getitem__, order))
                if len(areas) == len(order)
                else tuple(areas[i] for i in order if i in areas),
            )
        records.append(
            HistoryRecord(
                assessment_id,
                head[7],
                STATUSES[head[8]],
                questionnaire,
                snapshot,
                new(ActionTally, head[21:25]),
            )
        )
    return OrganisationTimeline(organisation=organisation, records=tuple(records))


@functools.cache
def _drafts_select(include_archived: bool) -> Select[Any]:
    """Every draft (of archived organisations too, if asked) with its organisation,
    respondents, last save and settled answers, one row per question answered (so the
    questions that do not apply can be left out of the count: `rows.draft_summaries`)."""
    drafts = select(assessments.c.id).where(assessments.c.status == DRAFT)
    people = (
        select(respondents.c.assessment_id, func.count().label("people"))
        .where(respondents.c.assessment_id.in_(drafts))
        .group_by(respondents.c.assessment_id)
        .subquery("people")
    )
    given = (
        select(
            respondents.c.assessment_id,
            answers.c.question_id,
            func.sum(case((answers.c.needs_reconfirm.is_(False), 1), else_=0)).label("answered"),
            func.max(answers.c.updated_at).label("last_saved"),
        )
        .join(respondents, respondents.c.id == answers.c.respondent_id)
        .where(respondents.c.assessment_id.in_(drafts))
        .group_by(respondents.c.assessment_id, answers.c.question_id)
        .subquery("given")
    )
    statement = (
        select(
            assessments.c.id,
            assessments.c.organisation_id,
            organisations.c.name,
            assessments.c.period,
            assessments.c.created_at,
            questionnaires.c.question_count,
            func.coalesce(people.c.people, 0).label("people"),
            func.coalesce(given.c.answered, 0).label("answered"),
            given.c.last_saved,
            given.c.question_id,
            assessments.c.questionnaire_row_id,
            type_coerce(assessments.c.profile, String).label("profile"),
        )
        .join(organisations, organisations.c.id == assessments.c.organisation_id)
        .join(questionnaires, questionnaires.c.id == assessments.c.questionnaire_row_id)
        .outerjoin(people, people.c.assessment_id == assessments.c.id)
        .outerjoin(given, given.c.assessment_id == assessments.c.id)
        .where(assessments.c.status == DRAFT)
    )
    return statement if include_archived else statement.where(organisations.c.archived_at.is_(None))


def list_drafts(
    session: Session, *, standalone: bool = False, include_archived: bool = True
) -> list[DraftSummary]:
    """Every assessment still being answered, most recently touched first.

    `standalone`: nothing else is read in this session (see `portfolio.portfolio_lines`).
    `include_archived=False` leaves out the drafts of archived organisations, as Home does.
    Progress counts only the questions asked under each draft's profile (`progress.not_asked`).
    """
    statement = _drafts_select(include_archived)
    name = f"drafts:{include_archived}"
    rows = read_rows(session, name, statement, {}, standalone=standalone)
    stored = questionnaires_by_row(session, {row[10] for row in rows})

    @functools.cache
    def skipped(row_id: int, profile: str | None) -> frozenset[str]:
        return not_asked_in(stored[row_id], stored_flags(profile))

    return draft_summaries(rows, lambda row_id, profile: skipped(row_id, _text(profile)))


def _text(profile: Any) -> str | None:
    """A stored profile as hashable text (PostgreSQL's driver hands JSON back decoded)."""
    return profile if profile is None or isinstance(profile, str) else json.dumps(profile)
