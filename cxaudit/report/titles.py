"""What the report calls itself: the document's title and the words on the cover's band.

Both formats print them (the PDF draws the band on its cover page; the Word document sets it as
its first block), so they are written once here.
"""

from __future__ import annotations

from cxaudit.report.data import ReportData

DOCUMENT_TITLE = "Customer experience maturity assessment"
BOARD_TITLE = "Board summary of the customer experience maturity assessment"
COVER_KICKER = "CUSTOMER EXPERIENCE MATURITY ASSESSMENT"
COVER_HEADLINE = "Results and action plan"
COVER_STRAPLINE = "Where we stand, why, and what we will do next"
BOARD_HEADLINE = "Board summary"
BOARD_STRAPLINE = "Where we stand, the largest gaps and the actions that matter most"
DRAFT_HEADLINE = "Draft results and action plan"
DRAFT_BOARD_HEADLINE = "Draft board summary"
DRAFT_STRAPLINE = "Not final: the assessment is still being answered"


def cover_headline(data: ReportData) -> tuple[str, str]:
    """The title and the line under it on the cover's band."""
    if data.profile == "board":
        headline = DRAFT_BOARD_HEADLINE if data.draft else BOARD_HEADLINE
        return headline, DRAFT_STRAPLINE if data.draft else BOARD_STRAPLINE
    if data.draft:
        return DRAFT_HEADLINE, DRAFT_STRAPLINE
    return COVER_HEADLINE, COVER_STRAPLINE


def document_title(data: ReportData) -> str:
    """The title in the file's properties: what, for whom and when."""
    title = BOARD_TITLE if data.profile == "board" else DOCUMENT_TITLE
    draft = "DRAFT: " if data.draft else ""
    return f"{draft}{title}: {data.organisation.name}, {data.assessment.period}"


DRAFT_LABEL = "DRAFT · "
"""Before the period in the header of every page of a draft."""
DRAFT_FOOTER = "DRAFT, not final"
"""Before the organisation in the footer of every page of a draft."""


def running_header(data: ReportData) -> str:
    """The period text at the right of every page's header."""
    return f"{data.assessment.period} · CX maturity assessment"


def running_footer(data: ReportData) -> str:
    """The text at the left of every page's footer: firm, organisation, period, who prepared it."""
    prepared = f" · prepared by {data.prepared_by}" if data.prepared_by.strip() else ""
    footer = f"{data.organisation.name} · {data.assessment.period}{prepared}"
    if data.brand.firm.strip():
        footer = f"{data.brand.firm.strip()} · {footer}"
    if data.draft:
        footer = f"{DRAFT_FOOTER} · {footer}"
    return footer
