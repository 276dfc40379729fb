"""The action plan, and what became of the previous one.

This assessment's actions, highest priority first, each with the question it lifts and why it
matters; then the actions agreed last time with their status and the change in their area since.
"""

from __future__ import annotations

from cxaudit.domain.format import DASH
from cxaudit.domain.model import ActionItem
from cxaudit.domain.questionnaire import Question
from cxaudit.report.blocks import Block, Cell, Fixed, Heading, Run, Style, Table, Text, Tone
from cxaudit.report.facts import Facts, delta_run
from cxaudit.report.parts import action_text, owner_due_status

ACTION_PLAN = "Action plan"
PREVIOUS_PLAN = "What became of the previous plan"


def action_plan(f: Facts) -> list[Block]:
    """The plan's table (or a line saying none is needed), then the previous plan's review."""
    actions = f.data.actions
    out: list[Block] = [Heading(ACTION_PLAN)]
    if actions:
        overdue_note = (
            f" Overdue: past its due date on {f.data.generated.isoformat()} and not done."
            if any(f.overdue(item) for item in actions)
            else ""
        )
        out.append(
            Text(
                f"{len(actions)} action{'' if len(actions) == 1 else 's'}, highest priority "
                "first. Each improvement takes one question from its current level to the "
                'level its area\'s path to target needs ("level 2 → 4" is two levels); its '
                "action is where to start, and the path raises a question one level at a "
                'time. A "find out" item resolves "don\'t know" answers before the next '
                "assessment." + overdue_note,
                Style.MUTED,
            )
        )
        rows = [action_row(f, rank, item) for rank, item in enumerate(actions, start=1)]
        out.append(
            Table(
                ("#", "Area", "Action", "Why (source)", "Owner", "Due", "Status"),
                rows,
                (6, 19.5, 44.5, 44.5, 18, 21.5, 16),
                narrow=True,
            )
        )
    else:
        out.append(
            Text(
                'No actions: every area meets its target and no answer is "don\'t know".',
                Style.MUTED,
            )
        )
    out.append(Heading(PREVIOUS_PLAN, level=2, outline=True))
    out += _previous_plan(f)
    return out


def action_row(f: Facts, rank: int, item: ActionItem) -> tuple[Cell, ...]:
    """One action: its rank, area, what to do (and to which question), why, owner and status."""
    question = f.question(item.question_id)
    why: Cell = DASH
    if question is not None:
        sources = _source_titles(f, question)
        why = (Run(question.why),)
        if sources:
            source = "Source: " + "; ".join(sources)
            why += (Run(source, tone=Tone.SLATE, small=True, newline=True),)
    return (
        Fixed(str(rank)),
        f.area_title(item.area_id),
        action_text(f, item),
        why,
        *owner_due_status(f, item),
    )


def _source_titles(f: Facts, question: Question) -> list[str]:
    """The titles of the sources a question cites, from either questionnaire."""
    questionnaires = [f.questionnaire]
    if f.data.previous is not None:
        questionnaires.append(f.data.previous.questionnaire)
    titles = []
    for source_file in question.sources:
        for questionnaire in questionnaires:
            match = next((src for src in questionnaire.sources if src.file == source_file), None)
            if match is not None:
                titles.append(match.title)
                break
    # A file name no questionnaire gives a title for is an internal reference: not printed.
    return titles


def _previous_plan(f: Facts) -> list[Block]:
    """The previous assessment's actions with their status and their area's change since."""
    previous = f.data.previous
    if previous is None:
        return [
            Text(
                "This is the organisation's first assessment in cxaudit: there is no earlier "
                "plan to review.",
                Style.MUTED,
            )
        ]
    comparison = f.data.comparison
    outcomes: list[tuple[ActionItem, float | None]]
    if comparison is not None:
        outcomes = [(o.item, o.area_delta) for o in comparison.action_outcomes]
    else:
        outcomes = [(item, None) for item in previous.assessment.actions]
    if not outcomes:
        return [
            Text(f"The {previous.assessment.period} assessment had no action plan.", Style.MUTED)
        ]
    intro = Text(
        f"The actions agreed in {previous.assessment.period}, with their status and the "
        "change in their area's score since then.",
        Style.MUTED,
    )
    rows = [
        (
            f.area_title(item.area_id),
            item.text,
            *owner_due_status(f, item),
            (delta_run(delta),),
        )
        for item, delta in outcomes
    ]
    table = Table(
        ("Area", "Action", "Owner", "Due", "Status", "Area change"),
        rows,
        (19.5, 63, 24, 21.5, 18, 24),
        right_from=5,
        narrow=True,
    )
    return [intro, table]
