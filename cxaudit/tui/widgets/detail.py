"""Everything a table row cuts short, written out in full: a question with what each respondent
answered and wrote, or an action with its question, owner, due date and status.

The detail dialog shows these texts; the tables show one line each and open them on Enter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from rich.text import Text

from cxaudit.domain.anonymity import attributed_answers
from cxaudit.domain.board import is_overdue
from cxaudit.domain.format import DASH, fmt_score
from cxaudit.domain.model import ActionItem, Assessment
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.wording import role_label


@dataclass(frozen=True)
class AnswersSide:
    """One assessment's answers to the question, with the heading they are shown under."""

    heading: str
    """The period, for instance `2026-Q3`."""
    assessment: Assessment
    score: float | None
    """The question's score in that assessment."""


def question_detail(
    questionnaire: Questionnaire, question_id: str, sides: Sequence[AnswersSide]
) -> Text:
    """The full question, its five levels, and per assessment each respondent's answer, notes,
    evidence and N/A reason."""
    question = questionnaire.question(question_id)
    area = questionnaire.area(question.area_id)
    text = Text()
    text.append(f"{area.title}\n", style="bold cyan")
    text.append(f"{question.prompt}\n", style="bold")
    text.append(f"{question.why}\n\n", style="dim")
    for level, descriptor in enumerate(question.levels, start=1):
        text.append(f" {level}  ", style="bold")
        text.append(f"{descriptor}\n")
    for side in sides:
        text.append(f"\n{side.heading}", style="bold underline")
        text.append(f"   score {fmt_score(side.score)}\n", style="bold")
        if not side.assessment.respondents:
            text.append("  No respondents.\n", style="dim")
        people = side.assessment.respondents
        labels = [f"{r.name} ({role_label(r.role)})" for r in people]
        # Anonymous respondents' answers come last under one heading, in an order that joins
        # up no one's answers across questions (the domain's attribution rule).
        for heading, answer in attributed_answers(people, labels, question_id, unanswered=True):
            text.append(f"  {heading}: ", style="bold")
            if answer is None:
                text.append("not answered\n", style="yellow")
                continue
            text.append(f"level {answer.value}" if answer.level is not None else answer.display)
            if answer.level is not None:
                text.append(f", {answer.confidence.value} confidence", style="dim")
            if answer.unverified:
                text.append(", unverified", style="yellow")
            if answer.needs_reconfirm:
                text.append("  (carried forward, not confirmed)", style="magenta")
            text.append("\n")
            if answer.is_na:
                text.append(f"      Why N/A: {answer.na_reason}\n")
            if answer.note.strip():
                text.append(f"      Note: {answer.note.strip()}\n")
            if answer.evidence.strip():
                text.append(f"      Evidence: {answer.evidence.strip()}\n", style="dim")
    return text


def action_detail_text(
    item: ActionItem, questionnaire: Questionnaire, titles: Mapping[str, str], today: date
) -> Text:
    """The whole action, with its area, question, levels, owner, due date and status."""
    text = Text()
    text.append(f"{titles.get(item.area_id, item.area_id)}\n", style="bold cyan")
    text.append(f"{item.text}\n", style="bold")
    if item.current_level is not None and item.target_level is not None:
        text.append(f"From level {item.current_level} to {item.target_level}\n")
    if questionnaire.has_question(item.question_id):
        text.append(f"\n{questionnaire.question(item.question_id).prompt}\n", style="dim")
    text.append("\nOwner: ", style="bold")
    text.append(f"{item.owner or DASH}\n")
    text.append("Due: ", style="bold")
    text.append(item.due.isoformat() if item.due else DASH)
    if is_overdue(item, today):
        text.append("  overdue", style="bold white on dark_red")
    text.append("\nStatus: ", style="bold")
    text.append(f"{item.status.label}\n")
    if item.carried_from:
        text.append("Carried over from the previous plan.\n", style="dim")
    return text
