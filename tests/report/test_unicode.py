"""Japanese, Arabic and emoji in names and notes: drawn with a font on the machine that has them.

DejaVu Sans has no Japanese and no emoji. Each such character is drawn in a fallback font found
on the machine (fontconfig, or the font folders); tests that need one skip, saying which font
package would provide it, when this machine has none.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdf
import pytest

from cxaudit.domain.model import Organisation
from cxaudit.report import ReportData, build_pdf
from cxaudit.report.fallback import Fallbacks, load_face
from cxaudit.report.fonts import PLACEHOLDER, load_fonts

MakeData = Callable[..., ReportData]

JAPANESE = "東京ひらがな"
ARABIC = "شركة الأمل"
EMOJI = "🚀"
ORG = f"{EMOJI} Café {JAPANESE} {ARABIC}"
NOTE = f"日本語のメモ {EMOJI} ملاحظة مهمة"


def drawable(*chars: str) -> None:
    """Skip the test unless the report font or a font on this machine draws every char."""
    fonts = load_fonts()
    for ch in chars:
        if ord(ch) not in fonts.glyphs and fonts.fallbacks.face_for(ch) is None:
            pytest.skip(
                f"No font on this machine has a glyph for {ch!r} (U+{ord(ch):04X}); "
                "install fonts-wqy-microhei (Japanese) or fonts-symbola (emoji)."
            )


def unicode_data(make_data: MakeData) -> ReportData:
    data = make_data(notes={("alpha.one", 0): NOTE}, include_names=True)
    org = Organisation(id=1, name=ORG, slug="cafe", sector="retail")
    assessment = data.assessment.model_copy(update={"organisation": org})
    return replace(data, organisation=org, assessment=assessment)


def pages(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def letters(text: str) -> set[str]:
    return {ch for ch in text if not ch.isspace()}


def test_japanese_arabic_and_emoji_are_drawn_not_boxed(make_data: MakeData, tmp_path: Path) -> None:
    drawable(*JAPANESE, EMOJI, *ARABIC.replace(" ", ""))
    outcome = build_pdf(unicode_data(make_data), tmp_path / "unicode.pdf")
    texts = pages(outcome.path)
    assert not [w for w in outcome.warnings if "no glyph" in w], outcome.warnings
    for number, text in enumerate(texts, start=1):
        # The organisation's name in every page's header, the Japanese and emoji included.
        assert f"{EMOJI} Café {JAPANESE}" in text, number
        assert PLACEHOLDER not in text, number
    everything = "\n".join(texts)
    assert "日本語のメモ" in everything
    # Arabic comes back letter for letter (reportlab draws it without right-to-left shaping,
    # so a reader's extraction may reverse the word order).
    assert letters("ملاحظة مهمة") <= letters(everything)
    assert letters(ARABIC) <= letters(texts[0])


def test_fallback_fonts_are_embedded(make_data: MakeData, tmp_path: Path) -> None:
    drawable(*JAPANESE, EMOJI)
    outcome = build_pdf(unicode_data(make_data), tmp_path / "unicode.pdf")
    reader = pypdf.PdfReader(outcome.path)
    fonts: set[str] = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            descriptor = font.get_object().get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                fonts.add(str(font.get_object()["/BaseFont"]))
    # The report font and at least one fallback face, each embedded as TrueType.
    assert len({name.split("+", 1)[1] for name in fonts}) >= 2, fonts


def test_no_font_with_the_glyph_is_said_once(make_data: MakeData, tmp_path: Path) -> None:
    only_dejavu = tmp_path / "only-dejavu"
    only_dejavu.mkdir()
    shutil.copy(load_fonts().path, only_dejavu / "DejaVuSans.ttf")
    outcome = build_pdf(unicode_data(make_data), tmp_path / "boxed.pdf", font_dirs=[only_dejavu])
    missing = [w for w in outcome.warnings if "no glyph" in w]
    assert len(missing) == 1
    assert "any other font on this machine" in missing[0]
    assert PLACEHOLDER in missing[0]
    assert PLACEHOLDER in pages(outcome.path)[0]


def test_a_font_folder_is_searched_and_unusable_files_skipped(tmp_path: Path) -> None:
    drawable(JAPANESE[0])
    face = load_fonts().fallbacks.face_for(JAPANESE[0])
    assert face is not None
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / "aaa-broken.ttf").write_bytes(b"not a font at all")
    (folder / "bbb-cff.otf").write_bytes(b"OTTO" + b"\0" * 64)
    shutil.copy(face.path, folder / f"zzz{face.path.suffix}")
    fallbacks = Fallbacks(search_dirs=[folder])
    found = fallbacks.face_for(JAPANESE[0])
    assert found is not None and found.path == folder / f"zzz{face.path.suffix}"
    assert load_face(folder / "aaa-broken.ttf") is None
    # An emoji the folder's font lacks is not looked for anywhere else.
    if ord(EMOJI) not in found.glyphs:
        assert fallbacks.face_for(EMOJI) is None
