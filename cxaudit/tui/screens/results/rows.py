"""The rows of the Results tables, laid out from the domain's `AssessmentResult`.

Nothing here computes a number; it only chooses the cells.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.markup import escape
from rich.text import Text

from cxaudit.domain.anonymity import withheld_note
from cxaudit.domain.format import fmt_score
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.domain.results import AssessmentResult
from cxaudit.tui.screens.results.trust import flagged_title
from cxaudit.tui.widgets.cells import gap_text, score_bar
from cxaudit.tui.widgets.tables import Cell, Column

AREA_COLUMNS = (
    Column("Area", flex=True),
    Column("Score"),
    Column("", key="bar"),
    Column("Coverage", cap=31),
    Column("Target"),
    Column("Gap"),
)
SPREAD_COLUMNS = (
    Column("Question", flex=True),
    Column("What differs", cap=16),
    Column("Levels", cap=30),
)


def area_rows(result: AssessmentResult) -> list[tuple[str, Sequence[Cell]]]:
    """One row per area: score, bar, coverage, target and gap; an area whose score rests
    mostly on low-confidence answers is marked (the note under the table says so in words)."""
    rows: list[tuple[str, Sequence[Cell]]] = []
    for area in result.areas:
        below = area.gap_to_target is not None and area.gap_to_target > 0
        gap_style = "red" if below else ""
        rows.append(
            (
                area.area_id,
                (
                    flagged_title(area.title, area.mostly_low_confidence),
                    Text(fmt_score(area.score), justify="right", style="bold"),
                    score_bar(area.percent),
                    area.coverage_text,
                    Text(fmt_score(area.target), justify="right"),
                    Text(gap_text(area.gap_to_target), style=gap_style, justify="right"),
                ),
            )
        )
    return rows


def spread_rows(
    questionnaire: Questionnaire, result: AssessmentResult
) -> list[tuple[str, Sequence[Cell]]]:
    """Disagreements, then perception gaps; each row's key names its question after the colon."""
    rows: list[tuple[str, Sequence[Cell]]] = []
    for item in result.disagreements:
        rows.append(
            (
                f"d:{item.question_id}",
                (
                    questionnaire.question(item.question_id).prompt,
                    f"Spread {item.spread}",
                    ", ".join(str(level) for level in item.levels),
                ),
            )
        )
    for item in result.perception_gaps:
        rows.append(
            (
                f"g:{item.question_id}",
                (
                    questionnaire.question(item.question_id).prompt,
                    f"Gap {fmt_score(item.role_gap)}",
                    f"leaders {fmt_score(item.leader_mean)}, "
                    f"front line {fmt_score(item.frontline_mean)}",
                ),
            )
        )
    return rows


def spread_note(result: AssessmentResult) -> str:
    """What the Differences tab says above its table."""
    if result.respondent_count < 2:
        return (
            "[dim]With one respondent there is nothing to compare. Add respondents "
            "(a) to see where people disagree and where leaders and the front line differ."
            "[/dim]"
        )
    withheld = withheld_note(result)
    if withheld:
        # Leaders and the front line cannot be compared here, so claiming they agree would
        # say more than the figures shown.
        if not result.disagreements:
            return f"No disagreements. {escape(withheld)}"
        return (
            "[dim]Spread: a disagreement, levels 2 or more apart. Enter shows every answer "
            f"and note.[/dim] {escape(withheld)}"
        )
    if not result.disagreements and not result.perception_gaps:
        return "Everyone broadly agrees: no disagreements or perception gaps."
    return (
        "[dim]Spread: a disagreement, levels 2 or more apart. Gap: leaders and the front "
        "line 1.0 or more apart. Enter shows every answer and note.[/dim]"
    )
