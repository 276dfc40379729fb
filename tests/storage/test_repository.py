"""The repository against real databases: what a consultant would notice if it went wrong."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cxaudit.domain.model import (
    ActionItem,
    ActionStatus,
    Assessment,
    AssessmentStatus,
    Organisation,
    Respondent,
    Role,
    make_answer,
)
from cxaudit.domain.questionnaire import Questionnaire, questionnaire_from_data
from cxaudit.domain.scoring import score_assessment
from cxaudit.errors import NotFoundError, ValidationProblem
from cxaudit.storage import (
    Database,
    add_respondent,
    add_respondents,
    assessment_questionnaire,
    bulk_load_assessments,
    clear_answer,
    complete_assessment,
    create_organisation,
    delete_assessment,
    delete_organisation,
    find_assessment,
    get_organisation,
    list_drafts,
    list_organisations,
    load_assessment,
    open_database,
    organisation_history,
    reopen_assessment,
    save_answer,
    start_assessment,
    update_action_item,
    update_organisation,
)

QUESTIONS = ("alpha.one", "alpha.two", "alpha.three", "beta.one", "beta.two")


def _answer_all(db: Database, respondent_id: int, values: tuple[int | str, ...]) -> None:
    with db.session() as session:
        for question_id, value in zip(QUESTIONS, values, strict=True):
            save_answer(
                session, respondent_id=respondent_id, answer=make_answer(question_id, value)
            )


def _completed(
    db: Database,
    mini: Questionnaire,
    *,
    org_id: int,
    period: str,
    leader: tuple[int | str, ...],
    frontline: tuple[int | str, ...] = (2, 2, 2, 2, 2),
) -> Assessment:
    with db.session() as session:
        a = start_assessment(session, organisation_id=org_id, period=period, questionnaire=mini)
        assert a.id is not None
        ann = add_respondent(session, assessment_id=a.id, name="Ann", role=Role.LEADER)
        bob = add_respondent(session, assessment_id=a.id, name="Bob", role=Role.FRONTLINE)
    assert ann.id is not None and bob.id is not None
    _answer_all(db, ann.id, leader)
    _answer_all(db, bob.id, frontline)
    with db.session() as session:
        return complete_assessment(session, assessment_id=a.id)


# --------------------------------------------------------------------------------------------
# Organisations
# --------------------------------------------------------------------------------------------


def test_organisation_found_by_slug_name_or_id(db: Database) -> None:
    with db.session() as session:
        org = create_organisation(
            session, name="Acme Retail (UK)", sector="Retail", default_targets={"alpha": 3.5}
        )
        assert org.slug == "acme-retail-uk"
        assert get_organisation(session, ref="acme-retail-uk") == org
        assert get_organisation(session, ref="ACME retail (uk)") == org
        assert get_organisation(session, ref=str(org.id)) == org
        assert org.default_targets == {"alpha": 3.5}
        with pytest.raises(NotFoundError, match="no organisation called 'Globex'"):
            get_organisation(session, ref="Globex")


def test_organisation_names_are_unique_ignoring_case(db: Database) -> None:
    with db.session() as session:
        create_organisation(session, name="Acme")
        with pytest.raises(ValidationProblem, match="already exists"):
            create_organisation(session, name="ACME")
        other = create_organisation(session, name="Acme!")
        assert other.slug == "acme-2"


def test_update_organisation_changes_only_what_is_given(db: Database) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Acme", sector="Retail")
        assert org.id is not None
        changed = update_organisation(
            session, organisation_id=org.id, name="Acme Group", next_due=date(2026, 1, 1)
        )
        assert (changed.name, changed.slug, changed.sector) == (
            "Acme Group",
            "acme-group",
            "Retail",
        )
        assert changed.next_due == date(2026, 1, 1)
        with pytest.raises(ValidationProblem, match="between 1.0 and 5.0"):
            update_organisation(session, organisation_id=org.id, default_targets={"alpha": 7})


# --------------------------------------------------------------------------------------------
# Assessments and answers
# --------------------------------------------------------------------------------------------


def test_answers_round_trip_with_notes_na_and_dont_know(db: Database, mini: Questionnaire) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Acme")
        assert org.id is not None
        a = start_assessment(session, organisation_id=org.id, period="2026-q1", questionnaire=mini)
        assert a.period == "2026-Q1" and a.status is AssessmentStatus.DRAFT
        assert a.id is not None
        r = add_respondent(session, assessment_id=a.id, name="Ann", role=Role.LEADER)
        assert r.id is not None
        save_answer(session, respondent_id=r.id, answer=make_answer("alpha.one", 3, note="n1"))
        save_answer(
            session, respondent_id=r.id, answer=make_answer("alpha.two", "na", na_reason="No shop")
        )
        save_answer(session, respondent_id=r.id, answer=make_answer("beta.one", "unknown"))
        saved = save_answer(
            session, respondent_id=r.id, answer=make_answer("alpha.one", 4, evidence="ev")
        )
        assert saved.updated_at is not None
        clear_answer(session, respondent_id=r.id, question_id="beta.one")
    with db.session() as session:
        loaded = load_assessment(session, assessment_id=a.id)
    given = loaded.respondents[0].answers
    assert set(given) == {"alpha.one", "alpha.two"}
    assert given["alpha.one"].value == 4 and given["alpha.one"].evidence == "ev"
    assert given["alpha.two"].is_na and given["alpha.two"].na_reason == "No shop"


def test_an_answer_to_a_question_not_asked_is_refused(db: Database, mini: Questionnaire) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Acme")
        assert org.id is not None
        a = start_assessment(session, organisation_id=org.id, period="2026-Q1", questionnaire=mini)
        assert a.id is not None
        r = add_respondent(session, assessment_id=a.id, name="Ann", role=Role.LEADER)
        assert r.id is not None
        with pytest.raises(ValidationProblem, match="not in this assessment's questionnaire"):
            save_answer(session, respondent_id=r.id, answer=make_answer("gamma.one", 3))
        with pytest.raises(ValidationProblem, match="already has a respondent called 'Ann'"):
            add_respondent(session, assessment_id=a.id, name="ann", role=Role.OTHER)


def test_an_answer_for_an_unknown_person_is_refused_and_nothing_is_kept(
    db: Database, mini: Questionnaire
) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Acme")
        assert org.id is not None
        a = start_assessment(session, organisation_id=org.id, period="2026-Q1", questionnaire=mini)
        assert a.id is not None
        r = add_respondent(session, assessment_id=a.id, name="Ann", role=Role.LEADER)
        assert r.id is not None
        with pytest.raises(NotFoundError, match="no respondent with id 9999"):
            save_answer(session, respondent_id=9999, answer=make_answer("alpha.one", 3))
        save_answer(session, respondent_id=r.id, answer=make_answer("alpha.one", 3))
    with db.session() as session:
        loaded = load_assessment(session, assessment_id=a.id)
    assert [list(p.answers) for p in loaded.respondents] == [["alpha.one"]]


def test_several_respondents_are_added_together_or_not_at_all(
    db: Database, mini: Questionnaire
) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Acme")
        assert org.id is not None
        a = start_assessment(session, organisation_id=org.id, period="2026-Q1", questionnaire=mini)
        assert a.id is not None
        add_respondent(session, assessment_id=a.id, name="Ann", role=Role.LEADER)
        with pytest.raises(ValidationProblem, match="already has a respondent called 'Ann'"):
            add_respondents(
                session,
                assessment_id=a.id,
                respondents=[Respondent(name="Bob"), Respondent(name=" ann ")],
            )
        with pytest.raises(ValidationProblem, match="'gamma.one' is not in this assessment"):
            add_respondents(
                session,
                assessment_id=a.id,
                respondents=[
                    Respondent(name="Bob", answers={"alpha.one": make_answer("alpha.one", 2)}),
                    Respondent(name="Cy", answers={"gamma.one": make_answer("gamma.one", 2)}),
                ],
            )
        added = add_respondents(
            session,
            assessment_id=a.id,
            respondents=[
                Respondent(
                    name="Bob",
                    role=Role.FRONTLINE,
                    answers={"alpha.one": make_answer("alpha.one", 2, note="paper form")},
                ),
                Respondent(name="Cy", answers={"beta.one": make_answer("beta.one", "unknown")}),
            ],
        )
    assert [p.name for p in added] == ["Bob", "Cy"] and all(p.id for p in added)
    with db.session() as session:
        loaded = load_assessment(session, assessment_id=a.id)
    by_name = {p.name: p for p in loaded.respondents}
    assert list(by_name) == ["Ann", "Bob", "Cy"]
    assert by_name["Bob"].role is Role.FRONTLINE
    assert by_name["Bob"].answers["alpha.one"].note == "paper form"
    assert by_name["Cy"].answers["beta.one"].is_unknown


def test_one_assessment_per_organisation_and_period(db: Database, mini: Questionnaire) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Acme")
        assert org.id is not None
        start_assessment(session, organisation_id=org.id, period="2026-Q1", questionnaire=mini)
        with pytest.raises(ValidationProblem, match="Acme already has an assessment for 2026-Q1"):
            start_assessment(session, organisation_id=org.id, period="2026-q1", questionnaire=mini)


def test_assessment_keeps_the_questionnaire_it_was_taken_with(
    db: Database, mini: Questionnaire
) -> None:
    data = mini.to_toml_dict()
    data["version"] = "2.0"
    data["areas"][0]["questions"][0]["prompt"] = "A reworded question?"
    newer = questionnaire_from_data(data)
    with db.session() as session:
        org = create_organisation(session, name="Acme")
        assert org.id is not None
        old = start_assessment(
            session, organisation_id=org.id, period="2026-Q1", questionnaire=mini
        )
        new = start_assessment(
            session, organisation_id=org.id, period="2026-Q2", questionnaire=newer
        )
        assert old.id is not None and new.id is not None
    # A fresh process would not have the parsed copies cached: read them back from the rows.
    from cxaudit.storage.repository import _questionnaires

    _questionnaires.PARSED.clear()
    with db.session() as session:
        kept = assessment_questionnaire(session, assessment_id=old.id)
        assert kept.question("alpha.one").prompt == "Question one?"
        assert kept.content_hash == mini.content_hash
        later = assessment_questionnaire(session, assessment_id=new.id)
        assert later.question("alpha.one").prompt == "A reworded question?"
        assert load_assessment(session, assessment_id=new.id).questionnaire_version == "2.0"


def test_next_audit_is_due_by_the_end_of_the_following_period(
    db: Database, mini: Questionnaire
) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Acme")
    assert org.id is not None
    _completed(db, mini, org_id=org.id, period="2026-Q3", leader=(3, 3, 3, 3, 3))
    # An earlier quarter completed afterwards does not pull the due date back.
    _completed(db, mini, org_id=org.id, period="2026-Q2", leader=(3, 3, 3, 3, 3))
    with db.session() as session:
        assert get_organisation(session, ref="acme").next_due == date(2026, 12, 31)


def test_complete_stores_plan_snapshot_and_next_due(db: Database, mini: Questionnaire) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Acme")
    assert org.id is not None
    done = _completed(db, mini, org_id=org.id, period="2026-Q1", leader=(2, 3, "unknown", 4, 1))
    assert done.status is AssessmentStatus.COMPLETE and done.completed_at is not None
    kinds = {(item.question_id, item.kind) for item in done.actions}
    assert ("alpha.three", "find_out") in kinds
    assert all(item.status is ActionStatus.OPEN for item in done.actions)
    expected = score_assessment(mini, done.respondents)
    with db.session() as session:
        (summary,) = list_organisations(session, today=date(2026, 3, 1))
    assert summary.latest_period == "2026-Q1"
    assert summary.latest_overall == pytest.approx(expected.overall)
    assert expected.stage is not None and summary.latest_stage == expected.stage.name
    # Completing 2026-Q1 makes the next audit due by the end of 2026-Q2.
    assert summary.next_due == date(2026, 6, 30) and not summary.overdue
    assert (summary.assessment_count, summary.draft_count) == (1, 0)
    with db.session() as session:
        (on_the_day,) = list_organisations(session, today=date(2026, 6, 30))
        (later,) = list_organisations(session, today=date(2026, 7, 1))
    assert not on_the_day.overdue
    assert later.overdue


def test_changing_a_completed_answer_refreshes_the_listed_score(
    db: Database, mini: Questionnaire
) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Acme")
    assert org.id is not None
    done = _completed(db, mini, org_id=org.id, period="2026-Q1", leader=(1, 1, 1, 1, 1))
    ann = done.respondents[0]
    assert ann.id is not None
    with db.session() as session:
        before = list_organisations(session)[0].latest_overall
        save_answer(session, respondent_id=ann.id, answer=make_answer("alpha.one", 5))
        after = list_organisations(session)[0].latest_overall
        reloaded = load_assessment(session, assessment_id=done.id or 0)
    assert before is not None and after is not None and after > before
    assert after == pytest.approx(score_assessment(mini, reloaded.respondents).overall)


def test_trend_follows_the_last_two_completed_scores(db: Database, mini: Questionnaire) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Acme")
    assert org.id is not None
    _completed(db, mini, org_id=org.id, period="2025-Q4", leader=(2, 2, 2, 2, 2))
    _completed(db, mini, org_id=org.id, period="2026-Q1", leader=(4, 4, 4, 4, 4))
    with db.session() as session:
        (summary,) = list_organisations(session)
        history = organisation_history(session, organisation_id=org.id)
    assert summary.trend == 1 and summary.latest_period == "2026-Q1"
    assert [a.period for _, a in history] == ["2025-Q4", "2026-Q1"]
    assert all(len(a.respondents) == 2 for _, a in history)


def test_reopen_and_complete_again_keeps_owners(db: Database, mini: Questionnaire) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Acme")
    assert org.id is not None
    done = _completed(db, mini, org_id=org.id, period="2026-Q1", leader=(1, 1, 1, 1, 1))
    first = done.actions[0]
    assert done.id is not None and first.id is not None
    with db.session() as session:
        update_action_item(session, action_id=first.id, owner="Zoe", due=date(2026, 6, 30))
        reopened = reopen_assessment(session, assessment_id=done.id)
        assert reopened.status is AssessmentStatus.DRAFT
        assert list_organisations(session)[0].latest_overall is None
        again = complete_assessment(session, assessment_id=done.id)
    same = next(i for i in again.actions if i.id == first.id)
    assert (same.owner, same.due) == ("Zoe", date(2026, 6, 30))


def test_completing_without_answers_is_refused(db: Database, mini: Questionnaire) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Acme")
        assert org.id is not None
        a = start_assessment(session, organisation_id=org.id, period="2026-Q1", questionnaire=mini)
        assert a.id is not None
        with pytest.raises(ValidationProblem, match="no answers yet"):
            complete_assessment(session, assessment_id=a.id)


def test_update_action_item(db: Database, mini: Questionnaire) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Acme")
    assert org.id is not None
    done = _completed(db, mini, org_id=org.id, period="2026-Q1", leader=(1, 1, 1, 1, 1))
    item = done.actions[0]
    assert item.id is not None
    with db.session() as session:
        changed = update_action_item(
            session,
            action_id=item.id,
            owner="Kim",
            due=date(2026, 5, 1),
            status=ActionStatus.IN_PROGRESS,
            text="Do it properly",
        )
        assert (changed.owner, changed.status, changed.text) == (
            "Kim",
            ActionStatus.IN_PROGRESS,
            "Do it properly",
        )
        cleared = update_action_item(session, action_id=item.id, due=None)
        assert cleared.due is None and cleared.owner == "Kim"
        with pytest.raises(NotFoundError):
            update_action_item(session, action_id=999_999, owner="x")


# --------------------------------------------------------------------------------------------
# Carry-forward
# --------------------------------------------------------------------------------------------


def test_carry_forward_prefills_answers_to_reconfirm(db: Database, mini: Questionnaire) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Acme")
    assert org.id is not None
    _completed(db, mini, org_id=org.id, period="2026-Q1", leader=(5, 4, "unknown", 3, 2))
    with db.session() as session:
        new = start_assessment(
            session,
            organisation_id=org.id,
            period="2026-Q2",
            questionnaire=mini,
            carry_forward=True,
        )
        assert new.id is not None
        # Same name (ignoring case) wins over role.
        ann = add_respondent(
            session,
            assessment_id=new.id,
            name="ann",
            role=Role.FRONTLINE,
            prefill_from_latest=True,
        )
        # No one called Cy before: the first earlier front-line respondent is used.
        cy = add_respondent(
            session, assessment_id=new.id, name="Cy", role=Role.FRONTLINE, prefill_from_latest=True
        )
        fresh = add_respondent(session, assessment_id=new.id, name="Di", role=Role.LEADER)
    assert {q: a.value for q, a in ann.answers.items()} == dict(
        zip(QUESTIONS, (5, 4, "unknown", 3, 2), strict=True)
    )
    assert all(a.needs_reconfirm for a in ann.answers.values())
    assert {a.value for a in cy.answers.values()} == {2}
    assert fresh.answers == {}
    assert ann.id is not None
    with db.session() as session:
        save_answer(session, respondent_id=ann.id, answer=make_answer("alpha.one", 5))
        loaded = load_assessment(session, assessment_id=new.id)
        (draft,) = list_drafts(session)
    kept = loaded.respondents[0].answers
    assert not kept["alpha.one"].needs_reconfirm
    assert kept["alpha.two"].needs_reconfirm
    # Pre-filled answers do not count as given until someone confirms them.
    assert (draft.answered, draft.total, draft.respondents) == (1, 15, 3)


def test_open_actions_carry_over_linked_to_their_origin(db: Database, mini: Questionnaire) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Acme")
    assert org.id is not None
    done = _completed(db, mini, org_id=org.id, period="2026-Q1", leader=(1, 1, "unknown", 1, 1))
    first, second, *rest = done.actions
    assert first.id is not None and second.id is not None and rest
    with db.session() as session:
        update_action_item(
            session, action_id=first.id, owner="Zoe", status=ActionStatus.IN_PROGRESS
        )
        update_action_item(session, action_id=second.id, status=ActionStatus.DONE)
        new = start_assessment(
            session,
            organisation_id=org.id,
            period="2026-Q2",
            questionnaire=mini,
            carry_forward=True,
        )
    carried = {item.carried_from: item for item in new.actions}
    assert first.id in carried and second.id not in carried
    assert carried[first.id].owner == "Zoe"
    assert carried[first.id].status is ActionStatus.IN_PROGRESS
    assert len(new.actions) == len(done.actions) - 1
    # Completing the new assessment merges the carried items with the fresh plan.
    assert new.id is not None
    with db.session() as session:
        r = add_respondent(
            session, assessment_id=new.id, name="Ann", role=Role.LEADER, prefill_from_latest=True
        )
        assert r.id is not None
        save_answer(session, respondent_id=r.id, answer=make_answer("alpha.one", 1))
        finished = complete_assessment(session, assessment_id=new.id)
    again = [i for i in finished.actions if i.carried_from == first.id]
    assert len(again) == 1 and again[0].owner == "Zoe"
    keys = [(i.question_id, i.kind) for i in finished.actions]
    assert len(keys) == len(set(keys))


def test_carry_forward_without_history_starts_empty(db: Database, mini: Questionnaire) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Acme")
        assert org.id is not None
        a = start_assessment(
            session,
            organisation_id=org.id,
            period="2026-Q1",
            questionnaire=mini,
            carry_forward=True,
        )
        assert a.actions == [] and a.id is not None
        r = add_respondent(
            session, assessment_id=a.id, name="Ann", role=Role.LEADER, prefill_from_latest=True
        )
        assert r.answers == {}


# --------------------------------------------------------------------------------------------
# Finding, listing and deleting
# --------------------------------------------------------------------------------------------


def test_find_assessment_by_period_or_latest(db: Database, mini: Questionnaire) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Acme")
    assert org.id is not None
    _completed(db, mini, org_id=org.id, period="2025-Q4", leader=(3, 3, 3, 3, 3))
    with db.session() as session:
        start_assessment(session, organisation_id=org.id, period="2026-Q1", questionnaire=mini)
        assert find_assessment(session, organisation_ref="acme").period == "2025-Q4"
        assert find_assessment(session, organisation_ref="Acme", period="2026-q1").period == (
            "2026-Q1"
        )
        with pytest.raises(NotFoundError, match="Acme has no assessment for 2024-Q1"):
            find_assessment(session, organisation_ref="acme", period="2024-Q1")
        drafts = organisation_history(session, organisation_id=org.id, include_drafts=True)
        assert [a.period for _, a in drafts] == ["2025-Q4", "2026-Q1"]


def test_delete_assessment_needs_confirmation(db: Database, mini: Questionnaire) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Acme")
    assert org.id is not None
    done = _completed(db, mini, org_id=org.id, period="2026-Q1", leader=(1, 1, 1, 1, 1))
    assert done.id is not None
    with db.session() as session:
        carried = start_assessment(
            session,
            organisation_id=org.id,
            period="2026-Q2",
            questionnaire=mini,
            carry_forward=True,
        )
        with pytest.raises(ValidationProblem, match="confirm"):
            delete_assessment(session, assessment_id=done.id, confirm=False)
        assert load_assessment(session, assessment_id=done.id).id == done.id
        delete_assessment(session, assessment_id=done.id, confirm=True)
        with pytest.raises(NotFoundError):
            load_assessment(session, assessment_id=done.id)
        # The later assessment keeps its carried actions, no longer linked.
        assert carried.id is not None
        kept = load_assessment(session, assessment_id=carried.id)
        assert kept.actions and all(i.carried_from is None for i in kept.actions)


def test_delete_organisation_removes_everything(db: Database, mini: Questionnaire) -> None:
    with db.session() as session:
        acme = create_organisation(session, name="Acme")
        other = create_organisation(session, name="Globex")
    assert acme.id is not None and other.id is not None
    _completed(db, mini, org_id=acme.id, period="2026-Q1", leader=(1, 2, 3, 4, 5))
    _completed(db, mini, org_id=other.id, period="2026-Q1", leader=(1, 2, 3, 4, 5))
    with db.session() as session:
        with pytest.raises(ValidationProblem, match="confirm"):
            delete_organisation(session, organisation_id=acme.id, confirm=False)
        delete_organisation(session, organisation_id=acme.id, confirm=True)
        assert [s.organisation.name for s in list_organisations(session)] == ["Globex"]
    from sqlalchemy import func, select

    from cxaudit.storage.tables import answers, respondents

    with db.engine.connect() as connection:
        people = connection.execute(select(func.count()).select_from(respondents)).scalar()
        given = connection.execute(select(func.count()).select_from(answers)).scalar()
    assert (people, given) == (2, 10)


def test_list_drafts_most_recent_first(db: Database, mini: Questionnaire) -> None:
    with db.session() as session:
        acme = create_organisation(session, name="Acme")
        globex = create_organisation(session, name="Globex")
        assert acme.id is not None and globex.id is not None
        a = start_assessment(session, organisation_id=acme.id, period="2026-Q1", questionnaire=mini)
        start_assessment(session, organisation_id=globex.id, period="2026-Q1", questionnaire=mini)
        assert a.id is not None
        r = add_respondent(session, assessment_id=a.id, name="Ann", role=Role.LEADER)
        assert r.id is not None
        save_answer(session, respondent_id=r.id, answer=make_answer("alpha.one", 2))
        drafts = list_drafts(session)
    assert [d.organisation for d in drafts] == ["Acme", "Globex"]
    assert (drafts[0].answered, drafts[0].total) == (1, 5)
    assert (drafts[1].answered, drafts[1].total, drafts[1].respondents) == (0, 0, 0)


def test_bulk_load_writes_whole_assessments(db: Database, mini: Questionnaire) -> None:
    def assessment(org: str, period: str, level: int) -> Assessment:
        people = [
            Respondent(
                name=f"P{i}",
                role=Role.LEADER if i % 2 else Role.FRONTLINE,
                answers={q: make_answer(q, level) for q in QUESTIONS},
            )
            for i in range(4)
        ]
        return Assessment(
            organisation=Organisation(name=org, slug="x"),
            period=period,
            questionnaire_id=mini.id,
            questionnaire_version=mini.version,
            questionnaire_hash=mini.content_hash,
            status=AssessmentStatus.COMPLETE,
            completed_at=datetime(2026, 1, 1, tzinfo=UTC),
            respondents=people,
        )

    batch = [
        assessment(f"Org {n}", period, level)
        for n in range(5)
        for period, level in (("2025-Q3", 2), ("2025-Q4", 3))
    ]
    with db.session() as session:
        ids = bulk_load_assessments(session, questionnaire=mini, assessments_to_load=batch)
        summaries = list_organisations(session)
        history = organisation_history(session, organisation_id=summaries[0].organisation.id or 0)
    assert len(ids) == 10
    assert [s.latest_overall for s in summaries] == [pytest.approx(3.0)] * 5
    assert all(s.trend == 1 and s.next_due == date(2026, 3, 31) for s in summaries)
    assert [len(a.respondents[0].answers) for _, a in history] == [5, 5]


def test_bulk_load_keeps_links_between_carried_actions(db: Database, mini: Questionnaire) -> None:
    def action(local_id: int, carried_from: int | None) -> ActionItem:
        return ActionItem(
            id=local_id,
            question_id="alpha.one",
            area_id="alpha",
            text="Agree who owns complaints",
            priority=1.0,
            owner="Ann",
            status=ActionStatus.IN_PROGRESS,
            carried_from=carried_from,
        )

    def assessment(period: str, actions: list[ActionItem]) -> Assessment:
        return Assessment(
            organisation=Organisation(name="Acme", slug="acme"),
            period=period,
            questionnaire_id=mini.id,
            questionnaire_version=mini.version,
            questionnaire_hash=mini.content_hash,
            status=AssessmentStatus.COMPLETE,
            respondents=[Respondent(name="Ann", answers={q: make_answer(q, 2) for q in QUESTIONS})],
            actions=actions,
        )

    # Local ids 7 and 8; 9 points at an item that is not part of the load.
    batch = [
        assessment("2025-Q3", [action(7, None)]),
        assessment("2025-Q4", [action(8, 7), action(10, 9)]),
    ]
    with db.session() as session:
        bulk_load_assessments(session, questionnaire=mini, assessments_to_load=batch)
        (summary,) = list_organisations(session)
        history = organisation_history(session, organisation_id=summary.organisation.id or 0)
    (first,) = history[0][1].actions
    carried, unlinked = history[1][1].actions
    assert carried.carried_from == first.id and carried.owner == "Ann"
    assert unlinked.carried_from is None


def test_reopening_the_database_keeps_everything(db_url: str, mini: Questionnaire) -> None:
    first = open_database(db_url)
    with first.session() as session:
        org = create_organisation(session, name="Acme")
    assert org.id is not None
    _completed(first, mini, org_id=org.id, period="2026-Q1", leader=(1, 2, 3, 4, 5))
    first.dispose()
    second = open_database(db_url)
    with second.session() as session:
        (summary,) = list_organisations(session)
        found = find_assessment(session, organisation_ref="acme")
    second.dispose()
    assert summary.latest_period == "2026-Q1"
    assert found.respondents[0].answers["beta.two"].value == 5
