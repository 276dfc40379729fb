"""Fault-test fixtures: real SQLite files made through the storage API and read back with it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from cxaudit.catalogue import default_questionnaire
from cxaudit.domain.model import Answer, Role
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.storage import open_database, repository


@dataclass(frozen=True)
class Draft:
    """A draft assessment waiting in a database file, with who is answering it."""

    url: str
    path: Path
    organisation: str
    assessment_id: int
    respondent_ids: dict[str, int]
    questionnaire: Questionnaire

    @property
    def question_ids(self) -> list[str]:
        """The questions in the order the wizard asks them."""
        return [q.id for q in self.questionnaire.questions]

    def answers(self) -> dict[str, dict[str, Answer]]:
        """Every respondent's saved answers, read back through storage (a fresh connection)."""
        db = open_database(self.url)
        try:
            with db.session() as session:
                assessment = repository.load_assessment(session, assessment_id=self.assessment_id)
        finally:
            db.dispose()
        return {r.name: dict(r.answers) for r in assessment.respondents}


def make_draft(
    folder: Path, *, organisation: str, people: list[tuple[str, Role]], period: str = "2025-Q2"
) -> Draft:
    """Create an organisation with a draft assessment and its respondents, as the app would."""
    path = folder / "cxaudit.db"
    url = f"sqlite:///{path}"
    questionnaire = default_questionnaire()
    db = open_database(url)
    try:
        with db.session() as session:
            org = repository.create_organisation(session, name=organisation, sector="Retail")
            assert org.id is not None
            assessment = repository.start_assessment(
                session, organisation_id=org.id, period=period, questionnaire=questionnaire
            )
            assert assessment.id is not None
            ids: dict[str, int] = {}
            for name, role in people:
                person = repository.add_respondent(
                    session, assessment_id=assessment.id, name=name, role=role
                )
                assert person.id is not None
                ids[name] = person.id
    finally:
        db.dispose()
    return Draft(url, path, organisation, assessment.id, ids, questionnaire)


@pytest.fixture
def app_home(tmp_path: Path) -> Path:
    """CXAUDIT_HOME for apps started in subprocesses (config, default paths)."""
    home = tmp_path / "app-home"
    home.mkdir()
    return home
