"""Free text people type (notes, N/A reasons, evidence, action text): how long it may be and
which characters it may hold.

One rule for every way text arrives (the wizard, a response file, a pack, a backup), so that
what one path accepts another can always export and import again.
"""

from __future__ import annotations

import unicodedata

NOTE_MAX = 5_000
"""The longest note, N/A reason, piece of evidence or action text, in characters: a page of
text, enough for any note and short enough for every table and PDF cell."""

_LINE_CHARACTERS = frozenset("\t\n\r")


def text_problem(text: str, *, what: str, limit: int = NOTE_MAX) -> str | None:
    """Why `text` cannot be kept (too long, or a control character other than a tab or a line
    break), in one sentence; None when it can."""
    if len(text) > limit:
        return f"{what} is {len(text):,} characters long; the most is {limit:,}."
    if any(unicodedata.category(ch) == "Cc" and ch not in _LINE_CHARACTERS for ch in text):
        return (
            f"{what} holds a control character (such as ESC or BEL); "
            "only tabs and line breaks are allowed."
        )
    return None
