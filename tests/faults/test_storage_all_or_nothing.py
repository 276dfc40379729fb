"""Imports and the demo are all or nothing: a failure part-way leaves the database as it was.

Issue 19 §2: `import backup.json --replace` deleted the old assessment in one transaction and
loaded the new one in others, a backup of many organisations failed part-way with some of them
kept, and `demo` on a full disk left one organisation, after which `demo` said "already
loaded". Each is now one transaction; here each fails part-way (a real full disk on SQLite, a
failing write on both engines) and nothing it did is kept; so does a response import whose
completion fails. Kills are in `test_import_kill.py` and `test_import_kill_demo.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from cxaudit.catalogue import default_questionnaire
from cxaudit.domain.model import (
    Assessment,
)
from cxaudit.errors import CxauditError, StorageError
from cxaudit.services import Workspace, exchange_restore
from cxaudit.services.demo import DEMO_NAMES, load_demo
from cxaudit.services.exchange import export_backup, import_backup, import_responses
from cxaudit.storage import bulk_load_assessments, create_organisation, open_database, repository
from cxaudit.transfer.backup import backup_text
from tests.storage.conftest import db_url, workspace
from tests.storage.loads import assessment_of

__all__ = ["db_url", "workspace"]


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    return workspace


def _everything(ws: Workspace) -> str:
    """The whole database as a backup's text: equal texts mean nothing changed."""
    return backup_text(export_backup(ws))


def _assessment(name: str, period: str, people: int, note: str) -> Assessment:
    return assessment_of(
        default_questionnaire(), organisation=name, period=period, people=people, note=note
    )


def _load(ws: Workspace, *assessments: Assessment) -> None:
    with ws.session() as session:
        bulk_load_assessments(
            session, questionnaire=default_questionnaire(), assessments_to_load=list(assessments)
        )


def _fail_on_call(monkeypatch: pytest.MonkeyPatch, name: str, call: int) -> None:
    """Make the repository's `name` fail, as a full disk would, on its `call`-th use."""
    real = getattr(repository, name)
    calls = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == call:
            raise StorageError("The disk holding the database is full; free some space.")
        return real(*args, **kwargs)

    monkeypatch.setattr(repository, name, failing)


# --------------------------------------------------------------------------------------------
# Backups
# --------------------------------------------------------------------------------------------


@pytest.fixture
def backup(tmp_path: Path) -> Path:
    """A backup of Ромашка's new 2025-Q2 and three other organisations' assessments."""
    source = Workspace(open_database(f"sqlite:///{tmp_path / 'source.db'}"))
    _load(
        source,
        _assessment("Ромашка", "2025-Q2", 6, "new"),
        *(_assessment(f"Client {i}", "2025-Q2", 2, "new") for i in range(3)),
    )
    path = tmp_path / "backup.json"
    path.write_text(_everything(source), encoding="utf-8")
    source.close()
    return path


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("create_organisations", 1),
        ("delete_assessment", 1),
        ("bulk_load_assessments", 1),
        ("bulk_load_assessments", 3),
        ("set_next_due", 1),
    ],
)
def test_a_replace_that_fails_part_way_keeps_the_old_assessment(
    ws: Workspace, backup: Path, monkeypatch: pytest.MonkeyPatch, name: str, call: int
) -> None:
    _load(ws, _assessment("Ромашка", "2025-Q2", 2, "old"), _assessment("Keep", "2025-Q1", 1, "k"))
    before = _everything(ws)
    # Small loads, so that the backup goes in over several (the failure can come between them).
    monkeypatch.setattr(exchange_restore, "BATCH_RESPONDENTS", 2)
    _fail_on_call(monkeypatch, name, call)

    with pytest.raises(StorageError, match="disk"):
        import_backup(ws, path=backup, replace=True)

    assert _everything(ws) == before
    monkeypatch.undo()
    summary = import_backup(ws, path=backup, replace=True)
    assert (summary.assessments_replaced, summary.organisations_created) == (1, 3)


