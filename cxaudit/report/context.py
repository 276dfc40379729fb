"""What every section of the report is built with: the data, the styles and the shared makers.

One `Context` is made per layout pass and handed to each section in turn. It holds what more
than one section needs (question numbers, respondent labels, names of areas and questions from
either questionnaire, the change in an area since the previous assessment) and makes paragraphs,
cells, headings and tables so that every section prints them the same way. Paragraph markup is
parsed once per pass, however many sections repeat it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.platypus import Paragraph, Table

from cxaudit.domain.format import fmt_delta
from cxaudit.domain.model import Answer, Respondent, Role
from cxaudit.domain.questionnaire import Question, Questionnaire
from cxaudit.domain.results import AreaDelta
from cxaudit.report.data import ReportData
from cxaudit.report.flowables import FixedText, Para, RightText, data_table, span
from cxaudit.report.fonts import FontSet
from cxaudit.report.styles import BAD, GOOD, SLATE, Styles
from cxaudit.report.text import literal

_ROLE_NAMES = {
    Role.LEADER: ("leader", "leaders"),
    Role.MANAGER: ("manager", "managers"),
    Role.FRONTLINE: ("front-line", "front-line staff"),
    Role.OTHER: ("other", "others"),
}


class Context:
    """The report data and styles, with the helpers the sections share."""

    def __init__(self, data: ReportData, styles: Styles, *, split_rows: bool = False) -> None:
        self.data = data
        self.split_rows = split_rows
        """Let a table row split across pages: only needed when one row is taller than a page,
        since reportlab then also repeats the header above the row's continuation."""
        self.styles = styles
        self.fonts: FontSet = styles.fonts
        self.questionnaire: Questionnaire = data.questionnaire
        self.result = data.result
        self.numbers = {
            q.id: f"{a_index}.{q_index}"
            for a_index, area in enumerate(self.questionnaire.areas, start=1)
            for q_index, q in enumerate(area.questions, start=1)
        }
        """Each question's number in the report ("2.3": the third question of the second area)."""
        self.people = self._respondents(data.assessment.respondents)
        """Each respondent by position: their name (or "Respondent N") and their role."""
        self.labels = {index: f"{name} ({role})" for index, (name, role) in self.people.items()}
        """Each respondent's label by position: "Ana Shah (leader)" or "Respondent 2 (leader)"."""
        self._parsed: dict[tuple[str, int], tuple[str, Any, list[Any]]] = {}

    # -- paragraphs, cells and tables ---------------------------------------------------------

    def para(self, markup: str, style: Any) -> Paragraph:
        """A paragraph of markup, parsed once per build however often the same text recurs.

        Respondent labels, answers and level descriptions repeat hundreds of times in the
        appendix; reusing the parsed fragments skips the markup parser for every repeat.
        """
        key = (markup, id(style))
        parsed = self._parsed.get(key)
        if parsed is None:
            para = Para(markup, style)
            self._parsed[key] = (para.text, para.style, para.frags)
            return para
        text, parsed_style, frags = parsed
        return Para(text, parsed_style, frags=list(frags))

    def text(self, value: str, style: Any = None) -> Paragraph:
        """A paragraph printing `value` literally (typed or questionnaire text)."""
        return self.para(literal(value, self.fonts), style or self.styles.body)

    def markup(self, value: str, style: Any = None) -> Paragraph:
        """A paragraph of trusted markup built here (every typed part already escaped)."""
        return self.para(value, style or self.styles.body)

    def lit(self, value: str) -> str:
        """Escaped markup for a piece of typed text, to embed in a larger paragraph."""
        return literal(value, self.fonts)

    def cell(self, value: str, *, right: bool = False, muted: bool = False) -> Paragraph:
        """A table cell printing `value` literally; it wraps within its column."""
        style = self.styles.cell_right if right else self.styles.cell
        if muted:
            style = self.styles.muted
        return self.para(literal(value, self.fonts), style)

    def fixed(self, value: str, *, right: bool = False) -> str | Paragraph:
        """A short value the report generates itself (a score, a date, a rank, an answer).

        It never wraps and holds no markup, so the table draws it as a plain string in the
        cell font instead of paying for a paragraph's parsing, line breaking and drawing; a
        value that needs a fallback font for some character is a paragraph after all.
        """
        if not self.fonts.covers(value):
            return self.cell(value, right=right)
        return RightText(value) if right else FixedText(value)

    def head(self, *titles: str, right_from: int | None = None) -> list[Paragraph]:
        """A table's header row; the columns from `right_from` on are aligned right."""
        row = []
        for index, title in enumerate(titles):
            right = right_from is not None and index >= right_from
            style = self.styles.cell_head_right if right else self.styles.cell_head
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
        return data_table(
            rows,
            widths,
            cell=self.styles.cell,
            split_rows=self.split_rows,
            extra=extra,
            zebra=zebra,
            narrow=narrow,
        )

    def h1(self, title: str) -> Paragraph:
        """A top-level section title (an entry in the PDF's outline)."""
        return self.para(literal(title, self.fonts), self.styles.h1)

    def h2(self, title: str, *, outline: bool = False) -> Paragraph:
        """A sub-heading; `outline` puts it in the PDF's outline under its section."""
        para = self.para(literal(title, self.fonts), self.styles.h2)
        para._cx_outline = outline
        return para

    def h3(self, title: str) -> Paragraph:
        """A minor heading."""
        return self.para(literal(title, self.fonts), self.styles.h3)

    def none_line(self, value: str) -> Paragraph:
        """The muted line that stands in for a list or table with nothing in it."""
        return self.text(value, self.styles.muted)

    def delta_markup(self, delta: float | None) -> str:
        """A change in score, green when up, red when down, grey when none."""
        text = fmt_delta(delta)
        colour = SLATE
        if delta is not None and not text.startswith("0.00"):
            colour = GOOD if delta > 0 else BAD
        return span(text, colour)

    # -- names and numbers --------------------------------------------------------------------

    def question_label(self, question_id: str) -> str:
        """A question's number and prompt ("1.2  Do we …"), as every table lists it."""
        number = self.numbers.get(question_id)
        question = self.question(question_id)
        prompt = question.prompt if question is not None else question_id
        return f"{number}  {prompt}" if number else prompt

    def question(self, question_id: str) -> Question | None:
        """The question from this questionnaire, or else the previous assessment's."""
        if self.questionnaire.has_question(question_id):
            return self.questionnaire.question(question_id)
        previous = self.data.previous
        if previous is not None and previous.questionnaire.has_question(question_id):
            return previous.questionnaire.question(question_id)
        return None

    def area_title(self, area_id: str) -> str:
        """An area's title from this questionnaire, or else the previous assessment's."""
        for area in self.questionnaire.areas:
            if area.id == area_id:
                return area.title
        previous = self.data.previous
        if previous is not None:
            for area in previous.questionnaire.areas:
                if area.id == area_id:
                    return area.title
        return "Overall" if area_id == "overall" else area_id

    def _respondents(self, respondents: Sequence[Respondent]) -> dict[int, tuple[str, str]]:
        """Names only when the report includes them; otherwise "Respondent N"."""
        people: dict[int, tuple[str, str]] = {}
        for index, respondent in enumerate(respondents):
            name = respondent.name if self.data.include_names else f"Respondent {index + 1}"
            people[index] = (name, _ROLE_NAMES[respondent.role][0])
        return people

    def respondents_with(self, question_id: str) -> list[tuple[str, Answer | None]]:
        """Each respondent's label with their answer to a question (None when unanswered)."""
        return [
            (self.labels[i], r.answers.get(question_id))
            for i, r in enumerate(self.data.assessment.respondents)
        ]

    def roles_text(self) -> str:
        """How many respondents held each role ("1 leader, 2 front-line staff")."""
        parts = []
        for role in Role:
            count = self.result.roles.get(role, 0)
            if count:
                singular, plural = _ROLE_NAMES[role]
                parts.append(f"{count} {singular if count == 1 else plural}")
        return ", ".join(parts) if parts else "no roles recorded"

    def area_delta(self, area_id: str) -> AreaDelta | None:
        """The change in an area's score (or "overall") since the previous assessment."""
        if self.data.comparison is None:
            return None
        if area_id == "overall":
            return self.data.comparison.overall
        for delta in self.data.comparison.areas:
            if delta.area_id == area_id:
                return delta
        return None
