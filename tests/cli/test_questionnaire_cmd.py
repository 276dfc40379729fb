"""`cxaudit questionnaire list|show|check`, as a consultant would use them.

The built-in questionnaire must be listed and shown; `check` must pass the shipped file and list
every problem of a bad one, one per line, with exit code 2. A questionnaire dropped into the
user's folder must be found by `list` and usable by id, and any file must be usable by path.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from cxaudit.cli import cli
from cxaudit.paths import ensure_dir, user_questionnaires_dir

REPO_ROOT = Path(__file__).resolve().parents[2]
BUILTIN_PATH = REPO_ROOT / "questionnaires" / "cx-maturity.toml"
MINI_PATH = REPO_ROOT / "tests" / "fixtures" / "mini.toml"


def _run(*args: str, columns: int = 80) -> Result:
    return CliRunner().invoke(cli, ["questionnaire", *args], env={"COLUMNS": str(columns)})


def _rows(result: Result) -> list[str]:
    """The lines of `questionnaire list` below its header and rule."""
    lines = result.output.splitlines()
    assert lines[0].split() == ["Id", "Version", "Questions", "Title", "Source"]
    assert set(lines[1]) == {"-"}
    return lines[2:]


def _bad_questionnaire(folder: Path) -> Path:
    """The mini questionnaire with three problems: a short level list, an unknown source and a
    gap between stages."""
    text = MINI_PATH.read_text(encoding="utf-8")
    text = text.replace('"A2 level 4", "A2 level 5"', '"A2 level 4"')
    text = text.replace('sources = ["b.txt"]\nlevels = ["A3', 'sources = ["zz.txt"]\nlevels = ["A3')
    text = text.replace("min = 3.0\nmax = 4.0", "min = 3.2\nmax = 4.0")
    path = folder / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _custom_in_user_folder() -> Path:
    target = ensure_dir(user_questionnaires_dir()) / "mini.toml"
    target.write_text(MINI_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def test_list_shows_the_builtin_questionnaire() -> None:
    result = _run("list")
    assert result.exit_code == 0, result.output
    line = next(line for line in _rows(result) if line.startswith("cx-maturity"))
    assert line.split()[:3] == ["cx-maturity", "v1.1", "48"]
    assert "Customer experience maturity" in line
    assert line.endswith("built-in")


def test_show_prints_areas_counts_and_stages() -> None:
    result = _run("show")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Customer experience maturity (cx-maturity v1.1)" in out
    for title in ("Leadership", "Process", "Skills", "Culture"):
        assert any(line.split()[:3] == [title, "12", "questions"] for line in out.splitlines()), (
            title
        )
    assert any(line.split()[:3] == ["Total", "48", "questions"] for line in out.splitlines())
    for stage in ("Reactive", "Emerging", "Defined", "Managed", "Embedded"):
        assert f"{stage}: " in out
    assert "1.0–1.8  Reactive" in out
    assert "4.2–5.0  Embedded" in out


def test_show_by_id_matches_the_default() -> None:
    assert _run("show", "cx-maturity").output == _run("show").output


def test_show_an_unknown_id_is_one_clear_error() -> None:
    result = _run("show", "no-such-questionnaire")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: No questionnaire called 'no-such-questionnaire'.")
    assert "cx-maturity" in result.stderr


def test_check_passes_the_shipped_file() -> None:
    result = _run("check", str(BUILTIN_PATH))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{BUILTIN_PATH}: valid (cx-maturity v1.1, 48 questions)."


def test_check_lists_every_problem_one_per_line(tmp_path: Path) -> None:
    bad = _bad_questionnaire(tmp_path)
    result = _run("check", str(bad))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == f"Error: {bad} has 3 problems."
    assert [line.strip() for line in lines[1:]] == [
        f"{bad}: areas[0].questions[1].levels: expected 5 level descriptions, found 4",
        f"{bad}: areas[0].questions[2].sources[0]: unknown source file 'zz.txt'",
        f"{bad}: stages[2].min: gap between stages[1] and this stage (3.0 to 3.2)",
    ]


def test_check_reports_a_syntax_error_with_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "broken.toml"
    bad.write_text('id = "x"\ntitle = \n', encoding="utf-8")
    result = _run("check", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {bad} is not valid TOML")
    assert "line 2, column 9" in result.stderr


def test_check_in_a_real_process_exits_2_with_one_problem_per_line(tmp_path: Path) -> None:
    bad = _bad_questionnaire(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "cxaudit", "questionnaire", "check", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[0] == f"Error: {bad} has 3 problems."
    assert len(lines) == 4
    assert all(line.strip().startswith(f"{bad}: ") for line in lines[1:])


def test_a_custom_questionnaire_in_the_user_folder_is_listed() -> None:
    target = _custom_in_user_folder()
    result = _run("list", columns=300)
    assert result.exit_code == 0, result.output
    lines = _rows(result)
    assert lines[0].startswith("cx-maturity"), "the built-in questionnaire comes first"
    mini = next(line for line in lines if line.startswith("mini"))
    assert mini.split()[:3] == ["mini", "v1.0", "5"]
    assert mini.endswith(str(target))


def test_a_custom_questionnaire_can_be_loaded_by_id() -> None:
    _custom_in_user_folder()
    result = _run("show", "mini")
    assert result.exit_code == 0, result.output
    assert "Mini questionnaire (mini v1.0)" in result.output
    assert any(
        line.split()[:3] == ["Total", "5", "questions"] for line in result.output.splitlines()
    )


def test_any_questionnaire_can_be_loaded_by_path(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text(MINI_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    result = _run("show", str(elsewhere))
    assert result.exit_code == 0, result.output
    assert "Mini questionnaire (mini v1.0)" in result.output


def test_a_broken_file_in_the_user_folder_is_listed_as_unusable() -> None:
    folder = ensure_dir(user_questionnaires_dir())
    _bad_questionnaire(folder)
    result = _run("list", columns=300)
    assert result.exit_code == 0, result.output
    broken = next(line for line in _rows(result) if line.startswith("bad.toml"))
    assert "UNUSABLE" in broken
    assert "3 problems" in broken
    assert any(line.startswith("cx-maturity") for line in _rows(result))
