"""What more than one section needs to know: numbers, labels, names and changes.

One `Facts` is made per report and handed to every section. It answers in plain text (question
numbers, respondent labels, names of areas and questions from either questionnaire, the change
in an area since the previous assessment), so both the PDF and the Word document print them the
same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from cxaudit.domain.anonymity import attributed_answers
from cxaudit.domain.board import is_overdue
from cxaudit.domain.format import fmt_delta
from cxaudit.domain.model import ActionItem, Answer, Respondent, Role
from cxaudit.domain.questionnaire import Question, Questionnaire
from cxaudit.domain.results import AreaDelta
from cxaudit.report.blocks import Run, Tone
from cxaudit.report.data import ReportData

_ROLE_NAMES = {
    Role.LEADER: ("leader", "leaders"),
    Role.MANAGER: ("manager", "managers"),
    Role.FRONTLINE: ("front-line", "front-line staff"),
    Role.OTHER: ("other", "others"),
}


class Facts:
    """The report data, with the names and numbers the sections share."""

    def __init__(self, data: ReportData) -> None:
        self.data = data
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
        """Each respondent's label with their answer to a question (None when unanswered).

        Attributed as the domain says (`attributed_answers`): named respondents in their
        order, then anonymous ones under "Anonymous", ordered by their answer, so no label or
        position ties an anonymous note, piece of evidence or answer to the others one person
        gave."""
        respondents = self.data.assessment.respondents
        labels = [self.labels[i] for i in range(len(respondents))]
        return attributed_answers(respondents, labels, question_id, unanswered=True)

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

    def overdue(self, item: ActionItem) -> bool:
        """Past its due date on the report's date, and neither done nor dropped."""
        return is_overdue(item, self.data.generated)


def delta_run(delta: float | None, *, bold: bool = False) -> Run:
    """A change in score, green when up, red when down, grey when none."""
    text = fmt_delta(delta)
    tone = Tone.SLATE
    if delta is not None and not text.startswith("0.00"):
        tone = Tone.GOOD if delta > 0 else Tone.BAD
    return Run(text, bold=bold, tone=tone)