def test_a_backup_is_matched_by_name_never_by_an_id_it_looks_like(
    ws: Workspace, tmp_path: Path
) -> None:
    """A backup organisation called "1" is a new organisation, not the one with id 1."""
    _load(ws, _assessment("Ромашка", "2025-Q2", 2, "old"))
    with ws.session() as session:
        before = repository.find_assessment(session, organisation_ref="Ромашка", period="2025-Q2")
    assert before.organisation.id == 1
    source = Workspace(open_database(f"sqlite:///{tmp_path / 'other.db'}"))
    _load(
        source, _assessment("1", "2025-Q2", 1, "new"), _assessment("ромашка-x", "2025-Q3", 1, "n")
    )
    path = tmp_path / "one.json"
    path.write_text(_everything(source), encoding="utf-8")
    source.close()

    summary = import_backup(ws, path=path, replace=True)

    assert (summary.organisations_created, summary.assessments_replaced) == (2, 0)
    with ws.session() as session:
        one = repository.organisations_by_name(session)["1"]
        assert one.id is not None and one.id != 1
        after = repository.assessment_periods(session, organisation_id=one.id)
        kept = repository.find_assessment(session, organisation_ref="Ромашка", period="2025-Q2")
        periods = repository.assessment_periods(session, organisation_id=1)
    assert list(after) == ["2025-Q2"]
    assert kept == before and list(periods) == ["2025-Q2"]


# --------------------------------------------------------------------------------------------
# Response files
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("draft_there", [False, True], ids=["new-assessment", "into-a-draft"])
def test_responses_whose_completion_fails_are_not_kept_either(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, draft_there: bool
) -> None:
    mini = str(Path(__file__).parent.parent / "fixtures" / "mini.toml")
    if draft_there:
        first = tmp_path / "first.csv"
        first.write_text("respondent,role,question_id,answer,note\nAnn,leader,alpha.one,3,\n")
        import_responses(
            ws, paths=[first], organisation="Acme", period="2026-Q1", questionnaire_ref=mini
        )
    before = _everything(ws)
    answers = tmp_path / "answers.csv"
    answers.write_text("respondent,role,question_id,answer,note\nBo,frontline,alpha.one,4,\n")
    _fail_on_call(monkeypatch, "complete_assessment", 1)

    with pytest.raises(StorageError, match="disk"):
        import_responses(
            ws,
            paths=[answers],
            organisation="Acme",
            period="2026-Q1",
            questionnaire_ref=mini,
            complete=True,
        )

    assert _everything(ws) == before


# --------------------------------------------------------------------------------------------
# The demo
# --------------------------------------------------------------------------------------------


def test_the_demo_on_a_full_disk_leaves_nothing_and_loads_whole_later(tmp_path: Path) -> None:
    ws = Workspace.open(f"sqlite:///{tmp_path / 'cxaudit.db'}")
    with ws.session() as session:
        create_organisation(session, name="Mine")
        pages = session.connection().exec_driver_sql("PRAGMA page_count").scalar_one()
    before = _everything(ws)
    ws.db.dispose()
    limit = int(pages) + 40  # room for the first organisation or so, not the whole demo

    def cap(connection: Any, _record: Any) -> None:
        connection.execute(f"PRAGMA max_page_count = {limit}")

    event.listen(ws.db.engine, "connect", cap)
    with pytest.raises(StorageError, match="disk holding the database is full"):
        load_demo(ws)
    event.remove(ws.db.engine, "connect", cap)
    ws.db.dispose()

    assert _everything(ws) == before
    again = load_demo(ws)
    assert again.created, again.message
    with ws.session() as session:
        names = {s.organisation.name for s in repository.list_organisations(session)}
    assert names == {"Mine", *DEMO_NAMES}
    ws.close()


def test_the_demo_failing_part_way_keeps_nothing(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_on_call(monkeypatch, "bulk_load_assessments", 2)
    with pytest.raises(StorageError):
        load_demo(ws)
    with ws.session() as session:
        assert repository.list_organisations(session) == []
    monkeypatch.undo()
    assert load_demo(ws).created


def test_part_of_a_demo_is_not_taken_for_the_whole_of_it(ws: Workspace) -> None:
    with ws.session() as session:
        create_organisation(session, name=DEMO_NAMES[0])
    with pytest.raises(CxauditError, match="Only part of the demo is here"):
        load_demo(ws)
    rebuilt = load_demo(ws, force=True)
    assert rebuilt.created and set(rebuilt.organisations) == set(DEMO_NAMES)
    assert not load_demo(ws).created
