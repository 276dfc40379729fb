"""Respondents' notes under each question, shared by two sections.

An area's page lists the notes on its questions; the notes appendix lists every note with its
evidence.
Both print the same block, so it lives here rather than in either section. Whose note it is comes
from `Facts.respondents_with`, which follows the domain's attribution: an anonymous respondent's
notes and evidence are listed last, under "Anonymous", never under the label they are known by.
"""

from __future__ import annotations

from cxaudit.report.blocks import Block, Run, Style, Text, Together, Tone
from cxaudit.report.facts import Facts


def note_text(heading: str, value: str) -> Text:
    """A note under a muted line saying whose it is (or which period it is from)."""
    return Text((Run(heading, tone=Tone.SLATE), Run(value, newline=True)), Style.NOTE)


def notes(f: Facts, area_id: str | None, *, include_evidence: bool) -> list[Block]:
    """The notes (and, with `include_evidence`, the evidence) of one area, or of every area."""
    out: list[Block] = []
    for question in f.questionnaire.questions:
        if area_id is not None and question.area_id != area_id:
            continue
        entries: list[Block] = []
        for label, answer in f.respondents_with(question.id):
            if answer is None:
                continue
            items = [("", answer.note)]
            if include_evidence:
                items.append(("Evidence", answer.evidence))
            for kind, value in items:
                if not value.strip():
                    continue
                entries.append(note_text(label + (f" · {kind}" if kind else ""), value))
        if entries:
            title = Text((Run(f.question_label(question.id), bold=True),), Style.SMALL)
            out.append(Together((title, *entries[:1])))
            out.extend(entries[1:])
    if not out:
        out.append(
            Text(
                "No notes were left for this area."
                if area_id
                else "No notes or evidence were recorded.",
                Style.MUTED,
            )
        )
    return out
