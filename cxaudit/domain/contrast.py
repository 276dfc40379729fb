"""Colours as a consultant types them, and whether text in one colour reads on another.

A brand colour is written in hex (`#1F3A5F` or `#FA0`). Whether text stays readable is the
WCAG 2 contrast ratio between the two colours' relative luminances; level AA asks for at least
4.5:1 for body text and 3:1 for large text (18 pt, or 14 pt bold).
"""

from __future__ import annotations

import re
from typing import NamedTuple

AA_TEXT = 4.5
"""The least contrast WCAG AA allows for text of ordinary size."""
AA_LARGE_TEXT = 3.0
"""The least contrast WCAG AA allows for large text (18 pt, or 14 pt bold)."""

_HEX = re.compile(r"#?(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


class Rgb(NamedTuple):
    """A colour's red, green and blue, each 0 to 255."""

    red: int
    green: int
    blue: int

    @property
    def hex(self) -> str:
        """The colour as `#RRGGBB`."""
        return f"#{self.red:02X}{self.green:02X}{self.blue:02X}"


WHITE = Rgb(255, 255, 255)


def parse_hex(text: str) -> Rgb | None:
    """`#RRGGBB` or `#RGB` (the `#` may be left out) as a colour; None when it is not one."""
    value = text.strip()
    if not _HEX.fullmatch(value):
        return None
    digits = value.lstrip("#")
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return Rgb(int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def mix(colour: Rgb, other: Rgb, amount: float) -> Rgb:
    """`amount` (0 to 1) of `colour` over `other`: a tint of a brand colour over white."""
    return Rgb(*(round(a * amount + b * (1 - amount)) for a, b in zip(colour, other, strict=True)))


def relative_luminance(colour: Rgb) -> float:
    """WCAG 2's relative luminance: 0 for black, 1 for white."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: Rgb, background: Rgb) -> float:
    """WCAG 2's contrast ratio between two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def meets_aa(foreground: Rgb, background: Rgb, *, large: bool = False) -> bool:
    """Whether text in `foreground` on `background` meets WCAG AA."""
    needed = AA_LARGE_TEXT if large else AA_TEXT
    return contrast_ratio(foreground, background) >= needed
