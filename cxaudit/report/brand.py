"""A consultant's brand on the report: firm, logos, colours and contact, checked before use.

The brand comes from the `[brand]` section of `config.toml` (see `cxaudit.config`), with a
client's own overrides; `cxaudit.services.reports` resolves it for one organisation. Here it is
checked: a logo that is missing, not a PNG or JPEG, or too large, or a colour that is not a
colour, stops the report with one sentence naming the setting; colours whose text would be hard
to read only warn. Both formats draw the same brand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cxaudit.domain.contrast import (
    AA_TEXT,
    WHITE,
    Rgb,
    contrast_ratio,
    meets_aa,
    mix,
    parse_hex,
)
from cxaudit.errors import ReportError

DEFAULT_PRIMARY = "#1F3A5F"
"""The report's own primary colour: a deep navy."""
DEFAULT_ACCENT = "#2A7F8E"
"""The report's own accent colour: a teal."""
HEAD_TINT = 0.1
"""How much of the primary colour tints a table header's background."""
MAX_LOGO_BYTES = 5 * 1024 * 1024
"""The largest logo file accepted: a logo this size is print quality many times over."""
MAX_LOGO_PIXELS = 50_000_000
"""The most pixels a logo may have, so a tiny file cannot unpack into gigabytes."""
LOGO_FORMATS = ("PNG", "JPEG")


@dataclass(frozen=True)
class Brand:
    """Who the report is from and how it looks; the defaults are cxaudit's own look."""

    firm: str = ""
    """The consultancy's name, on the cover and in every page's footer."""
    logo: Path | None = None
    """The consultancy's logo, on the cover (and in the header with `logo_in_header`)."""
    client_logo: Path | None = None
    """The client's logo, on the cover next to the consultancy's."""
    logo_in_header: bool = False
    primary_colour: str = DEFAULT_PRIMARY
    """Headings, table headers, the cover band and this period's chart series."""
    accent_colour: str = DEFAULT_ACCENT
    """Minor headings, the cover's rule and the second chart series."""
    contact: str = ""
    """How to reach the consultant, on the cover."""
    keys: Mapping[str, str] = field(default_factory=dict)
    """The setting each value came from, by field (`brand.logo`, or a client's override)."""
    source: str = "config.toml"
    """Where the settings are written, for messages."""

    def key(self, name: str) -> str:
        """The setting a field came from, as written in `config.toml`."""
        return self.keys.get(name, f"brand.{name}")

    @property
    def primary(self) -> Rgb:
        """The primary colour (the default when it cannot be read; `check_brand` says so)."""
        return parse_hex(self.primary_colour) or _DEFAULT_PRIMARY_RGB

    @property
    def accent(self) -> Rgb:
        """The accent colour (the default when it cannot be read; `check_brand` says so)."""
        return parse_hex(self.accent_colour) or _DEFAULT_ACCENT_RGB

    @property
    def own_colours(self) -> bool:
        """Whether the colours are cxaudit's own (no brand colour set, or the same ones)."""
        return (self.primary.hex, self.accent.hex) == (DEFAULT_PRIMARY, DEFAULT_ACCENT)

    @property
    def head_fill(self) -> Rgb:
        """A table header's background: a faint tint of the primary colour."""
        return _HEAD_FILL if self.own_colours else mix(self.primary, WHITE, HEAD_TINT)

    @property
    def band_kicker(self) -> Rgb:
        """The small capitals over the cover's title, on the primary colour."""
        return _BAND_KICKER if self.own_colours else mix(WHITE, self.primary, 0.62)

    @property
    def band_strapline(self) -> Rgb:
        """The line under the cover's title, on the primary colour."""
        return _BAND_STRAPLINE if self.own_colours else mix(WHITE, self.primary, 0.78)


_DEFAULT_PRIMARY_RGB = Rgb(0x1F, 0x3A, 0x5F)
_DEFAULT_ACCENT_RGB = Rgb(0x2A, 0x7F, 0x8E)
_HEAD_FILL = Rgb(0xE8, 0xED, 0xF2)
_BAND_KICKER = Rgb(0x9F, 0xC3, 0xCC)
_BAND_STRAPLINE = Rgb(0xC9, 0xD6, 0xE3)


def _problem(brand: Brand, name: str, what: str) -> ReportError:
    return ReportError(f"The setting '{brand.key(name)}' (in {brand.source}) {what}")


def _check_logo(brand: Brand, name: str, path: Path) -> None:
    """A logo must be a PNG or JPEG file of reasonable size that opens."""
    from PIL import Image, UnidentifiedImageError

    shown = str(path)
    if not path.exists():
        raise _problem(brand, name, f"names {shown}, which does not exist.")
    if not path.is_file():
        raise _problem(brand, name, f"names {shown}, which is a folder, not an image file.")
    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:
        raise _problem(
            brand,
            name,
            f"names {shown}, which is {size / 1024 / 1024:.1f} MB; a logo may be at most "
            f"{MAX_LOGO_BYTES // 1024 // 1024} MB.",
        )
    not_image = _problem(brand, name, f"names {shown}, which is not a PNG or JPEG image.")
    try:
        with Image.open(path) as image:
            if image.format not in LOGO_FORMATS:
                raise not_image
            width, height = image.size
            if width * height > MAX_LOGO_PIXELS:
                raise _problem(
                    brand,
                    name,
                    f"names {shown}, which is {width} × {height} pixels; a logo may have at "
                    f"most {MAX_LOGO_PIXELS // 1_000_000} million.",
                )
            image.verify()
    except ReportError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
        raise not_image from None


def check_brand(brand: Brand) -> list[str]:
    """Stop on a value the report cannot use; warn about colours hard to read.

    Raises `ReportError` naming the setting for a colour that is not a hex colour, or a logo
    that is missing, not a PNG or JPEG image, or too large. Returns one warning per pair of
    colours whose text falls below WCAG AA contrast.
    """
    for name in ("primary_colour", "accent_colour"):
        value = getattr(brand, name)
        if parse_hex(value) is None:
            raise _problem(
                brand, name, f"is '{value}', which is not a colour: write it in hex, like #1F3A5F."
            )
    for name in ("logo", "client_logo"):
        path = getattr(brand, name)
        if path is not None:
            _check_logo(brand, name, path)
    return contrast_warnings(brand)


def contrast_warnings(brand: Brand) -> list[str]:
    """One warning for each text colour on a background below WCAG AA's 4.5:1."""
    primary = f"{brand.key('primary_colour')} ({brand.primary.hex})"
    accent = f"{brand.key('accent_colour')} ({brand.accent.hex})"
    pairs = (
        (brand.primary, WHITE, f"{primary} text on the white page", "headings"),
        (brand.accent, WHITE, f"{accent} text on the white page", "minor headings"),
        (WHITE, brand.primary, f"white text on {primary}", "the cover's title"),
        (
            brand.primary,
            brand.head_fill,
            f"{primary} text on its own tint in table headers",
            "table headers",
        ),
    )
    warnings = []
    for text, background, pair, where in pairs:
        if not meets_aa(text, background):
            ratio = contrast_ratio(text, background)
            warnings.append(
                f"The brand colours give {pair} a contrast of {ratio:.1f}:1, below the "
                f"{AA_TEXT:g}:1 WCAG AA asks for text, so {where} will be hard to read "
                f"(in {brand.source})."
            )
    return warnings
