"""An organisation's history read from the kept score snapshots, on both engines.

The history screen and `cxaudit history` no longer score every answer again: they read what
the domain computed at completion. These tests hold that reading to the domain's own answer.
"""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from cxaudit.domain.model import ActionStatus, AssessmentStatus, Role, make_answer
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.results import ActionTally, ScoreSnapshot
from cxaudit.domain.scoring import resolve_targets, score_assessment
from cxaudit.domain.trend import build_trend, trend_of_snapshots
from cxaudit.errors import NotFoundError
from cxaudit.storage import (
    Database,
    add_respondent,
    create_organisation,
    list_organisations,
    organisation_history,
    organisation_timeline,
    save_answer,
    start_assessment,
    update_action_item,
    update_organisation,
)
from cxaudit.storage.tables import area_scores, assessment_scores
from tests.storage.test_repository import _completed


def _expected(questionnaire: Questionnaire, assessment: object) -> ScoreSnapshot:
    from cxaudit.domain.model import Assessment

    assert isinstance(assessment, Assessment)
    targets = resolve_targets(
        questionnaire,
        organisation_targets=assessment.organisation.default_targets,
        assessment_targets=assessment.targets,
    )
    return ScoreSnapshot.of(score_assessment(questionnaire, assessment.respondents, targets))


def _organisation_with_history(db: Database, mini: Questionnaire) -> int:
    """Two completed quarters (one with every kind of answer) and a draft in a third."""
    with db.session() as session:
        org = create_organisation(session, name="Acme", default_targets={"alpha": 3.5})
    assert org.id is not None
    _completed(db, mini, org_id=org.id, period="2025-Q4", leader=(2, 3, "unknown", 4, 1))
    _completed(db, mini, org_id=org.id, period="2026-Q1", leader=(4, 5, 3, "unknown", 2))
    with db.session() as session:
        draft = start_assessment(
            session, organisation_id=org.id, period="2026-Q2", questionnaire=mini
        )
        assert draft.id is not None
        cy = add_respondent(session, assessment_id=draft.id, name="Cy", role=Role.MANAGER)
        assert cy.id is not None
        save_answer(session, respondent_id=cy.id, answer=make_answer("alpha.one", 5))
    return org.id


def test_history_reads_the_scores_the_domain_computed(db: Database, mini: Questionnaire) -> None:
    org_id = _organisation_with_history(db, mini)
    with db.session() as session:
        timeline = organisation_timeline(session, organisation_id=org_id)
        full = organisation_history(session, organisation_id=org_id)
    assert timeline.organisation.name == "Acme"
    assert timeline.organisation.default_targets == {"alpha": 3.5}
    assert [r.period for r in timeline.records] == ["2025-Q4", "2026-Q1"]
    assert all(r.status is AssessmentStatus.COMPLETE for r in timeline.records)
    for record, (questionnaire, assessment) in zip(timeline.records, full, strict=True):
        assert record.assessment_id == assessment.id
        assert record.questionnaire.content_hash == questionnaire.content_hash
        assert record.scores == _expected(questionnaire, assessment)
        assert [a.area_id for a in record.scores.areas] == ["alpha", "beta"]
        assert record.scores.areas[0].target == 3.5
        assert record.scores.respondent_count == 2
        planned = ActionTally.of(item.status for item in assessment.actions)
        assert record.actions == planned and planned.total == len(assessment.actions) > 0
    # The trend drawn from the snapshots is the trend drawn by scoring every answer.
    assert trend_of_snapshots(
        [(r.questionnaire, r.period, r.scores) for r in timeline.records]
    ) == build_trend(full)


def test_drafts_are_scored_from_their_answers_when_asked_for(
    db: Database, mini: Questionnaire
) -> None:
    org_id = _organisation_with_history(db, mini)
    with db.session() as session:
        timeline = organisation_timeline(session, organisation_id=org_id, include_drafts=True)
        full = organisation_history(session, organisation_id=org_id, include_drafts=True)
    assert [r.status for r in timeline.records] == [
        AssessmentStatus.COMPLETE,
        AssessmentStatus.COMPLETE,
        AssessmentStatus.DRAFT,
    ]
    draft = timeline.records[-1]
    assert draft.period == "2026-Q2" and draft.scores.respondent_count == 1
    assert draft.scores == _expected(*full[-1])
    assert draft.scores.area("alpha") is not None
    assert draft.actions == ActionTally() and draft.actions.total == 0
    assert [r.assessment_id for r in timeline.completed] == [a.id for _, a in full[:2]]


