"""The layers stay apart at run time, not only on paper."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("textual", "sqlalchemy", "sqlmodel", "reportlab", "alembic", "openpyxl")


def _modules_after(code: str) -> set[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    return {name.split(".")[0] for name in json.loads(out.strip().splitlines()[-1])}


def test_domain_imports_no_ui_database_or_pdf_library() -> None:
    loaded = _modules_after(
        "import cxaudit.domain, cxaudit.domain.questionnaire, cxaudit.domain.model\n"
        "import pkgutil, importlib\n"
        "for m in pkgutil.iter_modules(cxaudit.domain.__path__):\n"
        "    importlib.import_module('cxaudit.domain.' + m.name)"
    )
    assert "cxaudit" in loaded
    for name in HEAVY:
        assert name not in loaded, f"cxaudit.domain pulled in {name}"


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from cxaudit.cli import cli\n"
        "result = CliRunner().invoke(cli, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "assert 'questionnaire' in result.output\n"
    )
    loaded = _modules_after(code)
    for name in HEAVY:
        assert name not in loaded, f"cxaudit --help imported {name}"


def test_the_first_look_at_a_database_loads_no_storage_library_or_model(tmp_path: Path) -> None:
    """Home is filled before SQLAlchemy and the domain models load, so the look needs neither."""
    path = tmp_path / "cxaudit.db"
    subprocess.run(
        [sys.executable, "-m", "cxaudit", "--db", str(path), "demo"],
        capture_output=True,
        check=True,
        env={**os.environ, "CXAUDIT_HOME": str(tmp_path)},
    )
    loaded = _modules_after(
        "from datetime import date\n"
        "from cxaudit.services.portfolio import first_look\n"
        f"seen = first_look('sqlite:///{path}', today=date(2026, 11, 23))\n"
        "assert seen is not None and len(seen.organisations) == 12, seen\n"
    )
    for name in (*HEAVY, "pydantic"):
        assert name not in loaded, f"the first look imported {name}"


def test_services_import_no_ui_or_cli_library() -> None:
    """The use-cases serve both front ends, so loading them loads neither front end's library."""
    loaded = _modules_after(
        "import cxaudit.services, pkgutil, importlib\n"
        "for m in pkgutil.walk_packages(cxaudit.services.__path__, 'cxaudit.services.'):\n"
        "    importlib.import_module(m.name)"
    )
    assert "cxaudit" in loaded
    for name in ("textual", "click", "textual_serve"):
        assert name not in loaded, f"cxaudit.services pulled in {name}"
