"""docs/reliability.md's table of hostile inputs: at least 150 rows, and every row's test exists.

The table is a promise ("this input was tried, and this is what happens"); a row whose test was
renamed or deleted would be a promise nobody checks any more.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parent.parent
DOC = REPO / "docs" / "reliability.md"
ROW = re.compile(r"^\| \d+ \|.*\| `(?P<test>tests/[^`]+)` \|$")


def _rows() -> list[str]:
    return [
        m["test"].replace("\\|", "|")
        for line in DOC.read_text(encoding="utf-8").splitlines()
        if (m := ROW.match(line))
    ]


def test_the_table_lists_at_least_150_hostile_inputs() -> None:
    assert len(_rows()) >= 150


def test_every_row_names_a_test_that_exists() -> None:
    tests = _rows()
    files = sorted({test.split("::", 1)[0] for test in tests})
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *files],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    ).stdout.splitlines()
    known = {line.strip() for line in collected if "::" in line}
    missing = [test for test in tests if test not in known]
    assert missing == []
