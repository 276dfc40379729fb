"""`orgs` and `history --format csv` write formula-like text behind a `'`, like `export`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from cxaudit.cli import cli
from cxaudit.services import open_workspace
from cxaudit.storage import repository


@pytest.mark.parametrize("name", ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_a_formula_like_name_is_escaped_in_listing_csv(tmp_path: Path, name: str) -> None:
    url = f"sqlite:///{tmp_path / 'f.db'}"
    with open_workspace(url) as ws, ws.session() as session:
        repository.create_organisation(session, name=name, sector="=cmd|' /C calc'!A0")
    for args in (["orgs", "--format", "csv"], ["orgs", "--format", "csv", "--wide"]):
        result = CliRunner().invoke(cli, ["--db", url, *args])
        assert result.exit_code == 0, result.output
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert rows[0]["name"] == "'" + name
        assert not any(value.startswith(("=", "+", "-", "@")) for value in rows[0].values())
