"""A consultant's brand on the report: every bad value stops the report with one sentence naming
the setting, colours hard to read are warned about, and the brand shows on the pages."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from cxaudit.errors import ReportError
from cxaudit.report import ReportData, build_docx, build_pdf
from cxaudit.report.brand import MAX_LOGO_BYTES, Brand, check_brand, contrast_warnings

MakeData = Callable[..., ReportData]


def logo(path: Path, size: tuple[int, int] = (240, 80), colour: str = "#7A1F5C") -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


@pytest.mark.parametrize(
    ("field", "make", "says"),
    [
        ("logo", lambda d: d / "missing.png", "which does not exist"),
        ("logo", lambda d: d, "which is a folder, not an image file"),
        ("client_logo", lambda d: _text(d / "fake.png"), "which is not a PNG or JPEG image"),
        ("logo", lambda d: _gif(d / "anim.gif"), "which is not a PNG or JPEG image"),
        ("logo", lambda d: _huge(d / "huge.png"), "which is 50.0 MB; a logo may be at most 5 MB"),
    ],
)
def test_a_logo_that_cannot_be_used_stops_the_report(
    make_data: MakeData,
    tmp_path: Path,
    field: str,
    make: Callable[[Path], Path],
    says: str,
) -> None:
    folder = tmp_path / "logos"
    folder.mkdir()
    brand = Brand(**{field: make(folder)}, source="/home/jo/config.toml")  # type: ignore[arg-type]
    data = replace(make_data(), brand=brand)
    for build, name in ((build_pdf, "r.pdf"), (build_docx, "r.docx")):
        with pytest.raises(ReportError) as caught:
            build(data, tmp_path / name)
        message = str(caught.value)
        assert message.startswith(f"The setting 'brand.{field}' (in /home/jo/config.toml)")
        assert says in message and "\n" not in message
        assert not (tmp_path / name).exists()


def _text(path: Path) -> Path:
    path.write_text("not an image", encoding="utf-8")
    return path


def _gif(path: Path) -> Path:
    Image.new("RGB", (10, 10)).save(path, "GIF")
    return path


def _huge(path: Path) -> Path:
    logo(path)
    with path.open("r+b") as handle:
        handle.truncate(50 * 1024 * 1024)  # a sparse 50 MB file: quick to make
    assert os.path.getsize(path) > MAX_LOGO_BYTES
    return path


@pytest.mark.parametrize("value", ["navy", "#12345", "#GG0000", ""])
def test_a_colour_that_is_not_a_colour_stops_the_report(value: str) -> None:
    brand = Brand(
        accent_colour=value,
        keys={"accent_colour": 'brand.organisations."acme".accent_colour'},
        source="config.toml",
    )
    with pytest.raises(ReportError) as caught:
        check_brand(brand)
    assert str(caught.value) == (
        f"The setting 'brand.organisations.\"acme\".accent_colour' (in config.toml) is "
        f"'{value}', which is not a colour: write it in hex, like #1F3A5F."
    )


def test_colours_hard_to_read_are_warned_about_by_pair() -> None:
    assert contrast_warnings(Brand()) == []
    warnings = contrast_warnings(Brand(primary_colour="#FFD700"))
    assert len(warnings) == 3
    assert (
        "brand.primary_colour (#FFD700) text on the white page a contrast of 1.4:1" in warnings[0]
    )
    assert "below the 4.5:1 WCAG AA asks for text" in warnings[0]
    assert "white text on brand.primary_colour (#FFD700)" in warnings[1]
    assert "text on its own tint in table headers" in warnings[2]
    accent = contrast_warnings(Brand(accent_colour="#9FD3DC"))
    assert len(accent) == 1 and "brand.accent_colour (#9FD3DC) text" in accent[0]


def test_the_brand_is_on_the_cover_in_every_footer_and_in_the_header(
    make_data: MakeData, tmp_path: Path
) -> None:
    brand = Brand(
        firm="CX Partners",
        logo=logo(tmp_path / "firm.png"),
        client_logo=logo(tmp_path / "client.jpg", (100, 100), "#1F6F4A"),
        logo_in_header=True,
        primary_colour="#7A1F5C",
        contact="jo@cxpartners.example",
    )
    outcome = build_pdf(replace(make_data(), brand=brand), tmp_path / "r.pdf")
    assert outcome.warnings == []
    reader = pypdf.PdfReader(outcome.path)
    texts = [page.extract_text() for page in reader.pages]
    assert "CX Partners" in texts[0] and "jo@cxpartners.example" in texts[0]
    for text in texts:
        assert "CX Partners · " in text  # the footer
    cover_images = reader.pages[0].images
    assert len(cover_images) == 2  # the client's logo and the firm's
    assert len(reader.pages[1].images) == 1  # the firm's logo in the header
