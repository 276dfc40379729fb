"""Fuzzing the text that goes into the PDF: whatever someone typed, the report builds.

Names, notes, N/A reasons and owners reach reportlab's Paragraph, which reads markup. The
escaping helper must turn any string into markup that builds, and printable text must come back
out of the PDF exactly as it was typed.
"""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate

from cxaudit.report.fonts import FontSet, load_fonts
from cxaudit.report.styles import make_styles
from cxaudit.report.text import literal

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Every code point, lone surrogates and controls included: text pasted from anywhere.
ANY_TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=400)

# Printable text that looks like markup: what a user might type in a note about a web page.
MARKUP_ALPHABET = "abcXYZ019 <>&;/\"'=#!?.-_()[]{}"
MARKUP_TEXT = st.text(alphabet=MARKUP_ALPHABET, max_size=200) | st.sampled_from(
    [
        "<b>bold?</b>",
        "<para>",
        "</para>",
        "&amp;",
        "&#60;",
        "&nbsp;",
        "<br/>",
        '<font name="x">',
        "<img src=x>",
        "a < b & c > d",
        "<![CDATA[x]]>",
    ]
)


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return load_fonts()


def _build(markup: list[str], fonts: FontSet) -> bytes:
    styles = make_styles(fonts)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, invariant=1)
    doc.build([Paragraph(m, styles.note) for m in markup])
    return buffer.getvalue()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@FUZZ
@given(ANY_TEXT)
def test_any_typed_text_builds(fonts: FontSet, text: str) -> None:
    pdf = _build([literal(text, fonts), literal(text)], fonts)
    assert pdf.startswith(b"%PDF")


@FUZZ
@given(st.lists(MARKUP_TEXT, min_size=1, max_size=3))
def test_markup_characters_are_printed_literally(fonts: FontSet, notes: list[str]) -> None:
    pdf = _build([literal(note, fonts) for note in notes], fonts)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    extracted = "".join(page.extract_text() for page in reader.pages)
    assert _squash(extracted) == _squash("".join(notes))


@FUZZ
@given(st.lists(st.text(alphabet="ab <>&\n", min_size=1, max_size=30), min_size=2, max_size=5))
def test_line_breaks_are_kept(fonts: FontSet, lines: list[str]) -> None:
    """Each typed line starts a new line in the PDF (nothing is run together)."""
    note = "\n".join(line.replace("\n", "") or "x" for line in lines)
    pdf = _build([literal(note, fonts)], fonts)
    extracted = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    got = [_squash(line) for line in extracted.splitlines() if _squash(line)]
    want = [_squash(line) for line in note.split("\n") if _squash(line)]
    assert got == want


def test_a_very_long_note_splits_across_pages(fonts: FontSet) -> None:
    note = "\n".join(f"line {i} <tag> & more text that wraps" for i in range(400))
    pdf = _build([literal(note, fonts)], fonts)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 1
    assert "line 399 <tag> & more" in reader.pages[-1].extract_text()
