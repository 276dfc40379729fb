"""The user's settings: who prepares reports, how they are branded, which font they use.

Read from `config.toml` in the user's config folder (see `cxaudit.paths.config_file`), with
`CXAUDIT_`-prefixed environment variables taking precedence, so a team can share one file and a
script can override a single value (`CXAUDIT_BRAND__FIRM` for a key of `[brand]`). A missing
file simply means the defaults. A key cxaudit does not know (a typo such as `primary_color` or
`[brnad]`) is ignored with a warning naming it and the file, rather than silently.
"""

from __future__ import annotations

import difflib
import tomllib
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from cxaudit.errors import CxauditError
from cxaudit.paths import config_file

ENV_PREFIX = "CXAUDIT_"
ENV_NESTED = "__"

BRAND_FIELDS = (
    "firm",
    "logo",
    "logo_in_header",
    "primary_colour",
    "accent_colour",
    "prepared_by",
    "contact",
)
"""The keys of `[brand]` a client's section may override."""


class BrandFields(BaseModel):
    """What `[brand]` and a client's own section under it may set; unset keys are None."""

    model_config = ConfigDict(extra="ignore")

    firm: str | None = None
    """The consultancy's name, on the cover and in every page's footer."""
    logo: Path | None = None
    """A PNG or JPEG logo for the cover; a relative path is read from the config folder."""
    logo_in_header: bool | None = None
    """Also put the logo in every page's running header."""
    primary_colour: str | None = None
    """Hex colour of headings, table headers, the cover band and this period's chart series."""
    accent_colour: str | None = None
    """Hex colour of minor headings, the cover's rule and the second chart series."""
    prepared_by: str | None = None
    """The name printed as "prepared by" (instead of the top-level `prepared_by`)."""
    contact: str | None = None
    """How to reach the consultant, printed on the cover."""


class BrandOverride(BrandFields):
    """A client's own brand settings: `[brand.organisations."<slug or name>"]`."""

    client_logo: Path | None = None
    """The client's logo, on the cover next to the consultancy's."""


class BrandSettings(BrandFields):
    """The `[brand]` section, with each client's overrides."""

    organisations: dict[str, BrandOverride] = {}
    """Overrides by organisation slug or name (matched ignoring case)."""

    def resolve(self, *, slug: str, name: str) -> tuple[dict[str, Any], dict[str, str]]:
        """The brand for one organisation: the values set, and the key each came from.

        A client's section wins over `[brand]` key by key; keys neither sets are left out.
        """
        from cxaudit.domain.naming import name_key

        override, label = None, ""
        for key, candidate in self.organisations.items():
            if key.strip() == slug or name_key(key) == name_key(name):
                override, label = candidate, key
                break
        values: dict[str, Any] = {}
        keys: dict[str, str] = {}
        for field in (*BRAND_FIELDS, "client_logo"):
            own = getattr(override, field, None) if override is not None else None
            if own is not None:
                values[field], keys[field] = own, f'brand.organisations."{label}".{field}'
            elif field != "client_logo" and getattr(self, field) is not None:
                values[field], keys[field] = getattr(self, field), f"brand.{field}"
        for field in ("logo", "client_logo"):
            if field in values:
                values[field] = _from_config_folder(values[field])
        return values, keys


def _from_config_folder(path: Path) -> Path:
    """A path as written in the config file: `~` expanded, relative to the config folder."""
    path = path.expanduser()
    return path if path.is_absolute() else config_file().parent / path


class Settings(BaseSettings):
    """What a user can set once instead of passing on every command."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter=ENV_NESTED, extra="ignore"
    )

    prepared_by: str = ""
    """The name printed as "prepared by" on reports."""
    report_font: Path | None = None
    """A TrueType font file for reports, instead of DejaVu Sans."""
    report_font_dirs: list[Path] | None = None
    """Folders searched for DejaVu Sans instead of the usual system font folders."""
    include_respondent_names: bool = False
    """Print respondents' names in reports (otherwise "Respondent 1 (leader)")."""
    brand: BrandSettings = BrandSettings()
    """The consultancy's brand on reports (`[brand]`)."""

    _warnings: list[str] = PrivateAttr(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """What the user should hear about the config file: keys cxaudit does not know."""
        return list(self._warnings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Explicit values, then the environment, then the config file (looked up at call time).
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=config_file()),
        )


def _nested_model(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The settings model a key holds, and whether it holds a table of them keyed by name."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    if typing.get_origin(annotation) is dict:
        value = typing.get_args(annotation)[1]
        if isinstance(value, type) and issubclass(value, BaseModel):
            return value, True
    return None, False


def unknown_keys(
    data: Mapping[str, Any], model: type[BaseModel], prefix: str = ""
) -> list[tuple[str, str | None]]:
    """Every key of `data` (a parsed config file) that `model` does not have, as written.

    Each comes with the nearest known key when one is close (`brand.primary_color`:
    `brand.primary_colour`), else None.
    """
    found: list[tuple[str, str | None]] = []
    fields = model.model_fields
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        field = fields.get(key)
        if field is None:
            near = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
            found.append((dotted, f"{prefix}{near[0]}" if near else None))
            continue
        nested, keyed = _nested_model(field.annotation)
        if nested is None or not isinstance(value, Mapping):
            continue
        if keyed:
            for name, table in value.items():
                if isinstance(table, Mapping):
                    found += unknown_keys(table, nested, f'{dotted}."{name}".')
        else:
            found += unknown_keys(value, nested, f"{dotted}.")
    return found


def load_settings(**overrides: Any) -> Settings:
    """The settings in force; a config file that cannot be used is one clear sentence."""
    path = config_file()
    parsed: dict[str, Any] = {}
    if path.is_file():
        try:
            parsed = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise CxauditError(f"The config file {path} cannot be read: {exc}.") from None
        except tomllib.TOMLDecodeError as exc:
            raise CxauditError(f"The config file {path} is not valid TOML: {exc}.") from None
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "a setting"
        env = ENV_PREFIX + field.replace(".", ENV_NESTED).upper()
        raise CxauditError(
            f"The setting '{field}' (in {path} or {env}) is invalid: {first['msg'].lower()}."
        ) from None
    settings._warnings = [
        f"The setting '{key}' in {path} is not one cxaudit knows and is ignored"
        + (f": did you mean '{near}'?" if near else ".")
        for key, near in unknown_keys(parsed, Settings)
    ]
    return settings
