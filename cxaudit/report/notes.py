"""Respondents' notes under each question, shared by two sections.

An area's page lists the notes on its questions; the notes appendix lists every note with its
evidence.
Both print the same block, so it lives here rather than in either section.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from cxaudit.report.context import Context
from cxaudit.report.flowables import span


def notes(ctx: Context, area_id: str | None, *, include_evidence: bool) -> list[Flowable]:
    """The notes (and, with `include_evidence`, the evidence) of one area, or of every area."""
    out: list[Flowable] = []
    for question in ctx.questionnaire.questions:
        if area_id is not None and question.area_id != area_id:
            continue
        entries: list[Flowable] = []
        for label, answer in ctx.respondents_with(question.id):
            if answer is None:
                continue
            items = [("", answer.note)]
            if include_evidence:
                items.append(("Evidence", answer.evidence))
            for kind, value in items:
                if not value.strip():
                    continue
                prefix = f"{ctx.lit(label)}" + (f" · {kind}" if kind else "")
                entries.append(
                    ctx.markup(
                        f"{span(prefix)}<br/>{ctx.lit(value)}",
                        ctx.styles.note,
                    )
                )
        if entries:
            out.append(
                KeepTogether(
                    [
                        ctx.markup(
                            f"<b>{ctx.lit(ctx.question_label(question.id))}</b>", ctx.styles.small
                        )
                    ]
                    + entries[:1]
                )
            )
            out.extend(entries[1:])
    if not out:
        out.append(
            ctx.none_line(
                "No notes were left for this area."
                if area_id
                else "No notes or evidence were recorded."
            )
        )
    return out
