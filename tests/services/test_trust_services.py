"""The use-cases behind evidence gates and profiles: a new organisation's profile, the profile
questions, changing them, and refusing a gated level saved without evidence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cxaudit.domain.model import Confidence, Role, make_answer
from cxaudit.domain.questionnaire import Questionnaire, parse_questionnaire
from cxaudit.errors import NotFoundError, ValidationProblem
from cxaudit.services import Workspace, admin, assessing
from cxaudit.storage import open_database
from tests.domain.test_gates_and_profile import gated_text


@pytest.fixture
def gated() -> Questionnaire:
    return parse_questionnaire(gated_text(), "gated.toml")


@pytest.fixture
def ws(tmp_path: Path, gated: Questionnaire) -> Iterator[Workspace]:
    opened = Workspace(open_database(f"sqlite:///{tmp_path / 'cx.db'}"))
    opened.questionnaire_override = gated
    yield opened
    opened.close()


def _start(ws: Workspace, gated: Questionnaire, profile: dict[str, bool] | None) -> int:
    place = assessing.start(
        ws,
        organisation_id=None,
        new_name="Harbour Bank",
        new_sector="Banking",
        period="2026-Q1",
        questionnaire=gated,
        respondent_name="Ann",
        role=Role.LEADER,
        carry_forward=False,
        new_profile=profile,
    )
    assert place.respondent.id is not None
    return place.respondent.id


def test_a_new_organisation_is_created_with_its_profile(
    ws: Workspace, gated: Questionnaire
) -> None:
    # Before it exists: the questions at their defaults.
    blank = admin.profile_questions(ws)
    assert [(q.id, q.answer, q.given) for q in blank] == [
        ("has_contact_centre", True, False),
        ("has_shops", False, False),
    ]
    assert blank[0].question == "Do customers reach you through a contact centre or helpline?"
    _start(ws, gated, {"has_contact_centre": False})
    org = admin.find_organisation(ws, organisation="Harbour Bank")
    assert org.profile == {"has_contact_centre": False}
    assert org.id is not None
    answered = admin.profile_questions(ws, organisation_id=org.id)
    assert [(q.id, q.answer, q.given) for q in answered] == [
        ("has_contact_centre", False, True),
        ("has_shops", False, False),
    ]
    changed = admin.set_profile(ws, organisation_id=org.id, answers={"has_shops": True})
    assert changed.profile == {"has_contact_centre": False, "has_shops": True}
    with pytest.raises(ValidationProblem, match="'has_vans' is not a profile question"):
        admin.set_profile(ws, organisation_id=org.id, answers={"has_vans": True})
    assert admin.find_organisation(ws, organisation="Harbour Bank").profile == changed.profile


def test_an_unknown_flag_refuses_the_new_organisation(ws: Workspace, gated: Questionnaire) -> None:
    with pytest.raises(ValidationProblem, match="'has_vans' is not a profile question"):
        _start(ws, gated, {"has_vans": False})
    with pytest.raises(NotFoundError):
        admin.find_organisation(ws, organisation="Harbour Bank")


def test_a_gated_level_needs_evidence_and_is_verified_once_it_has_it(
    ws: Workspace, gated: Questionnaire
) -> None:
    respondent_id = _start(ws, gated, None)
    with pytest.raises(ValidationProblem) as refused:
        assessing.save_answer(ws, respondent_id=respondent_id, answer=make_answer("alpha.one", 4))
    assert str(refused.value) == (
        "Level 4 on alpha.one needs evidence, as every level from 4 does: say what someone "
        "could be shown."
    )
    with pytest.raises(ValidationProblem, match="for example: The call quality report"):
        assessing.save_answer(
            ws, respondent_id=respondent_id, answer=make_answer("alpha.two", 5, evidence=" ")
        )
    # Below the gate, N/A, don't know and a question with the gate off need none.
    for answer in (
        make_answer("alpha.one", 3),
        make_answer("alpha.two", "na", na_reason="Not here."),
        make_answer("beta.one", "unknown"),
        make_answer("alpha.three", 5),
    ):
        assessing.save_answer(ws, respondent_id=respondent_id, answer=answer)
    saved = assessing.save_answer(
        ws,
        respondent_id=respondent_id,
        answer=make_answer("beta.two", 5, evidence="Q3 audit", confidence="low", unverified=True),
    )
    assert not saved.unverified and saved.confidence == Confidence.LOW
    place = assessing.place(ws, assessment_id=1, respondent_id=respondent_id)
    kept = place.respondent.answers
    assert kept["alpha.one"].level == 3  # the refused level 4 changed nothing
    assert "alpha.two" in kept and kept["alpha.two"].is_na
    assert (kept["beta.two"].evidence, kept["beta.two"].unverified) == ("Q3 audit", False)
    assert place.assessment.profile == {"has_contact_centre": True, "has_shops": False}
