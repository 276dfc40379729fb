"""The Word document's look: A4 pages, named styles in the brand's colours, header and footer.

Every paragraph takes a named style (Word's own Heading 1–3 for headings, so the navigation
pane and a table of contents work; styles such as "Explanation" and "Table Text" for the rest),
so a consultant who restyles one changes it everywhere. The header names the organisation and
period; the footer the firm, the organisation and "Page X of Y".
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle

from cxaudit.domain.contrast import Rgb
from cxaudit.report.blocks import Style, Tone
from cxaudit.report.data import ReportData
from cxaudit.report.text import clean
from cxaudit.report.titles import DRAFT_LABEL, running_footer, running_header
from cxaudit.report.word.ooxml import add_field, paragraph_rule, plain_fonts

BODY_FONT = "Calibri"
"""A font every copy of Word has; LibreOffice draws it with a metric twin (Carlito) or its
own fallback."""
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
SIDE_MARGIN = Mm(20)
CONTENT_WIDTH = Mm(170)


def rgb(colour: Rgb | str) -> RGBColor:
    """A python-docx colour from a brand colour or a `#RRGGBB` string."""
    if isinstance(colour, str):
        return RGBColor.from_string(colour.lstrip("#").upper())
    return RGBColor(colour.red, colour.green, colour.blue)


@dataclass(frozen=True)
class WordPalette:
    """The report's colours for Word: the brand's two, and the report's fixed ones."""

    primary: RGBColor
    accent: RGBColor
    head_fill: RGBColor
    ink: RGBColor = rgb("#1E2A36")
    slate: RGBColor = rgb("#5B6B7B")
    muted: RGBColor = rgb("#8794A1")
    amber: RGBColor = rgb("#C7841A")
    good: RGBColor = rgb("#2E7D4F")
    bad: RGBColor = rgb("#B23B3B")
    rule: RGBColor = rgb("#D5DBE1")
    stripe: RGBColor = rgb("#F4F6F8")
    white: RGBColor = rgb("#FFFFFF")

    def tone(self, tone: Tone) -> RGBColor:
        """A tone's colour."""
        return {
            Tone.INK: self.ink,
            Tone.SLATE: self.slate,
            Tone.MUTED: self.muted,
            Tone.PRIMARY: self.primary,
            Tone.ACCENT: self.accent,
            Tone.AMBER: self.amber,
            Tone.GOOD: self.good,
            Tone.BAD: self.bad,
        }[tone]


PARAGRAPH_STYLES = {
    Style.BODY: "Normal",
    Style.SMALL: "Small Text",
    Style.MUTED: "Explanation",
    Style.NOTE: "Respondent Note",
    Style.LABEL: "Figure Label",
    Style.BIG_NUMBER: "Big Figure",
    Style.STAGE: "Stage Name",
    Style.COVER_ORG: "Cover Organisation",
    Style.COVER_TITLE: "Cover Subtitle",
}
"""The Word style each kind of paragraph takes."""
TABLE_TEXT = "Table Text"
TABLE_HEADING = "Table Heading"
HEADER_TEXT = "Running Header"
FOOTER_TEXT = "Running Footer"


def _style(
    doc: Document,
    name: str,
    *,
    base: str = "Normal",
    size: float | None = None,
    colour: RGBColor | None = None,
    bold: bool | None = None,
    before: float | None = None,
    after: float | None = None,
) -> ParagraphStyle:
    """A paragraph style, made if the template lacks it, then set as asked."""
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
    assert isinstance(style, ParagraphStyle)
    font = style.font
    if size is not None:
        font.size = Pt(size)
    if colour is not None:
        font.color.rgb = colour
    if bold is not None:
        font.bold = bold
    if before is not None:
        style.paragraph_format.space_before = Pt(before)
    if after is not None:
        style.paragraph_format.space_after = Pt(after)
    return style


