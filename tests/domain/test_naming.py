"""Names and references: slugs keep every script, and a reference never means two organisations."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxaudit.domain.naming import (
    NAME_MAX,
    AmbiguousReference,
    check_name,
    resolve_organisation,
    slugify,
    unique_slug,
)
from cxaudit.errors import NotFoundError, ValidationProblem


@dataclass(frozen=True)
class Org:
    id: int | None
    name: str
    slug: str


PORTFOLIO = [
    Org(1, "Ромашка", "ромашка"),
    Org(2, "東京電力", "東京電力"),
    Org(3, "🚀 Café 東京 شركة الأمل", "café-東京-شركة-الأمل"),
    Org(4, "Cafe", "cafe"),
    Org(5, "Northwind Energy", "northwind-energy"),
    Org(6, "7", "7"),
]


@pytest.mark.parametrize(
    "name,slug",
    [
        ("Acme Retail (UK)", "acme-retail-uk"),
        ("Café", "cafe"),
        ("東京電力", "東京電力"),
        ("Ромашка", "ромашка"),
        ("شركة الأمل", "شركة-الأمل"),
        ("🚀", "organisation"),
        ("a__b", "a-b"),
    ],
)
def test_slugs_keep_letters_of_every_script(name: str, slug: str) -> None:
    assert slugify(name) == slug


@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=12))
def test_two_names_never_share_a_slug(names: list[str]) -> None:
    taken: set[str] = set()
    for name in names:
        slug = unique_slug(name, taken)
        assert slug not in taken
        taken.add(slug)


@pytest.mark.parametrize(
    "ref,expected",
    [
        ("1", 1),
        ("東京電力", 2),
        ("ромашка", 1),
        ("RОМАШКА".replace("R", "Р"), 1),
        ("cafe", 4),
        ("Cafe", 4),
        ("northwind-energy", 5),
        ("NORTHWIND ENERGY", 5),
    ],
)
def test_a_reference_matches_id_name_or_slug_as_typed(ref: str, expected: int) -> None:
    assert resolve_organisation(ref, PORTFOLIO).id == expected


def test_a_reference_is_never_slugified_before_matching() -> None:
    # "Café" would slugify to "cafe"; as typed it is nobody's name or slug here.
    with pytest.raises(NotFoundError):
        resolve_organisation("café-東京", PORTFOLIO)


def test_a_reference_matching_two_organisations_lists_both() -> None:
    portfolio = [*PORTFOLIO, Org(7, "1", "1")]
    with pytest.raises(AmbiguousReference) as caught:
        resolve_organisation("1", portfolio)
    assert "Ромашка (id 1" in caught.value.message
    assert "(id 7" in caught.value.message


def test_a_close_name_is_suggested_and_nothing_is_chosen() -> None:
    with pytest.raises(NotFoundError) as caught:
        resolve_organisation("Northwind", PORTFOLIO)
    assert "Did you mean: Northwind Energy?" in caught.value.message


@pytest.mark.parametrize(
    "name,reason",
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * (NAME_MAX + 1), f"the most is {NAME_MAX}"),
        ("Evil\x1b]0;pwned\x07", "control characters"),
        ("Tab\there", "control characters"),
        ("abc\u202etxt", "control characters"),
    ],
)
def test_bad_names_get_one_sentence(name: str, reason: str) -> None:
    with pytest.raises(ValidationProblem) as caught:
        check_name(name)
    assert reason in caught.value.message


def test_a_name_at_the_limit_and_emoji_are_fine() -> None:
    assert check_name(" " + "x" * NAME_MAX + " ") == "x" * NAME_MAX
    assert check_name("🚀 Café 東京 شركة الأمل") == "🚀 Café 東京 شركة الأمل"
