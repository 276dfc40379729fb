"""Stored organisations follow the domain's naming rules: a typed reference never means two.

`cxaudit.domain.naming` decides what a name may be, when two names are the same, which slug a
name gets and which organisation a reference means; these tests check the repository applies
those rules to what is stored, on SQLite (whose `lower()` knows only ASCII) and PostgreSQL.
"""

from __future__ import annotations

import pytest

from cxaudit.domain.model import Assessment, AssessmentStatus, Organisation
from cxaudit.domain.naming import AmbiguousReference
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import NotFoundError, ValidationProblem
from cxaudit.storage import (
    Database,
    bulk_load_assessments,
    create_organisation,
    get_organisation,
    update_organisation,
)
from tests.storage.loads import assessment_of

DRAFT = AssessmentStatus.DRAFT


def test_slugs_keep_every_script_and_never_collide(db: Database) -> None:
    with db.session() as session:
        tokyo = create_organisation(session, name="東京電力")
        daisy = create_organisation(session, name="Ромашка")
        cafe = create_organisation(session, name="Café")
        plain = create_organisation(session, name="Cafe!")
    slugs = (tokyo.slug, daisy.slug, cafe.slug, plain.slug)
    assert slugs == ("東京電力", "ромашка", "cafe", "cafe-2")


def test_a_reference_is_matched_as_typed_never_slugified(db: Database) -> None:
    # The old rule slugified a reference before matching it: `東京電力` became `organisation`
    # and found (and `delete-org` deleted) whichever organisation had that placeholder slug.
    with db.session() as session:
        rocket = create_organisation(session, name="🚀")
        assert rocket.slug == "organisation"
        with pytest.raises(NotFoundError):
            get_organisation(session, ref="東京電力")
        tokyo = create_organisation(session, name="東京電力")
        for ref in ("東京電力", tokyo.slug, str(tokyo.id)):
            assert get_organisation(session, ref=ref).id == tokyo.id
        assert get_organisation(session, ref="🚀").id == rocket.id


def test_a_reference_that_fits_two_organisations_chooses_neither(db: Database) -> None:
    with db.session() as session:
        create_organisation(session, name="Acme")
        shouting = create_organisation(session, name="Acme!")
        named = create_organisation(session, name="acme-2")
        assert shouting.slug == "acme-2" and named.slug == "acme-2-2"
        with pytest.raises(AmbiguousReference) as caught:
            get_organisation(session, ref="acme-2")
        assert str(shouting.id) in caught.value.message and str(named.id) in caught.value.message
        assert get_organisation(session, ref=str(named.id)).name == "acme-2"


def test_names_are_the_same_ignoring_case_in_every_script(db: Database) -> None:
    with db.session() as session:
        daisy = create_organisation(session, name="Ромашка")
        with pytest.raises(ValidationProblem, match="'Ромашка' already exists"):
            create_organisation(session, name="РОМАШКА")
        other = create_organisation(session, name="Straße")
        assert daisy.id is not None and other.id is not None
        with pytest.raises(ValidationProblem, match="already exists"):
            update_organisation(session, organisation_id=other.id, name="ромашка")
        assert get_organisation(session, ref="РОМАШКА").id == daisy.id


@pytest.mark.parametrize("name", ["", "   ", "Evil\x1b]0;pwned\x07", "x" * 121])
def test_a_name_the_domain_refuses_is_not_stored(db: Database, name: str) -> None:
    with db.session() as session:
        with pytest.raises(ValidationProblem):
            create_organisation(session, name=name)
        fine = create_organisation(session, name="Fine")
        assert fine.id is not None
        with pytest.raises(ValidationProblem):
            update_organisation(session, organisation_id=fine.id, name=name)
        assert get_organisation(session, ref="Fine").name == "Fine"


def test_a_bulk_load_finds_an_organisation_by_its_name_in_any_case(
    db: Database, mini: Questionnaire
) -> None:
    with db.session() as session:
        daisy = create_organisation(session, name="Ромашка")
        loaded = Assessment(
            organisation=Organisation(name="РОМАШКА", slug="x"),
            period="2026-Q1",
            questionnaire_id=mini.id,
            questionnaire_version=mini.version,
            questionnaire_hash=mini.content_hash,
            status=AssessmentStatus.DRAFT,
        )
        bulk_load_assessments(session, questionnaire=mini, assessments_to_load=[loaded])
        assert daisy.id is not None
        found = get_organisation(session, ref="ромашка")
    assert found.id == daisy.id and found.name == "Ромашка"


def _loaded(
    mini: Questionnaire, *, organisation: str, people: tuple[str, ...] = ("Ann",)
) -> Assessment:
    """A draft as a backup or the demo hands it to the bulk load."""
    return assessment_of(
        mini, organisation=organisation, period="2026-Q1", people=people, status=DRAFT
    )


@pytest.mark.parametrize(
    ("organisation", "people", "problem"),
    [
        ("x" * 121, ("Ann",), "the most is 120"),
        ("Evil\x1b]0;pwned\x07", ("Ann",), "control characters"),
        ("Acme", ("Ann\x07",), "A respondent's name cannot contain control characters"),
        ("Acme", ("y" * 121,), "A respondent's name is 121 characters"),
        ("Acme", ("Ann", " ann "), "names the respondent 'ann' twice"),
    ],
    ids=["long-organisation", "control-organisation", "control-person", "long-person", "twice"],
)
def test_a_bulk_load_refuses_a_bad_name_and_writes_nothing(
    db: Database, mini: Questionnaire, organisation: str, people: tuple[str, ...], problem: str
) -> None:
    from cxaudit.storage import list_organisations

    with db.session() as session:
        with pytest.raises(ValidationProblem, match=problem):
            bulk_load_assessments(
                session,
                questionnaire=mini,
                assessments_to_load=[_loaded(mini, organisation=organisation, people=people)],
            )
        assert list_organisations(session) == []


@pytest.mark.parametrize("name", ["Ann\x1b[2J", "Tab\there", "z" * 121, "  "])
def test_a_respondent_name_follows_the_same_rule(
    db: Database, mini: Questionnaire, name: str
) -> None:
    from cxaudit.domain.model import Respondent, Role
    from cxaudit.storage import add_respondent, add_respondents, load_assessment, start_assessment

    with db.session() as session:
        org = create_organisation(session, name="Acme")
        assert org.id is not None
        draft = start_assessment(
            session, organisation_id=org.id, period="2026-Q1", questionnaire=mini
        )
        assert draft.id is not None
        with pytest.raises(ValidationProblem, match="A respondent's name"):
            add_respondent(session, assessment_id=draft.id, name=name, role=Role.LEADER)
        with pytest.raises(ValidationProblem, match="A respondent's name"):
            add_respondents(
                session,
                assessment_id=draft.id,
                respondents=[Respondent.model_construct(name=name, role=Role.LEADER, answers={})],
            )
        assert load_assessment(session, assessment_id=draft.id).respondents == []
