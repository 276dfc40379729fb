"""Fuzzing the questionnaire loader: any text either loads or is refused with a clear error.

A consultant's hand-written questionnaire can contain anything. Whatever it holds, loading it
must end in a `Questionnaire` or a `QuestionnaireError` that names the file, never in a
traceback.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxaudit.domain.questionnaire import (
    Questionnaire,
    parse_questionnaire,
    questionnaire_from_data,
)
from cxaudit.errors import QuestionnaireError
from tests.conftest import FIXTURES, REPO_ROOT

ORIGIN = "fuzzed.toml"
FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _valid_texts() -> list[str]:
    texts = [(FIXTURES / "mini.toml").read_text(encoding="utf-8")]
    shipped = REPO_ROOT / "questionnaires" / "cx-maturity.toml"
    if shipped.is_file():
        texts.append(shipped.read_text(encoding="utf-8"))
    return texts


VALID_TEXTS = _valid_texts()


def _load_or_refuse(text: str) -> Questionnaire | QuestionnaireError:
    """Call the loader; anything other than a result or a QuestionnaireError fails the test."""
    try:
        return parse_questionnaire(text, ORIGIN)
    except QuestionnaireError as exc:
        return exc


def _assert_clear(outcome: Questionnaire | QuestionnaireError) -> None:
    if isinstance(outcome, Questionnaire):
        assert outcome.questions, "a questionnaire that loads has questions"
        return
    assert ORIGIN in outcome.message, "the error names the file"
    assert "\n" not in outcome.message.strip(), "the error is one line"
    assert "Traceback" not in outcome.message
    for problem in outcome.problems:
        assert problem.startswith(f"{ORIGIN}: "), problem


@FUZZ
@given(st.text(max_size=2000))
def test_arbitrary_text_loads_or_is_refused_clearly(text: str) -> None:
    _assert_clear(_load_or_refuse(text))


@FUZZ
@given(
    st.sampled_from(VALID_TEXTS),
    st.lists(
        st.tuples(
            st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate", "replace"]),
            st.integers(min_value=0, max_value=10_000),
            st.text(
                alphabet=st.characters(exclude_categories=["Cs"]),
                max_size=40,
            ),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_mutated_valid_questionnaire_loads_or_is_refused_clearly(
    base: str, mutations: list[tuple[str, int, str]]
) -> None:
    lines = base.splitlines()
    for kind, position, payload in mutations:
        if not lines:
            lines = [payload]
            continue
        i = position % len(lines)
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = (position // 7) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "insert":
            line = lines[i]
            cut = (position // 3) % (len(line) + 1)
            lines[i] = line[:cut] + payload + line[cut:]
        elif kind == "truncate":
            lines = lines[: i + 1]
        else:  # replace the value of a `key = value` line
            key, sep, _ = lines[i].partition("=")
            if sep:
                lines[i] = f"{key}= {payload!r}" if position % 2 else f"{key}= {position - 5000}"
    _assert_clear(_load_or_refuse("\n".join(lines)))


# Values a TOML file can hold, nested: what a mutated file could put in any field.
TOML_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=True)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


MINI_DATA = tomllib.loads(VALID_TEXTS[0])
MINI_PATHS = _paths(MINI_DATA)


def _replace(node: Any, path: tuple[Any, ...], value: Any, delete: bool) -> Any:
    head, *rest = path
    copy: Any = dict(node) if isinstance(node, dict) else list(node)
    if rest:
        copy[head] = _replace(copy[head], tuple(rest), value, delete)
    elif delete:
        del copy[head]
    else:
        copy[head] = value
    return copy


@FUZZ
@given(
    st.lists(
        st.tuples(st.sampled_from(MINI_PATHS), TOML_VALUES, st.booleans()),
        min_size=1,
        max_size=4,
    )
)
def test_any_field_replaced_by_any_value_is_accepted_or_refused_clearly(
    edits: list[tuple[tuple[Any, ...], Any, bool]],
) -> None:
    """The stored copy of a questionnaire goes through the same checks as a file."""
    data: Any = MINI_DATA
    for path, value, delete in edits:
        try:
            data = _replace(data, path, value, delete)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed or replaced this path
    try:
        outcome: Questionnaire | QuestionnaireError = questionnaire_from_data(data, ORIGIN)
    except QuestionnaireError as exc:
        outcome = exc
    _assert_clear(outcome)


@pytest.mark.parametrize("text", VALID_TEXTS, ids=lambda t: t.split("\n", 2)[1][:20])
def test_the_unmutated_files_load(text: str) -> None:
    """The fuzzing starts from files that are valid, so refusals come from the mutations."""
    assert isinstance(_load_or_refuse(text), Questionnaire)


def test_a_source_file_name_that_is_a_list_is_refused_clearly() -> None:
    """Found by the fuzzer: `file = []` under [[sources]] is valid TOML but not a file name."""
    text = VALID_TEXTS[0].replace('file = "a.txt"', "file = []", 1)
    outcome = _load_or_refuse(text)
    assert isinstance(outcome, QuestionnaireError)
    _assert_clear(outcome)


def test_origin_is_a_path_when_loading_files(tmp_path: Path) -> None:
    """A broken file on disk is named by its path in the error."""
    broken = tmp_path / "mine.toml"
    broken.write_text("id = \n", encoding="utf-8")
    from cxaudit.domain.questionnaire import load_questionnaire

    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(broken)
    assert str(broken) in caught.value.message
