"""Typed text, printed literally.

Names, notes, N/A reasons and action owners are whatever someone typed. reportlab's Paragraph
reads a small markup language, so `<`, `>` and `&` are escaped, line breaks become `<br/>`, runs
of spaces are kept, control characters are dropped, characters the report font cannot draw are
set in a fallback font that can (or, failing any, become a placeholder). Nothing a user types
can break the build.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from cxaudit.report.fonts import FontSet

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
_SPACE_RUN = re.compile(" {2,}")


def clean(text: str) -> str:
    """Normalise line endings and drop characters that have no printed form."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return _CONTROL.sub("", text)


def literal(text: str, fonts: FontSet | None = None) -> str:
    """Paragraph markup that prints `text` exactly as typed, line breaks included."""
    text = clean(text)
    if fonts is None:
        text = escape(text)
    else:
        text = "".join(
            escape(run) if name is None else f'<font name="{name}">{escape(run)}</font>'
            for name, run in fonts.runs(text)
        )
    # Paragraph collapses runs of spaces; keep them with no-break spaces after the first.
    text = _SPACE_RUN.sub(lambda m: " " + "\u00a0" * (len(m.group()) - 1), text)
    return "<br/>".join(text.split("\n"))
