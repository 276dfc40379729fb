"""The appendices: every answer, the N/A reasons and don't knows, every note, and the method.

They hold the detail behind every number in the report, so a reader can check any score
without the tool: what each respondent answered and how sure they were, which answers lack the
evidence their level needs ("level 5, unverified"), why a question was left out (by a
respondent, or automatically because it does not apply to the organisation), what people wrote,
and how scores, targets and priorities are calculated.
"""

from __future__ import annotations

from cxaudit.domain.format import DASH, fmt_score
from cxaudit.domain.model import Answer
from cxaudit.domain.questionnaire import Question
from cxaudit.report.blocks import (
    Block,
    Cell,
    Fixed,
    Heading,
    Run,
    Space,
    Style,
    Table,
    Text,
    Together,
)
from cxaudit.report.facts import Facts
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

_KEEP_ROWS = 12
"""A question's table of answers with at most this many rows stays on one page with its title."""


def appendix_answers(f: Facts, title: str = APPENDIX_ANSWERS) -> list[Block]:
    """A table per question of who answered what, and what that level means."""
    out: list[Block] = [
        Heading(title),
        Text(
            "Every respondent's answer to every question, with what the level given means.",
            Style.MUTED,
        ),
    ]
    if not f.data.assessment.respondents:
        return out + [Text("Nobody has answered yet.", Style.MUTED)]
    for area in f.questionnaire.areas:
        out.append(Heading(area.title, level=2))
        for question in area.questions:
            title_text = Text((Run(f.question_label(question.id), bold=True),), Style.SMALL)
            reason = f.result.not_applying.get(question.id)
            if reason is not None:
                out.append(Together((title_text, Text(_not_applying_text(reason), Style.MUTED))))
                out.append(Space(2.5))
                continue
            rows: list[tuple[Cell, ...]] = [
                (
                    label,
                    Fixed(answer_text(answer)),
                    Fixed(answer.confidence.value if answer and answer.level else DASH),
                    _meaning(question, answer),
                )
                for label, answer in f.respondents_with(question.id)
            ]
            table = Table(
                ("Respondent", "Answer", "Confidence", "What it means"), rows, (40, 34, 20, 68)
            )
            if len(rows) < _KEEP_ROWS:
                out.append(Together((title_text, table)))
            else:
                out += [title_text, table]
            out.append(Space(2.5))
    return out


def answer_text(answer: Answer | None) -> str:
    """An answer as the appendix shows it: `4`, "level 5, unverified" for a level let in
    without the evidence it needs, `N/A`, `don't know` or "no answer"."""
    if answer is None:
        return "no answer"
    if answer.unverified and answer.level is not None:
        return f"level {answer.level}, unverified"
    return answer.display


def _not_applying_text(reason: str) -> str:
    """What the appendix says of a question that does not apply to the organisation."""
    return f"{reason[:1].upper()}{reason[1:]}: counted as N/A for every respondent."


def _meaning(question: Question, answer: Answer | None) -> str:
    """What an answer says: the level's description, the N/A reason, or that they don't know."""
    if answer is None:
        return "Not answered."
    if answer.level is not None:
        return question.descriptor(answer.level)
    if answer.is_na:
        return f"Not applicable: {answer.na_reason}"
    return "Does not know."


def appendix_na(f: Facts, title: str = APPENDIX_NA) -> list[Block]:
    """Every N/A (with its reason) and every "don't know"."""
    out: list[Block] = [Heading(title)]
    rows: list[tuple[Cell, ...]] = []
    for question in f.questionnaire.questions:
        reason = f.result.not_applying.get(question.id)
        if reason is not None:
            rows.append((f.question_label(question.id), "everyone", Fixed("N/A"), reason))
            continue
        for label, answer in f.respondents_with(question.id):
            if answer is None or not (answer.is_na or answer.is_unknown):
                continue
            rows.append(
                (
                    f.question_label(question.id),
                    label,
                    Fixed(answer.display),
                    answer.na_reason if answer.is_na else DASH,
                )
            )
    if not rows:
        return out + [Text('Every answer gave a level: no N/A and no "don\'t know".', Style.MUTED)]
    out.append(
        Text(
            'N/A answers leave the score and the coverage count; "don\'t know" answers '
            'leave the score, count as not covered and each becomes a "find out" action. A '
            "question that does not apply to the organisation (by its profile) is N/A for "
            "everyone, with the automatic reason.",
            Style.MUTED,
        )
    )
    out.append(Table(("Question", "Respondent", "Answer", "Reason"), rows, (54, 44, 20, 44)))
    return out


def appendix_notes(f: Facts, title: str = APPENDIX_NOTES) -> list[Block]:
    """Every note and piece of evidence, question by question."""
    return [Heading(title), *notes(f, None, include_evidence=True)]


def appendix_method(f: Facts, title: str = APPENDIX_METHOD) -> list[Block]:
    """How every number in the report is calculated, the stages and the sources."""
    q = f.questionnaire
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
        (
            "Does not apply",
            "A question whose profile condition the organisation does not meet (for example "
            "no contact centre) is skipped and counts exactly as N/A for every respondent, "
            'with the automatic reason ("does not apply: no contact centre").',
        ),
        (
            "Evidence and unverified answers",
            "From the level the questionnaire sets, an answer needs evidence: what someone "
            'could be shown. An answer let in without it is marked "unverified"; it counts in '
            "every score as given and is listed in the appendix of every answer.",
        ),
        (
            "Confidence",
            "Each answer says how sure the respondent is: low, medium or high. It never "
            "changes a score; an area where more than half of the levels were given with low "
            'confidence is flagged "based mostly on low-confidence answers".',
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
    out: list[Block] = [Heading(title)]
    out += [Text((Run(f"{term}.", bold=True), Run(f" {text}"))) for term, text in paragraphs]
    out.append(Space(4))
    out.append(Heading("Stages", level=2))
    rows: list[tuple[Cell, ...]] = []
    for index, stage in enumerate(q.stages):
        upper = "5.00" if index == len(q.stages) - 1 else f"below {stage.max:.2f}"
        rows.append(
            ((Run(stage.name, bold=True),), f"{stage.min:.2f} to {upper}", stage.description)
        )
    out.append(Table(("Stage", "Scores", "What it means"), rows, (30, 32, 100)))
    # The titles only: the file names are the questionnaire's internal references, kept for
    # the machine-readable exports.
    # Kept on one page with their heading (a short list), so the heading never ends a page.
    sources: list[Block] = [
        Heading("Sources", level=2),
        Text("The articles the questions draw on.", Style.MUTED),
    ]
    sources += [
        Text(f"{number}. {source.title}", Style.SMALL)
        for number, source in enumerate(q.sources, start=1)
    ]
    if len(sources) <= _KEEP_ROWS:
        out.append(Together(tuple(sources)))
    else:
        out += sources
    return out
