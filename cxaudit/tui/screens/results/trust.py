"""How far the scores can be trusted, written under the area table: areas resting mostly on
low-confidence answers, answers at or above the evidence level given without evidence
(unverified), and questions that did not apply to the organisation.

Nothing here decides anything: the domain's result says which areas are flagged, which answers
are unverified and why a question did not apply; this only lays them out.
"""

from __future__ import annotations

from rich.text import Text

from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.results import LOW_CONFIDENCE_NOTE, AssessmentResult

FLAG = "◆"
"""The mark beside an area whose score rests mostly on low-confidence answers."""


def flagged_title(title: str, mostly_low_confidence: bool) -> Text:
    """An area's title, marked when its score rests mostly on low-confidence answers."""
    if not mostly_low_confidence:
        return Text(title)
    return Text.assemble(title, " ", (FLAG, "bold yellow"))


def unverified_summary(result: AssessmentResult) -> str:
    """The count for the overall line (as "2 unverified answers"); empty when there are none."""
    count = result.unverified_count
    if not count:
        return ""
    return f"{count} unverified answer" + ("" if count == 1 else "s")


def trust_notes(questionnaire: Questionnaire, result: AssessmentResult) -> Text:
    """The low-confidence areas, the unverified answers and the questions that did not apply,
    each listed in full (empty when there is none of them)."""
    text = Text()
    low = result.low_confidence_areas
    if low:
        text.append(f"{FLAG} ", style="bold yellow")
        titles = ", ".join(area.title for area in low)
        text.append(f"{titles}: {LOW_CONFIDENCE_NOTE}", style="bold")
        text.append(" (more than half their levels were given with low confidence).\n")
    if result.unverified:
        count = len(result.unverified)
        noun, counts = ("answer was", "it counts") if count == 1 else ("answers were", "they count")
        text.append(f"\nUnverified: {count} {noun} ", style="bold")
        text.append(f"given at or above the evidence level without evidence; {counts} as given.\n")
        for item in result.unverified:
            prompt = questionnaire.question(item.question_id).prompt
            text.append(f"  {item.label}", style="yellow")
            text.append(f"  {item.respondent}: {prompt}\n")
    if result.not_applying:
        text.append("\nNot asked, counted as N/A:\n", style="bold")
        for question_id, reason in result.not_applying.items():
            prompt = questionnaire.question(question_id).prompt
            text.append(f"  {prompt}  ")
            text.append(f"{reason}\n", style="dim")
    text.rstrip()
    return text
