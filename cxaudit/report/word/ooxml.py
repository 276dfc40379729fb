"""The few pieces of WordprocessingML python-docx has no API for, written in schema order.

Word refuses a document whose elements come in an order its schema does not allow (it offers to
"recover the contents"), so every element added here goes where the schema puts it among its
siblings: cell shading and borders, a header row that repeats, rows that do not split, table
borders and margins, paragraph rules, and the page number fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import RGBColor
from docx.text.paragraph import Paragraph
from lxml.etree import SubElement  # type: ignore[import-untyped]

TC_PR = (
    "w:cnfStyle",
    "w:tcW",
    "w:gridSpan",
    "w:hMerge",
    "w:vMerge",
    "w:tcBorders",
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
)
TR_PR = (
    "w:cnfStyle",
    "w:divId",
    "w:gridBefore",
    "w:gridAfter",
    "w:wBefore",
    "w:wAfter",
    "w:cantSplit",
    "w:trHeight",
    "w:tblHeader",
    "w:tblCellSpacing",
    "w:jc",
    "w:hidden",
)
TBL_PR = (
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
)
P_PR = (
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
)
SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
"""The order of borders inside `w:tblBorders` (a cell's `w:tcBorders` uses the first four)."""

Border = tuple[float, RGBColor] | None
"""A line's width in points and its colour; None for no line."""


def put(parent: BaseOxmlElement, child: BaseOxmlElement, order: Iterable[str]) -> None:
    """Put `child` in `parent` where the schema's `order` says, replacing one of its kind."""
    tags = [qn(tag) for tag in order]
    existing = parent.find(child.tag)
    if existing is not None:
        parent.remove(existing)
    later = tags[tags.index(child.tag) + 1 :] if child.tag in tags else []
    for sibling in parent:
        if sibling.tag in later:
            sibling.addprevious(child)
            return
    parent.append(child)


def element(tag: str, **attributes: str) -> BaseOxmlElement:
    """An element with `w:`-prefixed attributes."""
    node = OxmlElement(tag)
    for name, value in attributes.items():
        node.set(qn(f"w:{name}"), value)
    return node


def _hex(colour: RGBColor) -> str:
    return str(colour)


def shade(tc_pr: BaseOxmlElement, fill: RGBColor) -> None:
    """A cell's background colour."""
    put(tc_pr, element("w:shd", val="clear", color="auto", fill=_hex(fill)), TC_PR)


def borders(
    parent: BaseOxmlElement, tag: str, lines: Mapping[str, Border], order: Iterable[str]
) -> None:
    """A `w:tblBorders`, `w:tcBorders` or `w:pBdr` with the given lines (others none)."""
    box = element(tag)
    for side in SIDES if tag != "w:pBdr" else ("top", "left", "bottom", "right"):
        if side not in lines:
            continue
        line = lines[side]
        if line is None:
            box.append(element(f"w:{side}", val="nil"))
        else:
            width, colour = line
            box.append(
                element(
                    f"w:{side}",
                    val="single",
                    sz=str(round(width * 8)),
                    space="0",
                    color=_hex(colour),
                )
            )
    put(parent, box, order)


def margins(tbl_pr: BaseOxmlElement, *, top: int, bottom: int, left: int, right: int) -> None:
    """A table's default cell margins, in twentieths of a point.

    The table is indented by its left margin, so its text lines up with the paragraphs around
    it and its edges with the page's margins, as in the PDF.
    """
    box = element("w:tblCellMar")
    for side, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        box.append(element(f"w:{side}", w=str(value), type="dxa"))
    put(tbl_pr, box, TBL_PR)
    put(tbl_pr, element("w:tblInd", w=str(left), type="dxa"), TBL_PR)


def row_flag(tr_pr: BaseOxmlElement, tag: str) -> None:
    """Mark a row: `w:tblHeader` (repeats on every page) or `w:cantSplit`."""
    put(tr_pr, element(tag), TR_PR)


def paragraph_rule(paragraph: Paragraph, side: str, line: tuple[float, RGBColor]) -> None:
    """A rule above or below a paragraph."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders(p_pr, "w:pBdr", {side: line}, P_PR)


def add_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A field (`PAGE`, `NUMPAGES`) that Word and LibreOffice fill in, showing `shown` until
    they do."""

    def mark(kind: str) -> None:
        paragraph.add_run()._r.append(element("w:fldChar", fldCharType=kind))

    mark("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    mark("separate")
    paragraph.add_run(shown)
    mark("end")


def plain_fonts(rpr: BaseOxmlElement | None, name: str) -> None:
    """Set a style's fonts to `name`, dropping the theme's fonts that would override it."""
    if rpr is None:
        return
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        return
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attribute}"), name)


Piece = tuple[str, bool, str | None, int | None, bool]
"""A run to write: its text, bold, colour (`RRGGBB` or None), size in half-points (or None)
and whether it starts on a new line."""

_P = qn("w:p")
_PPR, _PSTYLE, _JC = qn("w:pPr"), qn("w:pStyle"), qn("w:jc")
_R, _RPR, _B, _COLOR, _SZ, _T, _BR = (
    qn("w:r"),
    qn("w:rPr"),
    qn("w:b"),
    qn("w:color"),
    qn("w:sz"),
    qn("w:t"),
    qn("w:br"),
)
_VAL, _SPACE = qn("w:val"), qn("xml:space")


def fill_paragraph(
    p: BaseOxmlElement, style_id: str, pieces: Iterable[Piece], *, right: bool
) -> None:
    """Write a paragraph's style, alignment and runs straight into its XML.

    A table of a hundred rows is thousands of paragraphs; python-docx's objects look up each
    child's place in the schema on every call, which made tables most of the Word report's
    build time. The elements are the ones python-docx writes, in the schema's order.
    """
    p_pr = SubElement(p, _PPR)
    SubElement(p_pr, _PSTYLE).set(_VAL, style_id)
    if right:
        SubElement(p_pr, _JC).set(_VAL, "right")
    for text, bold, colour, size, newline in pieces:
        if newline:
            SubElement(SubElement(p, _R), _BR)
        run = SubElement(p, _R)
        if bold or colour or size:
            r_pr = SubElement(run, _RPR)
            if bold:
                SubElement(r_pr, _B)
            if colour:
                SubElement(r_pr, _COLOR).set(_VAL, colour)
            if size:
                SubElement(r_pr, _SZ).set(_VAL, str(size))
        for index, line in enumerate(text.split("\n")):
            if index:
                SubElement(run, _BR)
            if line:
                t = SubElement(run, _T)
                t.text = line
                t.set(_SPACE, "preserve")
