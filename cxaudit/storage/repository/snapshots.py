"""Completing and reopening an assessment, and the score snapshot kept while it is complete.

A completed assessment keeps a snapshot of the domain's scores (overall, per area and per
question), so the portfolio and the history list with one query and no answer loaded, and a
benchmark reads each peer's level on each question without its answers. Whatever changes what a
completed assessment scores (an answer, a respondent, the organisation's targets) refreshes the
snapshot in the same transaction, through `refresh_snapshot`; the bulk load writes snapshots
with `snapshot_rows` and due dates with `refresh_next_due`. The scores, the plan and the due
date come from the domain (`scoring`, `plan.plan_for`, `schedule.next_due_after`), and so
does the rule that an assessment with no answer cannot be completed (`readiness.has_answers`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session

from cxaudit.domain import plan, readiness, schedule, scoring
from cxaudit.domain.model import Assessment
from cxaudit.domain.peers import question_level
from cxaudit.domain.results import AssessmentResult
from cxaudit.errors import NotFoundError, ValidationProblem
from cxaudit.storage.repository._convert import COMPLETE, DRAFT, action_values
from cxaudit.storage.repository._load import load_one
from cxaudit.storage.repository._tx import now_utc, writes
from cxaudit.storage.tables import (
    action_items,
    area_scores,
    assessment_scores,
    assessments,
    organisations,
    question_scores,
)

SNAPSHOT_TABLES = (assessment_scores, area_scores, question_scores)
"""Every table of the snapshot, in the order the bulk load fills them."""


def snapshot_rows(
    assessment_id: int, result: AssessmentResult, *, now: datetime
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows that keep the domain's scores of one assessment, one list per table of
    `SNAPSHOT_TABLES`: the overall row, a row per area and a row per question.

    A question's level is the domain's `question_level` of the levels given (what a benchmark
    compares); None, like its score, when nobody gave one.
    """
    overall = {
        "assessment_id": assessment_id,
        "overall": result.overall,
        "percent": result.percent,
        "stage": result.stage.name if result.stage is not None else None,
        "respondent_count": result.respondent_count,
        "computed_at": now,
    }
    per_area = [
        {
            "assessment_id": assessment_id,
            "area_id": area.area_id,
            "score": area.score,
            "percent": area.percent,
            "covered": area.covered,
            "applicable": area.applicable,
            "target": area.target,
        }
        for area in result.areas
    ]
    per_question = [
        {
            "assessment_id": assessment_id,
            "question_id": question.question_id,
            "score": question.score,
            "level": (
                question_level(sum(question.levels), len(question.levels))
                if question.levels
                else None
            ),
            "given": len(question.levels),
        }
        for question in result.questions.values()
    ]
    return [overall], per_area, per_question


def _drop_snapshot(session: Session, assessment_id: int) -> None:
    for table in SNAPSHOT_TABLES:
        session.execute(delete(table).where(table.c.assessment_id == assessment_id))


def _write_snapshot(
    session: Session, assessment_id: int, result: AssessmentResult, *, now: datetime
) -> None:
    _drop_snapshot(session, assessment_id)
    rows_by_table = snapshot_rows(assessment_id, result, now=now)
    for table, rows in zip(SNAPSHOT_TABLES, rows_by_table, strict=True):
        if rows:
            session.execute(insert(table), rows)


def refresh_snapshot(session: Session, assessment_id: int) -> None:
    """Score a completed assessment again and keep the new snapshot (after a change to it)."""
    questionnaire, assessment = load_one(session, assessment_id)
    _write_snapshot(
        session, assessment_id, scoring.score_stored(questionnaire, assessment), now=now_utc()
    )


def write_missing_snapshots(session: Session) -> int:
    """Snapshot every completed assessment whose snapshot lacks a part (one completed before
    question snapshots were kept, in 0005); how many were written.

    Until then such an assessment is scored from its answers whenever a benchmark reads it,
    which for hundreds of peers takes seconds instead of milliseconds; run once after
    upgrading, in the caller's transaction.
    """
    has_questions = select(question_scores.c.assessment_id).where(
        question_scores.c.assessment_id == assessments.c.id
    )
    has_overall = select(assessment_scores.c.assessment_id).where(
        assessment_scores.c.assessment_id == assessments.c.id
    )
    lacking = session.execute(
        select(assessments.c.id).where(
            assessments.c.status == COMPLETE, ~has_questions.exists() | ~has_overall.exists()
        )
    ).scalars()
    found = list(lacking)
    for assessment_id in found:
        refresh_snapshot(session, assessment_id)
    return len(found)


def refresh_next_due(session: Session, organisation_id: int) -> None:
    """Due next: the last day of the period after the organisation's latest completed one.

    An audit of a period is done during the next one, so completing 2026-Q3 makes the next
    audit due by 2026-12-31; only after that day is the organisation overdue.
    """
    latest = session.execute(
        select(assessments.c.period)
        .where(assessments.c.organisation_id == organisation_id, assessments.c.status == COMPLETE)
        .order_by(assessments.c.period_start.desc(), assessments.c.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if latest is None:
        return
    due = schedule.next_due_after(latest)
    session.execute(
        update(organisations).where(organisations.c.id == organisation_id).values(next_due=due)
    )


@writes
def complete_assessment(
    session: Session, *, assessment_id: int, now: datetime | None = None
) -> Assessment:
    """Score the assessment with the domain, store its action plan and a score snapshot.

    The fresh plan is merged with the items carried from the previous audit (a carried item
    keeps its owner, due date and status). Completing again after a reopen keeps the owner, due
    date and status of plan items that are still on the plan. The organisation's next
    assessment becomes due by the last day of the period after its latest completed one.
    """
    when = now or now_utc()
    questionnaire, assessment = load_one(session, assessment_id)
    if not readiness.has_answers(assessment):
        raise ValidationProblem(
            f"The {assessment.period} assessment of {assessment.organisation.name} has no "
            "answers yet; answer at least one question before completing it."
        )
    result = scoring.score_stored(questionnaire, assessment)
    kept: set[int] = set()
    for position, item in enumerate(plan.plan_for(questionnaire, result, assessment.actions)):
        values = action_values(item, assessment_id=assessment_id, position=position)
        if item.id is None:
            session.execute(insert(action_items).values(**values))
        else:
            kept.add(item.id)
            session.execute(
                update(action_items).where(action_items.c.id == item.id).values(**values)
            )
    stale = [i.id for i in assessment.actions if i.id is not None and i.id not in kept]
    if stale:
        session.execute(delete(action_items).where(action_items.c.id.in_(stale)))
    _write_snapshot(session, assessment_id, result, now=when)
    session.execute(
        update(assessments)
        .where(assessments.c.id == assessment_id)
        .values(status=COMPLETE, completed_at=when)
    )
    assert assessment.organisation.id is not None
    refresh_next_due(session, assessment.organisation.id)
    return load_one(session, assessment_id)[1]


@writes
def reopen_assessment(session: Session, *, assessment_id: int) -> Assessment:
    """Make a completed assessment a draft again; its plan stays, its score snapshot goes."""
    found = session.execute(
        update(assessments)
        .where(assessments.c.id == assessment_id)
        .values(status=DRAFT, completed_at=None)
        .returning(assessments.c.id)
    ).first()
    if found is None:
        raise NotFoundError(f"There is no assessment with id {assessment_id}.")
    _drop_snapshot(session, assessment_id)
    return load_one(session, assessment_id)[1]
