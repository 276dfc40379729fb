"""Domain objects built from stored rows without validating again are real pydantic instances.

Loading a record builds thousands of answers with `rows.build_trusted` (and single objects with
`rows.trusted_factory`), which set what `model_construct` sets straight through pydantic's own
slots. Each must be indistinguishable from the same object validated: equal, the same dump and
JSON, the same hash, copyable, picklable, and frozen where the model is. Answers of one batch
share the set of fields given; a copy must never change another answer's.
"""

from __future__ import annotations

import copy
import pickle
from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import BaseModel, PrivateAttr, ValidationError

from cxaudit.domain.model import (
    ActionItem,
    ActionStatus,
    Answer,
    Assessment,
    AssessmentStatus,
    Confidence,
    Organisation,
    Respondent,
    Role,
)
from cxaudit.storage.rows import build_trusted, trusted_factory, trusted_parts

WHEN = datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)


def _answers() -> list[Answer]:
    return [Answer.model_validate(_fields(answer)) for answer in _answer_examples()]


def _answer_examples() -> list[Answer]:
    return [
        Answer(question_id="alpha.one", value=4, evidence="The CX board minutes", updated_at=WHEN),
        Answer(
            question_id="alpha.two",
            value="na",
            na_reason="No shops",
            note="ñ ✓ “quoted”",
            needs_reconfirm=True,
            confidence=Confidence.LOW,
        ),
        Answer(
            question_id="beta.one",
            value="unknown",
            confidence=Confidence.HIGH,
            unverified=True,
            updated_at=WHEN,
        ),
    ]


def _validated() -> list[BaseModel]:
    """One of each model, validated with every field given (as a loader gives them all)."""
    return [type(item).model_validate(_fields(item)) for item in _examples()]


def _examples() -> list[BaseModel]:
    organisation = Organisation(
        id=7,
        name="Acme",
        slug="acme",
        sector="Retail",
        default_targets={"alpha": 3.5},
        next_due=date(2026, 6, 30),
        profile={"has_shops": False},
    )
    respondent = Respondent(
        id=3,
        name="Ann",
        role=Role.LEADER,
        answers={a.question_id: a for a in _answers()},
        anonymous=True,
        finished_at=WHEN,
    )
    action = ActionItem(
        id=11,
        question_id="alpha.one",
        area_id="alpha",
        text="Publish the CX plan",
        current_level=2,
        target_level=3,
        priority=1.25,
        owner="Bo",
        due=date(2026, 5, 1),
        status=ActionStatus.IN_PROGRESS,
        carried_from=9,
    )
    assessment = Assessment(
        id=5,
        organisation=organisation,
        period="2026-Q1",
        questionnaire_id="mini",
        questionnaire_version="1",
        questionnaire_hash="abc",
        status=AssessmentStatus.COMPLETE,
        created_at=WHEN,
        completed_at=WHEN,
        targets={"beta": 4.0},
        respondents=[respondent],
        actions=[action],
        profile={"has_shops": False},
    )
    return [*_answers(), organisation, respondent, action, assessment]


def _fields(instance: BaseModel) -> dict[str, Any]:
    """Every field's value, as a loader hands them over (a fresh dict)."""
    return {name: getattr(instance, name) for name in type(instance).model_fields}


def _check_same(built: BaseModel, validated: BaseModel) -> None:
    model = type(validated)
    assert type(built) is model
    assert built == validated and validated == built
    assert built.model_dump() == validated.model_dump()
    assert built.model_dump_json() == validated.model_dump_json()
    assert built.model_fields_set == validated.model_fields_set == set(model.model_fields)
    assert built.model_extra is None
    for name in model.model_fields:
        assert getattr(built, name) == getattr(validated, name)
    assert copy.copy(built) == validated
    assert copy.deepcopy(built) == validated
    assert pickle.loads(pickle.dumps(built)) == validated
    assert model.model_validate(built.model_dump()) == built
    assert model.model_validate_json(built.model_dump_json()) == built
    assert repr(built) == repr(validated)


