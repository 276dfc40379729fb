"""The user's settings: who prepares reports, which font they use, whether names are printed.

Read from `config.toml` in the user's config folder (see `cxaudit.paths.config_file`), with
`CXAUDIT_`-prefixed environment variables taking precedence, so a team can share one file and a
script can override a single value. A missing file simply means the defaults.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from cxaudit.errors import CxauditError
from cxaudit.paths import config_file

ENV_PREFIX = "CXAUDIT_"


class Settings(BaseSettings):
    """What a user can set once instead of passing on every command."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    prepared_by: str = ""
    """The name printed as "prepared by" on reports."""
    report_font: Path | None = None
    """A TrueType font file for reports, instead of DejaVu Sans."""
    report_font_dirs: list[Path] | None = None
    """Folders searched for DejaVu Sans instead of the usual system font folders."""
    include_respondent_names: bool = False
    """Print respondents' names in reports (otherwise "Respondent 1 (leader)")."""

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


def load_settings(**overrides: Any) -> Settings:
    """The settings in force; a config file that cannot be used is one clear sentence."""
    path = config_file()
    if path.is_file():
        try:
            tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise CxauditError(f"The config file {path} cannot be read: {exc}.") from None
        except tomllib.TOMLDecodeError as exc:
            raise CxauditError(f"The config file {path} is not valid TOML: {exc}.") from None
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "a setting"
        raise CxauditError(
            f"The setting '{field}' (in {path} or {ENV_PREFIX}{field.upper()}) is invalid: "
            f"{first['msg'].lower()}."
        ) from None
