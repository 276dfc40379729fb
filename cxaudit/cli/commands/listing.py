"""`cxaudit orgs | history`: the portfolio and an organisation's history, for people and scripts.

The default table fits an 80-column terminal; `--wide` shows every field. `--format json|csv`
print exactly the fields docs/data-formats.md describes, for scripts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from cxaudit.cli.output import echo, echo_data
from cxaudit.cli.state import get_state, workspace
from cxaudit.domain.format import fmt_score
from cxaudit.domain.wording import known_trend, trend_word

if TYPE_CHECKING:
    from cxaudit.storage.glance import TimelineGlance
    from cxaudit.storage.rows import PortfolioLine

TABLE_FORMATS = click.Choice(["table", "json", "csv"], case_sensitive=False)

_format = click.option(
    "--format",
    "fmt",
    type=TABLE_FORMATS,
    default="table",
    show_default=True,
    help="A table for people, or json or csv for scripts.",
)


def _echo_json(data: object) -> None:
    echo_data(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _score(score: float | None) -> float | None:
    """As `tabular.score_value`: the two decimals people see."""
    return None if score is None else float(fmt_score(score))


def _percent(score: float | None) -> int | None:
    """As `tabular.percent_value`: `cxaudit.domain.results.percent`, rounded as it is shown."""
    return None if score is None else round((score - 1.0) / 4.0 * 100.0)


def portfolio_rows(lines: Sequence[PortfolioLine]) -> list[dict[str, Any]]:
    """The rows `cxaudit.transfer.tabular.organisation_rows` makes, from the first look's lines.

    A second path kept only because it needs neither pydantic nor SQLAlchemy (together about
    half a second at start-up); tests/cli/test_listing_fast_path.py proves it gives exactly the
    rows of the first, in every format.
    """
    return [
        {
            "name": line.name,
            "slug": line.slug,
            "sector": line.sector,
            "latest_period": line.latest_period,
            "latest_overall": _score(line.latest_overall),
            "latest_percent": _percent(line.latest_overall),
            "latest_stage": line.latest_stage,
            # Not enough history (fewer than two completed) is no trend, by the domain's rule.
            "trend": trend_word(known_trend(line.trend, line.assessment_count - line.draft_count)),
            "next_due": line.next_due.isoformat() if line.next_due else None,
            "overdue": line.overdue,
            "assessments": line.assessment_count,
            "drafts": line.draft_count,
        }
        for line in lines
    ]


def organisation_listing(db_url: str) -> list[dict[str, Any]]:
    """`cxaudit orgs`'s rows: from a first look at a SQLite file when one can be trusted (at
    this version's schema, nobody writing to it), else through a workspace as usual."""
    from datetime import date

    from cxaudit.services.portfolio import first_look

    seen = first_look(db_url, today=date.today())
    if seen is not None:
        return portfolio_rows(seen.organisations)
    from cxaudit.services.portfolio import organisations
    from cxaudit.services.workspace import open_workspace
    from cxaudit.transfer.tabular import organisation_rows

    with open_workspace(db_url) as ws:
        return organisation_rows(organisations(ws))


@click.command("orgs")
@_format
@click.option("--wide", is_flag=True, help="Every column: slug, sector, percent and counts.")
@click.pass_context
def orgs_cmd(ctx: click.Context, fmt: str, wide: bool) -> None:
    """List organisations with their latest score and due date.

    The table shows each organisation's latest completed period, its overall score, stage and
    trend, and when the next assessment is due.
    """
    rows = organisation_listing(get_state(ctx).db_url)
    if fmt == "json":
        _echo_json(rows)
    elif fmt == "csv":
        from cxaudit.transfer.tabular import ORGANISATION_COLUMNS, csv_text

        echo_data(csv_text(ORGANISATION_COLUMNS, rows))
    elif not rows:
        echo("No organisations yet. Run `cxaudit demo` to load an example portfolio.")
    else:
        from cxaudit.cli.listings import show_organisations

        show_organisations(rows, wide=wide)


