"""How does-not-apply, evidence gates and confidence reach the scores (docs/scoring.md,
"Applicability, evidence and confidence"): a question that does not apply is N/A for everyone;
confidence and missing evidence never move a number, but are counted and flagged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cxaudit.domain.model import (
    Assessment,
    Confidence,
    Organisation,
    Respondent,
    Role,
    make_answer,
)
from cxaudit.domain.questionnaire import Questionnaire, parse_questionnaire
from cxaudit.domain.results import LOW_CONFIDENCE_NOTE
from cxaudit.domain.scoring import score_assessment, score_stored
from cxaudit.domain.snapshot import ScoreSnapshot
from tests.domain.test_gates_and_profile import gated_text

NO_CC = {"has_contact_centre": False}


@pytest.fixture
def gated() -> Questionnaire:
    return parse_questionnaire(gated_text(), "gated.toml")


def _person(name: str, role: Role, answers: dict[str, tuple[int | str, str]]) -> Respondent:
    return Respondent(
        name=name,
        role=role,
        answers={
            qid: make_answer(qid, value, na_reason="Not here.", confidence=sure, evidence="Seen.")
            for qid, (value, sure) in answers.items()
        },
    )


def _people() -> list[Respondent]:
    return [
        _person(
            "Ana",
            Role.LEADER,
            {
                "alpha.one": (4, "high"),
                "alpha.two": (2, "low"),
                "alpha.three": (5, "low"),
                "beta.one": (3, "low"),
                "beta.two": (2, "low"),
            },
        ),
        _person(
            "Ben",
            Role.FRONTLINE,
            {
                "alpha.one": (2, "medium"),
                "alpha.two": (4, "low"),
                "alpha.three": ("na", "medium"),
                "beta.one": (1, "low"),
                "beta.two": (3, "high"),
            },
        ),
    ]


def test_a_question_that_does_not_apply_counts_as_na_for_everyone(gated: Questionnaire) -> None:
    with_cc = score_assessment(gated, _people(), profile={"has_shops": True})
    without = score_assessment(gated, _people(), profile=NO_CC)
    two = without.questions["alpha.two"]
    assert two.not_applying_reason == "does not apply: no contact centre"
    assert not two.applies
    assert (two.score, two.levels, two.na_count, two.all_na) == (None, (), 2, True)
    assert with_cc.questions["alpha.two"].score == 3.0
    # alpha.three (needs shops too) does not apply either; alpha.one alone scores the area.
    alpha = without.area("alpha")
    assert (alpha.covered, alpha.applicable, alpha.not_applying) == (1, 1, 2)
    assert alpha.score == 3.0
    assert alpha.coverage_text == "based on 1 of 1 questions (2 not applying)"
    assert with_cc.area("alpha").coverage_text == "based on 3 of 3 questions"
    assert dict(without.not_applying) == {
        "alpha.two": "does not apply: no contact centre",
        "alpha.three": "does not apply: no contact centre; no shops",
    }
    # The same as every respondent marking both N/A by hand.
    by_hand = [
        r.model_copy(
            update={
                "answers": {
                    **r.answers,
                    "alpha.two": make_answer("alpha.two", "na", na_reason="x"),
                    "alpha.three": make_answer("alpha.three", "na", na_reason="x"),
                }
            }
        )
        for r in _people()
    ]
    manual = score_assessment(gated, by_hand, profile={"has_shops": True})
    assert manual.overall == without.overall
    assert manual.area("alpha").score == alpha.score
    assert manual.applicable == without.applicable


def test_with_no_profile_every_flag_takes_its_default(gated: Questionnaire) -> None:
    result = score_assessment(gated, _people())
    assert list(result.not_applying) == ["alpha.three"]  # has_shops defaults to no
    assert result.questions["alpha.two"].applies


def test_an_assessment_is_scored_under_its_own_profile_snapshot(gated: Questionnaire) -> None:
    organisation = Organisation(name="Bank", slug="bank", profile={"has_contact_centre": True})
    assessment = Assessment(
        organisation=organisation,
        period="2026-Q1",
        questionnaire_id=gated.id,
        questionnaire_version=gated.version,
        questionnaire_hash=gated.content_hash,
        created_at=datetime(2026, 1, 5, tzinfo=UTC),
        respondents=_people(),
        profile=NO_CC,
    )
    result = score_stored(gated, assessment)
    assert "alpha.two" in result.not_applying  # the assessment's, not the organisation's


def test_confidence_never_changes_a_score_but_flags_mostly_low_areas(gated: Questionnaire) -> None:
    people = _people()
    result = score_assessment(gated, people, profile={"has_shops": True})
    sure = [
        r.model_copy(
            update={
                "answers": {
                    k: a.model_copy(update={"confidence": Confidence.HIGH})
                    for k, a in r.answers.items()
                }
            }
        )
        for r in people
    ]
    all_high = score_assessment(gated, sure, profile={"has_shops": True})
    assert result.overall == all_high.overall
    assert [a.score for a in result.areas] == [a.score for a in all_high.areas]
    # alpha: levels 4h 2l 5l / 2m 4l -> 3 low of 5 given: more than half.
    alpha = result.area("alpha")
    assert (alpha.levels_given, alpha.low_confidence) == (5, 3)
    assert alpha.mostly_low_confidence and alpha.confidence_note == LOW_CONFIDENCE_NOTE
    # beta: 3l 2l / 1l 3h -> 3 of 4.
    assert result.area("beta").mostly_low_confidence
    assert [a.area_id for a in result.low_confidence_areas] == ["alpha", "beta"]
    assert not all_high.low_confidence_areas
    assert all_high.area("alpha").confidence_note is None


def test_exactly_half_low_is_not_mostly(gated: Questionnaire) -> None:
    people = [
        _person("Ana", Role.LEADER, {"beta.one": (3, "low"), "beta.two": (4, "high")}),
        _person("Ben", Role.OTHER, {"beta.one": ("unknown", "low"), "beta.two": ("na", "low")}),
    ]
    beta = score_assessment(gated, people).area("beta")
    # N/A and "don't know" are not scored answers, so their confidence does not count.
    assert (beta.levels_given, beta.low_confidence) == (2, 1)
    assert not beta.mostly_low_confidence
    # A question that does not apply contributes nothing either.
    people = [_person("Ana", Role.LEADER, {"alpha.one": (3, "high"), "alpha.two": (3, "low")})]
    alpha = score_assessment(gated, people, profile=NO_CC).area("alpha")
    assert (alpha.levels_given, alpha.low_confidence, alpha.mostly_low_confidence) == (1, 0, False)


def test_unverified_answers_count_as_given_and_are_listed(gated: Questionnaire) -> None:
    people = _people()
    flagged = [
        people[0].model_copy(
            update={
                "answers": {
                    **people[0].answers,
                    "alpha.one": make_answer("alpha.one", 4, unverified=True),
                }
            }
        ),
        people[1],
    ]
    plain = score_assessment(gated, people, profile={"has_shops": True})
    result = score_assessment(gated, flagged, profile={"has_shops": True})
    assert result.overall == plain.overall
    assert result.unverified_count == 1 and plain.unverified_count == 0
    assert [(u.respondent, u.question_id, u.label) for u in result.unverified] == [
        ("Ana", "alpha.one", "level 4, unverified")
    ]


def test_the_kept_snapshot_agrees_with_the_result(gated: Questionnaire) -> None:
    result = score_assessment(gated, _people(), profile=NO_CC)
    snapshot = ScoreSnapshot.of(result)
    assert snapshot.applicable == result.applicable == 3
    assert snapshot.covered == result.covered


def test_the_worked_example_in_the_scoring_docs() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    docs = (root / "docs" / "questionnaire.md").read_text(encoding="utf-8")
    (example, *_) = re.findall(r"```toml\n(.*?)```", docs, flags=re.DOTALL)
    desk = parse_questionnaire(example, "docs example")
    fc, cb = "process.first_contact", "process.call_backs"
    people = [
        Respondent(
            name="Ann",
            role=Role.LEADER,
            answers={
                fc: make_answer(fc, 4, evidence="FCR report", confidence="high"),
                cb: make_answer(cb, 3, confidence="low"),
            },
        ),
        Respondent(
            name="Ben",
            role=Role.FRONTLINE,
            answers={
                fc: make_answer(fc, 5, unverified=True, confidence="low"),
                cb: make_answer(cb, 2, confidence="low"),
            },
        ),
    ]
    scoring_docs = (root / "docs" / "scoring.md").read_text(encoding="utf-8")
    with_line = score_assessment(desk, people)
    area = with_line.area("process")
    assert (with_line.questions[fc].score, with_line.questions[cb].score) == (4.5, 2.5)
    assert f"{area.score:.2f}" == "3.70" and "= **3.70**" in scoring_docs
    assert area.coverage_text == "based on 2 of 2 questions"
    assert (area.levels_given, area.low_confidence, area.mostly_low_confidence) == (4, 3, True)
    assert [(u.respondent, u.question_id, u.label) for u in with_line.unverified] == [
        ("Ben", fc, "level 5, unverified")
    ]
    without = score_assessment(desk, people, profile={"has_phone_line": False})
    area = without.area("process")
    assert area.score == 4.5
    assert area.coverage_text == "based on 1 of 1 questions (1 not applying)"
    assert "**based on 1 of 1 questions (1 not applying)**" in scoring_docs
    assert without.questions[cb].na_count == 2
    assert without.not_applying[cb] == "does not apply: no phone line"
    assert (area.levels_given, area.low_confidence, area.mostly_low_confidence) == (2, 1, False)
    assert without.unverified_count == 1
