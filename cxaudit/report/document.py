"""The PDF action plan: page templates, header and footer, and the story of the report.

Modelled on reportlab's `tools/docco/rltemplate.py`: a `BaseDocTemplate` with a cover and a body
page template, and a story built separately as a list of flowables. The document is laid out
once: a "numbered canvas" holds every finished page back and draws the running header and the
"page X of Y" footer on all of them when the file is saved, once the page count is known.
Every number comes from the domain and is written with `cxaudit.domain.format`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Frame,
    KeepInFrame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.doctemplate import BaseDocTemplate, LayoutError, PageTemplate

from cxaudit.domain.format import (
    DASH,
    fmt_delta,
    fmt_gap,
    fmt_percent,
    fmt_score,
    fmt_share,
    fmt_weight,
)
from cxaudit.domain.model import ActionItem, Answer, Respondent, Role
from cxaudit.domain.questionnaire import Question, Questionnaire
from cxaudit.domain.results import AreaDelta, AreaResult, QuestionStanding
from cxaudit.report.charts import Series, radar_chart, trend_chart
from cxaudit.report.data import ReportData
from cxaudit.report.fonts import FontSet
from cxaudit.report.styles import (
    AMBER,
    AREA_COLOURS,
    BAD,
    FOOTER_HEIGHT,
    GOOD,
    HEADER_HEIGHT,
    INK,
    MUTED,
    NAVY,
    PAGE_MARGIN,
    RULE,
    SLATE,
    TEAL,
    WHITE,
    Styles,
    make_styles,
    table_style,
)
from cxaudit.report.text import clean, literal

PAGE_WIDTH, PAGE_HEIGHT = A4
CONTENT_WIDTH = PAGE_WIDTH - 2 * PAGE_MARGIN
COVER_BAND = 88 * mm

DOCUMENT_TITLE = "Customer experience maturity assessment"
COVER_KICKER = "CUSTOMER EXPERIENCE MATURITY ASSESSMENT"
COVER_HEADLINE = "Results and action plan"
COVER_STRAPLINE = "Where we stand, why, and what we will do next"
EXECUTIVE_SUMMARY = "Executive summary"
TREND = "Trend"
ACTION_PLAN = "Action plan"
PREVIOUS_PLAN = "What became of the previous plan"
APPENDIX_ANSWERS = "Appendix A: Every answer"
APPENDIX_NA = "Appendix B: N/A reasons and don't knows"
APPENDIX_NOTES = "Appendix C: Notes and evidence"
APPENDIX_METHOD = "Appendix D: How scores are calculated"

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
_ROLE_NAMES = {
    Role.LEADER: ("leader", "leaders"),
    Role.MANAGER: ("manager", "managers"),
    Role.FRONTLINE: ("front-line", "front-line staff"),
    Role.OTHER: ("other", "others"),
}
_STATUS_COLOURS = {"done": GOOD, "dropped": MUTED, "in progress": TEAL, "open": INK}


class _Para(Paragraph):  # type: ignore[misc]
    """A paragraph that remembers its last line breaking.

    Tables, `KeepTogether` and `KeepInFrame` ask the same paragraph for its size at the same
    width several times (to measure, to split, to draw); breaking the lines again each time
    was the largest single cost of the report.
    """

    _cx_wrapped: tuple[float, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        last = self._cx_wrapped
        # A failed split drops the line breaking (`blPara`), so then it is done again.
        if last is not None and last[0] == availWidth and "blPara" in self.__dict__:
            return last[1]
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._cx_wrapped = (availWidth, size)
        return size


class _FixedText(str):
    """A plain-string table cell, drawn in the cell paragraph style's font and colour."""

    __slots__ = ()


class _RightText(_FixedText):
    """A plain-string table cell aligned to the right (figures in a column of figures)."""

    __slots__ = ()


def _hex(colour: Color) -> str:
    """A colour as `#rrggbb` for Paragraph markup."""
    return "#" + str(colour.hexval())[2:]


def _span(markup: str, colour: Color = SLATE) -> str:
    """Markup in a colour (muted slate by default)."""
    return f'<font color="{_hex(colour)}">{markup}</font>'


def _fit_header_words(
    widths: Sequence[float], header: Sequence[Any], padding: float
) -> list[float]:
    """Widen any column too narrow for its header's longest word, taking from the widest.

    A header paragraph breaks a word that does not fit its column mid-word ("Weigh/t"), so
    every column is made at least as wide as its longest header word plus the cell padding.
    """
    out = list(widths)
    for index, cell in enumerate(header):
        if not isinstance(cell, Paragraph) or index >= len(out):
            continue
        style = cell.style
        words = cell.getPlainText().split()
        need = max((stringWidth(w, style.fontName, style.fontSize) for w in words), default=0.0)
        deficit = need + padding + 0.5 - out[index]
        if deficit <= 0:
            continue
        widest = max(range(len(out)), key=lambda i: out[i])
        if widest == index or out[widest] - deficit < out[index]:
            continue
        out[widest] -= deficit
        out[index] += deficit
    return out


_HEADINGS = ("h1", "h2", "h3")
_FOLLOWER_MIN = 24 * mm
"""How much of the content after a heading must fit below it (when that content is taller)."""
_GUARD_MAX = 90 * mm
"""The most a heading guard ever asks for, so it can always be met at the top of a page."""


class _HeadingGuard(CondPageBreak):  # type: ignore[misc]
    """Start a new page unless a run of headings fits together with the start of what follows.

    The space needed is measured when the page is laid out: the headings themselves, then the
    header and first row of a following table, or up to `_FOLLOWER_MIN` of anything else. A
    fixed guard per heading missed stacked headings (a section title directly followed by a
    sub-heading) and left the section title alone at the foot of the page.
    """

    def __init__(self, headings: Sequence[Paragraph], follower: Flowable | None) -> None:
        super().__init__(0)
        self.headings = list(headings)
        self.follower = follower

    def __repr__(self) -> str:
        return f"_HeadingGuard({len(self.headings)})"

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        need = 0.0
        for heading in self.headings:
            need += heading.getSpaceBefore() + heading.wrap(availWidth, PAGE_HEIGHT)[1]
            need += heading.getSpaceAfter()
        follower = self.follower
        if isinstance(follower, Table):
            follower.wrap(availWidth, PAGE_HEIGHT)
            need += follower.getSpaceBefore() + sum(follower._rowHeights[:2])
        elif isinstance(follower, Paragraph):
            height = follower.wrap(availWidth, PAGE_HEIGHT)[1]
            need += follower.getSpaceBefore() + min(height, _FOLLOWER_MIN)
        elif follower is not None:
            need += _FOLLOWER_MIN
        self.height = min(need, _GUARD_MAX)
        result: tuple[float, float] = super().wrap(availWidth, availHeight)
        return result


