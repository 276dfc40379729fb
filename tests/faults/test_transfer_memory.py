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

from cxaudit.transfer.limits import ANSWERS_MAX, BACKUP_MAX, CELLS_MAX, CSV_MAX, ROWS_MAX
from tests.conftest import FIXTURES, REPO_ROOT
from tests.transfer.crafted import MINI, largest_wide_workbook, mini_assessment

pytestmark = pytest.mark.slow

BOUND_MB = 500
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
    count = len(read_response_files([path], load_questionnaire(Path(sys.argv[2]))).people)
# VmHWM is this process's own peak; ru_maxrss can carry the parent's peak over the fork.
status = Path("/proc/self/status")
if status.exists():
    line = next(x for x in status.read_text().splitlines() if x.startswith("VmHWM:"))
    peak = int(line.split()[1]) // 1024
else:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(count, peak)
"""


def _read_in_a_fresh_process(path: Path, questionnaire: Path | None = None) -> tuple[int, int]:
    """What reading `path` against `questionnaire` (by default the mini one) found
    (respondents, or assessments of a backup) and the process's peak resident memory in MB."""
    done = subprocess.run(
        [sys.executable, "-c", _READ, str(path), str(questionnaire or FIXTURES / "mini.toml")],
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


def long_csv_at_the_limits(path: Path, questionnaire: Path) -> tuple[Path, int]:
    """A long CSV of `ANSWERS_MAX` answers to the built-in questionnaire, each with its own
    note and evidence (nothing shared between rows: the most an answer can cost), padded to
    just under `CSV_MAX`; and how many respondents it holds."""
    from cxaudit.domain.questionnaire import load_questionnaire

    questions = [q.id for q in load_questionnaire(questionnaire).questions]
    header = "respondent,role,question_id,answer,note,na_reason,evidence,confidence\n"
    row = "Person {p:06d},manager,{q},4,note {n:07d} {pad},,seen {n:07d} {pad},high\n"
    plain = (
        len(header)
        + sum(
            len(row.format(p=n // len(questions), q=questions[n % len(questions)], n=n, pad=""))
            for n in range(0, ANSWERS_MAX, 997)
        )
        * 997
    )
    pad = "x" * max(0, int((CSV_MAX * 0.99 - plain) / ANSWERS_MAX / 2))
    with path.open("w", encoding="utf-8") as out:
        out.write(header)
        for n in range(ANSWERS_MAX):
            person, question = divmod(n, len(questions))
            out.write(row.format(p=person, q=questions[question], n=n, pad=pad))
    return path, -(-ANSWERS_MAX // len(questions))


def test_a_long_csv_at_the_answer_and_size_limits_reads_within_the_bound(tmp_path: Path) -> None:
    builtin = REPO_ROOT / "questionnaires" / "cx-maturity.toml"
    path, people = long_csv_at_the_limits(tmp_path / "long.csv", builtin)
    assert CSV_MAX * 0.9 < path.stat().st_size <= CSV_MAX
    count, peak = _read_in_a_fresh_process(path, builtin)
    assert count == people
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
