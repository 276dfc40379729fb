"""Fonts on this machine for the characters the report's own font cannot draw.

No single font draws every script: DejaVu Sans has Greek, Cyrillic and Arabic but no Japanese
and no emoji. So each character the report font lacks is looked up, once, in the fonts installed
on the machine: fontconfig (`fc-list :charset=…`) names the fonts that have its glyph; where
there is no fontconfig, a short list of well-known wide-coverage fonts is looked for in the font
folders. The first usable one is registered with reportlab and embedded like the main font.

reportlab embeds TrueType outlines only, so fonts it cannot use are skipped: OpenType with CFF
outlines, colour-bitmap emoji fonts, and fonts whose licence forbids embedding. A TrueType
collection (`.ttc`) is read face by face.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

KNOWN_FALLBACKS = (
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "DroidSansFallbackFull.ttf",
    "DroidSansFallback.ttf",
    "ipag.ttf",
    "ipagp.ttf",
    "fonts-japanese-gothic.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoNaskhArabic-Regular.ttf",
    "NotoSansHebrew-Regular.ttf",
    "NotoSansDevanagari-Regular.ttf",
    "NotoSansThai-Regular.ttf",
    "Symbola.ttf",
    "Symbola_hint.ttf",
    "Arial Unicode.ttf",
    "msgothic.ttc",
    "msyh.ttc",
    "simsun.ttc",
    "malgun.ttf",
    "seguisym.ttf",
    "seguiemj.ttf",
)
"""Without fontconfig: fonts with wide coverage, looked for by file name in the font folders."""

FONT_SUFFIXES = (".ttf", ".ttc")
"""What reportlab can embed (OpenType `.otf` files are nearly always CFF, so are not tried)."""

MAX_LOOKUPS = 256
"""Distinct characters looked up per report: text in many scripts stays quick to build."""

_FC_TIMEOUT = 5.0
_MAX_DIR_FONTS = 400


def invisible(ch: str) -> bool:
    """A character with no printed form of its own (joiners, variation selectors, marks)."""
    cp = ord(ch)
    return (
        unicodedata.category(ch) == "Cf"
        or 0xFE00 <= cp <= 0xFE0F
        or 0xE0100 <= cp <= 0xE01EF
        or 0x1F3FB <= cp <= 0x1F3FF  # skin tone modifiers: the emoji before them still shows
    )


@dataclass(frozen=True)
class Face:
    """One registered fallback face: its reportlab name and the characters it can draw."""

    name: str
    path: Path
    index: int
    glyphs: frozenset[int]


_lock = threading.Lock()
_faces: dict[tuple[str, int], Face | None] = {}
"""Every face tried in this process (None: reportlab cannot embed it), so a second report
reuses the first's work."""
_fc_answers: dict[int, tuple[tuple[Path, int], ...]] = {}


def _face_name(path: Path, index: int) -> str:
    digest = hashlib.sha1(f"{path.resolve()}#{index}".encode()).hexdigest()[:10]
    return f"CxFallback-{path.stem}-{index}-{digest}"


def load_face(path: Path, index: int = 0) -> Face | None:
    """Register the face `index` of the font file at `path`, or None if it cannot be embedded."""
    key = (str(path), index)
    with _lock:
        if key in _faces:
            return _faces[key]
        face: Face | None
        name = _face_name(path, index)
        try:
            try:
                font = pdfmetrics.getFont(name)
            except KeyError:
                font = TTFont(name, str(path), subfontIndex=index)
                pdfmetrics.registerFont(font)
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(name, bold, italic, name)
            glyphs = frozenset(font.face.charToGlyph)
            face = Face(name, path, index, glyphs)
        except Exception:  # noqa: BLE001 - any font reportlab cannot read is simply not used
            face = None
        _faces[key] = face
        return face


