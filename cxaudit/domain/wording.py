"""One word and one figure per idea, wherever it is shown: a role's name, the change between two
shown scores, whether there is enough history for a trend, and notes read together.

The terminal app, the CLI, the files and the PDF each show these; deciding them here once keeps
"Front line" from reading "frontline" on the next screen, and a change from disagreeing with
the two scores printed beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cxaudit.domain.direction import score_direction

# Keyed by the roles' values (a `Role` is a string enum, so `ROLE_LABELS[Role.FRONTLINE]` works),
# so that a list of organisations can be drawn before the domain's models have loaded.
ROLE_LABELS: dict[str, str] = {
    "leader": "Leader",
    "manager": "Manager",
    "frontline": "Front line",
    "other": "Other",
}
"""Each role as people read it, in the order the forms offer them."""


def role_label(role: str) -> str:
    """A role (a `Role`) as people read it: `Front line`, never `frontline`."""
    return ROLE_LABELS.get(role, role.replace("_", " ").capitalize())


_GROUP_NAMES: dict[str, str] = {
    "leader": "leaders",
    "manager": "managers",
    "frontline": "front-line respondents",
    "other": "respondents of other roles",
}


def withheld_breakdown_text(roles: Iterable[str], at_least: int = 3) -> str:
    """Where a role breakdown would have been, why it is not: "Fewer than 3 front-line
    respondents: not shown, to protect anonymous answers." (`roles` as `Role`s, in the order
    given; `at_least` is `cxaudit.domain.anonymity.MIN_ROLE_GROUP`)."""
    groups = [_GROUP_NAMES.get(role, f"{role_label(role).lower()} respondents") for role in roles]
    if not groups:
        return ""
    return (
        f"Fewer than {at_least} "
        + f" and fewer than {at_least} ".join(groups)
        + (": not shown, to protect anonymous answers.")
    )


SHOWN_DECIMALS = 2
"""Scores are shown with two decimals (`cxaudit.domain.format.fmt_score`)."""


def shown_delta(before: float | None, after: float | None) -> float | None:
    """The change between two scores as they are shown: each rounded to two decimals first, so
    "2.40 → 3.27" always reads "+0.87", never the "+0.88" of the unrounded scores."""
    if before is None or after is None:
        return None
    return round(round(after, SHOWN_DECIMALS) - round(before, SHOWN_DECIMALS), SHOWN_DECIMALS)


MIN_SCORES_FOR_TREND = 2
"""A trend needs two scores: with fewer there is not enough history to say which way it goes."""

TREND_WORDS = {1: "rising", -1: "falling", 0: "flat"}
"""A known trend in words, for tables and files."""


def trend_direction(scores: Sequence[float | None]) -> int | None:
    """+1 rising, -1 falling, 0 flat between the last two scores present; None when there are
    fewer than two (not enough history), which is shown as "—", never as flat."""
    present = [score for score in scores if score is not None]
    if len(present) < MIN_SCORES_FOR_TREND:
        return None
    return score_direction(present[-2], present[-1])


def known_trend(direction: int, completed: int) -> int | None:
    """The same rule for a list that holds an organisation's latest direction and how many
    assessments it has completed: None until it has completed two."""
    return direction if completed >= MIN_SCORES_FOR_TREND else None


def trend_word(direction: int | None) -> str | None:
    """`rising`, `falling` or `flat`; None when there is not enough history."""
    return None if direction is None else TREND_WORDS[direction]


_ENDS_A_SENTENCE = (".", "!", "?", "…", ";", ":")


def join_notes(notes: Iterable[str]) -> str:
    """Several people's notes read as one line: "Checked weekly. Front line agrees", never
    "Checked weekly.; Front line agrees". A note that ends a sentence is followed by a space,
    any other by "; "."""
    text = ""
    for note in (n.strip() for n in notes):
        if not note:
            continue
        if text:
            text += " " if text.endswith(_ENDS_A_SENTENCE) else "; "
        text += note
    return text