@click.command("history")
@click.argument("org")
@_format
@click.option("--drafts", is_flag=True, help="Include assessments still being answered.")
@click.option("--wide", is_flag=True, help="Every column: coverage, percent and actions.")
@click.pass_context
def history_cmd(ctx: click.Context, org: str, fmt: str, drafts: bool, wide: bool) -> None:
    """Show an organisation's scores period by period.

    The table shows each area's score, the overall score and the stage; --wide adds the
    respondents, the coverage of every area and the action plan's progress.
    """
    glanced = None if drafts else _history_first_look(get_state(ctx).db_url, org)
    if glanced is not None:
        name, records = glanced.organisation, timeline_records(glanced)
        fields, rows = records_table(records)
        titles = {area: title for r in glanced.records for area, title in r.area_titles}
    else:
        from cxaudit.services.history import history
        from cxaudit.transfer.tabular import history_records, history_rows

        with workspace(ctx) as ws:
            data = history(ws, organisation=org, include_drafts=drafts)
        name, records = data.organisation.name, history_records(data.records)
        fields, rows = history_rows(data.records)
        titles = {a.id: a.title for r in data.records for a in r.questionnaire.areas}
        titles.update(dict(data.area_titles))
    if fmt == "json":
        _echo_json({"organisation": name, "assessments": records})
    elif fmt == "csv":
        from cxaudit.transfer.tabular import csv_text

        echo_data(csv_text(fields, rows))
    elif not records:
        echo(f"{name} has no completed assessments yet.")
    else:
        from cxaudit.cli.listings import show_history

        show_history(name, fields, rows, titles, wide=wide)


def _history_first_look(db_url: str, org: str) -> TimelineGlance | None:
    from cxaudit.services.history import first_look

    return first_look(db_url, organisation=org)


def timeline_records(glanced: TimelineGlance) -> list[dict[str, Any]]:
    """The records `cxaudit.transfer.tabular.history_records` makes, from the first look's.

    The second path of `cxaudit history` (completed assessments only), kept because it needs
    neither pydantic nor SQLAlchemy; tests/cli/test_listing_fast_path.py proves it prints what
    the first prints, in every format.
    """
    out: list[dict[str, Any]] = []
    for record in glanced.records:
        titles = dict(record.area_titles)
        out.append(
            {
                "period": record.period,
                "status": "complete",
                "questionnaire_version": record.questionnaire_version,
                "respondents": record.respondent_count,
                "overall": _score(record.overall),
                "percent": _percent(record.overall),
                "stage": record.stage,
                "covered": sum(area.covered for area in record.areas),
                "applicable": sum(area.applicable for area in record.areas),
                "areas": [
                    {
                        "id": area.area_id,
                        "title": titles[area.area_id],
                        "score": _score(area.score),
                        "target": area.target,
                        "covered": area.covered,
                        "applicable": area.applicable,
                    }
                    for area in record.areas
                ],
                "actions": dict(zip(ACTION_FIELDS, record.actions, strict=True)),
            }
        )
    return out


ACTION_FIELDS = ("open", "in_progress", "done", "dropped")
"""`cxaudit.domain.results.ActionTally`'s fields, in order."""


def records_table(records: Sequence[dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """The columns and flat rows `cxaudit.transfer.tabular.history_rows` makes, from records
    shaped as `history_records` gives them (the second path of `cxaudit history`)."""
    area_ids: list[str] = []
    for record in records:
        for area in record["areas"]:
            if area["id"] not in area_ids:
                area_ids.append(area["id"])
    columns = ["period", "status", "respondents"]
    columns += [name for area_id in area_ids for name in (area_id, f"{area_id}_coverage")]
    columns += ["overall", "percent", "stage", "coverage", "actions_done", "actions_total"]
    rows: list[dict[str, Any]] = []
    for data in records:
        row: dict[str, Any] = {
            "period": data["period"],
            "status": data["status"],
            "respondents": data["respondents"],
            "overall": data["overall"],
            "percent": data["percent"],
            "stage": data["stage"],
            "coverage": f"{data['covered']} of {data['applicable']}",
            "actions_done": data["actions"]["done"],
            "actions_total": sum(data["actions"].values()),
        }
        for area in data["areas"]:
            row[area["id"]] = area["score"]
            row[f"{area['id']}_coverage"] = f"{area['covered']} of {area['applicable']}"
        rows.append(row)
    return columns, rows


COMMANDS = (orgs_cmd, history_cmd)
"""The commands of this family, added to the `cxaudit` group by `cxaudit.cli.app`."""