def _fc_list(ch: str) -> tuple[tuple[Path, int], ...]:
    """The TrueType faces fontconfig says have a glyph for `ch`, regular styles first."""
    cp = ord(ch)
    with _lock:
        if cp in _fc_answers:
            return _fc_answers[cp]
    fc_list = shutil.which("fc-list")
    found: list[tuple[int, str, int]] = []
    if fc_list is not None:
        try:
            listing = subprocess.run(
                [
                    fc_list,
                    "--format",
                    "%{file}\t%{index}\t%{fontformat}\t%{color}\t%{style}\n",
                    f":charset={cp:x}",
                ],
                capture_output=True,
                text=True,
                timeout=_FC_TIMEOUT,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            listing = ""
        for line in listing.splitlines():
            parts = line.split("\t")
            if len(parts) != 5:
                continue
            file, index, fontformat, colour, style = parts
            if fontformat != "TrueType" or colour.strip().lower() == "true":
                continue
            if not file.lower().endswith(FONT_SUFFIXES):
                continue
            regular = any(word in style for word in ("Regular", "Book", "Normal", "Medium"))
            found.append((0 if regular else 1, file, int(index) if index.isdigit() else 0))
    answer = tuple((Path(file), index) for _, file, index in sorted(set(found)))
    with _lock:
        _fc_answers[cp] = answer
    return answer


def _font_files(dirs: Iterable[Path], names: Sequence[str] | None) -> list[Path]:
    """Font files in `dirs`: those named in `names`, or every embeddable one when None."""
    files: list[Path] = []
    for folder in dirs:
        if not folder.is_dir():
            continue
        try:
            if names is None:
                found = sorted(p for p in folder.rglob("*") if p.suffix.lower() in FONT_SUFFIXES)
            else:
                found = sorted(p for name in names for p in folder.rglob(name))
        except OSError:
            continue
        files += [p for p in found if p not in files]
        if len(files) >= _MAX_DIR_FONTS:
            break
    return files[:_MAX_DIR_FONTS]


class Fallbacks:
    """The fallback faces one report uses, found character by character as the text needs them.

    With `search_dirs` (the user's `report_font_dirs`, or a test's folder) only the fonts in
    those folders are tried; otherwise fontconfig is asked, or failing that, the well-known
    fonts in `system_dirs`.
    """

    def __init__(
        self,
        *,
        search_dirs: Sequence[Path] | None = None,
        system_dirs: Sequence[Path] = (),
    ) -> None:
        self.faces: list[Face] = []
        """Faces in the order they were first needed; earlier ones are tried first."""
        self._explicit = list(search_dirs) if search_dirs is not None else None
        self._system_dirs = list(system_dirs)
        self._files: list[Path] | None = None
        self._chosen: dict[str, Face | None] = {}
        self._lookups = 0

    def face_for(self, ch: str) -> Face | None:
        """The face that draws `ch`, or None when no font on the machine has its glyph."""
        if ch in self._chosen:
            return self._chosen[ch]
        cp = ord(ch)
        face = next((f for f in self.faces if cp in f.glyphs), None)
        if face is None and self._lookups < MAX_LOOKUPS and not invisible(ch):
            self._lookups += 1
            face = self._find(ch)
            if face is not None and face not in self.faces:
                self.faces.append(face)
        self._chosen[ch] = face
        return face

    def _candidates(self, ch: str) -> Iterable[tuple[Path, int]]:
        if self._explicit is None and shutil.which("fc-list") is not None:
            yield from _fc_list(ch)
            return
        if self._files is None:
            if self._explicit is not None:
                self._files = _font_files(self._explicit, None)
            else:
                self._files = _font_files(self._system_dirs, KNOWN_FALLBACKS)
        for path in self._files:
            if path.suffix.lower() == ".ttc":
                for index in range(8):
                    yield path, index
            else:
                yield path, 0

    def _find(self, ch: str) -> Face | None:
        cp = ord(ch)
        for path, index in self._candidates(ch):
            face = load_face(path, index)
            if face is not None and cp in face.glyphs:
                return face
        return None
