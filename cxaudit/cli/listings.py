"""What `orgs`, `history` and `questionnaire list` show at a terminal, column by column.

The figures come from `cxaudit.transfer.tabular`, the same rows `--format json|csv` print, so a
score reads the same in every format; this module only picks the columns and names them for
people. The compact default fits 80 columns (area scores, no coverage); `--wide` shows every
field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cxaudit.cli.tables import Column, print_table
from cxaudit.domain.format import DASH

if TYPE_CHECKING:
    from cxaudit.catalogue import CatalogueEntry


def cell(value: Any) -> str:
    """A figure as a table shows it: two decimals for scores, "—" for none."""
    if value is None or value == "":
        return DASH
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _right(header: str) -> Column:
    return Column(header, justify="right")


def show_organisations(rows: Sequence[dict[str, Any]], *, wide: bool) -> None:
    """The portfolio, one organisation per line (rows as `organisation_rows` gives them)."""
    if wide:
        columns = [
            Column("Name", fold=True),
            Column("Slug", fold=True),
            Column("Sector", fold=True),
            Column("Latest"),
            _right("Score"),
            _right("%"),
            Column("Stage"),
            Column("Trend"),
            Column("Next due"),
            Column("Overdue"),
            _right("Assessments"),
            _right("Drafts"),
        ]
        fields = ["name", "slug", "sector", "latest_period", "latest_overall", "latest_percent"]
        fields += ["latest_stage", "trend", "next_due", "overdue", "assessments", "drafts"]
        table = [[cell(row[f]) for f in fields] for row in rows]
    else:
        columns = [
            Column("Name", fold=True),
            Column("Latest"),
            _right("Score"),
            Column("Stage"),
            Column("Trend"),
            Column("Next due", fold=True),
        ]
        table = [
            [
                cell(row["name"]),
                cell(row["latest_period"]),
                cell(row["latest_overall"]),
                cell(row["latest_stage"]),
                cell(row["trend"]),
                cell(row["next_due"]) + (" overdue" if row["overdue"] else ""),
            ]
            for row in rows
        ]
    print_table(columns, table, wide=wide)


def show_history(
    name: str,
    fields: Sequence[str],
    rows: Sequence[dict[str, Any]],
    titles: dict[str, str],
    *,
    wide: bool,
) -> None:
    """An organisation's assessments by period, under its name (`fields` and `rows` as
    `history_rows` gives them; `titles` names each area)."""
    area_ids = [f for f in fields if f in titles]
    headers = {"period": "Period", "status": "Status", "respondents": "Respondents"}
    headers |= {"overall": "Overall", "percent": "%", "stage": "Stage", "coverage": "Coverage"}
    headers |= {"actions_done": "Actions done", "actions_total": "Actions total"}
    for area_id in area_ids:
        headers[area_id] = titles[area_id]
        headers[f"{area_id}_coverage"] = f"{titles[area_id]} coverage"
    if not wide:
        fields = ["period", *area_ids, "overall", "stage"]
    columns = [
        Column(
            headers[f],
            justify="left" if f in ("period", "status", "stage") else "right",
            fold=f in area_ids,
        )
        for f in fields
    ]
    table = [[cell(row.get(f)) for f in fields] for row in rows]
    if not wide:
        for line, row in zip(table, rows, strict=True):
            if row["status"] != "complete":
                line[0] += " draft"
    print_table(columns, table, wide=wide, title=name)


def show_questionnaires(entries: Sequence[CatalogueEntry]) -> None:
    """Every questionnaire file cxaudit can see; an unusable one says why."""
    columns = [
        Column("Id", fold=True),
        Column("Version"),
        _right("Questions"),
        Column("Title", fold=True),
        Column("Source", fold=True),
    ]
    table: list[list[str]] = []
    for entry in entries:
        origin = "built-in" if entry.builtin else str(entry.path)
        q = entry.questionnaire
        if q is not None:
            table.append([q.id, f"v{q.version}", str(len(q.questions)), q.title, origin])
        else:
            table.append([entry.path.name, DASH, DASH, f"UNUSABLE: {entry.error}", origin])
    print_table(columns, table)
