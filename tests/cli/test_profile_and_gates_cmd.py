"""`cxaudit questionnaire check` on gates and flags, and `cxaudit org profile`, on real files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cxaudit.cli import cli
from cxaudit.storage import create_organisation, open_database, start_assessment
from tests.domain.test_gates_and_profile import gated_text

BUILTIN = Path(__file__).resolve().parents[2] / "questionnaires" / "cx-maturity.toml"
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.toml"


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "200"})


def test_check_lists_warnings_and_passes(tmp_path: Path) -> None:
    path = tmp_path / "gated.toml"
    path.write_text(gated_text(), encoding="utf-8")
    result = _run("questionnaire", "check", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"{path}: valid (mini v1.0, 5 questions, 3 warnings)."
    assert result.stderr.splitlines() == [
        f"{path}: areas[0].questions[0].evidence_hint: warning: levels from 4 need evidence "
        "but no hint says what counts as evidence",
        f"{path}: areas[1].questions[0].evidence_hint: warning: levels from 4 need evidence "
        "but no hint says what counts as evidence",
        f"{path}: areas[1].questions[1].evidence_hint: warning: levels from 4 need evidence "
        "but no hint says what counts as evidence",
    ]


def test_check_lists_problems_then_warnings_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    text = gated_text().replace("evidence_from_level = 4\n", "evidence_from_level = 9\n", 1)
    text = text.replace('["has_contact_centre", "has_shops"]', '["has_vans"]')
    path.write_text(text, encoding="utf-8")
    result = _run("questionnaire", "check", str(path))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == f"Error: {path} has 2 problems."
    assert lines[1].strip() == (
        f"{path}: evidence_from_level: must be a level from 1 to 5, or 0 to ask for no "
        "evidence, got 9"
    )
    assert "unknown profile flag 'has_vans'" in lines[2]
    # The gate is out of range, so no level is gated: no hint warnings follow.
    assert len(lines) == 3


def test_the_shipped_questionnaire_has_a_hint_for_every_gated_question() -> None:
    result = _run("questionnaire", "check", str(BUILTIN))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "warning" not in result.stdout


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cx.db"
    database = open_database(f"sqlite:///{path}")
    try:
        with database.session() as session:
            create_organisation(session, name="Harbour Bank")
    finally:
        database.dispose()
    return path


def test_org_profile_lists_sets_and_refuses(db: Path) -> None:
    shown = _run("--db", str(db), "org", "profile", "Harbour Bank")
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines() == [
        "Profile of Harbour Bank (id 1):",
        "  has_contact_centre=yes (the default)  Do customers reach you through a contact "
        "centre or helpline?",
        "  recruits_front_line=yes (the default)  Do you recruit your own customer-facing "
        "staff, rather than leaving it wholly to a partner?",
    ]
    changed = _run("--db", str(db), "org", "profile", "harbour bank", "has_contact_centre=no")
    assert changed.exit_code == 0, changed.output
    assert changed.stdout.splitlines()[0] == (
        "Updated the profile of Harbour Bank (id 1); new assessments follow it."
    )
    assert "  has_contact_centre=no  Do customers" in changed.stdout
    also = _run("--db", str(db), "org", "profile", "1", "--profile", "recruits_front_line=No")
    assert also.exit_code == 0, also.output
    assert "  has_contact_centre=no  " in also.stdout
    assert "  recruits_front_line=no  " in also.stdout

    for bad, message in (
        ("has_vans=no", "'has_vans' is not a profile question of Customer experience maturity."),
        ("has_contact_centre=maybe", "'maybe' is not an answer to has_contact_centre: use yes"),
        ("has_contact_centre", "'has_contact_centre' is not a profile answer: write it as"),
    ):
        refused = _run("--db", str(db), "org", "profile", "Harbour Bank", bad)
        assert refused.exit_code == 2, refused.output
        assert refused.stderr.startswith(f"Error: {message}"), refused.stderr
        assert "Traceback" not in refused.output
    # Nothing refused was kept, and a new assessment follows the profile.
    database = open_database(f"sqlite:///{db}")
    try:
        from cxaudit.catalogue import default_questionnaire

        with database.session() as session:
            assessment = start_assessment(
                session, organisation_id=1, period="2026-Q4", questionnaire=default_questionnaire()
            )
    finally:
        database.dispose()
    assert assessment.profile == {"has_contact_centre": False, "recruits_front_line": False}


def test_show_gives_the_gate_and_the_profile_questions(tmp_path: Path) -> None:
    builtin = _run("questionnaire", "show")
    assert builtin.exit_code == 0, builtin.output
    assert "Evidence: levels 4 and up need an evidence note." in builtin.stdout
    # Lines are wrapped at 80 columns: compare the words.
    assert (
        "has_contact_centre (default yes, 1 question): Do customers reach you through a "
        "contact centre or helpline?"
    ) in " ".join(builtin.stdout.split())
    assert all(len(line) <= 80 for line in builtin.stdout.splitlines())
    path = tmp_path / "gated.toml"
    path.write_text(gated_text(), encoding="utf-8")
    own = _run("questionnaire", "show", str(path))
    assert "Evidence: levels 4 and up need an evidence note (1 question set their own)." in (
        own.stdout
    )
    assert "has_shops (default no, 1 question): Do customers visit you in person?" in " ".join(
        own.stdout.split()
    )
    plain = _run("questionnaire", "show", str(MINI))
    assert "Evidence: no level needs an evidence note." in plain.stdout
    assert "Profile questions" not in plain.stdout
