"""Finding and registering a Unicode TrueType font for the PDF.

People type names and notes in any script, so the report needs a font with wide coverage.
DejaVu Sans is used where the system has it (or a font the user configured); otherwise the
report falls back to reportlab's bundled Vera and says that some text may not render. A
character the chosen font has no glyph for is drawn in another font on the machine that has it
(`cxaudit.report.fallback`); only when no font has it is it swapped for a visible placeholder,
and the report says so once.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from cxaudit.report.fallback import Fallbacks, invisible

FALLBACK_WARNING = (
    "No Unicode font (DejaVu Sans) was found, so the report uses reportlab's bundled Vera: "
    "Unicode text may not render (install DejaVu Sans or set report_font in the config)."
)

PLACEHOLDER = "□"
"""Shown instead of a character the font has no glyph for."""

_DEJAVU = {
    "regular": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "italic": "DejaVuSans-Oblique.ttf",
    "bold_italic": "DejaVuSans-BoldOblique.ttf",
}
_VERA = {
    "regular": "Vera.ttf",
    "bold": "VeraBd.ttf",
    "italic": "VeraIt.ttf",
    "bold_italic": "VeraBI.ttf",
}
_STYLE_SUFFIXES = {
    "bold": ("-Bold", "Bold", "-bold", "bd"),
    "italic": ("-Oblique", "-Italic", "Italic", "-italic", "it"),
    "bold_italic": ("-BoldOblique", "-BoldItalic", "BoldItalic", "-bolditalic", "bi"),
}


def system_font_dirs() -> list[Path]:
    """The folders where operating systems usually keep fonts, most specific first."""
    home = Path.home()
    dirs = [
        Path("/usr/share/fonts/truetype/dejavu"),
        Path("/usr/share/fonts/dejavu"),
        Path("/usr/share/fonts/TTF"),
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local/share/fonts",
        home / ".fonts",
        Path("/Library/Fonts"),
        home / "Library/Fonts",
        Path("/opt/homebrew/share/fonts"),
        Path("C:/Windows/Fonts"),
    ]
    local_app_data = os.environ.get("LOCALAPPDATA")
    if local_app_data:
        dirs.append(Path(local_app_data) / "Microsoft/Windows/Fonts")
    return dirs


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond the Basic Multilingual Plane written
    as UTF-16 surrogate pairs (reportlab writes `<1F680>`, which no PDF reader can decode, so
    an emoji could be drawn but not copied or searched)."""
    entries = [
        "<%02X> <%s>" % (index, chr(cp).encode("utf-16-be").hex().upper())  # noqa: UP031
        for index, cp in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<00> <%02X>" % (len(subset) - 1),  # noqa: UP031
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


# Every TrueType font reportlab embeds gets its ToUnicode map from this module-level function.
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


@dataclass
class FontSet:
    """The registered font family used by every style of one report."""

    family: str
    regular: str
    bold: str
    italic: str
    bold_italic: str
    path: Path
    """The regular face's file."""
    is_fallback: bool
    glyphs: frozenset[int]
    """Code points the regular face can draw."""
    warnings: list[str] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)
    """Characters met in the text that no font on the machine can draw."""
    fallbacks: Fallbacks = field(default_factory=lambda: Fallbacks(search_dirs=()))
    """Other fonts on the machine, for the characters this family has no glyph for."""

    @property
    def placeholder(self) -> str:
        """What stands in for a character no font can draw."""
        return PLACEHOLDER if ord(PLACEHOLDER) in self.glyphs else "?"

    def covers(self, text: str) -> bool:
        """Whether the family alone draws every character of `text`."""
        return all(ord(ch) in self.glyphs or ch == "\n" for ch in text)

    def runs(self, text: str, font: str | None = None) -> list[tuple[str | None, str]]:
        """`text` cut into runs by the font that draws them: `font` (None: the paragraph's own
        font) where the family has the glyph, else a fallback face's name. A character no font
        has becomes the placeholder; one with no printed form of its own is left out."""
        if self.covers(text):
            return [(font, text)] if text else []
        out: list[tuple[str | None, str]] = []
        for ch in text:
            name, piece = font, ch
            if ch != "\n" and ord(ch) not in self.glyphs:
                face = self.fallbacks.face_for(ch)
                if face is not None:
                    name = face.name
                elif invisible(ch):
                    continue
                else:
                    self.missing.add(ch)
                    piece = self.placeholder
            if out and out[-1][0] == name:
                out[-1] = (name, out[-1][1] + piece)
            else:
                out.append((name, piece))
        return out

    def width(self, text: str, font: str, size: float) -> float:
        """The width of `text` drawn in `font` at `size`, fallback glyphs included."""
        return float(
            sum(stringWidth(run, name or font, size) for name, run in self.runs(text, font))
        )

    def missing_warning(self) -> str | None:
        """One sentence about characters that could not be drawn, if any."""
        if not self.missing:
            return None
        count = len(self.missing)
        noun = "character" if count == 1 else "different characters"
        return (
            f"{count} {noun} in the text have no glyph in {self.path.name} or any other "
            f"font on this machine, and are shown as {self.placeholder}."
        )


