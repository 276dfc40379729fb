"""Names people type, and how a typed reference finds the one organisation it means.

One rule for every command and screen, because a wrong match is data loss: `delete-org 東京電力`
once deleted another organisation whose slug collapsed to the same placeholder. A reference
matches an organisation's exact id, its exact name ignoring case (Unicode casefold) or its exact
stored slug as typed; a value that matches two organisations matches none of them.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from typing import Protocol, TypeVar

from cxaudit.errors import NotFoundError, ValidationProblem

NAME_MAX = 120
"""The longest organisation name, in characters: long enough for any real name, short enough
for every table, file name and PDF cover."""
SLUG_MAX = 80

# Bidirectional overrides and isolates can make a name read differently from what it is.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_control_characters(text: str) -> bool:
    """Whether `text` holds a control character (ESC, BEL, NUL, line breaks…) or a bidi override."""
    return any(unicodedata.category(ch) == "Cc" or ch in _BIDI_CONTROLS for ch in text)


def check_name(name: str, *, what: str = "An organisation's name") -> str:
    """The name with surrounding spaces removed, or one clear sentence saying what is wrong."""
    clean = name.strip()
    if not clean:
        raise ValidationProblem(f"{what} cannot be empty.")
    if has_control_characters(clean):
        raise ValidationProblem(
            f"{what} cannot contain control characters such as line breaks, tabs or escapes."
        )
    if len(clean) > NAME_MAX:
        raise ValidationProblem(f"{what} is {len(clean)} characters long; the most is {NAME_MAX}.")
    return clean


def check_sector(sector: str) -> str:
    """The sector with surrounding spaces removed (it may be empty), or one clear sentence."""
    clean = sector.strip()
    if has_control_characters(clean):
        raise ValidationProblem(
            "A sector cannot contain control characters such as line breaks, tabs or escapes."
        )
    if len(clean) > NAME_MAX:
        raise ValidationProblem(
            f"A sector is {len(clean)} characters long; the most is {NAME_MAX}."
        )
    return clean


def name_key(name: str) -> str:
    """The form two names are compared in: Unicode-normalised and case-folded."""
    return unicodedata.normalize("NFKC", name.strip()).casefold()


def _strip_marks(text: str) -> str:
    """Drop accents from Latin letters (`é` → `e`) but keep every other script as written."""
    out: list[str] = []
    for ch in text:
        decomposed = unicodedata.normalize("NFKD", ch)
        base = decomposed[0]
        if base.isascii() and all(unicodedata.combining(c) for c in decomposed[1:]):
            out.append(base)
        else:
            out.append(unicodedata.normalize("NFC", ch))
    return "".join(out)


def slugify(name: str) -> str:
    """A short, file-safe form of a name that keeps letters of every script.

    `Acme Retail (UK)` → `acme-retail-uk`, `Café` → `cafe`, `東京電力` → `東京電力`,
    `Ромашка` → `ромашка`. A name with no letter or digit at all becomes `organisation`.
    """
    folded = _strip_marks(unicodedata.normalize("NFKC", name)).casefold()
    slug = re.sub(r"[^\w]+|_+", "-", folded).strip("-")
    return slug[:SLUG_MAX].strip("-") or "organisation"


def unique_slug(name: str, taken: Collection[str]) -> str:
    """`slugify(name)`, with `-2`, `-3`… added until it is not in `taken`."""
    base = slugify(name)
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


class Named(Protocol):
    """What a reference is matched against: an organisation's id, name and slug."""

    @property
    def id(self) -> int | None: ...
    @property
    def name(self) -> str: ...
    @property
    def slug(self) -> str: ...


N = TypeVar("N", bound=Named)


class AmbiguousReference(ValidationProblem):
    """A typed reference that fits more than one organisation."""


def match_organisations(ref: str, candidates: Iterable[N]) -> list[N]:
    """Every candidate `ref` matches: by exact id, exact name ignoring case, or exact slug."""
    typed = ref.strip()
    key = name_key(typed)
    wanted_id = int(typed) if typed.isascii() and typed.isdigit() else None
    found: list[N] = []
    for candidate in candidates:
        if (
            (wanted_id is not None and candidate.id == wanted_id)
            or name_key(candidate.name) == key
            or candidate.slug == typed
        ):
            found.append(candidate)
    return found


def close_names(ref: str, candidates: Iterable[Named], *, limit: int = 5) -> list[str]:
    """Names like `ref`: containing it, or spelled nearly the same."""
    key = name_key(ref)
    names = {name_key(c.name): c.name for c in candidates}
    containing = [name for k, name in names.items() if key and key in k]
    similar = [names[k] for k in difflib.get_close_matches(key, list(names), n=limit, cutoff=0.6)]
    ordered = list(dict.fromkeys(containing + similar))
    return ordered[:limit]


def resolve_organisation(ref: str, candidates: Sequence[N]) -> N:
    """The one organisation `ref` means, or one sentence listing the candidates or close names."""
    found = match_organisations(ref, candidates)
    if len(found) == 1:
        return found[0]
    if found:
        listed = "; ".join(f"{c.name} (id {c.id}, slug {c.slug})" for c in found)
        raise AmbiguousReference(
            f"'{ref}' matches {len(found)} organisations: {listed}. Use the id to choose one."
        )
    close = close_names(ref, candidates)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise NotFoundError(f"There is no organisation called '{ref}'.{hint}")
