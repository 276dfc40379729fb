"""The cover page: who was assessed, when, by whom, and what the report is for.

The navy band and the report's title above this content are drawn by the cover page template
(`cxaudit.report.template`); this is what sits below them. A draft's cover also says how far
each respondent has got, so nobody takes its scores for final ones.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from cxaudit.domain.format import DASH
from cxaudit.domain.readiness import respondents_progress
from cxaudit.report.context import Context
from cxaudit.report.flowables import span
from cxaudit.report.styles import BAD, CONTENT_WIDTH, NAVY, RULE, table_style

DRAFT_NOTICE = (
    "DRAFT: this assessment is not complete. Its scores and plan will change as the "
    "remaining answers come in; do not read them as final."
)

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(value: date) -> str:
    """A date as people write it ("14 March 2026"), whatever the system's locale."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def cover(ctx: Context) -> list[Flowable]:
    """The organisation, the period and a table of facts about the assessment."""
    data, s = ctx.data, ctx.styles
    out: list[Flowable] = [
        ctx.text(data.organisation.name, s.cover_org),
        ctx.markup(f"Assessment for {ctx.lit(data.assessment.period)}", s.cover_title),
        Spacer(1, 8 * mm),
    ]
    if data.draft:
        out += [ctx.markup(f"<b>{span(ctx.lit(DRAFT_NOTICE), BAD)}</b>", s.body)]
        out += [Spacer(1, 4 * mm)]
    count = ctx.result.respondent_count
    noun = "respondent" if count == 1 else "respondents"
    rows: list[list[Any]] = [
        ["Period", ctx.lit(data.assessment.period)],
        ["Date", long_date(data.generated)],
        [
            "Questionnaire",
            f"{ctx.lit(ctx.questionnaire.title)} (version {ctx.lit(ctx.questionnaire.version)})",
        ],
        ["Respondents", f"{count} {noun}: {ctx.roles_text()}"],
    ]
    if data.draft:
        lines = progress_lines(ctx) or ["Nobody has been added to answer yet."]
        rows.append(["Progress", "<br/>".join(ctx.lit(line) for line in lines)])
    elif data.include_names and data.assessment.respondents:
        names = "<br/>".join(ctx.lit(label) for label in ctx.labels.values())
        rows.append(["Names", names])
    if data.previous is not None:
        rows.append(["Compared with", ctx.lit(data.previous.assessment.period)])
    rows.append(["Prepared by", ctx.lit(data.prepared_by) if data.prepared_by.strip() else DASH])
    table_rows = [
        [ctx.para(label.upper(), s.label), ctx.para(value, s.cover_meta)] for label, value in rows
    ]
    meta = Table(table_rows, colWidths=[38 * mm, CONTENT_WIDTH - 38 * mm], hAlign="LEFT")
    meta.setStyle(
        table_style(header_rows=0, zebra=False).getCommands()
        + [
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, NAVY),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ("LEFTPADDING", (0, 0), (0, -1), 0),
            ("VALIGN", (0, 0), (0, -1), "MIDDLE"),
        ]
    )
    out.append(meta)
    out.append(Spacer(1, 12 * mm))
    out.append(
        ctx.text(
            "This report sets out where the organisation stands on customer experience "
            "today, how each score was reached, and the prioritised actions that lead to "
            "the targets. Scores run from 1 to 5; every score is shown with the number of "
            "questions it is based on.",
            s.muted,
        )
    )
    return out


def progress_lines(ctx: Context) -> list[str]:
    """Each respondent's progress: "Priya Shah, leader: 18 of 48 answered" (names only when
    the report includes them)."""
    lines = []
    for index, entry in enumerate(respondents_progress(ctx.questionnaire, ctx.data.assessment)):
        name, role = ctx.people[index]
        progress = entry.progress
        line = f"{name}, {role}: {progress.settled} of {progress.total} answered"
        if progress.to_reconfirm:
            line += f", {progress.to_reconfirm} carried over to reconfirm"
        lines.append(line)
    return lines
