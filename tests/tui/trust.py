"""A questionnaire with an evidence gate and a profile flag, and drafts seeded on a real file,
for the tests of evidence, confidence and applicability in the app."""

from __future__ import annotations

from collections.abc import Mapping

from cxaudit.domain.model import Answer, Role
from cxaudit.domain.questionnaire import Questionnaire, parse_questionnaire
from tests.tui.conftest import FIXTURES

HINT = "minutes of the review meeting"
"""alpha.one's evidence hint."""

PROFILE = """
evidence_from_level = 4

[[profile]]
id = "has_contact_centre"
question = "Do customers reach you through a contact centre or helpline?"
default = true
absent = "no contact centre"
"""


def trust_questionnaire() -> Questionnaire:
    """mini.toml with evidence needed from level 4 (alpha.one says what counts, beta.two asks
    none) and alpha.two asked only of organisations with a contact centre."""
    text = (FIXTURES / "mini.toml").read_text(encoding="utf-8")
    text = text.replace('id = "mini"\n', 'id = "mini-trust"\n', 1)
    text = text.replace("default_target = 4.0\n", "default_target = 4.0\n" + PROFILE, 1)
    text = text.replace('id = "alpha.one"\n', f'id = "alpha.one"\nevidence_hint = "{HINT}"\n', 1)
    text = text.replace(
        'id = "alpha.two"\n', 'id = "alpha.two"\napplies_if = ["has_contact_centre"]\n', 1
    )
    text = text.replace('id = "beta.two"\n', 'id = "beta.two"\nevidence_from_level = 0\n', 1)
    return parse_questionnaire(text, "trust.toml")


def seed_draft(
    db_url: str,
    questionnaire: Questionnaire,
    *,
    profile: Mapping[str, bool] | None = None,
    answers: Mapping[str, Answer] | None = None,
    organisation: str = "Acme Stores",
    period: str = "2026-Q2",
    complete: bool = False,
    carry_forward: bool = False,
) -> int:
    """An organisation (with `profile`) and an assessment answered by Ada Leader, written through
    the storage API on the real file; returns the assessment's id. `carry_forward` starts Ada
    from the organisation's latest completed answers (to be reconfirmed)."""
    from cxaudit.errors import NotFoundError
    from cxaudit.storage import open_database, repository

    db = open_database(db_url)
    try:
        with db.session() as session:
            try:
                org = repository.get_organisation(session, ref=organisation)
            except NotFoundError:
                org = repository.create_organisation(
                    session, name=organisation, sector="Retail", profile=profile
                )
            assert org.id is not None
            assessment = repository.start_assessment(
                session, organisation_id=org.id, period=period, questionnaire=questionnaire
            )
            assert assessment.id is not None
            person = repository.add_respondent(
                session,
                assessment_id=assessment.id,
                name="Ada Leader",
                role=Role.LEADER,
                prefill_from_latest=carry_forward,
            )
            assert person.id is not None
            for given in (answers or {}).values():
                repository.save_answer(session, respondent_id=person.id, answer=given)
            if complete:
                repository.complete_assessment(session, assessment_id=assessment.id)
            return assessment.id
    finally:
        db.dispose()


def stored_answers(db_url: str, assessment_id: int) -> dict[str, Answer]:
    """Ada's answers as the database holds them now."""
    from cxaudit.services import assessing
    from cxaudit.services.workspace import open_workspace

    with open_workspace(db_url) as ws:
        place = assessing.place(ws, assessment_id=assessment_id, respondent_id=None)
    return dict(place.respondent.answers)
