"""Opening databases: file safety, pragmas, autosave, damaged files, migrations and secrets."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from cxaudit.domain.model import Role, make_answer
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import StorageError
from cxaudit.storage import (
    add_respondent,
    create_organisation,
    list_organisations,
    mask_url,
    open_database,
    save_answer,
    start_assessment,
)
from cxaudit.storage.engine import head_revision, migrate_to
from cxaudit.storage.tables import metadata

FIRST_REVISION = "0001_initial"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "cxaudit.db"


@pytest.fixture
def filled(db_file: Path, mini: Questionnaire) -> Iterator[Path]:
    """A closed database file holding one organisation with one answer."""
    db = open_database(_url(db_file))
    with db.session() as session:
        org = create_organisation(session, name="Acme")
        assert org.id is not None
        a = start_assessment(session, organisation_id=org.id, period="2026-Q1", questionnaire=mini)
        assert a.id is not None
        r = add_respondent(session, assessment_id=a.id, name="Ann", role=Role.LEADER)
        assert r.id is not None
        save_answer(session, respondent_id=r.id, answer=make_answer("alpha.one", 3))
    db.dispose()
    yield db_file


# --------------------------------------------------------------------------------------------
# A new SQLite file
# --------------------------------------------------------------------------------------------


def test_default_database_lives_in_the_user_data_folder(isolated_home: Path) -> None:
    db = open_database()
    try:
        assert db.sqlite_path == isolated_home / "data" / "cxaudit.db"
        assert db.sqlite_path.is_file()
    finally:
        db.dispose()


def test_new_file_and_its_journal_are_private_to_their_owner(db_file: Path) -> None:
    db = open_database(_url(db_file))
    try:
        with db.session() as session:
            create_organisation(session, name="Acme")
        journal = db_file.with_name(db_file.name + "-wal")
        assert journal.exists()
        assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    finally:
        db.dispose()
    assert stat.S_IMODE(db_file.stat().st_mode) == 0o600


def test_an_in_memory_database_works_for_quick_checks() -> None:
    db = open_database("sqlite://")
    try:
        with db.session() as session:
            create_organisation(session, name="Acme")
            assert [s.organisation.slug for s in list_organisations(session)] == ["acme"]
        assert db.sqlite_path is None and db.schema_revision() == head_revision()
    finally:
        db.dispose()


def test_every_connection_has_the_safety_pragmas(db_file: Path) -> None:
    db = open_database(_url(db_file))
    try:
        for _ in range(2):  # a second pooled connection gets them too
            with db.engine.connect() as connection:
                got = {
                    name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                    for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
                }
            assert got == {
                "journal_mode": "wal",
                "synchronous": 1,  # NORMAL
                "foreign_keys": 1,
                "busy_timeout": 10000,
            }
    finally:
        db.dispose()


def test_each_answer_is_on_disk_the_moment_it_is_saved(db_file: Path, mini: Questionnaire) -> None:
    db = open_database(_url(db_file))
    try:
        with db.session() as session:
            org = create_organisation(session, name="Acme")
            assert org.id is not None
            a = start_assessment(
                session, organisation_id=org.id, period="2026-Q1", questionnaire=mini
            )
            assert a.id is not None
            r = add_respondent(session, assessment_id=a.id, name="Ann", role=Role.LEADER)
            assert r.id is not None
            for level, question_id in enumerate(("alpha.one", "alpha.two", "beta.one"), start=1):
                save_answer(session, respondent_id=r.id, answer=make_answer(question_id, level))
                # Another connection, as another process would have, sees it straight away.
                with sqlite3.connect(db_file) as other:
                    seen = other.execute(
                        "SELECT value FROM answers WHERE question_id = ?", (question_id,)
                    ).fetchone()
                assert seen == (str(level),)
    finally:
        db.dispose()


# --------------------------------------------------------------------------------------------
# Files cxaudit must refuse, untouched
# --------------------------------------------------------------------------------------------


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("These are my meeting notes, not a database.\n" * 20)
    before = _digest(path)
    with pytest.raises(StorageError, match="not a cxaudit database"):
        open_database(_url(path))
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


@pytest.mark.parametrize("damage", ["garbled", "truncated"])
def test_a_damaged_database_is_refused_untouched(filled: Path, damage: str) -> None:
    data = bytearray(filled.read_bytes())
    if damage == "garbled":
        page = 4096
        data[page + 100 : page * 3] = b"\xa5" * (page * 2 - 100)
    else:
        data = data[: len(data) // 2 + 17]
    filled.write_bytes(bytes(data))
    before = _digest(filled)
    with pytest.raises(StorageError, match="is damaged"):
        open_database(_url(filled))
    assert _digest(filled) == before


def test_a_database_from_a_newer_cxaudit_is_refused_untouched(filled: Path) -> None:
    with sqlite3.connect(filled) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.close()
    before = _digest(filled)
    with pytest.raises(StorageError, match="newer cxaudit .schema 9999_from_the_future."):
        open_database(_url(filled))
    assert _digest(filled) == before
    assert not list(filled.parent.glob("*.backup-*"))


def test_a_read_only_file_is_refused_untouched(filled: Path) -> None:
    before = _digest(filled)
    filled.chmod(0o400)
    try:
        with pytest.raises(StorageError, match="read-only"):
            open_database(_url(filled))
    finally:
        filled.chmod(0o600)
    assert _digest(filled) == before


def test_a_read_only_folder_is_refused_untouched(filled: Path) -> None:
    before = _digest(filled)
    filled.parent.chmod(0o500)
    try:
        with pytest.raises(StorageError, match="read-only"):
            open_database(_url(filled))
    finally:
        filled.parent.chmod(0o700)
    assert _digest(filled) == before


def test_a_folder_that_cannot_be_created_is_one_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StorageError, match="cannot be created"):
        open_database(_url(blocker / "sub" / "cxaudit.db"))


def test_an_unsupported_database_is_one_sentence() -> None:
    with pytest.raises(StorageError, match="cannot use a 'mysql' database"):
        open_database("mysql://user:pw@localhost/db")


# --------------------------------------------------------------------------------------------
# Migrations
# --------------------------------------------------------------------------------------------


def test_models_and_migrations_agree(db_url: str) -> None:
    db = open_database(db_url)
    try:
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
        assert db.schema_revision() == head_revision()
    finally:
        db.dispose()


def test_an_older_database_is_backed_up_then_upgraded(db_file: Path) -> None:
    url = _url(db_file)
    db_file.parent.mkdir(parents=True)
    migrate_to(url, FIRST_REVISION)
    with sqlite3.connect(db_file) as connection:
        connection.execute(
            "INSERT INTO organisations (name, slug, sector, default_targets, created_at) "
            "VALUES ('Acme', 'acme', '', '{}', '2026-01-01 00:00:00')"
        )
    connection.close()

    db = open_database(url)
    try:
        assert db.schema_revision() == head_revision()
        with db.session() as session:
            assert [s.organisation.name for s in list_organisations(session)] == ["Acme"]
    finally:
        db.dispose()

    (backup,) = db_file.parent.glob("cxaudit.db.backup-*")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with sqlite3.connect(backup) as connection:
        kept = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        names = connection.execute("SELECT name FROM organisations").fetchall()
    connection.close()
    assert kept == (FIRST_REVISION,) and names == [("Acme",)]


def test_an_up_to_date_database_is_not_backed_up_again(filled: Path) -> None:
    open_database(_url(filled)).dispose()
    assert not list(filled.parent.glob("*.backup-*"))


# --------------------------------------------------------------------------------------------
# Secrets
# --------------------------------------------------------------------------------------------


def test_a_password_never_shows(capfd: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://alice:s3cret-Pa55@127.0.0.1:1/cxaudit"
    assert mask_url(url) == "postgresql+psycopg://alice:***@127.0.0.1:1/cxaudit"
    with pytest.raises(StorageError) as caught:
        open_database(url)
    assert "s3cret-Pa55" not in str(caught.value)
    assert "alice:***@" in str(caught.value)
    out, err = capfd.readouterr()
    assert "s3cret-Pa55" not in out + err


@pytest.mark.postgres
def test_postgres_display_url_is_masked(pg_url: str) -> None:
    db = open_database(pg_url)
    try:
        password = db.engine.url.password
        assert password and str(password) not in db.display_url
        assert "***" in db.display_url and str(password) not in repr(db)
    finally:
        db.dispose()


def test_environment_database_url_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.db"
    monkeypatch.setenv("CXAUDIT_DB", _url(target))
    db = open_database()
    try:
        assert db.sqlite_path == target and target.exists()
    finally:
        db.dispose()
    assert os.stat(target).st_size > 0


def test_head_revision_constant_matches_the_migrations() -> None:
    """The shortcut that skips alembic for an up-to-date database must name the real head."""
    from cxaudit.storage.engine import HEAD_REVISION, head_revision

    assert head_revision() == HEAD_REVISION


def test_opening_an_up_to_date_database_does_not_import_alembic(tmp_path: Path) -> None:
    """Start-up cost: a second open of a current database skips alembic entirely."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'current.db'}"
    code = (
        "import sys\n"
        "from cxaudit.storage import open_database\n"
        f"db = open_database({url!r}); db.dispose()\n"
        "print('alembic' in sys.modules)\n"
    )
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    second = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert first.stdout.strip() == "True"  # a new file is created through the migrations
    assert second.stdout.strip() == "False"
