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
    clashes_with: str | None = None
    """The id this file shares with a file listed before it (it is then unusable)."""


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def _duplicate(id_: str, first: Path, again: Path) -> QuestionnaireError:
    return QuestionnaireError(
        f"{again} and {first} both have the id '{id_}': give one of them another id."
    )


def list_questionnaires() -> list[CatalogueEntry]:
    """Every questionnaire file cxaudit can see, built-in first.

    Ids are unique: a second file with an id already seen is listed as unusable, with an error
    naming both files, so no command ever picks one of them silently.
    """
    entries: list[CatalogueEntry] = []
    seen: dict[str, Path] = {}
    for builtin, folder in (
        (True, builtin_questionnaires_dir()),
        (False, user_questionnaires_dir()),
    ):
        for path in _files(folder):
            try:
                questionnaire = load_questionnaire(path)
            except QuestionnaireError as exc:
                entries.append(CatalogueEntry(path, builtin, None, exc))
                continue
            first = seen.setdefault(questionnaire.id, path)
            if first != path:
                error = _duplicate(questionnaire.id, first, path)
                entries.append(CatalogueEntry(path, builtin, None, error, questionnaire.id))
            else:
                entries.append(CatalogueEntry(path, builtin, questionnaire, None))
    return entries


def get_questionnaire(ref: str | None = None) -> Questionnaire:
    """A questionnaire by id (built-in or the user's), or by path to a `.toml` file.

    With no `ref`, the built-in CX maturity questionnaire.
    """
    ref = ref or DEFAULT_QUESTIONNAIRE_ID
    candidate = Path(ref).expanduser()
    if ref.endswith(".toml") or candidate.is_file():
        return load_questionnaire(candidate)
    entries = list_questionnaires()
    for entry in entries:
        if entry.questionnaire is not None and entry.questionnaire.id == ref:
            clash = next((e.error for e in entries if e.clashes_with == ref), None)
            if clash is not None:
                raise clash
            return entry.questionnaire
    known = sorted({e.questionnaire.id for e in entries if e.questionnaire is not None})
    hint = f" Known questionnaires: {', '.join(known)}." if known else ""
    raise NotFoundError(f"No questionnaire called '{ref}'.{hint}")


def default_questionnaire() -> Questionnaire:
    """The built-in CX maturity questionnaire."""
    return load_questionnaire(builtin_questionnaires_dir() / f"{DEFAULT_QUESTIONNAIRE_ID}.toml")
