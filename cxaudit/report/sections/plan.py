"""The action plan, and what became of the previous one.

This assessment's actions, highest priority first, each with the question it lifts and why it
matters; then the actions agreed last time with their status and the change in their area since.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from cxaudit.domain.format import DASH
from cxaudit.domain.model import ActionItem, ActionStatus
from cxaudit.domain.questionnaire import Question
from cxaudit.domain.schedule import action_overdue
from cxaudit.report.context import Context
from cxaudit.report.flowables import span
from cxaudit.report.styles import BAD, GOOD, INK, MUTED, TEAL

ACTION_PLAN = "Action plan"
PREVIOUS_PLAN = "What became of the previous plan"
OVERDUE = "overdue"

_STATUS_COLOURS = {"done": GOOD, "dropped": MUTED, "in progress": TEAL, "open": INK}


def action_plan(ctx: Context) -> list[Flowable]:
    """The plan's table (or a line saying none is needed), then the previous plan's review."""
    s = ctx.styles
    actions = ctx.data.actions
    out: list[Flowable] = [ctx.h1(ACTION_PLAN)]
    if actions:
        out.append(
            ctx.text(
                f"{len(actions)} action{'' if len(actions) == 1 else 's'}, highest priority "
                "first. Each improvement takes one question from its current level to the "
                'level its area\'s path to target needs ("level 2 → 4" is two levels); its '
                "action is where to start, and the path raises a question one level at a "
                'time. A "find out" item resolves "don\'t know" answers before the next '
                "assessment."
                + (
                    f" Overdue: past its due date on {ctx.data.generated.isoformat()} and not done."
                    if any(_overdue(ctx, item) for item in actions)
                    else ""
                ),
                s.muted,
            )
        )
        rows: list[list[Any]] = [
            ctx.head("#", "Area", "Action", "Why (source)", "Owner", "Due", "Status")
        ]
        for rank, item in enumerate(actions, start=1):
            rows.append(_action_row(ctx, rank, item))
        out.append(ctx.table(rows, [6, 19.5, 44.5, 44.5, 18, 21.5, 16], narrow=True))
    else:
        out.append(
            ctx.none_line('No actions: every area meets its target and no answer is "don\'t know".')
        )
    out.append(ctx.h2(PREVIOUS_PLAN, outline=True))
    out += _previous_plan(ctx)
    return out


def _overdue(ctx: Context, item: ActionItem) -> bool:
    """Past its due date on the report's date, and neither done nor dropped."""
    closed = item.status in (ActionStatus.DONE, ActionStatus.DROPPED)
    return action_overdue(item.due, done=closed, today=ctx.data.generated)


def _owner_due_status(ctx: Context, item: ActionItem) -> list[Any]:
    """An action's owner, due date and coloured status: the last cells of both plans' rows.

    An overdue action has its due date and an "overdue" mark in red.
    """
    status = item.status.label
    colour = _STATUS_COLOURS.get(status, INK)
    due = ctx.cell(item.due.isoformat() if item.due else DASH)
    status_markup = span(status, colour)
    if _overdue(ctx, item):
        assert item.due is not None
        due = ctx.markup(f"<b>{span(item.due.isoformat(), BAD)}</b>", ctx.styles.cell)
        status_markup += "<br/>" + f"<b>{span(OVERDUE, BAD)}</b>"
    return [
        ctx.cell(item.owner) if item.owner.strip() else ctx.cell(DASH, muted=True),
        due,
        ctx.markup(status_markup, ctx.styles.cell),
    ]


def _action_row(ctx: Context, rank: int, item: ActionItem) -> list[Any]:
    """One action: its rank, area, what to do (and to which question), why, owner and status."""
    s = ctx.styles
    question = ctx.question(item.question_id)
    action = ctx.lit(item.text)
    if item.kind == "improve" and item.current_level is not None and item.target_level:
        number = ctx.lit(ctx.numbers.get(item.question_id, item.question_id))
        steps = f"question {number} · level {item.current_level} → {item.target_level}"
        count = item.target_level - item.current_level
        if count > 1:
            steps += f" ({count} levels)"
        action += "<br/>" + span(steps)
    elif question is not None:
        number = ctx.numbers.get(item.question_id, item.question_id)
        action += "<br/>" + span(f"question {ctx.lit(number)}")
    if item.carried_from is not None:
        action += "<br/>" + span("carried over from the previous plan", TEAL)
    why = DASH
    if question is not None:
        sources = _source_titles(ctx, question)
        why = ctx.lit(question.why)
        if sources:
            source = span("Source: " + ctx.lit("; ".join(sources)))
            why += f'<br/><font size="7.5">{source}</font>'
    return [
        ctx.fixed(str(rank)),
        ctx.cell(ctx.area_title(item.area_id)),
        ctx.markup(action, s.cell),
        ctx.markup(why, s.cell),
        *_owner_due_status(ctx, item),
    ]


def _source_titles(ctx: Context, question: Question) -> list[str]:
    """The titles of the sources a question cites, from either questionnaire."""
    questionnaires = [ctx.questionnaire]
    if ctx.data.previous is not None:
        questionnaires.append(ctx.data.previous.questionnaire)
    titles = []
    for source_file in question.sources:
        for questionnaire in questionnaires:
            match = next((src for src in questionnaire.sources if src.file == source_file), None)
            if match is not None:
                titles.append(match.title)
                break
    # A file name no questionnaire gives a title for is an internal reference: not printed.
    return titles


def _previous_plan(ctx: Context) -> list[Flowable]:
    """The previous assessment's actions with their status and their area's change since."""
    previous = ctx.data.previous
    if previous is None:
        return [
            ctx.none_line(
                "This is the organisation's first assessment in cxaudit: there is no earlier "
                "plan to review."
            )
        ]
    comparison = ctx.data.comparison
    outcomes: list[tuple[ActionItem, float | None]]
    if comparison is not None:
        outcomes = [(o.item, o.area_delta) for o in comparison.action_outcomes]
    else:
        outcomes = [(item, None) for item in previous.assessment.actions]
    if not outcomes:
        return [ctx.none_line(f"The {previous.assessment.period} assessment had no action plan.")]
    intro = ctx.text(
        f"The actions agreed in {previous.assessment.period}, with their status and the "
        "change in their area's score since then.",
        ctx.styles.muted,
    )
    rows: list[list[Any]] = [ctx.head("Area", "Action", "Owner", "Due", "Status", "Area change")]
    for item, delta in outcomes:
        rows.append(
            [
                ctx.cell(ctx.area_title(item.area_id)),
                ctx.cell(item.text),
                *_owner_due_status(ctx, item),
                ctx.markup(ctx.delta_markup(delta), ctx.styles.cell_right),
            ]
        )
    return [intro, ctx.table(rows, [19.5, 63, 24, 21.5, 18, 24], narrow=True)]
