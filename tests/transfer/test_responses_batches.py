"""A response CSV larger than one batch is written a batch at a time, all of it, in file order.

The import builds and writes 20,000 answers at a time (`cxaudit.transfer.responses.
BATCH_ANSWERS`); this file of 600 respondents × 48 answers takes two batches, into a new
organisation and into a draft that already has a respondent, on SQLite and PostgreSQL. What is
stored is exactly what the file says.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxaudit.catalogue import default_questionnaire
from cxaudit.services import Workspace
from cxaudit.services.exchange import import_files
from cxaudit.storage import repository
from cxaudit.transfer.responses import BATCH_ANSWERS
from tests.storage.conftest import PG_ENV, PG_SKIP_REASON, _pg_schema_url

PEOPLE = 600
QUESTIONS = [q.id for q in default_questionnaire().questions]
HEADER = "respondent,role,question_id,answer,note,evidence,confidence\n"


def _cells(person: int, n: int) -> tuple[str, str, str, str]:
    """A person's answer to the n-th question: level, note, evidence, confidence."""
    level = 1 + (person * 7 + n) % 5
    return (
        str(level) if (person + n) % 17 else "unknown",
        f"note {person}-{n}" if n % 5 == 0 else "",
        f"seen {person}-{n}" if level >= 4 else "",
        ("low", "", "high")[(person + n) % 3],
    )


def _survey(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for person in range(PEOPLE):
            for n, qid in enumerate(QUESTIONS):
                level, note, evidence, sure = _cells(person, n)
                out.write(f"P{person:04d},manager,{qid},{level},{note},{evidence},{sure}\n")
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'batches.db'}"
        return
    if not os.environ.get(PG_ENV):
        pytest.skip(PG_SKIP_REASON)
    yield from _pg_schema_url(f"cxaudit_test_{uuid.uuid4().hex[:12]}")


@pytest.mark.parametrize("draft", [False, True], ids=["new organisation", "existing draft"])
def test_a_survey_of_two_batches_is_stored_whole_and_in_file_order(
    url: str, tmp_path: Path, draft: bool
) -> None:
    assert PEOPLE * len(QUESTIONS) > BATCH_ANSWERS
    survey = _survey(tmp_path / "survey.csv")
    ws = Workspace.open(url)
    try:
        first = []
        if draft:
            keep = tmp_path / "keep.csv"
            keep.write_text(HEADER + f"Keep,leader,{QUESTIONS[0]},2,,,\n", encoding="utf-8")
            import_files(ws, paths=[keep], organisation="Acme", period="2026-Q1")
            first = ["Keep"]
        summary = import_files(ws, paths=[survey], organisation="Acme", period="2026-Q1")
        assert (summary.respondents, summary.answers) == (PEOPLE, PEOPLE * len(QUESTIONS))
        with ws.session() as session:
            stored = repository.find_assessment(session, organisation_ref="Acme", period="2026Q1")
    finally:
        ws.close()
    people = sorted(stored.respondents, key=lambda r: r.id or 0)
    assert [r.name for r in people] == first + [f"P{n:04d}" for n in range(PEOPLE)]
    for person, respondent in enumerate(people[len(first) :]):
        assert set(respondent.answers) == set(QUESTIONS)
        for n, qid in enumerate(QUESTIONS):
            answer = respondent.answers[qid]
            level, note, evidence, sure = _cells(person, n)
            assert (str(answer.value), answer.note, answer.evidence) == (level, note, evidence)
            assert answer.confidence.value == (sure or "medium")
            assert not answer.unverified and not answer.needs_reconfirm
