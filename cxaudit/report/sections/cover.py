"""The cover page: who was assessed, when, by whom, and what the report is for.

The band and the report's title above this content are drawn by each format's page template;
this is what sits below them. A draft's cover also says how far each respondent has got, so
nobody takes its scores for final ones.
"""

from __future__ import annotations

from cxaudit.report.blocks import Block, Run, Space, Style, Text, Tone
from cxaudit.report.facts import Facts
from cxaudit.report.parts import cover_facts, title_blocks

DRAFT_NOTICE = (
    "DRAFT: this assessment is not complete. Its scores and plan will change as the "
    "remaining answers come in; do not read them as final."
)
COVER_INTRO = (
    "This report sets out where the organisation stands on customer experience "
    "today, how each score was reached, and the prioritised actions that lead to "
    "the targets. Scores run from 1 to 5; every score is shown with the number of "
    "questions it is based on."
)


def cover(f: Facts) -> list[Block]:
    """The logos, the organisation, the period and a table of facts about the assessment."""
    out = title_blocks(f, f"Assessment for {f.data.assessment.period}")
    if f.data.draft:
        out += [Text((Run(DRAFT_NOTICE, bold=True, tone=Tone.BAD),)), Space(4)]
    out += [cover_facts(f), Space(12), Text(COVER_INTRO, Style.MUTED)]
    return out
