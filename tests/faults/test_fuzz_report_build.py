"""Fuzzing a whole PDF build: whatever people typed into an assessment, its report is written.

Organisation names, notes, evidence, N/A reasons and action owners are saved through storage
exactly as a user would save them, then the real report (`cxaudit.services.reports.write_report`)
is built from the database. It must always produce a readable PDF; text made of markup
characters must come back out of it literally.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxaudit.domain.model import ActionStatus, Role, make_answer
from cxaudit.domain.questionnaire import load_questionnaire
from cxaudit.errors import CxauditError
from cxaudit.services import Workspace
from cxaudit.services.reports import write_report
from cxaudit.storage import Database, open_database, repository
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow

BUILDS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Anything a keyboard or a pasted file can hold (lone surrogates cannot come from either).
TYPED = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=["Cs"]),
    max_size=300,
)
MARKUP = st.text(alphabet="abcXYZ019 <>&;/\"'=#!?.-()", min_size=1, max_size=120)


@dataclass
class Built:
    """A completed assessment whose typed text each example rewrites."""

    db: Database
    folder: Path
    organisation_id: int
    respondent_id: int
    action_id: int


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    folder = tmp_path_factory.mktemp("fuzz-report")
    mini = load_questionnaire(FIXTURES / "mini.toml")
    db = open_database(f"sqlite:///{folder / 'cxaudit.db'}")
    with db.session() as session:
        org = repository.create_organisation(session, name="Kestrel Freight", sector="Logistics")
        assert org.id is not None
        assessment = repository.start_assessment(
            session, organisation_id=org.id, period="2025-Q2", questionnaire=mini
        )
        assert assessment.id is not None
        person = repository.add_respondent(
            session, assessment_id=assessment.id, name="Ada", role=Role.LEADER
        )
        assert person.id is not None
        for level, question in zip((2, 3, 1, 2, 4), mini.questions, strict=True):
            repository.save_answer(
                session, respondent_id=person.id, answer=make_answer(question.id, level)
            )
        done = repository.complete_assessment(session, assessment_id=assessment.id)
    assert done.actions and done.actions[0].id is not None
    yield Built(db, folder, org.id, person.id, done.actions[0].id)
    db.dispose()


def _type_into(
    built: Built, *, name: str, note: str, evidence: str, reason: str, owner: str
) -> None:
    with built.db.session() as session:
        # A blank or clashing name is refused with a sentence, which is the other good outcome.
        with contextlib.suppress(CxauditError):
            repository.update_organisation(
                session, organisation_id=built.organisation_id, name=name
            )
        repository.save_answer(
            session,
            respondent_id=built.respondent_id,
            answer=make_answer("alpha.one", 2, note=note, evidence=evidence),
        )
        if reason.strip():
            repository.save_answer(
                session,
                respondent_id=built.respondent_id,
                answer=make_answer("beta.two", "na", na_reason=reason, note=note),
            )
        repository.update_action_item(
            session, action_id=built.action_id, owner=owner, status=ActionStatus.IN_PROGRESS
        )


def _build(built: Built) -> str:
    with built.db.session() as session:
        org = repository.get_organisation(session, ref=str(built.organisation_id))
    out = built.folder / "report.pdf"
    outcome = write_report(
        Workspace(built.db), organisation_ref=org.slug, output=out, deterministic=True
    )
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == outcome.pages >= 1
    return "".join(page.extract_text() for page in reader.pages)


@BUILDS
@given(name=TYPED, note=TYPED, evidence=TYPED, reason=TYPED, owner=TYPED)
def test_any_typed_text_still_builds_the_report(
    built: Built, name: str, note: str, evidence: str, reason: str, owner: str
) -> None:
    _type_into(built, name=name, note=note, evidence=evidence, reason=reason, owner=owner)
    assert _build(built)


@BUILDS
@given(note=MARKUP, owner=MARKUP)
def test_markup_typed_into_notes_and_owners_is_printed_literally(
    built: Built, note: str, owner: str
) -> None:
    _type_into(built, name="Kestrel Freight", note=note, evidence="", reason="", owner=owner)
    text = re.sub(r"\s+", "", _build(built))
    assert re.sub(r"\s+", "", note) in text
    assert re.sub(r"\s+", "", owner) in text
