"""Bounded memory: the largest files the limits allow are read within the stated bound.

Each file is read in a fresh process (the whole program, as `cxaudit import` runs it) and its
peak resident memory compared with the bound docs/reliability.md states under "Limits". Before
the limits, a 1M-row workbook took 4.98 GB and a zip bomb 7.46 GB.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cxaudit.transfer.limits import BACKUP_MAX, CELLS_MAX, FILE_MAX, ROWS_MAX
from tests.conftest import FIXTURES, REPO_ROOT
from tests.transfer.crafted import MINI, largest_wide_workbook, mini_assessment

pytestmark = pytest.mark.slow

BOUND_MB = 400
"""Peak memory of reading any file within the limits (docs/reliability.md)."""

_READ = """
import resource, sys
from pathlib import Path
from cxaudit.domain.questionnaire import load_questionnaire
from cxaudit.transfer.backup_reader import read_backup
from cxaudit.transfer.responses import read_response_files
path = Path(sys.argv[1])
if path.suffix == ".json":
    backup, _questionnaires = read_backup(path)
    count = sum(len(o.assessments) for o in backup.organisations)
else:
    count = len(read_response_files([path], load_questionnaire(Path(sys.argv[2]))).respondents)
# VmHWM is this process's own peak; ru_maxrss can carry the parent's peak over the fork.
status = Path("/proc/self/status")
if status.exists():
    line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM:"))
    peak = int(line.split()[1]) // 1024
else:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(count, peak)
"""


def _read_in_a_fresh_process(path: Path) -> tuple[int, int]:
    """What reading `path` found (respondents, or assessments of a backup) and the process's
    peak resident memory in MB."""
    done = subprocess.run(
        [sys.executable, "-c", _READ, str(path), str(FIXTURES / "mini.toml")],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    count, peak = done.stdout.split()
    return int(count), int(peak)


def test_a_workbook_at_the_row_limit_reads_within_the_bound(tmp_path: Path) -> None:
    path = largest_wide_workbook(
        tmp_path / "rows.xlsx", rows=ROWS_MAX - 1, questions=1, notes=False
    )
    count, peak = _read_in_a_fresh_process(path)
    assert count == ROWS_MAX - 1
    assert peak < BOUND_MB


def test_a_workbook_at_the_cell_limit_with_every_text_distinct_reads_within_the_bound(
    tmp_path: Path,
) -> None:
    width = 50
    rows = CELLS_MAX // width - 1  # with the header, exactly the cell limit
    path = largest_wide_workbook(tmp_path / "cells.xlsx", rows=rows, extra_columns=width - 12)
    count, peak = _read_in_a_fresh_process(path)
    assert count == rows
    assert peak < BOUND_MB


def test_a_csv_at_the_row_and_size_limits_reads_within_the_bound(tmp_path: Path) -> None:
    header = "respondent,role,question_id,answer,note,na_reason,evidence,needs_reconfirm,extra"
    lines = [header]
    questions = [q.id for q in MINI.questions]
    for n in range(ROWS_MAX - 1):
        person, question = divmod(n, len(questions))
        lines.append(f"P{person},leader,{questions[question]},3,note {n} ,,seen {n},false,")
    # Long notes fill the file to just under the size limit.
    pad = int(FILE_MAX * 0.99 - sum(len(line) + 1 for line in lines)) // (ROWS_MAX - 1)
    path = tmp_path / "long.csv"
    text = "\n".join(lines).replace(" ,,seen", " " + "x" * pad + ",,seen") + "\n"
    path.write_text(text, encoding="utf-8")
    assert FILE_MAX * 0.9 < path.stat().st_size <= FILE_MAX
    count, peak = _read_in_a_fresh_process(path)
    assert count == (ROWS_MAX - 2) // len(questions) + 1
    assert peak < BOUND_MB


def test_a_backup_at_the_size_limit_reads_within_the_bound(tmp_path: Path) -> None:
    from cxaudit.transfer.backup_writer import backup_data

    people = [(f"Person {n}", f"note {n} " * 3, f"reason {n}") for n in range(20)]
    one = mini_assessment("ORG", people, actions=3)
    data = backup_data([(one.organisation, [(MINI, one)])])
    template = json.dumps(data["organisations"][0], indent=2, ensure_ascii=False)
    head = json.dumps({**data, "organisations": []}, indent=2)[: -len("[]\n}")]
    path = tmp_path / "backup.json"
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(head + "[\n")
        while out.tell() < BACKUP_MAX * 0.97:
            out.write(("," if count else "") + template.replace('"ORG"', f'"Org {count}"'))
            count += 1
        out.write("]\n}\n")
    found, peak = _read_in_a_fresh_process(path)
    assert found == count
    assert peak < BOUND_MB
