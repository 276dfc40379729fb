"""The report's look: a restrained palette, the page's geometry, a type scale and the table style.

Kept in one place so every section of the document shares the same typography, colours and
page size.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from cxaudit.domain.contrast import Rgb
from cxaudit.report.brand import Brand
from cxaudit.report.fonts import FontSet

# Palette: a deep navy for structure, a teal accent, warm amber for targets, greys for text.
INK = colors.HexColor("#1E2A36")
NAVY = colors.HexColor("#1F3A5F")
TEAL = colors.HexColor("#2A7F8E")
AMBER = colors.HexColor("#C7841A")
ROSE = colors.HexColor("#A8445A")
SLATE = colors.HexColor("#5B6B7B")
MUTED = colors.HexColor("#8794A1")
RULE = colors.HexColor("#D5DBE1")
STRIPE = colors.HexColor("#F4F6F8")
HEAD_FILL = colors.HexColor("#E8EDF2")
GOOD = colors.HexColor("#2E7D4F")
BAD = colors.HexColor("#B23B3B")
WHITE = colors.white

AREA_COLOURS = (NAVY, TEAL, AMBER, ROSE, colors.HexColor("#6A5D9B"), colors.HexColor("#4F7A3A"))
"""Series colours for areas, in questionnaire order (the first two follow the brand)."""
BAND_KICKER = colors.HexColor("#9FC3CC")
BAND_STRAPLINE = colors.HexColor("#C9D6E3")


@dataclass(frozen=True)
class Palette:
    """The colours a brand sets: headings, table headers, the cover band and chart series."""

    primary: Color = NAVY
    accent: Color = TEAL
    head_fill: Color = HEAD_FILL
    """A table header's background: a faint tint of the primary colour."""
    band_kicker: Color = BAND_KICKER
    """The small capitals over the cover's title, on the primary colour."""
    band_strapline: Color = BAND_STRAPLINE
    """The line under the cover's title, on the primary colour."""

    @property
    def areas(self) -> tuple[Color, ...]:
        """Series colours for areas, in questionnaire order."""
        return (self.primary, self.accent, *AREA_COLOURS[2:])


DEFAULT_PALETTE = Palette()


def _colour(rgb: Rgb) -> Color:
    return colors.HexColor(rgb.hex)


def palette_for(brand: Brand) -> Palette:
    """The palette of a brand's colours; cxaudit's own colours give its own palette."""
    if brand.own_colours:
        return DEFAULT_PALETTE
    return Palette(
        primary=_colour(brand.primary),
        accent=_colour(brand.accent),
        head_fill=_colour(brand.head_fill),
        band_kicker=_colour(brand.band_kicker),
        band_strapline=_colour(brand.band_strapline),
    )


PAGE_WIDTH, PAGE_HEIGHT = A4
PAGE_MARGIN = 20 * mm
HEADER_HEIGHT = 14 * mm
FOOTER_HEIGHT = 12 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * PAGE_MARGIN
"""The width of the body frame: what every full-width table and chart is laid out to."""


@dataclass(frozen=True)
class Styles:
    """Paragraph styles bound to one report's font."""

    fonts: FontSet
    palette: Palette
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    h1: ParagraphStyle
    h1_top: ParagraphStyle
    h2: ParagraphStyle
    h2_tight: ParagraphStyle
    h3: ParagraphStyle
    note: ParagraphStyle
    cover_title: ParagraphStyle
    cover_org: ParagraphStyle
    cover_meta: ParagraphStyle
    big_number: ParagraphStyle
    label: ParagraphStyle


def make_styles(fonts: FontSet, palette: Palette = DEFAULT_PALETTE) -> Styles:
    """The type scale for one report: 9.5 pt body, headings in the primary colour (navy unless
    a brand sets one), tables at 8.5 pt."""
    regular, bold = fonts.family, fonts.bold
    primary, accent = palette.primary, palette.accent
    body = ParagraphStyle(
        "body", fontName=regular, fontSize=9.5, leading=13.5, textColor=INK, spaceAfter=4
    )
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11.5)
    cell = ParagraphStyle("cell", parent=small, spaceAfter=0)
    cell_head = ParagraphStyle("cell_head", parent=cell, fontName=bold, textColor=primary)
    h1 = ParagraphStyle(
        "h1",
        parent=body,
        fontName=bold,
        fontSize=17,
        leading=21,
        textColor=primary,
        spaceBefore=16,
        spaceAfter=8,
    )
    h2 = ParagraphStyle(
        "h2",
        parent=body,
        fontName=bold,
        fontSize=12,
        leading=15,
        textColor=primary,
        spaceBefore=10,
        spaceAfter=5,
    )
    return Styles(
        fonts=fonts,
        palette=palette,
        body=body,
        small=small,
        muted=ParagraphStyle("muted", parent=small, textColor=SLATE),
        cell=cell,
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_head=cell_head,
        cell_head_right=ParagraphStyle("cell_head_right", parent=cell_head, alignment=TA_RIGHT),
        h1=h1,
        h1_top=ParagraphStyle("h1_top", parent=h1, spaceBefore=0, spaceAfter=6),
        h2=h2,
        h2_tight=ParagraphStyle("h2_tight", parent=h2, spaceBefore=7, spaceAfter=4),
        h3=ParagraphStyle(
            "h3",
            parent=body,
            fontName=bold,
            fontSize=10,
            leading=13,
            textColor=accent,
            spaceBefore=6,
            spaceAfter=3,
        ),
        note=ParagraphStyle(
            "note",
            parent=small,
            leftIndent=8,
            borderPadding=(2, 0, 2, 6),
            spaceAfter=5,
        ),
        cover_title=ParagraphStyle(
            "cover_title",
            parent=body,
            fontName=regular,
            fontSize=13,
            leading=17,
            textColor=accent,
            alignment=TA_LEFT,
            spaceAfter=6,
        ),
        cover_org=ParagraphStyle(
            "cover_org",
            parent=body,
            fontName=bold,
            fontSize=28,
            leading=34,
            textColor=primary,
            spaceAfter=10,
        ),
        cover_meta=ParagraphStyle("cover_meta", parent=body, fontSize=10, leading=15),
        big_number=ParagraphStyle(
            "big_number", parent=body, fontName=bold, fontSize=30, leading=34, textColor=primary
        ),
        label=ParagraphStyle(
            "label", parent=small, fontSize=7.5, leading=10, textColor=SLATE, spaceAfter=1
        ),
    )


def table_style(
    *, header_rows: int = 1, zebra: bool = True, palette: Palette = DEFAULT_PALETTE
) -> TableStyle:
    """Light rules, a tinted header row and faint stripes: readable when printed in grey."""
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), palette.head_fill),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, palette.primary),
        ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [WHITE, STRIPE]))
    return TableStyle(commands)
