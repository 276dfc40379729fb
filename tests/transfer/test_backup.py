"""JSON backups: complete, versioned, merged on import, and identical after a round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxaudit.catalogue import get_questionnaire
from cxaudit.errors import DataImportError
from cxaudit.services.exchange import export_backup, import_backup, import_responses
from cxaudit.services.workspace import Workspace
from cxaudit.transfer.backup import backup_text
from tests.transfer.conftest import database_checksum

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _small_db(tmp_path: Path) -> str:
    """Two assessments of one organisation made through the response importer."""
    url = f"sqlite:///{tmp_path / 'small.db'}"
    db = Workspace.open(url)
    mini = str(FIXTURES / "mini.toml")
    for period, level in (("2025-Q4", "2"), ("2026-Q1", "4")):
        csv = _write(
            tmp_path / f"{period}.csv",
            "respondent,role,question_id,answer,note\n"
            f"Ann,leader,alpha.one,{level},Seen in the board pack\n"
            "Ann,leader,beta.one,na,We have no shops\n"
            "Bo,frontline,alpha.one,1,\n"
            "Bo,frontline,alpha.two,unknown,\n",
        )
        import_responses(
            db,
            paths=[csv],
            organisation="Acme",
            period=period,
            questionnaire_ref=mini,
            complete=True,
        )
    return url


def test_round_trip_gives_identical_files(tmp_path: Path) -> None:
    first = backup_text(export_backup(Workspace.open(_small_db(tmp_path))))
    saved = _write(tmp_path / "backup.json", first)
    empty = Workspace.open(f"sqlite:///{tmp_path / 'empty.db'}")
    summary = import_backup(empty, path=saved)
    assert summary.assessments_imported == 2 and summary.organisations_created == 1
    assert backup_text(export_backup(empty)) == first


def test_backup_holds_everything_needed_to_restore(demo_db_path: Path) -> None:
    data = export_backup(Workspace.open(f"sqlite:///{demo_db_path}"))
    assert (data["format"], data["version"]) == ("cxaudit-backup", 1)
    (questionnaire,) = data["questionnaires"]
    assert questionnaire["hash"] == get_questionnaire().content_hash
    assert questionnaire["content"]["areas"]
    northwind = next(o for o in data["organisations"] if o["name"] == "Northwind Energy")
    statuses = {a["status"] for a in northwind["assessments"]}
    assert statuses == {"complete", "draft"}
    latest = [a for a in northwind["assessments"] if a["status"] == "complete"][-1]
    assert latest["questionnaire"]["hash"] == questionnaire["hash"]
    assert latest["created_at"] and latest["completed_at"]
    answer = latest["respondents"][0]["answers"][0]
    assert set(answer) == {
        "question_id", "value", "na_reason", "note", "evidence", "needs_reconfirm", "updated_at",
        "confidence", "unverified",
    }  # fmt: skip
    carried = [a for a in latest["actions"] if a["carried_from"]]
    assert carried and all("#" in a["carried_from"] for a in carried)


def test_round_trip_keeps_carried_action_links(demo_db_path: Path, tmp_path: Path) -> None:
    first = backup_text(export_backup(Workspace.open(f"sqlite:///{demo_db_path}")))
    saved = _write(tmp_path / "demo.json", first)
    empty = Workspace.open(f"sqlite:///{tmp_path / 'empty.db'}")
    import_backup(empty, path=saved)
    assert backup_text(export_backup(empty)) == first


def test_import_merges_and_replaces_only_when_asked(tmp_path: Path) -> None:
    url = _small_db(tmp_path)
    db = Workspace.open(url)
    data = export_backup(db)
    data["organisations"][0]["assessments"][0]["respondents"][0]["answers"][0]["note"] = "Changed"
    saved = _write(tmp_path / "changed.json", backup_text(data))
    before = database_checksum(Path(url.removeprefix("sqlite:///")))
    kept = import_backup(db, path=saved)
    assert kept.assessments_imported == 0 and len(kept.assessments_skipped) == 2
    assert "--replace" in kept.message
    assert database_checksum(Path(url.removeprefix("sqlite:///"))) == before
    replaced = import_backup(db, path=saved, replace=True)
    assert replaced.assessments_replaced == 2
    assert backup_text(export_backup(db)) == backup_text(data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{not json", r"is not valid JSON \(line 1"),
        ('{"format": "something-else"}', "is not a cxaudit backup"),
        ('{"format": "cxaudit-backup", "version": 99}', "version 99"),
        ('{"format": "cxaudit-backup", "version": 1, "organisations": [{}]}', "problem"),
    ],
)
def test_malformed_backups_are_refused_and_change_nothing(
    tmp_path: Path, text: str, expected: str
) -> None:
    url = _small_db(tmp_path)
    path = Path(url.removeprefix("sqlite:///"))
    before = database_checksum(path)
    with pytest.raises(DataImportError, match=expected):
        import_backup(Workspace.open(url), path=_write(tmp_path / "bad.json", text))
    assert database_checksum(path) == before


def test_a_tampered_questionnaire_is_caught(tmp_path: Path) -> None:
    db = Workspace.open(_small_db(tmp_path))
    data = export_backup(db)
    data["questionnaires"][0]["content"]["title"] = "Edited by hand"
    data["organisations"][0]["assessments"][1]["respondents"][0]["answers"][0]["question_id"] = (
        "alpha.nine"
    )
    with pytest.raises(DataImportError) as caught:
        import_backup(db, path=_write(tmp_path / "t.json", json.dumps(data)))
    text = "\n".join(caught.value.problems)
    assert "does not match its hash" in text
