"""Confidence, unverified marks and profiles kept by every path that stores or loads answers
and organisations, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime

from cxaudit.domain.model import (
    Assessment,
    AssessmentStatus,
    Confidence,
    Organisation,
    Respondent,
    Role,
    make_answer,
)
from cxaudit.domain.questionnaire import Questionnaire, parse_questionnaire
from cxaudit.domain.scoring import score_stored
from cxaudit.storage import (
    Database,
    add_respondent,
    add_respondents,
    bulk_load_assessments,
    complete_assessment,
    create_organisation,
    get_organisation,
    load_assessment,
    organisation_history,
    save_answer,
    start_assessment,
    update_organisation,
)
from tests.domain.test_gates_and_profile import gated_text


def _gated() -> Questionnaire:
    return parse_questionnaire(gated_text(), "gated.toml")


def _kept(answer_map: dict[str, object]) -> dict[str, tuple[object, ...]]:
    return {
        qid: (a.value, a.evidence, a.confidence, a.unverified, a.needs_reconfirm)  # type: ignore[attr-defined]
        for qid, a in answer_map.items()
    }


def test_every_answer_path_keeps_confidence_and_the_unverified_mark(db: Database) -> None:
    gated = _gated()
    with db.session() as session:
        org = create_organisation(session, name="Acme")
        assert org.id is not None
        a = start_assessment(session, organisation_id=org.id, period="2026-Q1", questionnaire=gated)
        assert a.id is not None
        ann = add_respondent(session, assessment_id=a.id, name="Ann", role=Role.LEADER)
        (bob,) = add_respondents(
            session,
            assessment_id=a.id,
            respondents=[
                Respondent(
                    name="Bob",
                    role=Role.FRONTLINE,
                    answers={
                        "alpha.one": make_answer("alpha.one", 5, unverified=True, confidence="low"),
                        "beta.one": make_answer("beta.one", 2, confidence="high"),
                    },
                )
            ],
        )
    assert ann.id is not None and bob.id is not None
    # The one-answer autosave (SQLite's fast path, PostgreSQL's upsert) and its replacement.
    with db.session() as session:
        save_answer(
            session,
            respondent_id=ann.id,
            answer=make_answer("alpha.one", 4, evidence="Board minutes", confidence="high"),
        )
        save_answer(
            session,
            respondent_id=ann.id,
            answer=make_answer("alpha.two", 5, confidence="low", unverified=True),
        )
        save_answer(session, respondent_id=ann.id, answer=make_answer("beta.two", 3))
        save_answer(
            session,
            respondent_id=ann.id,
            answer=make_answer("beta.two", 3, confidence="low"),
        )
        loaded = load_assessment(session, assessment_id=a.id)
    kept = {r.name: _kept(dict(r.answers)) for r in loaded.respondents}
    assert kept == {
        "Ann": {
            "alpha.one": (4, "Board minutes", Confidence.HIGH, False, False),
            "alpha.two": (5, "", Confidence.LOW, True, False),
            "beta.two": (3, "", Confidence.LOW, False, False),
        },
        "Bob": {
            "alpha.one": (5, "", Confidence.LOW, True, False),
            "beta.one": (2, "", Confidence.HIGH, False, False),
        },
    }
    # Completing (the general save path for a completed assessment) keeps them too.
    with db.session() as session:
        complete_assessment(session, assessment_id=a.id)
        save_answer(
            session,
            respondent_id=bob.id,
            answer=make_answer("beta.one", 1, confidence="low"),
        )
        again = load_assessment(session, assessment_id=a.id)
    assert again.respondents[1].answers["beta.one"].confidence == Confidence.LOW
    assert score_stored(gated, again).unverified_count == 2


def test_profiles_are_kept_and_snapshotted_per_assessment(db: Database) -> None:
    gated = _gated()
    with db.session() as session:
        org = create_organisation(session, name="Bank", profile={"has_contact_centre": False})
        assert org.id is not None
        assert org.profile == {"has_contact_centre": False}
        first = start_assessment(
            session, organisation_id=org.id, period="2026-Q1", questionnaire=gated
        )
        # Every flag the questionnaire has is kept, the unanswered one at its default.
        assert first.profile == {"has_contact_centre": False, "has_shops": False}
        changed = update_organisation(
            session, organisation_id=org.id, profile={"has_contact_centre": True}
        )
        assert changed.profile == {"has_contact_centre": True}
        second = start_assessment(
            session,
            organisation_id=org.id,
            period="2026-Q2",
            questionnaire=gated,
            carry_forward=True,
        )
        assert first.id is not None and second.id is not None
        reloaded_first = load_assessment(session, assessment_id=first.id)
        reloaded_second = load_assessment(session, assessment_id=second.id)
        assert get_organisation(session, ref="Bank").profile == {"has_contact_centre": True}
        # Renaming leaves the profile alone.
        update_organisation(session, organisation_id=org.id, name="Bank plc")
        assert get_organisation(session, ref="Bank plc").profile == {"has_contact_centre": True}
    # History keeps what applied then; the new assessment follows the current profile.
    assert reloaded_first.profile == {"has_contact_centre": False, "has_shops": False}
    assert reloaded_second.profile == {"has_contact_centre": True, "has_shops": False}
    assert "alpha.two" in score_stored(gated, reloaded_first).not_applying
    assert "alpha.two" not in score_stored(gated, reloaded_second).not_applying


def test_carried_answers_keep_evidence_and_confidence_but_need_reconfirming(
    db: Database,
) -> None:
    gated = _gated()
    with db.session() as session:
        org = create_organisation(session, name="Acme")
        assert org.id is not None
        a = start_assessment(session, organisation_id=org.id, period="2026-Q1", questionnaire=gated)
        assert a.id is not None
        ann = add_respondent(session, assessment_id=a.id, name="Ann", role=Role.LEADER)
        assert ann.id is not None
        save_answer(
            session,
            respondent_id=ann.id,
            answer=make_answer("alpha.one", 5, evidence="Audit report", confidence="high"),
        )
        save_answer(
            session,
            respondent_id=ann.id,
            answer=make_answer("beta.one", 4, unverified=True, confidence="low"),
        )
        complete_assessment(session, assessment_id=a.id)
        b = start_assessment(
            session,
            organisation_id=org.id,
            period="2026-Q2",
            questionnaire=gated,
            carry_forward=True,
        )
        assert b.id is not None
        again = add_respondent(
            session, assessment_id=b.id, name="Ann", role=Role.LEADER, prefill_from_latest=True
        )
    assert _kept(dict(again.answers)) == {
        "alpha.one": (5, "Audit report", Confidence.HIGH, False, True),
        "beta.one": (4, "", Confidence.LOW, True, True),
    }


def test_bulk_load_keeps_profiles_confidence_and_marks(db: Database) -> None:
    gated = _gated()
    people = [
        Respondent(
            name="P1",
            role=Role.LEADER,
            answers={
                "alpha.one": make_answer("alpha.one", 5, unverified=True, confidence="high"),
                "alpha.two": make_answer("alpha.two", 2, confidence="low"),
            },
        )
    ]
    batch = [
        Assessment(
            organisation=Organisation(
                name="Shopless", slug="x", profile={"has_contact_centre": False}
            ),
            period="2026-Q1",
            questionnaire_id=gated.id,
            questionnaire_version=gated.version,
            questionnaire_hash=gated.content_hash,
            status=AssessmentStatus.COMPLETE,
            completed_at=datetime(2026, 2, 1, tzinfo=UTC),
            respondents=people,
            profile={"has_contact_centre": False},
        )
    ]
    with db.session() as session:
        bulk_load_assessments(session, questionnaire=gated, assessments_to_load=batch)
        org = get_organisation(session, ref="Shopless")
        assert org.id is not None
        ((_, loaded),) = organisation_history(session, organisation_id=org.id)
    assert org.profile == {"has_contact_centre": False}
    assert loaded.profile == {"has_contact_centre": False}
    assert _kept(dict(loaded.respondents[0].answers)) == {
        "alpha.one": (5, "", Confidence.HIGH, True, False),
        "alpha.two": (2, "", Confidence.LOW, False, False),
    }
    result = score_stored(gated, loaded)
    assert result.questions["alpha.two"].not_applying_reason == "does not apply: no contact centre"


def test_damaged_profile_and_confidence_values_read_as_the_defaults(db: Database) -> None:
    """A profile that is not a flag map, or a confidence that is not a known word (a file
    edited by hand), reads as no profile and medium confidence rather than failing to load."""
    from sqlalchemy import text

    gated = _gated()
    with db.session() as session:
        org = create_organisation(session, name="Acme")
        assert org.id is not None
        a = start_assessment(session, organisation_id=org.id, period="2026-Q1", questionnaire=gated)
        assert a.id is not None
        ann = add_respondent(session, assessment_id=a.id, name="Ann", role=Role.LEADER)
        assert ann.id is not None
        save_answer(session, respondent_id=ann.id, answer=make_answer("alpha.one", 3))
    with db.session() as session:
        session.execute(text("UPDATE organisations SET profile = '[1, 2]'"))
        session.execute(
            text("""UPDATE assessments SET profile = '{"has_shops": "yes", "x": true}'""")
        )
        session.execute(text("UPDATE answers SET confidence = 'bogus'"))
        session.commit()
    with db.session() as session:
        assert get_organisation(session, ref="Acme").profile == {}
        loaded = load_assessment(session, assessment_id=a.id)
    assert loaded.profile == {"x": True}  # the one yes/no kept; "yes" is not a boolean
    assert loaded.respondents[0].answers["alpha.one"].confidence == Confidence.MEDIUM
    assert score_stored(gated, loaded).questions["alpha.one"].score == 3.0