def _is_heading(flowable: Flowable) -> bool:
    return isinstance(flowable, Paragraph) and flowable.style.name in _HEADINGS


def _guard_headings(story: list[Flowable]) -> list[Flowable]:
    """Start a new page rather than leave a heading (or a run of them) alone at a page's foot."""
    out: list[Flowable] = []
    index = 0
    while index < len(story):
        if not _is_heading(story[index]):
            out.append(story[index])
            index += 1
            continue
        end = index
        while end < len(story) and _is_heading(story[end]):
            end += 1
        headings = story[index:end]
        follower = story[end] if end < len(story) else None
        out.append(_HeadingGuard(headings, follower))
        out.extend(headings)
        index = end
    return out


def comparison_title(period: str) -> str:
    """The title of the side-by-side section of a comparison report."""
    return f"Comparison with {period}"


def long_date(value: date) -> str:
    """A date as people write it ("14 March 2026"), whatever the system's locale."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def section_titles(data: ReportData) -> list[str]:
    """The titles of the report's top-level sections, in order (the PDF's outline)."""
    titles = [EXECUTIVE_SUMMARY]
    if data.trend is not None and len(data.trend.periods) >= 2:
        titles.append(TREND)
    titles.extend(area.title for area in data.questionnaire.areas)
    titles.append(ACTION_PLAN)
    if data.side_by_side and data.previous is not None:
        titles.append(comparison_title(data.previous.assessment.period))
    titles.extend([APPENDIX_ANSWERS, APPENDIX_NA, APPENDIX_NOTES, APPENDIX_METHOD])
    return titles


# --------------------------------------------------------------------------------------------
# Page templates
# --------------------------------------------------------------------------------------------


class _Page(PageTemplate):  # type: ignore[misc]
    """A page template that draws the running header and footer after the page's content."""

    def __init__(self, template_id: str, frame: Frame, report: ReportTemplate) -> None:
        super().__init__(template_id, [frame])
        self.report = report

    def beforeDrawPage(self, canv: Canvas, doc: BaseDocTemplate) -> None:  # noqa: N802
        if self.id == "cover":
            canv.saveState()
            canv.setFillColor(NAVY)
            canv.rect(0, PAGE_HEIGHT - COVER_BAND, PAGE_WIDTH, COVER_BAND, stroke=0, fill=1)
            canv.setFillColor(TEAL)
            canv.rect(
                0, PAGE_HEIGHT - COVER_BAND - 2.2 * mm, PAGE_WIDTH, 2.2 * mm, stroke=0, fill=1
            )
            fonts = self.report.styles.fonts
            base = PAGE_HEIGHT - COVER_BAND
            canv.setFillColor(colors.HexColor("#9FC3CC"))
            canv.setFont(fonts.bold, 9)
            canv.drawString(PAGE_MARGIN, base + 40 * mm, COVER_KICKER, charSpace=1.2)
            canv.setFillColor(WHITE)
            canv.setFont(fonts.bold, 26)
            canv.drawString(PAGE_MARGIN, base + 26 * mm, COVER_HEADLINE)
            canv.setFont(fonts.regular, 11)
            canv.setFillColor(colors.HexColor("#C9D6E3"))
            canv.drawString(PAGE_MARGIN, base + 16 * mm, COVER_STRAPLINE)
            canv.restoreState()

    def afterDrawPage(self, canv: Canvas, doc: BaseDocTemplate) -> None:  # noqa: N802
        # The header and footer are drawn when the canvas is saved; remember which kind of page.
        canv.cx_cover = self.id == "cover"


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that defers every page until `save`, so each footer can say "page X of Y".

    The page count is only known once layout ends; keeping each page's drawing state and
    replaying it at the end costs far less than laying the whole document out a second time.
    """

    def __init__(self, *args: Any, report: ReportTemplate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cx_report = report
        self.cx_cover = False
        self.cx_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802
        self.cx_pages.append(dict(self.__dict__))
        # Bookmarks made on the next page must name it, although no page has been written yet.
        self._doc.pageCounter += 1
        self._startPage()
        self.cx_cover = False

    def save(self) -> None:
        total = len(self.cx_pages)
        self._doc.pageCounter = 1
        for number, state in enumerate(self.cx_pages, start=1):
            self.__dict__.update(state)
            self.cx_report.draw_header_footer(self, number, total, cover=state["cx_cover"])
            super().showPage()
        super().save()


class ReportTemplate(BaseDocTemplate):  # type: ignore[misc]
    """A4 pages with a running header (organisation, period) and footer (page X of Y)."""

    def __init__(
        self,
        target: io.BytesIO,
        *,
        data: ReportData,
        styles: Styles,
        deterministic: bool,
    ) -> None:
        self.data = data
        self.styles = styles
        self._outline_count = 0
        self._running: tuple[str, str, str] | None = None
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=PAGE_MARGIN,
            rightMargin=PAGE_MARGIN,
            topMargin=PAGE_MARGIN + HEADER_HEIGHT,
            bottomMargin=PAGE_MARGIN + FOOTER_HEIGHT,
            title=clean(f"{DOCUMENT_TITLE}: {data.organisation.name}, {data.assessment.period}"),
            author=clean(data.prepared_by) or "cxaudit",
            subject="Scores, gaps and prioritised actions",
            creator="cxaudit",
            invariant=1 if deterministic else 0,
        )
        body = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        cover_top = PAGE_HEIGHT - COVER_BAND - 16 * mm
        cover = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            cover_top - self.bottomMargin,
            id="cover",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([_Page("cover", cover, self), _Page("body", body, self)])

    def _fit(self, text: str, font: str, size: float, width: float) -> str:
        text = self.styles.fonts.cover(" ".join(clean(text).split()))
        if stringWidth(text, font, size) <= width:
            return text
        while text and stringWidth(text + "…", font, size) > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def _running_text(self) -> tuple[str, str, str]:
        """The header's organisation and period and the footer's left text, fitted once."""
        if self._running is None:
            fonts, data = self.styles.fonts, self.data
            width = PAGE_WIDTH - 2 * PAGE_MARGIN
            period_text = f"{data.assessment.period} · CX maturity assessment"
            period_width = stringWidth(period_text, fonts.regular, 8)
            org = self._fit(data.organisation.name, fonts.bold, 8, width - period_width - 12)
            prepared = f" · prepared by {data.prepared_by}" if data.prepared_by.strip() else ""
            footer_left = f"{data.organisation.name} · {data.assessment.period}{prepared}"
            self._running = (org, period_text, footer_left)
        return self._running

    def draw_header_footer(self, canv: Canvas, page: int, total: int, *, cover: bool) -> None:
        """The organisation and period at the top, "page X of Y" at the bottom of every page."""
        fonts = self.styles.fonts
        org, period_text, footer_left = self._running_text()
        canv.saveState()
        left, right = PAGE_MARGIN, PAGE_WIDTH - PAGE_MARGIN
        top = PAGE_HEIGHT - PAGE_MARGIN + 4 * mm
        canv.setFont(fonts.bold, 8)
        canv.setFillColor(WHITE if cover else NAVY)
        canv.drawString(left, top, org)
        canv.setFont(fonts.regular, 8)
        canv.setFillColor(WHITE if cover else SLATE)
        canv.drawRightString(right, top, period_text)
        if not cover:
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.6)
            canv.line(left, top - 2.5 * mm, right, top - 2.5 * mm)
        bottom = PAGE_MARGIN - 2 * mm
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.6)
        canv.line(left, bottom + 4.5 * mm, right, bottom + 4.5 * mm)
        canv.setFont(fonts.regular, 7.5)
        canv.setFillColor(SLATE)
        page_text = f"Page {page} of {total}"
        canv.drawRightString(right, bottom, page_text)
        width = right - left - stringWidth(page_text, fonts.regular, 7.5) - 12
        canv.drawString(left, bottom, self._fit(footer_left, fonts.regular, 7.5, width))
        canv.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802
        """Top-level section titles become entries in the PDF's outline.

        A title inside a one-page frame (the executive summary's) is found inside that frame,
        so every top-level section is in the outline whatever wraps it.
        """
        if isinstance(flowable, KeepInFrame):
            for inner in flowable._content:
                self.afterFlowable(inner)
            return
        if isinstance(flowable, Paragraph) and flowable.style.name in ("h1", "h1_top", "h2"):
            level = 1 if flowable.style.name == "h2" else 0
            if level == 1 and not getattr(flowable, "_cx_outline", False):
                return
            self._outline_count += 1
            key = f"section-{self._outline_count}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=True)


# --------------------------------------------------------------------------------------------
# The story
# --------------------------------------------------------------------------------------------


class StoryBuilder:
    """Turns report data into flowables, section by section."""

    def __init__(self, data: ReportData, styles: Styles, *, split_rows: bool = False) -> None:
        self.data = data
        self.split_rows = split_rows
        """Let a table row split across pages: only needed when one row is taller than a page,
        since reportlab then also repeats the header above the row's continuation."""
        self.s = styles
        self.fonts: FontSet = styles.fonts
        self.q: Questionnaire = data.questionnaire
        self.result = data.result
        self._numbers = {
            q.id: f"{a_index}.{q_index}"
            for a_index, area in enumerate(self.q.areas, start=1)
            for q_index, q in enumerate(area.questions, start=1)
        }
        self._labels = self._respondent_labels(data.assessment.respondents)
        self._parsed: dict[tuple[str, int], tuple[str, Any, list[Any]]] = {}

    # -- small helpers ------------------------------------------------------------------------

    def para(self, markup: str, style: Any) -> Paragraph:
        """A paragraph of markup, parsed once per build however often the same text recurs.

        Respondent labels, answers and level descriptions repeat hundreds of times in the
        appendix; reusing the parsed fragments skips the markup parser for every repeat.
        """
        key = (markup, id(style))
        parsed = self._parsed.get(key)
        if parsed is None:
            para = _Para(markup, style)
            self._parsed[key] = (para.text, para.style, para.frags)
            return para
        text, parsed_style, frags = parsed
        return _Para(text, parsed_style, frags=list(frags))

    def text(self, value: str, style: Any = None) -> Paragraph:
        """A paragraph printing `value` literally (typed or questionnaire text)."""
        return self.para(literal(value, self.fonts), style or self.s.body)

    def markup(self, value: str, style: Any = None) -> Paragraph:
        """A paragraph of trusted markup built here (every typed part already escaped)."""
        return self.para(value, style or self.s.body)

    def lit(self, value: str) -> str:
        """Escaped markup for a piece of typed text, to embed in a larger paragraph."""
        return literal(value, self.fonts)

    def cell(self, value: str, *, right: bool = False, muted: bool = False) -> Paragraph:
        style = self.s.cell_right if right else self.s.cell
        if muted:
            style = self.s.muted
        return self.para(literal(value, self.fonts), style)

    def fixed(self, value: str, *, right: bool = False) -> str:
        """A short value the report generates itself (a score, a date, a rank, an answer).

        It never wraps and holds no markup, so the table draws it as a plain string in the
        cell font instead of paying for a paragraph's parsing, line breaking and drawing.
        """
        text = self.fonts.cover(value)
        return _RightText(text) if right else _FixedText(text)

    def head(self, *titles: str, right_from: int | None = None) -> list[Paragraph]:
        row = []
        for index, title in enumerate(titles):
            right = right_from is not None and index >= right_from
            style = self.s.cell_head_right if right else self.s.cell_head
            row.append(self.para(literal(title, self.fonts), style))
        return row

    def table(
        self,
        rows: Sequence[Sequence[Any]],
        widths: Sequence[float],
        *,
        extra: Iterable[tuple[Any, ...]] = (),
        zebra: bool = True,
        narrow: bool = False,
    ) -> Table:
        """A table whose header repeats on every page it spans and whose rows may split."""
        scale = CONTENT_WIDTH / sum(widths)
        padding = 3 if narrow else 5
        col_widths = _fit_header_words(
            [w * scale for w in widths], rows[0] if rows else [], 2 * padding
        )
        table = Table(
            [list(r) for r in rows],
            colWidths=col_widths,
            repeatRows=1,
            splitInRow=1 if self.split_rows else 0,
            hAlign="LEFT",
        )
        style = table_style(zebra=zebra)
        if narrow:
            # Many columns: thinner side padding so dates and area names stay on one line.
            style.add("LEFTPADDING", (0, 0), (-1, -1), padding)
            style.add("RIGHTPADDING", (0, 0), (-1, -1), padding)
        # Plain-string cells (see `fixed`) are drawn like the `cell` paragraph style.
        cell = self.s.cell
        font = (cell.fontName, cell.fontSize, cell.leading)
        for row_index, row in enumerate(rows):
            for col_index, value in enumerate(row):
                if isinstance(value, _FixedText):
                    at = (col_index, row_index)
                    style.add("FONT", at, at, *font)
                    style.add("TEXTCOLOR", at, at, cell.textColor)
                    if isinstance(value, _RightText):
                        style.add("ALIGN", at, at, "RIGHT")
        for command in extra:
            style.add(*command)
        table.setStyle(style)
        return table

    def h1(self, title: str) -> Paragraph:
        return self.para(literal(title, self.fonts), self.s.h1)

    def h2(self, title: str, *, outline: bool = False) -> Paragraph:
        para = self.para(literal(title, self.fonts), self.s.h2)
        para._cx_outline = outline
        return para

    def h3(self, title: str) -> Paragraph:
        return self.para(literal(title, self.fonts), self.s.h3)

    def none_line(self, value: str) -> Paragraph:
        return self.text(value, self.s.muted)

    def question_label(self, question_id: str) -> str:
        number = self._numbers.get(question_id)
        question = self._question(question_id)
        prompt = question.prompt if question is not None else question_id
        return f"{number}  {prompt}" if number else prompt

    def _question(self, question_id: str) -> Question | None:
        if self.q.has_question(question_id):
            return self.q.question(question_id)
        previous = self.data.previous
        if previous is not None and previous.questionnaire.has_question(question_id):
            return previous.questionnaire.question(question_id)
        return None

    def area_title(self, area_id: str) -> str:
        for area in self.q.areas:
            if area.id == area_id:
                return area.title
        previous = self.data.previous
        if previous is not None:
            for area in previous.questionnaire.areas:
                if area.id == area_id:
                    return area.title
        return "Overall" if area_id == "overall" else area_id

    def _respondent_labels(self, respondents: Sequence[Respondent]) -> dict[int, str]:
        labels: dict[int, str] = {}
        for index, respondent in enumerate(respondents, start=1):
            role = _ROLE_NAMES[respondent.role][0]
            if self.data.include_names:
                labels[index - 1] = f"{respondent.name} ({role})"
            else:
                labels[index - 1] = f"Respondent {index} ({role})"
        return labels

    def respondents_with(self, question_id: str) -> list[tuple[str, Answer | None]]:
        """Each respondent's label with their answer to a question (None when unanswered)."""
        return [
            (self._labels[i], r.answers.get(question_id))
            for i, r in enumerate(self.data.assessment.respondents)
        ]

    def roles_text(self) -> str:
        parts = []
        for role in Role:
            count = self.result.roles.get(role, 0)
            if count:
                singular, plural = _ROLE_NAMES[role]
                parts.append(f"{count} {singular if count == 1 else plural}")
        return ", ".join(parts) if parts else "no roles recorded"

    def area_delta(self, area_id: str) -> AreaDelta | None:
        if self.data.comparison is None:
            return None
        if area_id == "overall":
            return self.data.comparison.overall
        for delta in self.data.comparison.areas:
            if delta.area_id == area_id:
                return delta
        return None

    def delta_markup(self, delta: float | None) -> str:
        text = fmt_delta(delta)
        colour = SLATE
        if delta is not None and not text.startswith("0.00"):
            colour = GOOD if delta > 0 else BAD
        return _span(text, colour)

    # -- sections -----------------------------------------------------------------------------

    def build(self) -> list[Flowable]:
        story: list[Flowable] = [NextPageTemplate("body")]
        story += self.cover()
        story += [PageBreak()]
        story += self.executive_summary()
        trend = self.data.trend
        if trend is not None and len(trend.periods) >= 2:
            story += [PageBreak()]
            story += self.trend_section()
        for area in self.result.areas:
            story += [PageBreak()]
            story += self.area_section(area)
        story += [PageBreak()]
        story += self.action_plan()
        if self.data.side_by_side and self.data.previous is not None:
            story += [PageBreak()]
            story += self.comparison_section()
        story += [PageBreak()]
        story += self.appendix_answers()
        story += [CondPageBreak(70 * mm)]
        story += self.appendix_na()
        story += [CondPageBreak(70 * mm)]
        story += self.appendix_notes()
        story += [PageBreak()]
        story += self.appendix_method()
        return _guard_headings(story)

    def cover(self) -> list[Flowable]:
        data, s = self.data, self.s
        out: list[Flowable] = [
            self.text(data.organisation.name, s.cover_org),
            self.markup(f"Assessment for {self.lit(data.assessment.period)}", s.cover_title),
            Spacer(1, 8 * mm),
        ]
        count = self.result.respondent_count
        noun = "respondent" if count == 1 else "respondents"
        rows: list[list[Any]] = [
            ["Period", self.lit(data.assessment.period)],
            ["Date", long_date(data.generated)],
            [
                "Questionnaire",
                f"{self.lit(self.q.title)} (version {self.lit(self.q.version)})",
            ],
            ["Respondents", f"{count} {noun}: {self.roles_text()}"],
        ]
        if data.include_names and data.assessment.respondents:
            names = "<br/>".join(self.lit(label) for label in self._labels.values())
            rows.append(["Names", names])
        if data.previous is not None:
            rows.append(["Compared with", self.lit(data.previous.assessment.period)])
        rows.append(
            ["Prepared by", self.lit(data.prepared_by) if data.prepared_by.strip() else DASH]
        )
        table_rows = [
            [self.para(label.upper(), s.label), self.para(value, s.cover_meta)]
            for label, value in rows
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
            self.text(
                "This report sets out where the organisation stands on customer experience "
                "today, how each score was reached, and the prioritised actions that lead to "
                "the targets. Scores run from 1 to 5; every score is shown with the number of "
                "questions it is based on.",
                s.muted,
            )
        )
        return out

    def executive_summary(self) -> list[Flowable]:
        s, result, data = self.s, self.result, self.data
        previous = data.previous
        stage = result.stage
        overall = [
            self.para("OVERALL SCORE", s.label),
            self.para(fmt_score(result.overall), s.big_number),
            self.markup(f"{fmt_percent(result.percent)} of the way from 1 to 5", s.muted),
            Spacer(1, 2.5 * mm),
            self.para("STAGE", s.label),
            self.markup(f"<b>{self.lit(stage.name) if stage else DASH}</b>", s.h3),
            self.text(stage.description if stage else "No score yet.", s.small),
        ]
        overall_delta = self.area_delta("overall")
        if previous is not None and overall_delta is not None:
            overall += [
                Spacer(1, 2 * mm),
                self.para(f"CHANGE SINCE {self.lit(previous.assessment.period)}", s.label),
                self.markup(self.delta_markup(overall_delta.delta), s.body),
            ]
        chart = radar_chart(
            [a.title for a in result.areas], self._radar_series(), self.fonts, width=230, height=170
        )
        top = Table(
            [[overall, chart]],
            colWidths=[CONTENT_WIDTH - chart.width - 4 * mm, chart.width + 4 * mm],
        )
        top.setStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
        change_title = f"Change since {previous.assessment.period}" if previous else "Change"
        rows: list[list[Any]] = [
            self.head("Area", "Score", "Percent", "Coverage", "Target", change_title, right_from=1)
        ]
        for area in result.areas:
            delta = self.area_delta(area.area_id)
            rows.append(
                [
                    self.markup(f"<b>{self.lit(area.title)}</b>", s.cell),
                    self.markup(f"<b>{fmt_score(area.score)}</b>", s.cell_right),
                    self.fixed(fmt_percent(area.percent), right=True),
                    self.cell(area.coverage_text, right=True),
                    self.fixed(fmt_score(area.target), right=True),
                    self.markup(self.delta_markup(delta.delta if delta else None), s.cell_right),
                ]
            )
        areas = self.table(rows, [26, 14, 17, 48, 15, 40])
        h1 = self.para(literal(EXECUTIVE_SUMMARY, self.fonts), s.h1_top)
        content: list[Flowable] = [
            h1,
            top,
            self.para("Areas", s.h2_tight),
            areas,
            self.para("The five largest gaps", s.h2_tight),
            self._standings(result.largest_gaps(5), gap=True),
            self.para("Strengths", s.h2_tight),
            self._standings(result.strengths(3), gap=False),
        ]
        # The summary is one page: on the rare page that overflows, shrink rather than spill.
        height = PAGE_HEIGHT - 2 * PAGE_MARGIN - HEADER_HEIGHT - FOOTER_HEIGHT
        return [KeepInFrame(CONTENT_WIDTH, height, content, mode="shrink", vAlign="TOP")]

    def _radar_series(self) -> list[Series]:
        result = self.result
        series = [Series("Target", [a.target for a in result.areas], AMBER, dashed=True)]
        previous = self.data.previous
        if previous is not None:
            values: list[float | None] = []
            for area in result.areas:
                delta = self.area_delta(area.area_id)
                values.append(delta.before if delta is not None else None)
            series.append(Series(previous.assessment.period, values, MUTED, width=1.2))
        series.append(
            Series(
                self.data.assessment.period,
                [a.score for a in result.areas],
                NAVY,
                filled=True,
                width=1.8,
            )
        )
        return series

    def _standings(self, standings: Sequence[QuestionStanding], *, gap: bool) -> Flowable:
        """A compact list of questions for the summary page."""
        if not standings:
            return self.none_line(
                "No question is below its target." if gap else "No question has a score yet."
            )
        s = self.s
        rows: list[list[Any]] = [
            self.head(
                "Area", "Question", "Score", "Target" if gap else "Against target", right_from=2
            )
        ]
        for item in standings:
            number = self._numbers.get(item.question_id, "")
            question = self._question(item.question_id)
            prompt = question.prompt if question is not None else item.question_id
            rows.append(
                [
                    self.markup(
                        f"{self.lit(self.area_title(item.area_id))} {_span(self.lit(number))}",
                        s.cell,
                    ),
                    self.text(prompt, s.cell),
                    self.markup(f"<b>{fmt_score(item.score)}</b>", s.cell_right),
                    self.fixed(fmt_score(item.target) if gap else fmt_gap(item.gap), right=True),
                ]
            )
        table = self.table(rows, [25, 110, 13, 14] if gap else [25, 96, 13, 28])
        table.setStyle(
            [("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]
        )
        return table

    def trend_section(self) -> list[Flowable]:
        trend = self.data.trend
        assert trend is not None
        keys = [a.area_id for a in self.result.areas]
        keys += [k for k in trend.series if k != "overall" and k not in keys]
        series: list[Series] = []
        for index, key in enumerate(keys):
            points = {p.period: p.score for p in trend.series.get(key, ())}
            series.append(
                Series(
                    self.area_title(key),
                    [points.get(period) for period in trend.periods],
                    AREA_COLOURS[index % len(AREA_COLOURS)],
                )
            )
        overall_points = {p.period: p.score for p in trend.series.get("overall", ())}
        series.append(
            Series(
                "Overall",
                [overall_points.get(period) for period in trend.periods],
                INK,
                dashed=True,
                width=1.2,
            )
        )
        chart = trend_chart(trend.periods, series, self.fonts, width=CONTENT_WIDTH, height=230)
        rows: list[list[Any]] = [self.head("Period", *[s.name for s in series], right_from=1)]
        for index, period in enumerate(trend.periods):
            rows.append(
                [self.cell(period)]
                + [self.fixed(fmt_score(s.values[index]), right=True) for s in series]
            )
        out: list[Flowable] = [
            self.h1(TREND),
            self.text(
                f"Each area's score across the organisation's {len(trend.periods)} assessments, "
                "on the same 1 to 5 scale. A missing point means the area had no score that "
                "period.",
                self.s.muted,
            ),
            Spacer(1, 3 * mm),
            chart,
            Spacer(1, 4 * mm),
            self.table(rows, [30] + [20] * len(series)),
        ]
        return out

    def area_section(self, area: AreaResult) -> list[Flowable]:
        s = self.s
        q_area = self.q.area(area.area_id)
        delta = self.area_delta(area.area_id)
        facts = [
            f"<b>{fmt_score(area.score)}</b> ({fmt_percent(area.percent)})",
            self.lit(area.coverage_text),
            f"target {fmt_score(area.target)}",
            fmt_gap(area.gap_to_target),
        ]
        if delta is not None and self.data.previous is not None:
            facts.append(
                f"{self.delta_markup(delta.delta)} since "
                f"{self.lit(self.data.previous.assessment.period)}"
            )
        out: list[Flowable] = [
            self.h1(area.title),
            self.text(q_area.description, s.muted),
            self.markup(" · ".join(facts), s.body),
        ]
        path = self.data.paths.get(area.area_id)
        if path is not None and area.score is not None:
            if path.steps == 0:
                line = "The area already meets its target."
            elif path.reachable:
                noun = "raise" if path.steps == 1 else "raises"
                line = (
                    f"Path to target: {path.steps} one-level {noun} across {len(path.raises)} "
                    f"question{'s' if len(path.raises) != 1 else ''} lift the area to "
                    f"{fmt_score(path.end_score)}."
                )
            else:
                line = (
                    f"The target cannot be reached with the questions scored: even with every "
                    f"one at 5 the area reaches {fmt_score(path.end_score)}."
                )
            out.append(self.text(line, s.body))
        if area.role_gap is not None:
            flag = " This is a perception gap." if area.perception_gap else ""
            out.append(
                self.text(
                    f"Leaders score the area {fmt_score(area.leader_score)}, the front line "
                    f"{fmt_score(area.frontline_score)}: a difference of "
                    f"{fmt_delta(area.role_gap, arrow=False)}.{flag}",
                    s.body,
                )
            )
        out += [self.h2("How the score was computed", outline=True)]
        out += [self._contribution_table(area)]
        out += [
            self.text(
                "Each question's score is the mean of the levels given. The area score is the "
                "weighted mean of the question scores present: each question counts for its "
                "share of the weights, and the contributions add up to the area score.",
                s.muted,
            )
        ]
        out += [self.h2("Strengths and gaps")]
        standings = [x for x in self.result.standings() if x.area_id == area.area_id]
        strong = sorted((x for x in standings if x.on_target), key=lambda x: -x.score)
        weak = sorted((x for x in standings if not x.on_target), key=lambda x: -x.gap)
        out += [self.h3("At or above target")]
        out += [self._area_standings(strong) if strong else self.none_line("None yet.")]
        out += [self.h3("Below target")]
        out += [self._area_standings(weak) if weak else self.none_line("None.")]
        out += [self.h2("Disagreements and perception gaps")]
        out += self._disagreements(area.area_id)
        out += [self.h2("Respondents' notes")]
        out += self._notes(area.area_id, include_evidence=False)
        return out

    def _contribution_table(self, area: AreaResult) -> Table:
        s = self.s
        contributions = {c.question_id: c for c in area.contributions}
        rows: list[list[Any]] = [
            self.head(
                "#", "Question", "Levels given", "Score", "Weight", "Share", "Points", right_from=3
            )
        ]
        for question in self.q.area(area.area_id).questions:
            qr = self.result.questions.get(question.id)
            contribution = contributions.get(question.id)
            given = self._levels_given(question.id)
            rows.append(
                [
                    self.fixed(self._numbers[question.id]),
                    self.cell(question.prompt),
                    self.cell(given),
                    self.fixed(fmt_score(qr.score if qr else None), right=True),
                    self.fixed(fmt_weight(question.weight), right=True),
                    self.fixed(fmt_share(contribution.share if contribution else None), right=True),
                    self.fixed(
                        fmt_score(contribution.points if contribution else None), right=True
                    ),
                ]
            )
        rows.append(
            [
                "",
                self.markup(f"<b>Area score</b> ({self.lit(area.coverage_text)})", s.cell),
                "",
                self.markup(f"<b>{fmt_score(area.score)}</b>", s.cell_right),
                "",
                "",
                self.markup(f"<b>{fmt_score(area.score)}</b>", s.cell_right),
            ]
        )
        last = len(rows) - 1
        return self.table(
            rows,
            [11, 78, 26, 14, 15, 13, 14],
            extra=[
                ("LINEABOVE", (0, last), (-1, last), 0.8, NAVY),
                ("BACKGROUND", (0, last), (-1, last), WHITE),
            ],
        )

    def _levels_given(self, question_id: str) -> str:
        qr = self.result.questions.get(question_id)
        if qr is None:
            return DASH
        parts = []
        if qr.levels:
            parts.append(", ".join(str(level) for level in qr.levels))
        if qr.na_count:
            parts.append(f"N/A ×{qr.na_count}")
        if qr.unknown_count:
            parts.append(f"don't know ×{qr.unknown_count}")
        if qr.unanswered_count:
            parts.append(f"no answer ×{qr.unanswered_count}")
        return "; ".join(parts) if parts else DASH

    def _area_standings(self, standings: Sequence[QuestionStanding]) -> Table:
        rows: list[list[Any]] = [self.head("Question", "Score", "Against target", right_from=1)]
        for item in standings:
            rows.append(
                [
                    self.cell(self.question_label(item.question_id)),
                    self.markup(f"<b>{fmt_score(item.score)}</b>", self.s.cell_right),
                    self.fixed(fmt_gap(item.gap), right=True),
                ]
            )
        return self.table(rows, [110, 18, 34])

    def _disagreements(self, area_id: str) -> list[Flowable]:
        out: list[Flowable] = []
        disagreements = [q for q in self.result.disagreements if q.area_id == area_id]
        gaps = [q for q in self.result.perception_gaps if q.area_id == area_id]
        if not disagreements and not gaps:
            return [
                self.none_line(
                    "Respondents broadly agree: no question has a spread of 2 levels or more, "
                    "and leaders and the front line see no question differently by a level or more."
                )
            ]
        if disagreements:
            rows: list[list[Any]] = [self.head("Question", "Levels given", "Spread", right_from=2)]
            for q in disagreements:
                rows.append(
                    [
                        self.cell(self.question_label(q.question_id)),
                        self.cell(", ".join(str(v) for v in q.levels)),
                        self.fixed(str(q.spread) if q.spread is not None else DASH, right=True),
                    ]
                )
            out += [self.h3("Disagreements (a spread of 2 levels or more)")]
            out += [self.table(rows, [104, 40, 18])]
        if gaps:
            rows = [self.head("Question", "Leaders", "Front line", "Gap", right_from=1)]
            for q in gaps:
                rows.append(
                    [
                        self.cell(self.question_label(q.question_id)),
                        self.fixed(fmt_score(q.leader_mean), right=True),
                        self.fixed(fmt_score(q.frontline_mean), right=True),
                        self.fixed(fmt_delta(q.role_gap, arrow=False), right=True),
                    ]
                )
            out += [self.h3("Perception gaps (leaders and the front line a level or more apart)")]
            out += [self.table(rows, [104, 20, 20, 18])]
        return out

    def _notes(self, area_id: str | None, *, include_evidence: bool) -> list[Flowable]:
        out: list[Flowable] = []
        for question in self.q.questions:
            if area_id is not None and question.area_id != area_id:
                continue
            entries: list[Flowable] = []
            for label, answer in self.respondents_with(question.id):
                if answer is None:
                    continue
                items = [("", answer.note)]
                if include_evidence:
                    items.append(("Evidence", answer.evidence))
                for kind, value in items:
                    if not value.strip():
                        continue
                    prefix = f"{self.lit(label)}" + (f" · {kind}" if kind else "")
                    entries.append(
                        self.markup(
                            f'<font color="{_hex(SLATE)}">{prefix}</font><br/>{self.lit(value)}',
                            self.s.note,
                        )
                    )
            if entries:
                out.append(
                    KeepTogether(
                        [
                            self.markup(
                                f"<b>{self.lit(self.question_label(question.id))}</b>", self.s.small
                            )
                        ]
                        + entries[:1]
                    )
                )
                out.extend(entries[1:])
        if not out:
            out.append(
                self.none_line(
                    "No notes were left for this area."
                    if area_id
                    else "No notes or evidence were recorded."
                )
            )
        return out

    def action_plan(self) -> list[Flowable]:
        s = self.s
        actions = self.data.actions
        out: list[Flowable] = [self.h1(ACTION_PLAN)]
        if actions:
            out.append(
                self.text(
                    f"{len(actions)} actions, highest priority first. Each improvement lifts one "
                    'question by a level on its area\'s path to target; a "find out" item '
                    'resolves "don\'t know" answers before the next assessment.',
                    s.muted,
                )
            )
            rows: list[list[Any]] = [
                self.head("#", "Area", "Action", "Why (source)", "Owner", "Due", "Status")
            ]
            for rank, item in enumerate(actions, start=1):
                rows.append(self._action_row(rank, item))
            out.append(self.table(rows, [6, 19.5, 44.5, 44.5, 18, 21.5, 16], narrow=True))
        else:
            out.append(
                self.none_line(
                    'No actions: every area meets its target and no answer is "don\'t know".'
                )
            )
        out.append(self.h2(PREVIOUS_PLAN, outline=True))
        out += self._previous_plan()
        return out

    def _action_row(self, rank: int, item: ActionItem) -> list[Any]:
        s = self.s
        question = self._question(item.question_id)
        action = self.lit(item.text)
        if item.kind == "improve" and item.current_level is not None and item.target_level:
            number = self.lit(self._numbers.get(item.question_id, item.question_id))
            steps = f"question {number} · level {item.current_level} → {item.target_level}"
            action += "<br/>" + _span(steps)
        elif question is not None:
            number = self._numbers.get(item.question_id, item.question_id)
            action += "<br/>" + _span(f"question {self.lit(number)}")
        if item.carried_from is not None:
            action += "<br/>" + _span("carried over from the previous plan", TEAL)
        why = DASH
        if question is not None:
            sources = self._source_titles(question)
            why = self.lit(question.why)
            if sources:
                source = _span("Source: " + self.lit("; ".join(sources)))
                why += f'<br/><font size="7.5">{source}</font>'
        status = item.status.label
        colour = _STATUS_COLOURS.get(status, INK)
        return [
            self.fixed(str(rank)),
            self.cell(self.area_title(item.area_id)),
            self.markup(action, s.cell),
            self.markup(why, s.cell),
            self.cell(item.owner) if item.owner.strip() else self.cell(DASH, muted=True),
            self.cell(item.due.isoformat() if item.due else DASH),
            self.markup(f'<font color="{_hex(colour)}">{status}</font>', s.cell),
        ]

    def _source_titles(self, question: Question) -> list[str]:
        questionnaires = [self.q]
        if self.data.previous is not None:
            questionnaires.append(self.data.previous.questionnaire)
        titles = []
        for source_file in question.sources:
            title = source_file
            for q in questionnaires:
                match = next((src for src in q.sources if src.file == source_file), None)
                if match is not None:
                    title = match.title
                    break
            titles.append(title)
        return titles

    def _previous_plan(self) -> list[Flowable]:
        previous = self.data.previous
        if previous is None:
            return [
                self.none_line(
                    "This is the organisation's first assessment in cxaudit: there is no earlier "
                    "plan to review."
                )
            ]
        comparison = self.data.comparison
        outcomes: list[tuple[ActionItem, float | None]]
        if comparison is not None:
            outcomes = [(o.item, o.area_delta) for o in comparison.action_outcomes]
        else:
            outcomes = [(item, None) for item in previous.assessment.actions]
        if not outcomes:
            return [
                self.none_line(f"The {previous.assessment.period} assessment had no action plan.")
            ]
        intro = self.text(
            f"The actions agreed in {previous.assessment.period}, with their status and the "
            "change in their area's score since then.",
            self.s.muted,
        )
        rows: list[list[Any]] = [
            self.head("Area", "Action", "Owner", "Due", "Status", "Area change")
        ]
        for item, delta in outcomes:
            status = item.status.label
            colour = _STATUS_COLOURS.get(status, INK)
            rows.append(
                [
                    self.cell(self.area_title(item.area_id)),
                    self.cell(item.text),
                    self.cell(item.owner) if item.owner.strip() else self.cell(DASH, muted=True),
                    self.cell(item.due.isoformat() if item.due else DASH),
                    self.markup(f'<font color="{_hex(colour)}">{status}</font>', self.s.cell),
                    self.markup(self.delta_markup(delta), self.s.cell_right),
                ]
            )
        return [intro, self.table(rows, [19.5, 63, 24, 21.5, 18, 24], narrow=True)]

    def comparison_section(self) -> list[Flowable]:
        previous, comparison = self.data.previous, self.data.comparison
        assert previous is not None
        s = self.s
        earlier, later = previous.assessment.period, self.data.assessment.period
        out: list[Flowable] = [self.h1(comparison_title(earlier))]
        if comparison is None:
            return out + [self.none_line("The two assessments have no questions in common.")]
        out.append(
            self.text(
                f"{later} set against {earlier}, compared on the {comparison.compared_count} "
                f"questions both assessments share; {comparison.only_earlier_count} only in "
                f"{earlier} and {comparison.only_later_count} only in {later} are left out.",
                s.muted,
            )
        )
        rows: list[list[Any]] = [self.head("Area", earlier, later, "Change", right_from=1)]
        for delta in (*comparison.areas, comparison.overall):
            bold = delta.area_id == "overall"
            name = self.lit(self.area_title(delta.area_id))
            rows.append(
                [
                    self.markup(f"<b>{name}</b>" if bold else name, s.cell),
                    self.fixed(fmt_score(delta.before), right=True),
                    self.fixed(fmt_score(delta.after), right=True),
                    self.markup(self.delta_markup(delta.delta), s.cell_right),
                ]
            )
        last = len(rows) - 1
        out.append(
            self.table(
                rows, [70, 30, 30, 32], extra=[("LINEABOVE", (0, last), (-1, last), 0.8, NAVY)]
            )
        )
        for title, deltas in (
            ("Most improved", comparison.most_improved),
            ("Most declined", comparison.most_declined),
        ):
            out.append(self.h2(title))
            if not deltas:
                out.append(self.none_line("None."))
                continue
            for qd in deltas:
                block: list[Flowable] = [
                    self.markup(
                        f"<b>{self.lit(self.question_label(qd.question_id))}</b>: "
                        f"{fmt_score(qd.before)} → {fmt_score(qd.after)} "
                        f"({self.delta_markup(qd.delta)})",
                        s.small,
                    )
                ]
                for period, notes in ((earlier, qd.notes_before), (later, qd.notes_after)):
                    for note in notes:
                        block.append(
                            self.markup(
                                f"{_span(self.lit(period))}<br/>{self.lit(note)}",
                                s.note,
                            )
                        )
                out.append(KeepTogether(block[:2]))
                out.extend(block[2:])
        out.append(self.h2("Question by question"))
        rows = [self.head("Question", "Area", earlier, later, "Change", right_from=2)]
        for qd in comparison.questions:
            rows.append(
                [
                    self.cell(self.question_label(qd.question_id)),
                    self.cell(self.area_title(qd.area_id)),
                    self.fixed(fmt_score(qd.before), right=True),
                    self.fixed(fmt_score(qd.after), right=True),
                    self.markup(self.delta_markup(qd.delta), s.cell_right),
                ]
            )
        out.append(self.table(rows, [76, 20, 20, 20, 26]))
        return out

    def appendix_answers(self) -> list[Flowable]:
        out: list[Flowable] = [
            self.h1(APPENDIX_ANSWERS),
            self.text(
                "Every respondent's answer to every question, with what the level given means.",
                self.s.muted,
            ),
        ]
        if not self.data.assessment.respondents:
            return out + [self.none_line("Nobody has answered yet.")]
        for area in self.q.areas:
            out.append(self.h2(area.title))
            for question in area.questions:
                rows: list[list[Any]] = [self.head("Respondent", "Answer", "What it means")]
                for label, answer in self.respondents_with(question.id):
                    rows.append(
                        [
                            self.cell(label),
                            self.fixed(answer.display if answer else "no answer"),
                            self.cell(self._meaning(question, answer)),
                        ]
                    )
                title = self.markup(
                    f"<b>{self.lit(self.question_label(question.id))}</b>", self.s.small
                )
                table = self.table(rows, [48, 20, 94])
                out.append(KeepTogether([title, table]) if len(rows) <= 12 else title)
                if len(rows) > 12:
                    out.append(table)
                out.append(Spacer(1, 2.5 * mm))
        return out

    def _meaning(self, question: Question, answer: Answer | None) -> str:
        if answer is None:
            return "Not answered."
        if answer.level is not None:
            return question.descriptor(answer.level)
        if answer.is_na:
            return f"Not applicable: {answer.na_reason}"
        return "Does not know."

    def appendix_na(self) -> list[Flowable]:
        out: list[Flowable] = [self.h1(APPENDIX_NA)]
        rows: list[list[Any]] = [self.head("Question", "Respondent", "Answer", "Reason")]
        for question in self.q.questions:
            for label, answer in self.respondents_with(question.id):
                if answer is None or not (answer.is_na or answer.is_unknown):
                    continue
                rows.append(
                    [
                        self.cell(self.question_label(question.id)),
                        self.cell(label),
                        self.fixed(answer.display),
                        self.cell(answer.na_reason if answer.is_na else DASH),
                    ]
                )
        if len(rows) == 1:
            return out + [self.none_line('Every answer gave a level: no N/A and no "don\'t know".')]
        out.append(
            self.text(
                'N/A answers leave the score and the coverage count; "don\'t know" answers '
                'leave the score, count as not covered and each becomes a "find out" action.',
                self.s.muted,
            )
        )
        out.append(self.table(rows, [54, 44, 20, 44]))
        return out

    def appendix_notes(self) -> list[Flowable]:
        return [self.h1(APPENDIX_NOTES)] + self._notes(None, include_evidence=True)

    def appendix_method(self) -> list[Flowable]:
        s = self.s
        paragraphs = [
            (
                "Question score",
                "The mean of the levels (1 to 5) given by the respondents who gave a level.",
            ),
            (
                "Area score",
                "The weighted mean, by question weight, of the question scores present. An area "
                'with no question score has no score and is shown as "—", never 0.',
            ),
            (
                "Overall score",
                "The weighted mean, by area weight, of the area scores present.",
            ),
            ("Percent", "(score − 1) ÷ 4 × 100: how far a score is along the scale from 1 to 5."),
            (
                "Coverage",
                "The questions with a score, out of the area's questions minus those every "
                'respondent marked N/A; shown next to every score as "based on X of Y questions".',
            ),
            (
                "N/A and don't know",
                "N/A needs a reason and leaves both the score and the coverage count. \"Don't "
                'know" leaves the score, counts as not covered and always produces a "find out" '
                "action.",
            ),
            ("Stage", "The questionnaire's named band that contains the overall score."),
            (
                "Disagreement",
                "A question whose spread (highest level given minus lowest) is 2 or more.",
            ),
            (
                "Perception gap",
                "The leaders' mean minus the front line's mean, for a question or an area; "
                "flagged when it is 1.0 or more either way.",
            ),
            (
                "Target and path to target",
                "Each area has a target (by default the questionnaire's, "
                f"{fmt_score(self.q.default_target)}). The path to target is the fewest one-level "
                "raises of question scores, each capped at 5, that lift the area score to its "
                "target: greatest weight first, then the lowest current score, then questionnaire "
                "order.",
            ),
            (
                "Action priority",
                "Weight × (path level − current score): the larger the weighted step, the higher "
                "the action sits in the plan.",
            ),
        ]
        out: list[Flowable] = [self.h1(APPENDIX_METHOD)]
        for term, text in paragraphs:
            out.append(self.markup(f"<b>{self.lit(term)}.</b> {self.lit(text)}", s.body))
        out.append(Spacer(1, 4 * mm))
        out.append(self.h2("Stages"))
        rows: list[list[Any]] = [self.head("Stage", "Scores", "What it means")]
        for index, stage in enumerate(self.q.stages):
            upper = "5.00" if index == len(self.q.stages) - 1 else f"below {stage.max:.2f}"
            rows.append(
                [
                    self.markup(f"<b>{self.lit(stage.name)}</b>", s.cell),
                    self.cell(f"{stage.min:.2f} to {upper}"),
                    self.cell(stage.description),
                ]
            )
        out.append(self.table(rows, [30, 32, 100]))
        out.append(self.h2("Sources"))
        for source in self.q.sources:
            out.append(
                self.markup(
                    f"{self.lit(source.title)} {_span('(' + self.lit(source.file) + ')')}",
                    s.small,
                )
            )
        return out


def build_document(
    data: ReportData,
    styles: Styles,
    *,
    deterministic: bool,
    split_rows: bool = False,
) -> tuple[bytes, int]:
    """One layout pass: the PDF's bytes and its page count."""
    buffer = io.BytesIO()
    doc = ReportTemplate(buffer, data=data, styles=styles, deterministic=deterministic)

    def canvas_maker(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        return _NumberedCanvas(*args, report=doc, **kwargs)

    doc.build(StoryBuilder(data, styles, split_rows=split_rows).build(), canvasmaker=canvas_maker)
    return buffer.getvalue(), int(doc.page)


def render(data: ReportData, fonts: FontSet, *, deterministic: bool) -> tuple[bytes, int]:
    """The finished PDF, laid out once with "page X of Y" on every page.

    A table row taller than a page (a very long typed answer) cannot move to the next page,
    so the layout is then redone with rows allowed to split.
    """
    styles = make_styles(fonts)
    try:
        return build_document(data, styles, deterministic=deterministic)
    except LayoutError:
        return build_document(data, styles, deterministic=deterministic, split_rows=True)