def set_up(doc: Document, palette: WordPalette) -> None:
    """A4 pages, and every style the report uses in the brand's colours."""
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = SIDE_MARGIN
    section.top_margin, section.bottom_margin = Mm(24), Mm(22)
    section.header_distance = section.footer_distance = Mm(10)
    normal = _style(doc, "Normal", size=10, colour=palette.ink, after=4)
    normal.font.name = BODY_FONT
    plain_fonts(normal.element.rPr, BODY_FONT)
    normal.paragraph_format.line_spacing = 1.1
    for level, size, colour, before, after in (
        (1, 17, palette.primary, 16, 8),
        (2, 12, palette.primary, 10, 5),
        (3, 10, palette.accent, 6, 3),
    ):
        heading = _style(
            doc, f"Heading {level}", size=size, colour=colour, bold=True, before=before, after=after
        )
        heading.font.name = BODY_FONT
        plain_fonts(heading.element.rPr, BODY_FONT)
    _style(doc, PARAGRAPH_STYLES[Style.SMALL], size=9)
    _style(doc, PARAGRAPH_STYLES[Style.MUTED], size=9, colour=palette.slate)
    note = _style(doc, PARAGRAPH_STYLES[Style.NOTE], size=9, after=5)
    note.paragraph_format.left_indent = Mm(3)
    _style(doc, PARAGRAPH_STYLES[Style.LABEL], size=7.5, colour=palette.slate, after=1)
    big = _style(doc, PARAGRAPH_STYLES[Style.BIG_NUMBER], size=30, colour=palette.primary)
    big.font.bold = True
    _style(doc, PARAGRAPH_STYLES[Style.STAGE], size=11, colour=palette.accent, bold=True)
    _style(doc, PARAGRAPH_STYLES[Style.COVER_ORG], size=28, colour=palette.primary, bold=True)
    _style(doc, PARAGRAPH_STYLES[Style.COVER_TITLE], size=13, colour=palette.accent, after=6)
    for name, bold, colour in (
        (TABLE_TEXT, False, palette.ink),
        (TABLE_HEADING, True, palette.primary),
    ):
        cell = _style(doc, name, size=8.5, colour=colour, bold=bold, before=0, after=0)
        cell.paragraph_format.line_spacing = 1.0
    _style(doc, HEADER_TEXT, size=8, colour=palette.slate, after=0)
    _style(doc, FOOTER_TEXT, size=7.5, colour=palette.slate, after=0)


def header_and_footer(doc: Document, data: ReportData, palette: WordPalette) -> None:
    """The organisation and period at the top of every page, "Page X of Y" at the bottom."""
    section = doc.sections[0]
    footer_text, period_text = clean(running_footer(data)), running_header(data)
    right = [(CONTENT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)]
    header = section.header.paragraphs[0]
    header.style = doc.styles[HEADER_TEXT]
    header.paragraph_format.tab_stops.add_tab_stop(*right[0])
    brand = data.brand
    if brand.logo is not None and brand.logo_in_header:
        header.add_run().add_picture(str(brand.logo), height=Mm(5.5))
        header.add_run("  ")
    org = header.add_run(clean(data.organisation.name))
    org.bold = True
    org.font.color.rgb = palette.primary
    header.add_run("\t")
    if data.draft:
        label = header.add_run(DRAFT_LABEL)
        label.bold = True
        label.font.color.rgb = palette.bad
    header.add_run(period_text)
    paragraph_rule(header, "bottom", (0.6, palette.rule))
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles[FOOTER_TEXT]
    footer.paragraph_format.tab_stops.add_tab_stop(*right[0])
    paragraph_rule(footer, "top", (0.6, palette.rule))
    left = footer.add_run(footer_text)
    if data.draft:
        left.font.color.rgb = palette.bad
    footer.add_run("\tPage ")
    add_field(footer, "PAGE", "1")
    footer.add_run(" of ")
    add_field(footer, "NUMPAGES", "1")
