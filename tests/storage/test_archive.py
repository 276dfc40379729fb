"""Archived organisations: out of the lists when asked, history kept, back again when wanted.

Runs on SQLite and (with `CXAUDIT_TEST_PG_URL`) on PostgreSQL, like every repository test.
"""

from __future__ import annotations

import pytest

from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import NotFoundError
from cxaudit.storage import (
    Database,
    create_organisation,
    get_organisation,
    list_drafts,
    list_organisations,
    organisation_timeline,
    portfolio_lines,
)
from cxaudit.storage.repository import is_archived, set_archived
from tests.storage.test_timeline import _organisation_with_history


def _two_organisations(db: Database, mini: Questionnaire) -> tuple[int, int]:
    """Acme with two completed quarters and a draft; Globex with nothing yet."""
    acme = _organisation_with_history(db, mini)
    with db.session() as session:
        globex = create_organisation(session, name="Globex")
    assert globex.id is not None
    return acme, globex.id


def test_an_archived_organisation_leaves_the_lists_but_keeps_its_history(
    db: Database, mini: Questionnaire
) -> None:
    acme, globex = _two_organisations(db, mini)
    with db.session() as session:
        before = organisation_timeline(session, organisation_id=acme, include_drafts=True)
        set_archived(session, organisation_id=acme, archived=True)

    with db.session() as session:
        assert is_archived(session, organisation_id=acme)
        shown = list_organisations(session, include_archived=False)
        assert [s.organisation.id for s in shown] == [globex]
        lines = portfolio_lines(session, include_archived=False)
        assert [line.organisation_id for line in lines] == [globex]
        assert list_drafts(session, include_archived=False) == []
        # Below the use-cases everything is listed by default, each line saying which it is.
        everything = list_organisations(session)
        assert [(s.organisation.name, s.archived) for s in everything] == [
            ("Acme", True),
            ("Globex", False),
        ]
        assert everything[0].assessment_count == 3 and everything[0].latest_period == "2026-Q1"
        assert len(list_drafts(session)) == 1
        # Still found by name, slug and id, with every assessment as it was.
        assert get_organisation(session, ref="acme").id == acme
        after = organisation_timeline(session, organisation_id=acme, include_drafts=True)
    assert after == before


def test_an_archived_organisation_comes_back(db: Database, mini: Questionnaire) -> None:
    acme, _globex = _two_organisations(db, mini)
    with db.session() as session:
        set_archived(session, organisation_id=acme, archived=True)
        set_archived(session, organisation_id=acme, archived=False)
        assert not is_archived(session, organisation_id=acme)
        names = [s.organisation.name for s in list_organisations(session, include_archived=False)]
        assert names == ["Acme", "Globex"]
        assert len(list_drafts(session, include_archived=False)) == 1


def test_archiving_twice_keeps_the_first_moment(db: Database) -> None:
    from sqlalchemy import select

    from cxaudit.storage.tables import organisations

    with db.session() as session:
        org = create_organisation(session, name="Acme")
        assert org.id is not None
        set_archived(session, organisation_id=org.id, archived=True)
        first = session.execute(select(organisations.c.archived_at)).scalar_one()
        set_archived(session, organisation_id=org.id, archived=True)
        again = session.execute(select(organisations.c.archived_at)).scalar_one()
    assert first is not None and again == first


def test_an_archived_name_is_still_taken(db: Database) -> None:
    from cxaudit.errors import ValidationProblem

    with db.session() as session:
        org = create_organisation(session, name="Acme")
        assert org.id is not None
        set_archived(session, organisation_id=org.id, archived=True)
        with pytest.raises(ValidationProblem, match="already exists"):
            create_organisation(session, name="ACME")


def test_archiving_an_unknown_organisation_is_one_sentence(db: Database) -> None:
    with db.session() as session, pytest.raises(NotFoundError, match="no organisation with id"):
        set_archived(session, organisation_id=999, archived=True)
