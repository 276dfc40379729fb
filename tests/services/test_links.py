"""Personal links through the use-cases the CLI, the app and the web server share, on a real
SQLite file and (with `CXAUDIT_TEST_PG_URL`) on PostgreSQL: issuing, listing, revoking,
opening and finishing, and what is (not) stored."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cxaudit.domain.links import LinkCondition
from cxaudit.domain.model import AssessmentStatus, Role, make_answer
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import NotFoundError, ValidationProblem
from cxaudit.services import Workspace, assessing
from cxaudit.services import links as links_service
from cxaudit.storage import (
    create_organisation,
    find_assessment,
    get_organisation,
    load_assessment,
)
from cxaudit.storage.repository.respondents import respondent_marks
from tests.storage.conftest import db_url, workspace

__all__ = ["db_url", "workspace"]

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def ws(workspace: Workspace, mini: Questionnaire) -> Workspace:
    workspace.questionnaire_override = mini
    with workspace.session() as session:
        create_organisation(session, name="Acme", sector="Retail")
        create_organisation(session, name="Globex")
    return workspace


def _issue(ws: Workspace, **options: object) -> list[links_service.IssuedLink]:
    given: dict[str, object] = {"organisation": "Acme", "period": "2026-Q1", "now": NOW}
    given.update(options)
    return links_service.create_links(ws, **given)  # type: ignore[arg-type]


def test_create_starts_a_draft_and_one_respondent_and_link_per_person(ws: Workspace) -> None:
    issued = _issue(ws, people=[("Ana Silva", Role.LEADER), ("Bo", Role.FRONTLINE)])
    assert [(i.respondent_label, i.role, i.anonymous) for i in issued] == [
        ("Ana Silva", Role.LEADER, False),
        ("Bo", Role.FRONTLINE, False),
    ]
    assert all(i.expires_at == NOW + timedelta(days=30) for i in issued)
    assert len({i.token for i in issued}) == 2
    assert all(len(i.token) >= 43 for i in issued)
    # A stray log of an issued link does not carry its secret.
    assert all(i.token not in repr(i) and i.token not in str(i) for i in issued)
    with ws.session() as session:
        assessment = find_assessment(session, organisation_ref="acme", period="2026-Q1")
    assert assessment.status is AssessmentStatus.DRAFT
    assert [r.name for r in assessment.respondents] == ["Ana Silva", "Bo"]
    # A second round adds to the same draft.
    more = _issue(ws, anonymous=2)
    assert [i.respondent_label for i in more] == [
        "Anonymous front line 1",
        "Anonymous front line 2",
    ]


def test_anonymous_respondents_are_marked_and_numbered_after_those_there(ws: Workspace) -> None:
    _issue(ws, anonymous=2, anonymous_role=Role.MANAGER)
    again = _issue(ws, anonymous=1, anonymous_role=Role.MANAGER)
    assert again[0].respondent_label == "Anonymous manager 3"
    with ws.session() as session:
        assessment = find_assessment(session, organisation_ref="acme", period="2026-Q1")
        assert assessment.id is not None
        marks = respondent_marks(session, assessment_id=assessment.id)
    assert sorted(anonymous for anonymous, _ in marks.values()) == [True, True, True]


def test_the_database_holds_no_token(ws: Workspace, db_url: str) -> None:
    issued = _issue(ws, people=[("Ana", Role.LEADER)], anonymous=3)
    states = links_service.list_links(ws, organisation="Acme", period="2026-Q1", now=NOW)
    assert len(states) == 4
    if db_url.startswith("sqlite"):
        ws.close()
        folder = Path(db_url.removeprefix("sqlite:///")).parent
        stored = b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())
        for link in issued:
            assert link.token.encode() not in stored
            # ... while its hash is there, so the search itself can find what is stored.
            assert hashlib.sha256(link.token.encode()).hexdigest().encode() in stored
    else:
        from sqlalchemy import text

        with ws.session() as session:
            rows = session.execute(text("SELECT * FROM respondent_links")).all()
        dump = repr(rows)
        for link in issued:
            assert link.token not in dump
            assert hashlib.sha256(link.token.encode()).hexdigest() in dump


def test_open_link_grants_one_respondent_and_stamps_it(ws: Workspace) -> None:
    ana, bo = _issue(ws, people=[("Ana", Role.LEADER), ("Bo", Role.FRONTLINE)])
    grant = links_service.open_link(ws, token=ana.token, now=NOW + timedelta(hours=1))
    assert grant is not None
    assert (grant.respondent_id, grant.respondent_label, grant.role) == (
        ana.respondent_id,
        "Ana",
        Role.LEADER,
    )
    assert (grant.organisation_name, grant.period, grant.anonymous) == ("Acme", "2026-Q1", False)
    other = links_service.open_link(ws, token=bo.token, now=NOW)
    assert other is not None and other.respondent_id == bo.respondent_id
    assert other.assessment_id == grant.assessment_id
    states = {
        s.respondent_label: s
        for s in links_service.list_links(ws, organisation="Acme", period="2026-Q1", now=NOW)
    }
    assert states["Ana"].state == "in progress 0 of 5"
    assert states["Ana"].last_activity == NOW + timedelta(hours=1)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "short",
        "x" * 43,
        "a" * 10_000,
        "../../etc/passwd" + "a" * 40,
        "\udcff" * 50,
        "é" * 50,
        "' OR 1=1 --" + "a" * 40,
    ],
)
def test_open_link_refuses_what_was_never_issued(ws: Workspace, token: str) -> None:
    _issue(ws, people=[("Ana", Role.LEADER)])
    assert links_service.open_link(ws, token=token, now=NOW) is None


def test_revoked_expired_and_completed_links_open_nothing(
    ws: Workspace, mini: Questionnaire
) -> None:
    ana, bo, cy = _issue(
        ws,
        people=[("Ana", Role.LEADER), ("Bo", Role.FRONTLINE), ("Cy", Role.MANAGER)],
        expires_in=timedelta(days=14),
    )
    assert (
        links_service.revoke_links(ws, organisation="acme", period="2026q1", respondent="ana") == 1
    )
    assert links_service.open_link(ws, token=ana.token, now=NOW) is None
    # Expiry: the last moment before it still opens, the moment itself does not.
    expiry = NOW + timedelta(days=14)
    assert links_service.open_link(ws, token=bo.token, now=expiry - timedelta(seconds=1))
    assert links_service.open_link(ws, token=bo.token, now=expiry) is None
    states = {
        s.respondent_label: s
        for s in links_service.list_links(ws, organisation="Acme", period="2026-Q1", now=expiry)
    }
    assert states["Ana"].revoked and states["Ana"].condition is LinkCondition.REVOKED
    assert states["Bo"].expired and not states["Bo"].revoked
    # Completing the assessment closes every link.
    assert links_service.open_link(ws, token=cy.token, now=NOW) is not None
    for person in (ana, bo, cy):
        assessing.save_answer(
            ws,
            respondent_id=person.respondent_id,
            answer=make_answer(mini.areas[0].questions[0].id, 3),
        )
    assessment_id = states["Cy"].link_id and links_service.open_link(ws, token=cy.token, now=NOW)
    assert assessment_id
    assessing.complete(ws, assessment_id=assessment_id.assessment_id)
    assert links_service.open_link(ws, token=cy.token, now=NOW) is None
    with pytest.raises(ValidationProblem, match="completed"):
        _issue(ws, people=[("Di", Role.LEADER)])


def test_revoke_everyone_counts_only_open_links(ws: Workspace) -> None:
    _issue(ws, people=[("Ana", Role.LEADER), ("Bo", Role.FRONTLINE)], anonymous=2)
    assert (
        links_service.revoke_links(ws, organisation="Acme", period="2026-Q1", respondent="Bo") == 1
    )
    assert links_service.revoke_links(ws, organisation="Acme", period="2026-Q1", everyone=True) == 3
    assert links_service.revoke_links(ws, organisation="Acme", period="2026-Q1", everyone=True) == 0
    # The people and their answers stay; only the links stop opening.
    with ws.session() as session:
        assessment = find_assessment(session, organisation_ref="acme", period="2026-Q1")
    assert len(assessment.respondents) == 4


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"respondent": None, "everyone": False}, "Name one respondent"),
        ({"respondent": "Ana", "everyone": True}, "Name one respondent"),
    ],
)
def test_revoke_needs_one_respondent_or_everyone(
    ws: Workspace, options: dict[str, object], problem: str
) -> None:
    _issue(ws, people=[("Ana", Role.LEADER)])
    with pytest.raises(ValidationProblem, match=problem):
        links_service.revoke_links(ws, organisation="Acme", period="2026-Q1", **options)  # type: ignore[arg-type]


def test_revoke_and_list_name_what_is_missing(ws: Workspace) -> None:
    _issue(ws, people=[("Ana", Role.LEADER)])
    with pytest.raises(NotFoundError, match="no respondent called 'Zed'"):
        links_service.revoke_links(ws, organisation="Acme", period="2026-Q1", respondent="Zed")
    with pytest.raises(NotFoundError, match="no assessment for 2026-Q2"):
        links_service.list_links(ws, organisation="Acme", period="2026-Q2")
    with pytest.raises(NotFoundError):
        links_service.list_links(ws, organisation="Nobody Ltd", period="2026-Q1")


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({}, "at least one respondent"),
        ({"people": [("Ana", Role.LEADER), ("ana ", Role.MANAGER)]}, "listed twice"),
        ({"people": [("", Role.LEADER)]}, "empty"),
        ({"people": [("Evil\x1b]0;x\x07", Role.LEADER)]}, "control characters"),
        ({"anonymous": -1}, "between 0 and"),
        ({"anonymous": 100_000}, "between 0 and"),
        ({"anonymous": 1, "expires_in": timedelta(seconds=10)}, "at least five minutes"),
        ({"anonymous": 1, "expires_in": timedelta(days=400)}, "a year at most"),
        ({"anonymous": 1, "organisation": "Nobody Ltd"}, "Nobody Ltd"),
        ({"anonymous": 1, "period": "someday"}, "someday"),
    ],
)
def test_bad_requests_are_refused_and_keep_nothing(
    ws: Workspace, options: dict[str, object], problem: str
) -> None:
    from cxaudit.errors import CxauditError

    with pytest.raises(CxauditError, match=problem):
        _issue(ws, **options)
    with ws.session() as session, pytest.raises(NotFoundError):
        find_assessment(session, organisation_ref="acme", period="2026-Q1")


def test_a_name_already_there_keeps_the_whole_request_out(ws: Workspace) -> None:
    _issue(ws, people=[("Ana", Role.LEADER)])
    with pytest.raises(ValidationProblem, match="Ana already has a link that opens"):
        _issue(ws, people=[("Bo", Role.FRONTLINE), ("ANA", Role.LEADER)], anonymous=2)
    states = links_service.list_links(ws, organisation="Acme", period="2026-Q1", now=NOW)
    assert [s.respondent_label for s in states] == ["Ana"]


def test_a_lost_link_is_replaced_after_revoking_it(ws: Workspace) -> None:
    (old,) = _issue(ws, people=[("Ana", Role.LEADER)])
    (hidden,) = _issue(ws, anonymous=1)
    assert links_service.revoke_links(ws, organisation="Acme", period="2026-Q1", everyone=True) == 2
    with pytest.raises(ValidationProblem, match="answers as leader"):
        _issue(ws, people=[("ana", Role.MANAGER)])
    new, again = _issue(
        ws, people=[(" ana ", Role.LEADER), (hidden.respondent_label, Role.FRONTLINE)]
    )
    assert (new.respondent_id, new.respondent_label, new.anonymous) == (
        old.respondent_id,
        "Ana",
        False,
    )
    assert (again.respondent_id, again.anonymous) == (hidden.respondent_id, True)
    assert links_service.open_link(ws, token=old.token, now=NOW) is None
    grant = links_service.open_link(ws, token=new.token, now=NOW)
    assert grant is not None and grant.respondent_id == old.respondent_id
    states = links_service.list_links(ws, organisation="Acme", period="2026-Q1", now=NOW)
    assert [(s.respondent_label, s.revoked) for s in states] == [
        ("Ana", True),
        (hidden.respondent_label, True),
        ("Ana", False),
        (hidden.respondent_label, False),
    ]


def test_someone_added_in_the_app_can_be_given_a_link(ws: Workspace, mini: Questionnaire) -> None:
    with ws.session() as session:
        acme = get_organisation(session, ref="Acme").id
    data = assessing.start(
        ws,
        organisation_id=acme,
        new_name="",
        new_sector="",
        period="2026-Q1",
        questionnaire=mini,
        respondent_name="Ada",
        role=Role.MANAGER,
        carry_forward=False,
    )
    (link,) = _issue(ws, people=[("Ada", Role.MANAGER)])
    assert link.respondent_id == data.respondent.id
    grant = links_service.open_link(ws, token=link.token, now=NOW)
    assert grant is not None and grant.respondent_label == "Ada"


def test_finish_marks_the_respondent_once(ws: Workspace, mini: Questionnaire) -> None:
    (ana,) = _issue(ws, people=[("Ana", Role.LEADER)])
    asked = [q.id for area in mini.areas for q in area.questions]
    links_service.open_link(ws, token=ana.token, now=NOW)
    for question_id in asked[:2]:
        assessing.save_answer(
            ws, respondent_id=ana.respondent_id, answer=make_answer(question_id, 4)
        )
    (state,) = links_service.list_links(ws, organisation="Acme", period="2026-Q1", now=NOW)
    assert state.state == f"in progress 2 of {len(asked)}"
    done = NOW + timedelta(hours=2)
    assert links_service.finish_respondent(ws, respondent_id=ana.respondent_id, now=done) == done
    later = done + timedelta(hours=1)
    assert links_service.finish_respondent(ws, respondent_id=ana.respondent_id, now=later) == done
    (state,) = links_service.list_links(ws, organisation="Acme", period="2026-Q1", now=NOW)
    assert (state.state, state.finished) == ("finished", True)
    # The answers were saved at the real time, long after the fixed one.
    assert state.last_activity is not None and state.last_activity > done
    grant = links_service.open_link(ws, token=ana.token, now=NOW)
    assert grant is not None and grant.finished_at == done
    with pytest.raises(NotFoundError):
        links_service.finish_respondent(ws, respondent_id=987_654)


def test_not_opened_until_opened(ws: Workspace) -> None:
    _issue(ws, people=[("Ana", Role.LEADER)])
    (state,) = links_service.list_links(ws, organisation="Acme", period="2026-Q1", now=NOW)
    assert (state.state, state.last_activity, state.condition) == (
        "not opened",
        None,
        LinkCondition.ACTIVE,
    )


def test_carry_forward_prefills_only_the_same_person(ws: Workspace, mini: Questionnaire) -> None:
    first = _issue(ws, people=[("Ana", Role.LEADER), ("Bo", Role.LEADER)])
    asked = [q.id for area in mini.areas for q in area.questions]
    for question_id in asked:
        assessing.save_answer(
            ws, respondent_id=first[0].respondent_id, answer=make_answer(question_id, 4)
        )
        assessing.save_answer(
            ws, respondent_id=first[1].respondent_id, answer=make_answer(question_id, 2)
        )
    grant = links_service.open_link(ws, token=first[0].token, now=NOW)
    assert grant is not None
    assessing.complete(ws, assessment_id=grant.assessment_id)
    later = _issue(
        ws,
        period="2026-Q2",
        people=[("ana", Role.LEADER), ("Cy", Role.LEADER)],
        anonymous=1,
        anonymous_role=Role.LEADER,
        carry_forward=True,
    )
    with ws.session() as session:
        assessment = load_assessment(session, assessment_id=grant.assessment_id + 1)
    answers = {r.name: r.answers for r in assessment.respondents}
    assert set(answers["ana"]) == set(asked)
    assert all(a.needs_reconfirm and a.value == 4 for a in answers["ana"].values())
    # Cy is a leader like Bo, but nobody starts from another person's answers.
    assert answers["Cy"] == {}
    assert answers[later[2].respondent_label] == {}


def test_deleting_the_assessment_or_organisation_takes_its_links(ws: Workspace) -> None:
    from sqlalchemy import func, select

    from cxaudit.services import admin
    from cxaudit.storage.tables import respondent_links

    (ana,) = _issue(ws, people=[("Ana", Role.LEADER)])
    grant = links_service.open_link(ws, token=ana.token, now=NOW)
    assert grant is not None
    _issue(ws, organisation="Globex", anonymous=2)
    admin.delete_assessment(ws, assessment_id=grant.assessment_id)
    assert links_service.open_link(ws, token=ana.token, now=NOW) is None
    with ws.session() as session:
        assert session.execute(select(func.count()).select_from(respondent_links)).scalar() == 2
        globex = get_organisation(session, ref="Globex").id
    assert globex is not None
    admin.delete_organisation(ws, organisation_id=globex)
    with ws.session() as session:
        assert session.execute(select(func.count()).select_from(respondent_links)).scalar() == 0


def test_progress_counts_only_the_questions_asked(ws: Workspace) -> None:
    from cxaudit.domain.questionnaire import parse_questionnaire
    from tests.domain.test_gates_and_profile import gated_text

    gated = parse_questionnaire(gated_text(), "gated.toml")
    ws.questionnaire_override = gated
    _issue(ws, anonymous=1)
    (state,) = links_service.list_links(ws, organisation="Acme", period="2026-Q1", now=NOW)
    # Acme has no shops (the flag's default), so the question tied to shops is not asked.
    assert state.total == len(gated.questions) - 1
    assert state.state == "not opened"


def test_no_log_line_carries_a_token(ws: Workspace, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    # Even with SQLAlchemy logging every statement and its parameters, only hashes go by.
    with caplog.at_level(logging.DEBUG), caplog.at_level(logging.INFO, "sqlalchemy.engine"):
        logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
        try:
            issued = _issue(ws, people=[("Ana", Role.LEADER)], anonymous=1)
            for link in issued:
                assert links_service.open_link(ws, token=link.token, now=NOW) is not None
            assert links_service.open_link(ws, token="Z" * 43, now=NOW) is None
            links_service.list_links(ws, organisation="Acme", period="2026-Q1", now=NOW)
        finally:
            logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    assert "respondent_links" in caplog.text, "the statements were logged"
    for link in issued:
        assert link.token not in caplog.text
    assert "Z" * 43 not in caplog.text
