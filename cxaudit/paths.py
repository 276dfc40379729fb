"""Where cxaudit keeps user data.

Nothing here touches the file system at import time: every function computes a path when it is
called, and only `ensure_dir` creates folders. `CXAUDIT_HOME` redirects every user path, which the
tests use so that they never touch the real home.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

APP_NAME = "cxaudit"
HOME_ENV = "CXAUDIT_HOME"
DB_ENV = "CXAUDIT_DB"


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """The folder holding the default SQLite database."""
    home = _home_override()
    if home is not None:
        return home / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The folder holding `config.toml`."""
    home = _home_override()
    if home is not None:
        return home / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    """The user's configuration file (optional)."""
    return config_dir() / "config.toml"


def user_questionnaires_dir() -> Path:
    """The folder where a user's own questionnaire files are picked up."""
    home = _home_override()
    if home is not None:
        return home / "questionnaires"
    return data_dir() / "questionnaires"


def default_db_path() -> Path:
    """The embedded SQLite database used when no `--db` or `CXAUDIT_DB` is given."""
    return data_dir() / "cxaudit.db"


def database_url(value: str) -> str:
    """A database as `--db` or `CXAUDIT_DB` gives it: a URL, or a plain path to a SQLite file.

    A value without `://` is a file path (`~` expanded, relative to the current folder); `%`,
    `?` and `#` in it are escaped so they stay part of the file name. A value that starts like a
    URL (`postgresql:/host`) or holds `@` or `=` (a mistyped URL or a connection string) is left
    alone, to be refused as a bad URL rather than taken for a file name.
    """
    text = value.strip()
    if not text or "://" in text or re.match(r"[A-Za-z][A-Za-z0-9+.-]+:", text):
        return text
    if "@" in text or "=" in text:
        return text
    # Absolute, but a link is kept as a link: resolving it here would hide a dangling one, and
    # the folder it points into would be created instead of the link being refused.
    path = os.path.abspath(Path(text).expanduser())
    for character, escaped in (("%", "%25"), ("?", "%3F"), ("#", "%23")):
        path = path.replace(character, escaped)
    return f"sqlite:///{path}"


def default_db_url() -> str:
    """The database URL in force: `CXAUDIT_DB` if set, else the embedded SQLite file."""
    value = os.environ.get(DB_ENV, "").strip()
    if value:
        return database_url(value)
    return f"sqlite:///{default_db_path()}"


def builtin_questionnaires_dir() -> Path:
    """The questionnaires shipped with cxaudit (inside the wheel, or at the top of a checkout)."""
    package_dir = Path(__file__).resolve().parent
    inside = package_dir / "questionnaires"
    if inside.is_dir():
        return inside
    return package_dir.parent / "questionnaires"


def ensure_dir(path: Path) -> Path:
    """Create `path` (and any missing parents) if needed, private to its owner, and return it.

    Each folder created is mode 0700 whatever the umask (under `umask 000` a plain `mkdir` would
    give 0777); a folder that already exists keeps its mode.
    """
    missing: list[Path] = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made by another process just now, or a dangling link: left as it is
        folder.chmod(0o700)
    return path
