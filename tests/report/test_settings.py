"""`[brand]` in config.toml: a client's overrides key by key, brand keys from the environment,
and a warning naming every key cxaudit does not know (a typo is never silently ignored)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxaudit.config import load_settings


def write_config(home: Path, text: str) -> Path:
    path = home / "config" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_keys_are_warned_about_with_the_file_and_a_near_key(isolated_home: Path) -> None:
    path = write_config(
        isolated_home,
        'prepared_by = "Jo"\n'
        '[brand]\nfirm = "CX Partners"\nprimary_color = "#123456"\n'
        '[brand.organisations."acme"]\nclient_logo_path = "x.png"\n'
        '[brnad]\nfirm = "Typo"\n',
    )
    settings = load_settings()
    assert settings.brand.firm == "CX Partners"
    assert settings.brand.primary_colour is None
    assert settings.warnings == [
        f"The setting 'brand.primary_color' in {path} is not one cxaudit knows and is ignored: "
        "did you mean 'brand.primary_colour'?",
        f"The setting 'brand.organisations.\"acme\".client_logo_path' in {path} is not one "
        "cxaudit knows and is ignored: did you mean 'brand.organisations.\"acme\".client_logo'?",
        f"The setting 'brnad' in {path} is not one cxaudit knows and is ignored: did you mean "
        "'brand'?",
    ]


def test_a_clean_file_gives_no_warning(isolated_home: Path) -> None:
    write_config(isolated_home, '[brand]\nfirm = "CX Partners"\nlogo_in_header = true\n')
    assert load_settings().warnings == []


def test_a_client_section_overrides_key_by_key_by_slug_or_name(isolated_home: Path) -> None:
    write_config(
        isolated_home,
        '[brand]\nfirm = "CX Partners"\nlogo = "logos/cxp.png"\nprimary_colour = "#123456"\n'
        '[brand.organisations."ACME & Sons"]\nclient_logo = "~/acme.png"\n'
        'primary_colour = "#654321"\n',
    )
    brand = load_settings().brand
    values, keys = brand.resolve(slug="acme-sons", name="Acme & Sons")
    assert values["firm"] == "CX Partners" and keys["firm"] == "brand.firm"
    assert values["primary_colour"] == "#654321"
    assert keys["primary_colour"] == 'brand.organisations."ACME & Sons".primary_colour'
    # Relative paths are read from the config folder; ~ is the home folder.
    assert values["logo"] == isolated_home / "config" / "logos" / "cxp.png"
    assert values["client_logo"] == Path("~/acme.png").expanduser()
    other, _ = brand.resolve(slug="other", name="Other")
    assert other["primary_colour"] == "#123456" and "client_logo" not in other


def test_a_brand_key_can_come_from_the_environment(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CXAUDIT_BRAND__FIRM", "From the environment")
    assert load_settings().brand.firm == "From the environment"
