"""`cxaudit links create | list | revoke` on a real database file: the links printed open what
they should, files of links are safe to open in a spreadsheet and to leave on disk, and every
bad input is one sentence with exit code 2 that changes nothing."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cxaudit.cli import cli
from cxaudit.cli.commands.links import DEFAULT_BASE_URL
from cxaudit.cli.commands.serve import serve_cmd
from cxaudit.services import links as links_service
from cxaudit.services.workspace import open_workspace

ORG = "Northwind Energy"
PERIOD = "2027-Q1"
URL = re.compile(r"(https?://\S+)/a/([A-Za-z0-9_-]{43})$")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("links") / "demo.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "demo", "--today", "2026-11-23"])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def db(demo_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "demo.db"
    copy.write_bytes(demo_file.read_bytes())
    return copy


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def tokens(text: str) -> list[tuple[str, str]]:
    found = []
    for line in text.splitlines():
        match = URL.search(line)
        if match:
            found.append((match.group(1), match.group(2)))
    return found


def listed(db: Path) -> list[dict[str, object]]:
    result = run(db, "links", "list", ORG, "--period", PERIOD, "--format", "json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_create_prints_one_link_per_respondent_that_opens_it(db: Path) -> None:
    result = run(
        db,
        "links", "create", ORG, "--period", PERIOD,
        "--respondent", "Ana Silva:leader",
        "--respondent", "Bo:front line",
        "--anonymous", "2", "--role", "manager",
        "--expires", "14d",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found = tokens(result.stdout)
    assert len(found) == 4
    assert {base for base, _ in found} == {DEFAULT_BASE_URL}
    assert result.stdout.splitlines()[0].startswith("Ana Silva (Leader): http://127.0.0.1:8000/a/")
    assert "Anonymous manager 2 (Manager)" in result.stdout
    assert "4 links, valid until" in result.stderr
    with open_workspace(f"sqlite:///{db}") as ws:
        grants = [links_service.open_link(ws, token=token) for _, token in found]
    assert [g.respondent_label if g else None for g in grants] == [
        "Ana Silva",
        "Bo",
        "Anonymous manager 1",
        "Anonymous manager 2",
    ]
    assert all(g is not None and g.period == PERIOD for g in grants)
    rows = listed(db)
    assert [(r["respondent"], r["role"], r["anonymous"], r["link"]) for r in rows] == [
        ("Ana Silva", "leader", False, "active"),
        ("Bo", "frontline", False, "active"),
        ("Anonymous manager 1", "manager", True, "active"),
        ("Anonymous manager 2", "manager", True, "active"),
    ]
    assert rows[0]["state"] == "in progress 0 of 48"


def test_the_base_address_is_serves_default_or_the_one_given(db: Path) -> None:
    defaults = {p.name: p.default for p in serve_cmd.params}
    assert f"http://{defaults['host']}:{defaults['port']}" == DEFAULT_BASE_URL
    result = run(
        db, "links", "create", ORG, "--period", PERIOD, "--anonymous", "1",
        "--public-url", "https://cx.example.org/",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [base for base, _ in tokens(result.stdout)] == ["https://cx.example.org"]


def test_csv_for_mail_merge_is_a_new_private_formula_safe_file(db: Path, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(
        'Name,Role,Team\n=HYPERLINK("http://evil"),frontline,x\n\nCy Dee,Leader,y\n',
        encoding="utf-8",
    )
    target = tmp_path / "out" / "links.csv"
    result = run(
        db, "links", "create", ORG, "--period", PERIOD, "--from", str(people),
        "--format", "csv", "--output", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"Wrote 2 links to {target}" in result.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["name", "role", "url", "expires"]
    assert rows[0]["name"] == '\'=HYPERLINK("http://evil")'
    assert [r["role"] for r in rows] == ["frontline", "leader"]
    assert all(URL.search(r["url"]) for r in rows)
    before = target.read_bytes()
    again = run(
        db, "links", "create", ORG, "--period", PERIOD, "--anonymous", "1",
        "--format", "csv", "-o", str(target),
    )  # fmt: skip
    assert again.exit_code == 2
    assert "already exists" in again.stderr
    assert target.read_bytes() == before
    assert len(listed(db)) == 2, "a refused file issues no links"


def test_csv_to_standard_output(db: Path) -> None:
    result = run(
        db, "links", "create", ORG, "--period", PERIOD, "--respondent", "Ana:leader",
        "--format", "csv", "-o", "-",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("name,role,url,expires\nAna,leader,http://127.0.0.1:8000/a/")


def test_list_and_revoke(db: Path) -> None:
    created = run(
        db, "links", "create", ORG, "--period", PERIOD,
        "--respondent", "Ana:leader", "--respondent", "Bo:frontline", "--anonymous", "1",
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    table = run(db, "links", "list", ORG, "--period", PERIOD)
    assert table.exit_code == 0
    assert "Respondent" in table.stdout and "not opened" in table.stdout
    assert all(len(line) <= 80 for line in table.stdout.splitlines())
    # An anonymous label folds onto two lines at most beside the other columns.
    label_lines = [line for line in table.stdout.splitlines() if line.startswith("Anonymous")]
    assert len(label_lines) == 1 and "Expires" in table.stdout
    assert len(table.stdout.splitlines()) <= 2 + 2 + 2, "header, rule, two rows, one folded"
    revoked = run(db, "links", "revoke", ORG, "--period", PERIOD, "--respondent", " bo ")
    assert (revoked.exit_code, revoked.stdout) == (0, "Revoked 1 link.\n")
    rest = run(db, "links", "revoke", ORG, "--period", PERIOD, "--all")
    assert (rest.exit_code, rest.stdout) == (0, "Revoked 2 links.\n")
    none = run(db, "links", "revoke", ORG, "--period", PERIOD, "--all")
    assert none.exit_code == 0 and "No open links" in none.stdout
    as_csv = run(db, "links", "list", ORG, "--period", PERIOD, "--format", "csv")
    lines = as_csv.stdout.splitlines()
    assert lines[0] == (
        "respondent,role,anonymous,state,answered,questions,last_activity,expires,link"
    )
    assert [line.rsplit(",", 1)[1] for line in lines[1:]] == ["revoked"] * 3
    for name in created.stdout.splitlines():
        match = URL.search(name)
        assert match
        with open_workspace(f"sqlite:///{db}") as ws:
            assert links_service.open_link(ws, token=match.group(2)) is None


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["create", "Nobody Ltd", "--period", PERIOD, "--anonymous", "1"], "no organisation"),
        (["create", ORG, "--period", "someday", "--anonymous", "1"], "someday"),
        (["create", ORG, "--period", PERIOD, "--respondent", "Ana:boss"], "not a role"),
        (["create", ORG, "--period", PERIOD, "--respondent", "Ana"], "Name:role"),
        (["create", ORG, "--period", PERIOD, "--anonymous", "1", "--expires", "3y"], "duration"),
        (["create", ORG, "--period", PERIOD, "--anonymous", "1", "--expires", "400d"], "a year"),
        (["create", ORG, "--period", PERIOD, "--anonymous", "-2"], "0 or more"),
        (["create", ORG, "--period", PERIOD, "--anonymous", "9999"], "between 0 and"),
        (["create", ORG, "--period", PERIOD, "--role", "leader"], "--anonymous"),
        (["create", ORG, "--period", PERIOD], "at least one respondent"),
        (
            [
                "create",
                ORG,
                "--period",
                PERIOD,
                "--respondent",
                "Ana:leader",
                "--respondent",
                "ANA:manager",
            ],
            "listed twice",
        ),  # fmt: skip
        (
            ["create", ORG, "--period", PERIOD, "--anonymous", "1", "--base-url", "evil.example"],
            "not a web address",
        ),
        (
            ["create", ORG, "--period", PERIOD, "--respondent", "Evil\x1b]0;x\x07:leader"],
            "control characters",
        ),
        (["list", ORG, "--period", PERIOD], f"no assessment for {PERIOD}"),
        (["revoke", ORG, "--period", PERIOD, "--all"], f"no assessment for {PERIOD}"),
    ],
)
def test_bad_input_is_one_sentence_and_changes_nothing(
    db: Path, args: list[str], problem: str
) -> None:
    result = run(db, "links", *args)
    assert result.exit_code == 2, result.output
    assert problem in result.stderr
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output
    assert "\x1b" not in result.stderr
    assert result.stdout == ""
    assert run(db, "links", "list", ORG, "--period", PERIOD).exit_code == 2, "no assessment made"


def test_revoke_needs_exactly_one_of_respondent_or_all(db: Path) -> None:
    assert run(db, "links", "create", ORG, "--period", PERIOD, "--anonymous", "1").exit_code == 0
    for args in ([], ["--respondent", "x", "--all"]):
        result = run(db, "links", "revoke", ORG, "--period", PERIOD, *args)
        assert result.exit_code == 2
        assert "--respondent NAME" in result.stderr and "--all" in result.stderr
    unknown = run(db, "links", "revoke", ORG, "--period", PERIOD, "--respondent", "Zed")
    assert unknown.exit_code == 2 and "no respondent called 'Zed'" in unknown.stderr
    assert [r["link"] for r in listed(db)] == ["active"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b"name,team\nAna,x\n", "no role column"),
        (b"role\nleader\n", "no name column"),
        (b"name,role\nAna,boss\n", "line 2: 'boss' is not a role"),
        (b"name,role\n,leader\n", "line 2: the name is empty"),
        (b"name,role\nAna,leader\nana,manager\n", "listed twice"),
        (b"name,role\n\xff\xfeA\x00n\x00a\x00\n", "UTF-8"),
        (b'name,role\n"Ana,leader\n', "is not a role"),
    ],
)
def test_a_bad_people_file_is_one_sentence(
    db: Path, tmp_path: Path, content: bytes, problem: str
) -> None:
    people = tmp_path / "people.csv"
    people.write_bytes(content)
    result = run(db, "links", "create", ORG, "--period", PERIOD, "--from", str(people))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ")
    assert problem in result.stderr
    assert "Traceback" not in result.output


def test_a_missing_people_file_is_a_usage_error(db: Path, tmp_path: Path) -> None:
    result = run(db, "links", "create", ORG, "--period", PERIOD, "--from", str(tmp_path / "x"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_the_database_file_holds_no_token_after_a_real_run(db: Path) -> None:
    env = {**os.environ, "CXAUDIT_DB": str(db)}
    done = subprocess.run(
        [sys.executable, "-m", "cxaudit", "links", "create", ORG, "--period", PERIOD,
         "--respondent", "Ana:leader", "--anonymous", "3"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = [token for _, token in tokens(done.stdout)]
    assert len(found) == 4
    stored = b"".join(p.read_bytes() for p in db.parent.iterdir() if p.name.startswith("demo.db"))
    for token in found:
        assert token.encode() not in stored
    assert all(token not in done.stderr for token in found)
