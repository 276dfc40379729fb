"""`cxaudit orgs` reads a SQLite file through the first look: it must print what the main path
prints, in every format, or not be taken at all."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from cxaudit.catalogue import default_questionnaire
from cxaudit.cli import cli
from cxaudit.cli.commands import listing
from cxaudit.domain.model import (
    Answer,
    Assessment,
    AssessmentStatus,
    Organisation,
    Respondent,
    Role,
)
from cxaudit.services import Workspace, open_workspace, portfolio
from cxaudit.services.demo import load_demo
from cxaudit.storage import open_database, repository
from cxaudit.transfer.tabular import organisation_rows

TODAY = date.today()
FORMATS = (
    ["orgs"],
    ["orgs", "--wide"],
    ["orgs", "--format", "json"],
    ["orgs", "--format", "csv"],
)


def _portfolio(path: Path) -> str:
    """The demo, plus organisations whose scores land on many rounding edges, one with only a
    draft and one with nothing yet."""
    url = f"sqlite:///{path}"
    db = open_database(url)
    questionnaire = default_questionnaire()
    rng = random.Random(18)
    try:
        load_demo(Workspace(db, today=TODAY), today=TODAY)
        batch: list[Assessment] = []
        for n in range(24):
            organisation = Organisation(name=f"Edge {n:02d}", slug=f"edge-{n:02d}")
            for period, status in (("2025-Q1", "complete"), ("2025-Q2", "complete")):
                answers = {
                    q.id: Answer(question_id=q.id, value=rng.choice([1, 2, 3, 4, 5, "unknown"]))
                    for q in questionnaire.questions
                    if rng.random() < 0.9
                }
                people = [Respondent(name="Only", role=Role.MANAGER, answers=answers)]
                batch.append(
                    Assessment(
                        organisation=organisation,
                        period=period,
                        questionnaire_id=questionnaire.id,
                        questionnaire_version=questionnaire.version,
                        questionnaire_hash=questionnaire.content_hash,
                        status=AssessmentStatus(status),
                        respondents=people,
                    )
                )
        batch.append(
            Assessment(
                organisation=Organisation(name="Drafts Only", slug="drafts-only"),
                period="2025-Q3",
                questionnaire_id=questionnaire.id,
                questionnaire_version=questionnaire.version,
                questionnaire_hash=questionnaire.content_hash,
                status=AssessmentStatus.DRAFT,
                respondents=[],
            )
        )
        with db.session() as session:
            repository.bulk_load_assessments(
                session, questionnaire=questionnaire, assessments_to_load=batch
            )
            repository.create_organisation(session, name="Nothing Yet", sector="Travel")
    finally:
        db.dispose()
    return url


@pytest.fixture(scope="module")
def portfolio_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _portfolio(tmp_path_factory.mktemp("fast") / "cx.db")


def test_the_first_look_gives_the_rows_of_the_main_path(portfolio_url: str) -> None:
    assert portfolio.first_look(portfolio_url, today=TODAY) is not None, "the fast path is taken"
    with open_workspace(portfolio_url, today=TODAY) as ws:
        main = organisation_rows(portfolio.organisations(ws))

    fast = listing.organisation_listing(portfolio_url)

    assert len(main) >= 24 + 2
    assert fast == main
    assert [type(v) for row in fast for v in row.values()] == [
        type(v) for row in main for v in row.values()
    ]


@pytest.mark.parametrize("args", FORMATS, ids=lambda a: " ".join(a[1:]) or "table")
def test_orgs_prints_the_same_either_way(
    portfolio_url: str, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    assert portfolio.first_look(portfolio_url, today=TODAY) is not None, "the fast path is taken"
    fast = runner.invoke(cli, ["--db", portfolio_url, *args])
    monkeypatch.setattr(portfolio, "first_look", lambda *_a, **_k: None)
    main = runner.invoke(cli, ["--db", portfolio_url, *args])

    assert fast.exit_code == main.exit_code == 0
    assert fast.output == main.output
    assert "Edge 23" in fast.output


def _references(url: str) -> list[str]:
    """A slug, a name in other case and an id: every way a person names an organisation."""
    with open_workspace(url, today=TODAY) as ws:
        summaries = portfolio.organisations(ws)
    refs: list[str] = []
    for n, summary in enumerate(summaries):
        organisation = summary.organisation
        refs.append([organisation.slug, organisation.name.upper(), str(organisation.id)][n % 3])
    return refs


def test_history_takes_the_first_look_for_every_organisation(portfolio_url: str) -> None:
    from cxaudit.services.history import first_look

    for ref in _references(portfolio_url):
        glanced = first_look(portfolio_url, organisation=ref)
        assert glanced is not None, f"the fast path is taken for {ref}"


@pytest.mark.parametrize(
    "args",
    [
        ["history"],
        ["history", "--wide"],
        ["history", "--format", "json"],
        ["history", "--format", "csv"],
    ],
    ids=["table", "wide", "json", "csv"],
)
def test_history_prints_the_same_either_way(
    portfolio_url: str, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxaudit.services import history

    runner = CliRunner()
    refs = _references(portfolio_url)
    fast = [runner.invoke(cli, ["--db", portfolio_url, *args, ref]) for ref in refs]
    monkeypatch.setattr(history, "first_look", lambda *_a, **_k: None)
    main = [runner.invoke(cli, ["--db", portfolio_url, *args, ref]) for ref in refs]

    for ref, one, other in zip(refs, fast, main, strict=True):
        assert one.exit_code == other.exit_code == 0, ref
        assert one.output == other.output, ref


def test_history_falls_back_for_what_the_first_look_cannot_say(portfolio_url: str) -> None:
    from cxaudit.services.history import first_look

    assert first_look(portfolio_url, organisation="No Such Organisation") is None
    assert first_look(portfolio_url, organisation="edge") is None
    result = CliRunner().invoke(cli, ["--db", portfolio_url, "history", "Edge 0"])
    assert result.exit_code == 2
    assert "Edge 00" in result.output, "the main path explains, with close names"