@pytest.mark.parametrize("index", range(len(_validated())))
def test_built_one_at_a_time_is_the_validated_object(index: int) -> None:
    validated = _validated()[index]
    built = trusted_factory(type(validated))(**_fields(validated))
    _check_same(built, validated)


def test_built_in_a_batch_are_the_validated_objects() -> None:
    for model in (Answer, Organisation, Respondent, ActionItem, Assessment):
        validated = [item for item in _validated() if type(item) is model]
        built = build_trusted(model, [_fields(item) for item in validated])
        assert len(built) == len(validated)
        for one, other in zip(built, validated, strict=True):
            _check_same(one, other)


def test_every_field_must_be_given() -> None:
    given = _fields(_answers()[0])
    del given["note"]
    with pytest.raises(AssertionError, match="every field is given"):
        build_trusted(Answer, [given])
    with pytest.raises(AssertionError, match="every field is given"):
        trusted_factory(Answer)(**given)


def test_a_built_answer_stays_frozen_and_hashes_like_the_validated_one() -> None:
    validated = _answers()
    built = build_trusted(Answer, [_fields(a) for a in validated])
    assert [hash(a) for a in built] == [hash(a) for a in validated]
    assert set(built) == set(validated)
    with pytest.raises(ValidationError):
        built[0].note = "changed"  # type: ignore[misc]
    assert built[0].note == ""


def test_a_copy_never_changes_another_answer_of_the_same_batch() -> None:
    first, second, third = build_trusted(Answer, [_fields(a) for a in _answers()])
    changed = first.model_copy(update={"note": "Seen on site"})
    assert changed.note == "Seen on site" and first.note == ""
    changed.model_fields_set.add("extra-name")  # a caller misusing the copy's own set
    every = set(Answer.model_fields)
    assert first.model_fields_set == second.model_fields_set == third.model_fields_set == every
    assert first.model_dump(exclude_unset=True) == _answers()[0].model_dump(exclude_unset=True)
    assert changed.model_fields_set == every | {"extra-name"}


def test_a_mutable_model_built_in_a_batch_keeps_its_own_state() -> None:
    ann, bob = build_trusted(
        Respondent,
        [
            {
                "id": i,
                "name": name,
                "role": Role.OTHER,
                "answers": {},
                "anonymous": False,
                "finished_at": None,
            }
            for i, name in enumerate(("Ann", "Bob"))
        ],
    )
    ann.name = "Annie"
    ann.answers["alpha.one"] = _answers()[0]
    assert bob.name == "Bob" and bob.answers == {}
    assert ann.model_fields_set is not bob.model_fields_set


class _WithPrivateState(BaseModel):
    """A model `model_construct` must build (it has private state to set up)."""

    name: str
    _seen: list[str] = PrivateAttr(default_factory=list)


def test_a_model_with_more_than_plain_fields_is_built_by_pydantic() -> None:
    assert trusted_parts(_WithPrivateState) is None
    assert trusted_parts(Answer) is not None
    built = build_trusted(_WithPrivateState, [{"name": "a"}, {"name": "b"}])
    assert [b.name for b in built] == ["a", "b"]
    built[0]._seen.append("x")
    assert built[1]._seen == []
    one = trusted_factory(_WithPrivateState)(name="c")
    assert one == _WithPrivateState(name="c")


def test_fields_given_in_another_order_are_kept_in_the_models_order() -> None:
    """Dumps (and so every JSON export) list fields in the order the instance keeps them; a
    validated instance keeps the model's order, whatever order they were given in."""
    validated = _validated()[-1]
    given = dict(reversed(_fields(validated).items()))
    built = trusted_factory(Assessment)(**given)
    assert list(built.model_dump()) == list(Assessment.model_fields)
    _check_same(built, validated)
    with pytest.raises(AssertionError, match="every field is given, in order"):
        build_trusted(Assessment, [given])