def test_the_plan_tally_follows_status_changes(db: Database, mini: Questionnaire) -> None:
    org_id = _organisation_with_history(db, mini)
    with db.session() as session:
        (_, first), _ = organisation_history(session, organisation_id=org_id)
    done, dropped = first.actions[0], first.actions[1]
    assert done.id is not None and dropped.id is not None
    with db.session() as session:
        update_action_item(session, action_id=done.id, status=ActionStatus.DONE)
        update_action_item(session, action_id=dropped.id, status=ActionStatus.DROPPED)
        timeline = organisation_timeline(session, organisation_id=org_id)
    tally = timeline.records[0].actions
    assert (tally.done, tally.dropped) == (1, 1)
    assert tally.open + tally.in_progress == len(first.actions) - 2


def test_an_assessment_kept_without_its_snapshot_is_scored_from_its_answers(
    db: Database, mini: Questionnaire
) -> None:
    """A database written before snapshots existed still shows every quarter's scores."""
    org_id = _organisation_with_history(db, mini)
    with db.session() as session:
        before = organisation_timeline(session, organisation_id=org_id)
        first_id = before.records[0].assessment_id
        session.execute(delete(area_scores).where(area_scores.c.assessment_id == first_id))
        session.execute(
            delete(assessment_scores).where(assessment_scores.c.assessment_id == first_id)
        )
        session.commit()
    with db.session() as session:
        after = organisation_timeline(session, organisation_id=org_id)
    assert after.records == before.records


def test_an_organisation_without_assessments_has_an_empty_history(db: Database) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Newcomer", sector="Retail")
        assert org.id is not None
        timeline = organisation_timeline(session, organisation_id=org.id, include_drafts=True)
        assert timeline.organisation == org and timeline.records == ()
        with pytest.raises(NotFoundError, match="no organisation with id 999"):
            organisation_timeline(session, organisation_id=999)


def test_history_read_inside_a_transaction_sees_that_transaction(
    db: Database, mini: Questionnaire
) -> None:
    """A read in a session that has already begun is answered by that session's connection."""
    org_id = _organisation_with_history(db, mini)
    with db.session() as session:
        (_, first), _ = organisation_history(session, organisation_id=org_id)
        assert session.in_transaction()
        timeline = organisation_timeline(session, organisation_id=org_id)
    assert timeline.records[0].assessment_id == first.id


def test_new_default_targets_reach_the_kept_scores(db: Database, mini: Questionnaire) -> None:
    org_id = _organisation_with_history(db, mini)
    with db.session() as session:
        update_organisation(session, organisation_id=org_id, default_targets={"alpha": 2.0})
        timeline = organisation_timeline(session, organisation_id=org_id)
        full = organisation_history(session, organisation_id=org_id)
    for record, (questionnaire, assessment) in zip(timeline.records, full, strict=True):
        alpha = record.scores.area("alpha")
        assert alpha is not None and alpha.target == 2.0
        assert record.scores == _expected(questionnaire, assessment)


def test_only_a_read_that_stands_alone_leaves_the_session_out(
    db: Database, mini: Questionnaire
) -> None:
    """Exports read the list and then each organisation: those reads share one transaction."""
    org_id = _organisation_with_history(db, mini)
    with db.session() as session:
        list_organisations(session)
        assert session.in_transaction(), "a list followed by more reads is read in the session"
        organisation_timeline(session, organisation_id=org_id)
    with db.session() as session:
        alone = list_organisations(session, standalone=True)
        timeline = organisation_timeline(session, organisation_id=org_id, standalone=True)
        assert timeline.records and alone
        if db.dialect == "sqlite":
            assert not session.in_transaction(), "a read on its own skips the session"
    with db.session() as session:
        # A draft must be scored from its answers: then everything is read in one transaction.
        with_draft = organisation_timeline(
            session, organisation_id=org_id, include_drafts=True, standalone=True
        )
        assert session.in_transaction()
    assert with_draft.records[-1].status is AssessmentStatus.DRAFT
