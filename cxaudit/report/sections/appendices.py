"""The appendices: every answer, the N/A reasons and don't knows, every note, and the method.

They hold the detail behind every number in the report, so a reader can check any score
without the tool: what each respondent answered, why a question was left out, what people wrote,
and how scores, targets and priorities are calculated.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from cxaudit.domain.format import DASH, fmt_score
from cxaudit.domain.model import Answer
from cxaudit.domain.questionnaire import Question
from cxaudit.report.context import Context
from cxaudit.report.notes import notes

ANSWERS = "Every answer"
NA_AND_UNKNOWN = "N/A reasons and don't knows"
NOTES = "Notes and evidence"
METHOD = "How scores are calculated"


def appendix_titles(*, with_answers: bool) -> dict[str, str]:
    """Each appendix's title, lettered in order; without the appendix of every answer (a
    report's `appendix` off) the others are lettered from A."""
    names = [ANSWERS] if with_answers else []
    names += [NA_AND_UNKNOWN, NOTES, METHOD]
    return {name: f"Appendix {chr(ord('A') + index)}: {name}" for index, name in enumerate(names)}


APPENDIX_ANSWERS, APPENDIX_NA, APPENDIX_NOTES, APPENDIX_METHOD = appendix_titles(
    with_answers=True
).values()
"""The titles of a report with every appendix."""


def appendix_answers(ctx: Context, title: str = APPENDIX_ANSWERS) -> list[Flowable]:
    """A table per question of who answered what, and what that level means."""
    out: list[Flowable] = [
        ctx.h1(title),
        ctx.text(
            "Every respondent's answer to every question, with what the level given means.",
            ctx.styles.muted,
        ),
    ]
    if not ctx.data.assessment.respondents:
        return out + [ctx.none_line("Nobody has answered yet.")]
    for area in ctx.questionnaire.areas:
        out.append(ctx.h2(area.title))
        for question in area.questions:
            rows: list[list[Any]] = [ctx.head("Respondent", "Answer", "What it means")]
            for label, answer in ctx.respondents_with(question.id):
                rows.append(
                    [
                        ctx.cell(label),
                        ctx.fixed(answer.display if answer else "no answer"),
                        ctx.cell(_meaning(question, answer)),
                    ]
                )
            title = ctx.markup(
                f"<b>{ctx.lit(ctx.question_label(question.id))}</b>", ctx.styles.small
            )
            table = ctx.table(rows, [48, 20, 94])
            out.append(KeepTogether([title, table]) if len(rows) <= 12 else title)
            if len(rows) > 12:
                out.append(table)
            out.append(Spacer(1, 2.5 * mm))
    return out


def _meaning(question: Question, answer: Answer | None) -> str:
    """What an answer says: the level's description, the N/A reason, or that they don't know."""
    if answer is None:
        return "Not answered."
    if answer.level is not None:
        return question.descriptor(answer.level)
    if answer.is_na:
        return f"Not applicable: {answer.na_reason}"
    return "Does not know."


def appendix_na(ctx: Context, title: str = APPENDIX_NA) -> list[Flowable]:
    """Every N/A (with its reason) and every "don't know"."""
    out: list[Flowable] = [ctx.h1(title)]
    rows: list[list[Any]] = [ctx.head("Question", "Respondent", "Answer", "Reason")]
    for question in ctx.questionnaire.questions:
        for label, answer in ctx.respondents_with(question.id):
            if answer is None or not (answer.is_na or answer.is_unknown):
                continue
            rows.append(
                [
                    ctx.cell(ctx.question_label(question.id)),
                    ctx.cell(label),
                    ctx.fixed(answer.display),
                    ctx.cell(answer.na_reason if answer.is_na else DASH),
                ]
            )
    if len(rows) == 1:
        return out + [ctx.none_line('Every answer gave a level: no N/A and no "don\'t know".')]
    out.append(
        ctx.text(
            'N/A answers leave the score and the coverage count; "don\'t know" answers '
            'leave the score, count as not covered and each becomes a "find out" action.',
            ctx.styles.muted,
        )
    )
    out.append(ctx.table(rows, [54, 44, 20, 44]))
    return out


def appendix_notes(ctx: Context, title: str = APPENDIX_NOTES) -> list[Flowable]:
    """Every note and piece of evidence, question by question."""
    return [ctx.h1(title)] + notes(ctx, None, include_evidence=True)


def appendix_method(ctx: Context, title: str = APPENDIX_METHOD) -> list[Flowable]:
    """How every number in the report is calculated, the stages and the sources."""
    s, q = ctx.styles, ctx.questionnaire
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
            f"{fmt_score(q.default_target)}). The path to target is the fewest one-level "
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
    out: list[Flowable] = [ctx.h1(title)]
    for term, text in paragraphs:
        out.append(ctx.markup(f"<b>{ctx.lit(term)}.</b> {ctx.lit(text)}", s.body))
    out.append(Spacer(1, 4 * mm))
    out.append(ctx.h2("Stages"))
    rows: list[list[Any]] = [ctx.head("Stage", "Scores", "What it means")]
    for index, stage in enumerate(q.stages):
        upper = "5.00" if index == len(q.stages) - 1 else f"below {stage.max:.2f}"
        rows.append(
            [
                ctx.markup(f"<b>{ctx.lit(stage.name)}</b>", s.cell),
                ctx.cell(f"{stage.min:.2f} to {upper}"),
                ctx.cell(stage.description),
            ]
        )
    out.append(ctx.table(rows, [30, 32, 100]))
    # The titles only: the file names are the questionnaire's internal references, kept for
    # the machine-readable exports.
    out.append(ctx.h2("Sources"))
    out.append(ctx.text("The articles the questions draw on.", s.muted))
    for number, source in enumerate(q.sources, start=1):
        out.append(ctx.markup(f"{number}. {ctx.lit(source.title)}", s.small))
    return out
