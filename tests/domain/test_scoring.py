"""Scores, coverage, disagreements and role gaps, checked against numbers worked out by hand.

The small builders at the top are shared by the other domain tests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from cxaudit.domain.format import DASH, fmt_score
from cxaudit.domain.model import Respondent, Role, make_answer
from cxaudit.domain.questionnaire import Questionnaire, load_questionnaire, questionnaire_from_data
from cxaudit.domain.scoring import resolve_targets, score_assessment, score_by_role
from cxaudit.errors import ValidationProblem

# --------------------------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------------------------


def build_questionnaire(
    areas: Mapping[str, Sequence[float]],
    *,
    area_weights: Mapping[str, float] | None = None,
    default_target: float = 4.0,
    version: str = "1.0",
) -> Questionnaire:
    """A questionnaire with the given areas; each area lists its question weights.

    Questions are named `<area>.q1`, `<area>.q2`, … in order.
    """
    weights = area_weights or {}
    data = {
        "id": "built",
        "version": version,
        "title": "Built in a test",
        "default_target": default_target,
        "guidance": {"intro": "Answer for today.", "points": ["Be honest."]},
        "sources": [{"file": "s.txt", "title": "Source"}],
        "stages": [
            {"name": "Starting", "min": 1.0, "max": 2.0, "description": "Little."},
            {"name": "Developing", "min": 2.0, "max": 3.0, "description": "Some."},
            {"name": "Defined", "min": 3.0, "max": 4.0, "description": "Defined."},
            {"name": "Leading", "min": 4.0, "max": 5.0, "description": "Embedded."},
        ],
        "areas": [
            {
                "id": area_id,
                "title": area_id.title(),
                "description": f"The {area_id} area.",
                "weight": weights.get(area_id, 1.0),
                "questions": [
                    {
                        "id": f"{area_id}.q{n}",
                        "prompt": f"{area_id} question {n}?",
                        "why": "It matters.",
                        "weight": weight,
                        "sources": ["s.txt"],
                        "levels": [f"{area_id}.q{n} level {lv}" for lv in range(1, 6)],
                        "actions": [f"{area_id}.q{n} from {lv}" for lv in range(1, 5)],
                    }
                    for n, weight in enumerate(question_weights, start=1)
                ],
            }
            for area_id, question_weights in areas.items()
        ],
    }
    return questionnaire_from_data(data, "built")


def person(
    name: str,
    role: Role,
    answers: Mapping[str, int | str],
    *,
    notes: Mapping[str, str] | None = None,
) -> Respondent:
    """A respondent; an answer is a level, "na" (given a reason) or "unknown"."""
    return Respondent(
        name=name,
        role=role,
        answers={
            qid: make_answer(
                qid, value, na_reason="Not done here.", note=(notes or {}).get(qid, "")
            )
            for qid, value in answers.items()
        },
    )


@pytest.fixture
def mini(mini_questionnaire_path: Path) -> Questionnaire:
    return load_questionnaire(mini_questionnaire_path)


def three_roles() -> list[Respondent]:
    """Three people in different roles on the mini questionnaire; every Beta answer is N/A."""
    all_na: dict[str, int | str] = {"beta.one": "na", "beta.two": "na"}
    return [
        person(
            "Lee", Role.LEADER, {"alpha.one": 4, "alpha.two": 3, "alpha.three": "unknown", **all_na}
        ),
        person("Fay", Role.FRONTLINE, {"alpha.one": 2, "alpha.two": 3, "alpha.three": 2, **all_na}),
        person(
            "Max", Role.MANAGER, {"alpha.one": 3, "alpha.two": 5, "alpha.three": "na", **all_na}
        ),
    ]


# --------------------------------------------------------------------------------------------
# The worked example of docs/scoring.md
# --------------------------------------------------------------------------------------------


def test_question_scores_are_the_mean_of_the_levels_given(mini: Questionnaire) -> None:
    result = score_assessment(mini, three_roles())
    one, two, three = (result.questions[f"alpha.{n}"] for n in ("one", "two", "three"))
    assert one.score == pytest.approx(3.0)  # (4 + 2 + 3) / 3
    assert two.score == pytest.approx(11 / 3)  # (3 + 3 + 5) / 3 = 3.67
    # Lee does not know and Max says N/A: only Fay's 2 counts.
    assert three.score == pytest.approx(2.0)
    assert (three.levels, three.na_count, three.unknown_count) == ((2,), 1, 1)


def test_area_score_is_weighted_by_question_weight(mini: Questionnaire) -> None:
    alpha = score_assessment(mini, three_roles()).area("alpha")
    # alpha.one weighs 2, the others 1: (2 × 3 + 1 × 11/3 + 1 × 2) / 4 = 35/12 = 2.92
    assert alpha.score == pytest.approx(35 / 12)
    assert alpha.percent == pytest.approx((35 / 12 - 1) / 4 * 100)  # 47.9 %
    assert [c.share for c in alpha.contributions] == pytest.approx([0.5, 0.25, 0.25])
    assert [c.points for c in alpha.contributions] == pytest.approx([1.5, 11 / 12, 0.5])
    assert sum(c.points for c in alpha.contributions) == pytest.approx(alpha.score)
    assert alpha.coverage_text == "based on 3 of 3 questions"
    assert alpha.target == 4.0
    assert alpha.gap_to_target == pytest.approx(4 - 35 / 12)  # 1.08 below target


def test_an_area_where_every_answer_is_na_has_no_score_and_shows_a_dash(
    mini: Questionnaire,
) -> None:
    result = score_assessment(mini, three_roles())
    beta = result.area("beta")
    assert beta.score is None and beta.percent is None and beta.gap_to_target is None
    assert (beta.covered, beta.applicable) == (0, 0)
    assert beta.coverage_text == "based on 0 of 0 questions"
    assert fmt_score(beta.score) == DASH == "—"
    assert all(result.questions[q].all_na for q in ("beta.one", "beta.two"))


def test_overall_leaves_out_areas_without_a_score(mini: Questionnaire) -> None:
    result = score_assessment(mini, three_roles())
    # Beta has no score, so the overall is Alpha's alone, not dragged towards 0.
    assert result.overall == pytest.approx(35 / 12)
    assert result.stage is not None and result.stage.name == "Developing"
    assert result.respondent_count == 3
    assert result.roles[Role.LEADER] == result.roles[Role.FRONTLINE] == 1
    assert result.roles[Role.MANAGER] == 1 and result.roles[Role.OTHER] == 0


def test_spread_of_two_is_a_disagreement(mini: Questionnaire) -> None:
    result = score_assessment(mini, three_roles())
    assert result.questions["alpha.one"].spread == 2  # 4 − 2
    assert result.questions["alpha.two"].spread == 2  # 5 − 3
    assert result.questions["alpha.three"].spread == 0
    assert {q.question_id for q in result.disagreements} == {"alpha.one", "alpha.two"}


def test_role_gaps_per_question_and_per_area(mini: Questionnaire) -> None:
    result = score_assessment(mini, three_roles())
    one = result.questions["alpha.one"]
    assert (one.leader_mean, one.frontline_mean, one.role_gap) == (4.0, 2.0, 2.0)
    assert one.perception_gap
    assert result.questions["alpha.two"].role_gap == 0.0  # 3 − 3
    assert not result.questions["alpha.two"].perception_gap
    # Lee said "don't know" on alpha.three: no leader level, so no gap there.
    assert result.questions["alpha.three"].role_gap is None
    alpha = result.area("alpha")
    assert alpha.leader_score == pytest.approx(11 / 3)  # (2 × 4 + 3) / 3
    assert alpha.frontline_score == pytest.approx(9 / 4)  # (2 × 2 + 3 + 2) / 4
    assert alpha.role_gap == pytest.approx(17 / 12)  # 1.42
    assert alpha.perception_gap
    assert [q.question_id for q in result.perception_gaps] == ["alpha.one"]


def test_area_role_gap_matches_scoring_each_role_alone(mini: Questionnaire) -> None:
    people = three_roles()
    leaders = score_by_role(mini, people, [Role.LEADER])
    front = score_by_role(mini, people, {Role.FRONTLINE})
    assert leaders.respondent_count == front.respondent_count == 1
    alpha = score_assessment(mini, people).area("alpha")
    assert leaders.area("alpha").score == alpha.leader_score
    assert front.area("alpha").score == alpha.frontline_score


# --------------------------------------------------------------------------------------------
# Weights, coverage and the edges of each definition
# --------------------------------------------------------------------------------------------


def test_overall_is_weighted_by_area_weight() -> None:
    q = build_questionnaire({"a": [1.0], "b": [1.0, 1.0]}, area_weights={"a": 2.0, "b": 1.0})
    people = [person("P", Role.OTHER, {"a.q1": 3, "b.q1": 5, "b.q2": 2})]
    result = score_assessment(q, people)
    assert result.area("b").score == pytest.approx(3.5)
    assert result.overall == pytest.approx((2 * 3 + 1 * 3.5) / 3)  # 3.17


def test_heavier_questions_pull_harder() -> None:
    q = build_questionnaire({"a": [3.0, 1.0]})
    result = score_assessment(q, [person("P", Role.OTHER, {"a.q1": 5, "a.q2": 1})])
    assert result.area("a").score == pytest.approx((3 * 5 + 1 * 1) / 4)  # 4.0, not 3.0


def test_dont_know_is_not_covered_but_stays_in_the_denominator() -> None:
    q = build_questionnaire({"a": [1.0, 1.0, 1.0]})
    people = [
        person("P", Role.OTHER, {"a.q1": 4, "a.q2": "unknown", "a.q3": "na"}),
        person("Q", Role.OTHER, {"a.q1": 2, "a.q2": "unknown", "a.q3": "na"}),
    ]
    area = score_assessment(q, people).area("a")
    assert area.score == pytest.approx(3.0)
    assert area.coverage_text == "based on 1 of 2 questions"


def test_unanswered_questions_are_not_all_na() -> None:
    q = build_questionnaire({"a": [1.0, 1.0, 1.0]})
    # Nobody has answered yet: nothing is covered, and nothing leaves the denominator.
    empty = score_assessment(q, [])
    assert empty.area("a").coverage_text == "based on 0 of 3 questions"
    assert empty.overall is None and empty.stage is None and empty.percent is None
    # One N/A and one blank is not "every respondent marked N/A".
    people = [
        person("P", Role.OTHER, {"a.q1": "na", "a.q2": 3}),
        person("Q", Role.OTHER, {"a.q2": 3}),
    ]
    result = score_assessment(q, people)
    assert not result.questions["a.q1"].all_na
    assert result.questions["a.q1"].unanswered_count == 1
    assert result.area("a").coverage_text == "based on 1 of 3 questions"


def test_perception_gap_starts_at_exactly_one_level() -> None:
    q = build_questionnaire({"a": [1.0, 1.0]})
    people = [
        person("Boss", Role.LEADER, {"a.q1": 4, "a.q2": 4}),
        person("Desk", Role.FRONTLINE, {"a.q1": 3}),
        person("Desk2", Role.FRONTLINE, {"a.q1": 4, "a.q2": 4}),
    ]
    result = score_assessment(q, people)
    assert result.questions["a.q1"].role_gap == pytest.approx(0.5)  # 4 − 3.5
    assert not result.questions["a.q1"].perception_gap
    gapped = score_assessment(q, people[:2])
    assert gapped.questions["a.q1"].role_gap == 1.0
    assert gapped.questions["a.q1"].perception_gap


def test_managers_and_others_count_in_scores_but_not_in_role_gaps() -> None:
    q = build_questionnaire({"a": [1.0]})
    people = [
        person("M", Role.MANAGER, {"a.q1": 5}),
        person("O", Role.OTHER, {"a.q1": 1}),
    ]
    result = score_assessment(q, people)
    assert result.area("a").score == 3.0
    assert result.area("a").role_gap is None and result.questions["a.q1"].role_gap is None


def test_stage_is_the_band_holding_the_score() -> None:
    q = build_questionnaire({"a": [1.0]})
    for level, stage in ((1, "Starting"), (2, "Developing"), (4, "Leading"), (5, "Leading")):
        result = score_assessment(q, [person("P", Role.OTHER, {"a.q1": level})])
        assert result.stage is not None and result.stage.name == stage


def test_answers_to_questions_not_asked_are_ignored() -> None:
    q = build_questionnaire({"a": [1.0]})
    result = score_assessment(q, [person("P", Role.OTHER, {"a.q1": 2, "gone.q9": 5})])
    assert result.overall == 2.0
    assert set(result.questions) == {"a.q1"}


# --------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------


def test_targets_default_then_organisation_then_assessment() -> None:
    q = build_questionnaire({"a": [1.0], "b": [1.0], "c": [1.0]}, default_target=3.5)
    targets = resolve_targets(
        q,
        organisation_targets={"b": 4.5, "c": 4.5, "retired": 2.0},
        assessment_targets={"c": 3.0},
    )
    assert targets == {"a": 3.5, "b": 4.5, "c": 3.0}


def test_a_target_outside_one_to_five_is_refused_in_one_sentence() -> None:
    q = build_questionnaire({"a": [1.0]})
    with pytest.raises(ValidationProblem, match=r"^The target for A must be between 1\.0 and 5\.0"):
        resolve_targets(q, assessment_targets={"a": 6})


def test_score_assessment_uses_the_targets_given() -> None:
    q = build_questionnaire({"a": [1.0], "b": [1.0]})
    people = [person("P", Role.OTHER, {"a.q1": 4, "b.q1": 4})]
    result = score_assessment(q, people, {"a": 4.5})
    assert result.targets == {"a": 4.5, "b": 4.0}
    assert result.area("a").gap_to_target == pytest.approx(0.5)
    assert result.area("b").gap_to_target == 0.0


def test_overall_coverage_adds_up_the_areas() -> None:
    """The overall 'based on X of Y' is the areas' coverage added up, in the domain."""
    from pathlib import Path

    from cxaudit.domain.model import Respondent, Role, make_answer
    from cxaudit.domain.questionnaire import load_questionnaire
    from cxaudit.domain.scoring import score_assessment

    q = load_questionnaire(Path(__file__).parent.parent / "fixtures" / "mini.toml")
    answers = {
        "alpha.one": make_answer("alpha.one", 3),
        "alpha.two": make_answer("alpha.two", "na", na_reason="No such team"),
        "alpha.three": make_answer("alpha.three", "unknown"),
        "beta.one": make_answer("beta.one", 4),
    }
    result = score_assessment(q, [Respondent(name="Ana", role=Role.LEADER, answers=answers)])
    # alpha: 1 scored of 2 applicable (alpha.two is N/A for everyone); beta: 1 scored of 2.
    assert (result.covered, result.applicable) == (2, 4)
    assert result.coverage_text == "based on 2 of 4 questions"


def test_a_question_exactly_at_target_counts_as_on_target_not_as_a_gap() -> None:
    """4.0 against a 4.0 target is a strength, even after floating-point noise."""
    from cxaudit.domain.results import QuestionStanding

    noisy = QuestionStanding("a.q", "a", score=4.0 - 1e-12, target=4.0, gap=1e-12)
    below = QuestionStanding("a.r", "a", score=3.9, target=4.0, gap=0.1)
    assert noisy.on_target
    assert not below.on_target
