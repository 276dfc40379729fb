"""The demo shows every feature: history, notes, N/A, don't know, gaps, actions and a draft."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cxaudit.domain.model import ActionStatus
from cxaudit.domain.scoring import score_stored as score
from cxaudit.services.demo import DEMO_NAMES, load_demo
from cxaudit.services.workspace import Workspace
from cxaudit.storage import list_drafts, list_organisations, organisation_history
from tests.transfer.conftest import DEMO_TODAY, database_checksum


def test_demo_has_six_quarters_ending_before_today(demo_db_path: Path) -> None:
    db = Workspace.open(f"sqlite:///{demo_db_path}")
    with db.session() as session:
        summaries = {s.organisation.name: s for s in list_organisations(session, today=DEMO_TODAY)}
        assert set(summaries) == set(DEMO_NAMES)
        northwind = summaries["Northwind Energy"]
        assert northwind.organisation.id is not None
        history = organisation_history(session, organisation_id=northwind.organisation.id)
    periods = [a.period for _q, a in history]
    assert periods == ["2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]
    assert northwind.latest_period == "2026-Q1"
    assert not northwind.overdue
    assert summaries["Harbour Health Clinics"].overdue
    for _q, assessment in history:
        roles = sorted(r.role.value for r in assessment.respondents)
        assert roles == ["frontline", "leader", "manager"]


def test_demo_answers_show_every_feature(demo_db_path: Path) -> None:
    db = Workspace.open(f"sqlite:///{demo_db_path}")
    with db.session() as session:
        org = next(
            s.organisation
            for s in list_organisations(session)
            if s.organisation.name == "Northwind Energy"
        )
        assert org.id is not None
        history = organisation_history(session, organisation_id=org.id)
        drafts = list_drafts(session)
    answers = [answer for _q, a in history for r in a.respondents for answer in r.answers.values()]
    assert sum(1 for a in answers if a.note) > len(answers) // 5
    assert any(a.is_na and a.na_reason for a in answers)
    assert any(a.is_unknown for a in answers)
    results = [score(q, a) for q, a in history]
    overall = [r.overall for r in results]
    assert overall[-1] is not None and overall[0] is not None
    assert overall[-1] > overall[0] + 0.5, "the demo should improve over six quarters"
    assert all(r.disagreements for r in results)
    leadership_gaps = [r.area("leadership").role_gap for r in results]
    assert all(g is not None and g >= 1.0 for g in leadership_gaps)
    statuses = {item.status for _q, a in history for item in a.actions}
    assert {ActionStatus.OPEN, ActionStatus.DONE} <= statuses
    latest = history[-1][1]
    assert any(item.carried_from is not None for item in latest.actions)
    assert all(item.owner and item.due for item in latest.actions)
    assert [d.organisation for d in drafts] == ["Northwind Energy"]
    assert 0 < drafts[0].answered < drafts[0].total


def test_demo_is_idempotent_and_force_rebuilds(demo_db_path: Path) -> None:
    db = Workspace.open(f"sqlite:///{demo_db_path}")
    before = database_checksum(demo_db_path)
    again = load_demo(db, today=DEMO_TODAY)
    assert not again.created
    assert "already loaded" in again.message
    assert database_checksum(demo_db_path) == before
    rebuilt = load_demo(db, today=DEMO_TODAY, force=True)
    assert rebuilt.created and rebuilt.assessments == 23 and rebuilt.drafts == 1
    with db.session() as session:
        names = [s.organisation.name for s in list_organisations(session)]
    assert sorted(names) == sorted(DEMO_NAMES)


def test_demo_is_deterministic(tmp_path: Path) -> None:
    def answers_of(path: Path) -> list[tuple[str, str, str, object, str]]:
        db = Workspace.open(f"sqlite:///{path}")
        load_demo(db, today=date(2025, 2, 1))
        with db.session() as session:
            rows = []
            for summary in list_organisations(session):
                assert summary.organisation.id is not None
                for _q, a in organisation_history(session, organisation_id=summary.organisation.id):
                    for r in a.respondents:
                        for answer in r.answers.values():
                            rows.append(
                                (a.period, r.name, answer.question_id, answer.value, answer.note)
                            )
        return sorted(rows, key=repr)

    first = answers_of(tmp_path / "one.db")
    assert first == answers_of(tmp_path / "two.db")
    assert {r[1] for r in first} >= {"Priya Shah", "Aisha Okafor"}
