"""A trend with gaps: an area scored in one period of two, or in none, still gets its report.

Reported as "AssertionError: Polyline must have 2 or more points": an organisation assessed in
two periods whose trend had a series with fewer than two scores could not get a PDF.
"""

from __future__ import annotations

from pathlib import Path

import pypdf
import pytest

from cxaudit.domain.model import Role, make_answer
from cxaudit.domain.questionnaire import load_questionnaire
from cxaudit.services import Workspace
from cxaudit.services.reports import write_report
from cxaudit.storage import Database, open_database, repository
from tests.conftest import FIXTURES

ALPHA: dict[str, int | str] = {"alpha.one": 2, "alpha.two": 3, "alpha.three": 2}
BETA_NA: dict[str, int | str] = {"beta.one": "na", "beta.two": "na"}
BETA_SCORED: dict[str, int | str] = {"beta.one": 4, "beta.two": 3}


def seed(tmp_path: Path, periods: dict[str, dict[str, int | str]]) -> Database:
    """One respondent per period; "na" on every question of an area leaves it unscored."""
    mini = load_questionnaire(FIXTURES / "mini.toml")
    database = open_database(f"sqlite:///{tmp_path / 'gaps.db'}")
    with database.session() as session:
        org = repository.create_organisation(session, name="Gappy Ltd", sector="Retail")
        assert org.id is not None
        for period, answers in periods.items():
            assessment = repository.start_assessment(
                session, organisation_id=org.id, period=period, questionnaire=mini
            )
            assert assessment.id is not None
            person = repository.add_respondent(
                session, assessment_id=assessment.id, name="Ada", role=Role.LEADER
            )
            assert person.id is not None
            for question_id, value in answers.items():
                reason = "We have no shops." if value == "na" else ""
                repository.save_answer(
                    session,
                    respondent_id=person.id,
                    answer=make_answer(question_id, value, na_reason=reason),
                )
            repository.complete_assessment(session, assessment_id=assessment.id)
    return database


def trend_page(db: Database, output: Path) -> str:
    try:
        outcome = write_report(Workspace(db), organisation_ref="Gappy Ltd", output=output)
    finally:
        db.dispose()
    texts = [page.extract_text() for page in pypdf.PdfReader(outcome.path).pages]
    return " ".join(next(t for t in texts if "Trend" in t and "2026-Q1" in t).split())


@pytest.mark.parametrize(
    "second_beta",
    [pytest.param(BETA_NA, id="never-scored"), pytest.param(BETA_SCORED, id="scored-once")],
)
def test_an_area_scored_in_fewer_than_two_periods_still_reports(
    tmp_path: Path, second_beta: dict[str, int | str]
) -> None:
    db = seed(tmp_path, {"2026-Q1": ALPHA | BETA_NA, "2026-Q2": ALPHA | second_beta})
    trend = trend_page(db, tmp_path / "gaps.pdf")
    assert "A missing point means the area had no score" in trend
    # The table under the chart shows the gaps as dashes.
    assert "2026-Q1 2.25 — 2.25" in trend