def _find_in(dirs: Iterable[Path], filename: str) -> Path | None:
    for folder in dirs:
        candidate = folder / filename
        if candidate.is_file():
            return candidate
    for folder in dirs:
        if not folder.is_dir():
            continue
        try:
            found = sorted(folder.rglob(filename))
        except OSError:
            continue
        if found:
            return found[0]
    return None


def _sibling(regular: Path, style: str, known: dict[str, str] | None) -> Path:
    """The bold/italic face next to `regular`, or `regular` itself when there is none."""
    if known is not None:
        candidate = regular.with_name(known[style])
        return candidate if candidate.is_file() else regular
    for suffix in _STYLE_SUFFIXES[style]:
        candidate = regular.with_name(f"{regular.stem}{suffix}{regular.suffix}")
        if candidate.is_file():
            return candidate
    return regular


def _register(path: Path) -> tuple[str, TTFont]:
    """Register one face under a name derived from its path, so repeated builds reuse it."""
    digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:10]
    name = f"Cx-{path.stem}-{digest}"
    try:
        font = pdfmetrics.getFont(name)
    except KeyError:
        font = TTFont(name, str(path))
        pdfmetrics.registerFont(font)
    return name, font


def _load_family(regular: Path, known: dict[str, str] | None, *, is_fallback: bool) -> FontSet:
    names: dict[str, str] = {}
    reg_name, reg_font = _register(regular)
    names["regular"] = reg_name
    for style in ("bold", "italic", "bold_italic"):
        try:
            names[style], _ = _register(_sibling(regular, style, known))
        except (TTFError, OSError, ValueError):
            names[style] = reg_name
    family = reg_name
    addMapping(family, 0, 0, names["regular"])
    addMapping(family, 1, 0, names["bold"])
    addMapping(family, 0, 1, names["italic"])
    addMapping(family, 1, 1, names["bold_italic"])
    glyphs = frozenset(reg_font.face.charToGlyph)
    return FontSet(
        family=family,
        regular=names["regular"],
        bold=names["bold"],
        italic=names["italic"],
        bold_italic=names["bold_italic"],
        path=regular,
        is_fallback=is_fallback,
        glyphs=glyphs,
    )


def vera_dir() -> Path:
    """The folder of fonts bundled with reportlab."""
    return Path(reportlab.__file__).resolve().parent / "fonts"


def load_fonts(font: Path | None = None, search_dirs: Sequence[Path] | None = None) -> FontSet:
    """The font family for a report: `font` if usable, else DejaVu Sans, else bundled Vera.

    `search_dirs` replaces the usual system font folders (the tests point it at an empty one);
    then only fonts in those folders are used for characters the family cannot draw.
    """
    fonts = _load_main(font, search_dirs)
    fonts.fallbacks = Fallbacks(search_dirs=search_dirs, system_dirs=system_font_dirs())
    return fonts


def _load_main(font: Path | None, search_dirs: Sequence[Path] | None) -> FontSet:
    warnings: list[str] = []
    if font is not None:
        path = Path(font).expanduser()
        if path.is_file():
            try:
                fonts = _load_family(path, None, is_fallback=False)
            except (TTFError, OSError, ValueError) as exc:
                warnings.append(
                    f"The configured report font {path} cannot be used ({exc}); "
                    "looking for DejaVu Sans instead."
                )
            else:
                return fonts
        else:
            warnings.append(
                f"The configured report font {path} does not exist; "
                "looking for DejaVu Sans instead."
            )
    dirs = list(search_dirs) if search_dirs is not None else system_font_dirs()
    dejavu = _find_in(dirs, _DEJAVU["regular"])
    if dejavu is not None:
        try:
            fonts = _load_family(dejavu, _DEJAVU, is_fallback=False)
        except (TTFError, OSError, ValueError):
            pass
        else:
            fonts.warnings.extend(warnings)
            return fonts
    fonts = _load_family(vera_dir() / _VERA["regular"], _VERA, is_fallback=True)
    fonts.warnings.extend([*warnings, FALLBACK_WARNING])
    return fonts
