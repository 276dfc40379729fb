"""SQLite files: found from a URL, checked read-only, created private and backed up.

A person's whole history lives in one file, so nothing may write to a file before it is known
to be a healthy cxaudit database that can be written: a damaged, foreign or read-only file is
refused with one sentence and left byte-for-byte as it was. Only the standard library is used;
which schema revisions are known is decided by `cxaudit.storage.migrate`.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from cxaudit.errors import StorageError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

SQLITE_MAGIC = b"SQLite format 3\x00"
QUICK_CHECK_LIMIT = 32 * 1024 * 1024
"""Files up to this size get a full `PRAGMA quick_check` before they are opened; larger ones
(benchmark-sized portfolios) get the cheaper header and schema checks only, so opening stays
fast. Damage found later still surfaces as a `StorageError`."""


def sqlite_path(url: URL) -> Path | None:
    """The file a SQLite URL names; None for an in-memory database."""
    database = url.database
    if database in (None, "", ":memory:") or url.query.get("mode") == "memory":
        return None
    assert database is not None
    if database.startswith("file:"):
        database = database[len("file:") :]
    return Path(database).expanduser()


@dataclass(frozen=True)
class FileState:
    """What a read-only look at a SQLite file found."""

    is_new: bool
    revision: str | None
    has_tables: bool


def is_marked_read_only(path: Path) -> bool:
    # Mode bits as well as access(): root may write anything, but a file or folder someone
    # marked read-only is a clear statement that cxaudit must not change it.
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


def _read_only_connect(path: Path) -> sqlite3.Connection:
    """A read-only connection that leaves the folder exactly as it was.

    A WAL-mode file opened read-only still gets empty `-wal`/`-shm` files created beside it;
    with no `-wal` present there is nothing uncommitted to read, so the file is opened as
    immutable, which creates nothing and takes no locks.
    """
    wal = path.with_name(f"{path.name}-wal")
    options = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    return sqlite3.connect(f"file:{quote(str(path))}?{options}", uri=True, timeout=10)


def refuse_odd_file(path: Path) -> None:
    """Refuse an existing path that cannot hold a database: a folder, a FIFO, a device, a socket.

    Checked before a byte is read, since opening a FIFO waits for a writer that never comes.
    """
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise StorageError(f"The database {path} cannot be read ({exc.strerror}).") from None
    if stat.S_ISDIR(mode):
        raise StorageError(f"{path} is a folder, not a database file.")
    if not stat.S_ISREG(mode):
        raise StorageError(
            f"{path} is not a regular file (it is a {_kind(mode)}), so it cannot hold a "
            "cxaudit database; give the path of a database file, or of one to create."
        )


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def inspect_sqlite_file(path: Path) -> FileState:
    """Look at an existing SQLite file without changing a byte of it.

    Refused with a `StorageError`: a folder, an unreadable, foreign, read-only or damaged file.
    Whether its revision is one this cxaudit knows is for the caller to check.
    """
    where = str(path)
    refuse_odd_file(path)
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StorageError(f"The database {where} cannot be read ({exc.strerror}).") from None
    if not header:
        return FileState(is_new=True, revision=None, has_tables=False)
    if not header.startswith(SQLITE_MAGIC):
        raise StorageError(f"{where} is not a cxaudit database (it is not a SQLite file).")
    if is_marked_read_only(path) or is_marked_read_only(path.parent):
        folder = path.parent if not is_marked_read_only(path) else None
        what = f"its folder {folder}" if folder is not None else "the file"
        raise StorageError(
            f"The database {where} cannot be opened because {what} is read-only; "
            "cxaudit saves every answer as it is given, so it needs write access."
        )
    try:
        with closing(_read_only_connect(path)) as con:
            if path.stat().st_size <= QUICK_CHECK_LIMIT:
                verdict = con.execute("PRAGMA quick_check").fetchone()
                if verdict is None or verdict[0] != "ok":
                    raise sqlite3.DatabaseError("quick_check failed")
            names = {row[0] for row in con.execute("SELECT name FROM sqlite_master")}
            revision: str | None = None
            if "alembic_version" in names:
                row = con.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
    except sqlite3.DatabaseError:
        raise StorageError(
            f"The database {where} is damaged and cannot be opened; restore it from a backup "
            f"(cxaudit keeps copies named {path.name}.backup-… next to it)."
        ) from None
    user_tables = {n for n in names if not n.startswith("sqlite_")}
    if user_tables and revision is None and user_tables != {"alembic_version"}:
        raise StorageError(f"{where} is a SQLite file but not a cxaudit database.")
    return FileState(is_new=False, revision=revision, has_tables=bool(user_tables))


def create_sqlite_file(path: Path) -> None:
    """Create an empty database file only its owner can read (mode 0600), in folders only its
    owner can enter (0700, for each one created).

    A link to a file that does not exist is refused rather than followed: following it would
    create the file, and folders, somewhere the person never named.
    """
    from cxaudit.paths import ensure_dir

    if path.is_symlink():
        target = Path(os.path.normpath(path.parent / os.readlink(path)))
        raise StorageError(
            f"{path} is a link to {target}, which does not exist; "
            "restore the file it points to, or give the database's real path."
        )
    try:
        ensure_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise StorageError(
            f"The database {path} cannot be created ({exc.strerror or exc}); "
            "choose a folder you can write to with --db or CXAUDIT_DB."
        ) from None
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
    finally:
        os.close(fd)


def make_private(path: Path) -> None:
    """Narrow an empty file about to become a database to its owner (0600).

    A file someone made (`touch`) carries their umask's mode; once cxaudit writes a whole
    history into it, it must be as private as a file cxaudit creates. A file owned by someone
    else keeps its mode.
    """
    try:
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            path.chmod(0o600)
    except PermissionError:
        return


def _now_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def backup_sqlite_file(path: Path) -> Path:
    """Copy the database to `<name>.backup-<UTC timestamp>` (mode 0600) and return the copy.

    SQLite's online backup is used rather than a byte copy, so committed changes still in the
    write-ahead log are part of the copy.
    """
    target = path.with_name(f"{path.name}.backup-{_now_stamp()}")
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        with closing(_read_only_connect(path)) as source, closing(sqlite3.connect(target)) as dest:
            source.backup(dest)
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise StorageError(
            f"cxaudit could not back up {path} before upgrading it ({exc})."
        ) from None
    return target
