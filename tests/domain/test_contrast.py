"""Brand colours in hex, and WCAG 2 contrast between text and its background."""

from __future__ import annotations

import pytest

from cxaudit.domain.contrast import (
    WHITE,
    Rgb,
    contrast_ratio,
    meets_aa,
    mix,
    parse_hex,
    relative_luminance,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#1F3A5F", Rgb(0x1F, 0x3A, 0x5F)),
        ("1f3a5f", Rgb(0x1F, 0x3A, 0x5F)),
        ("#FA0", Rgb(0xFF, 0xAA, 0x00)),
        ("  #ffffff ", WHITE),
    ],
)
def test_hex_colours_are_read(text: str, expected: Rgb) -> None:
    assert parse_hex(text) == expected


@pytest.mark.parametrize("text", ["", "#", "navy", "#12345", "#GGGGGG", "#1234567", "rgb(1,2,3)"])
def test_anything_else_is_not_a_colour(text: str) -> None:
    assert parse_hex(text) is None


def test_hex_is_written_back_in_capitals() -> None:
    assert Rgb(31, 58, 95).hex == "#1F3A5F"


def test_contrast_ratios_match_wcag_examples() -> None:
    black = Rgb(0, 0, 0)
    assert relative_luminance(black) == 0 and relative_luminance(WHITE) == 1
    assert contrast_ratio(black, WHITE) == pytest.approx(21.0)
    assert contrast_ratio(WHITE, WHITE) == pytest.approx(1.0)
    # WCAG's own reference: #777777 on white is 4.48:1, just short of AA; #767676 passes.
    assert contrast_ratio(Rgb(0x77, 0x77, 0x77), WHITE) == pytest.approx(4.48, abs=0.01)
    assert not meets_aa(Rgb(0x77, 0x77, 0x77), WHITE)
    assert meets_aa(Rgb(0x76, 0x76, 0x76), WHITE)
    assert meets_aa(Rgb(0x77, 0x77, 0x77), WHITE, large=True)
    # The order of the two colours does not matter.
    assert contrast_ratio(WHITE, black) == contrast_ratio(black, WHITE)


def test_a_tint_is_a_mix_over_white() -> None:
    navy = Rgb(0x1F, 0x3A, 0x5F)
    assert mix(navy, WHITE, 1.0) == navy
    assert mix(navy, WHITE, 0.0) == WHITE
    assert mix(navy, WHITE, 0.5) == Rgb(143, 156, 175)
