"""The first look at a SQLite file: the same lists as the repository, or nothing at all.

Home is filled from this look before the database is opened, so it must either agree exactly
with what the repository lists or stand aside, and it must never touch the file.
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.dialects import sqlite as sqlite_dialect

from cxaudit.domain.model import Role, make_answer
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.services import Workspace
from cxaudit.services import portfolio as portfolio_service
from cxaudit.services.admin import set_archived
from cxaudit.services.demo import load_demo
from cxaudit.storage import (
    add_respondent,
    create_organisation,
    list_drafts,
    list_organisations,
    open_database,
    save_answer,
    start_assessment,
)
from cxaudit.storage.glance import (
    DRAFTS_PARAMS,
    DRAFTS_SQL,
    PORTFOLIO_PARAMS,
    PORTFOLIO_SQL,
    glance,
)
from cxaudit.storage.repository import history, portfolio

TODAY = date(2026, 11, 23)


def _state(folder: Path) -> dict[str, str]:
    """Every file in the folder with a digest of its bytes."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize(
    ("statement", "sql", "params"),
    [
        (lambda: portfolio._portfolio_select(False), PORTFOLIO_SQL, PORTFOLIO_PARAMS),
        (lambda: history._drafts_select(False), DRAFTS_SQL, DRAFTS_PARAMS),
    ],
    ids=["portfolio", "drafts"],
)
def test_the_first_look_runs_the_repository_sql(
    statement: object, sql: str, params: tuple[object, ...]
) -> None:
    assert callable(statement)
    compiled = statement().compile(dialect=sqlite_dialect.dialect())
    assert str(compiled) == sql
    assert tuple(compiled.params[name] for name in compiled.positiontup or ()) == params


def test_the_first_look_lists_what_the_repository_lists(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    db = open_database(f"sqlite:///{path}")
    load_demo(Workspace(db), today=TODAY)
    with db.session() as session:
        summaries = list_organisations(session, today=TODAY)
        drafts = list_drafts(session)
    db.dispose()
    before = _state(tmp_path)

    seen = glance(f"sqlite:///{path}", today=TODAY)

    assert seen is not None
    assert _state(tmp_path) == before, "the file is read, never written, and nothing is added"
    assert len(seen.organisations) == len(summaries) == 12
    for line, summary in zip(seen.organisations, summaries, strict=True):
        organisation = summary.organisation
        assert (line.organisation_id, line.name, line.slug, line.sector) == (
            organisation.id,
            organisation.name,
            organisation.slug,
            organisation.sector,
        )
        assert line.default_targets == organisation.default_targets
        assert (line.latest_period, line.latest_overall, line.latest_stage) == (
            summary.latest_period,
            summary.latest_overall,
            summary.latest_stage,
        )
        assert (line.trend, line.next_due, line.overdue) == (
            summary.trend,
            summary.next_due,
            summary.overdue,
        )
        assert (line.assessment_count, line.draft_count) == (
            summary.assessment_count,
            summary.draft_count,
        )
    assert {line.trend for line in seen.organisations} != {0}, "the demo has a moving trend"
    assert seen.drafts == tuple(drafts) and len(drafts) == 1


def test_the_first_look_leaves_out_archived_organisations_as_home_does(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    ws = Workspace.open(f"sqlite:///{path}", today=TODAY)
    load_demo(ws, today=TODAY)
    with ws.session() as session:
        (draft,) = list_drafts(session)
    set_archived(ws, organisation_id=draft.organisation_id, archived=True)
    home = portfolio_service.home(ws)
    everything = portfolio_service.home(ws, include_archived=True)
    with ws.session() as session:
        summaries = list_organisations(session, today=TODAY, include_archived=False)
    ws.close()

    seen = glance(f"sqlite:///{path}", today=TODAY)

    assert seen is not None
    assert seen.organisations == home.organisations and seen.drafts == home.drafts == ()
    assert [line.organisation_id for line in seen.organisations] == [
        summary.organisation.id for summary in summaries
    ]
    assert draft.organisation_id not in {line.organisation_id for line in seen.organisations}
    assert len(everything.organisations) == len(seen.organisations) + 1
    assert [d.assessment_id for d in everything.drafts] == [draft.assessment_id]
    assert [line.archived for line in everything.organisations].count(True) == 1


def test_an_empty_database_is_an_empty_look(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    open_database(f"sqlite:///{path}").dispose()
    seen = glance(f"sqlite:///{path}", today=TODAY)
    assert seen is not None and seen.organisations == () and seen.drafts == ()


def test_no_look_while_another_connection_is_writing(tmp_path: Path, mini: Questionnaire) -> None:
    path = tmp_path / "busy.db"
    db = open_database(f"sqlite:///{path}")
    try:
        with db.session() as session:
            org = create_organisation(session, name="Acme")
            assert org.id is not None
            draft = start_assessment(
                session, organisation_id=org.id, period="2026-Q1", questionnaire=mini
            )
            assert draft.id is not None
            ann = add_respondent(session, assessment_id=draft.id, name="Ann", role=Role.LEADER)
            assert ann.id is not None
            save_answer(session, respondent_id=ann.id, answer=make_answer("alpha.one", 3))
        assert (tmp_path / "busy.db-wal").stat().st_size > 0
        assert glance(f"sqlite:///{path}", today=TODAY) is None
    finally:
        db.dispose()
    seen = glance(f"sqlite:///{path}", today=TODAY)
    assert seen is not None and [d.organisation for d in seen.drafts] == ["Acme"]


def test_no_look_at_a_database_from_another_version(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    open_database(f"sqlite:///{path}").dispose()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001_initial'")
    connection.close()
    before = _state(tmp_path)
    assert glance(f"sqlite:///{path}", today=TODAY) is None
    assert _state(tmp_path) == before


@pytest.mark.parametrize(
    "content", [b"", b"not a database at all\n" * 100, b"SQLite format 3\x00" + b"\xff" * 4000]
)
def test_no_look_at_a_file_that_is_not_a_usable_database(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "odd.db"
    path.write_bytes(content)
    before = _state(tmp_path)
    assert glance(f"sqlite:///{path}", today=TODAY) is None
    assert _state(tmp_path) == before


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://me:secret@localhost/audits",
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///{tmp}/cxaudit.db?mode=ro",
    ],
)
def test_no_look_without_a_plain_sqlite_file(tmp_path: Path, url: str) -> None:
    assert glance(url.format(tmp=tmp_path), today=TODAY) is None
    assert list(tmp_path.iterdir()) == []


def test_a_missing_file_is_not_created(tmp_path: Path) -> None:
    assert glance(f"sqlite:///{tmp_path / 'missing.db'}", today=TODAY) is None
    assert list(tmp_path.iterdir()) == []


def test_a_file_named_with_url_characters_is_looked_at(tmp_path: Path) -> None:
    from cxaudit.paths import database_url

    path = tmp_path / "clients?#%20.db"
    url = database_url(str(path))
    open_database(url).dispose()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clients?#%20.db"]
    seen = glance(url, today=TODAY)
    assert seen is not None and seen.organisations == ()
