"""Finding questionnaires: the built-in ones, the user's own folder, or a file given by path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cxaudit.domain.questionnaire import Questionnaire, load_questionnaire
from cxaudit.errors import NotFoundError, QuestionnaireError
from cxaudit.paths import builtin_questionnaires_dir, user_questionnaires_dir

DEFAULT_QUESTIONNAIRE_ID = "cx-maturity"


@dataclass(frozen=True)
class CatalogueEntry:
    """A questionnaire file found on disk, loaded or with the reason it cannot be used."""

    path: Path
    builtin: bool
    questionnaire: Questionnaire | None
    error: QuestionnaireError | None


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def list_questionnaires() -> list[CatalogueEntry]:
    """Every questionnaire file cxaudit can see, built-in first."""
    entries: list[CatalogueEntry] = []
    for builtin, folder in (
        (True, builtin_questionnaires_dir()),
        (False, user_questionnaires_dir()),
    ):
        for path in _files(folder):
            try:
                entries.append(CatalogueEntry(path, builtin, load_questionnaire(path), None))
            except QuestionnaireError as exc:
                entries.append(CatalogueEntry(path, builtin, None, exc))
    return entries


def get_questionnaire(ref: str | None = None) -> Questionnaire:
    """A questionnaire by id (built-in or the user's), or by path to a `.toml` file.

    With no `ref`, the built-in CX maturity questionnaire.
    """
    ref = ref or DEFAULT_QUESTIONNAIRE_ID
    candidate = Path(ref).expanduser()
    if ref.endswith(".toml") or candidate.is_file():
        return load_questionnaire(candidate)
    for entry in list_questionnaires():
        if entry.questionnaire is not None and entry.questionnaire.id == ref:
            return entry.questionnaire
    known = sorted(
        {e.questionnaire.id for e in list_questionnaires() if e.questionnaire is not None}
    )
    hint = f" Known questionnaires: {', '.join(known)}." if known else ""
    raise NotFoundError(f"No questionnaire called '{ref}'.{hint}")


def default_questionnaire() -> Questionnaire:
    """The built-in CX maturity questionnaire."""
    return load_questionnaire(builtin_questionnaires_dir() / f"{DEFAULT_QUESTIONNAIRE_ID}.toml")
