"""The questionnaire: the shipped content, and every way a questionnaire file can be wrong.

The shipped file is the product's heart, so its shape (four areas, twelve questions each, cited
sources, contiguous stages) and its originality (no run of eight words taken from the articles it
draws on) are checked here. Each failure mode of a hand-written file has a test asserting the
message a consultant would read: the file, the path of the field and what is wrong.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cxaudit.domain.questionnaire import (
    ACTION_COUNT,
    AREA_IDS_BUILTIN,
    LEVEL_COUNT,
    Questionnaire,
    load_questionnaire,
    parse_questionnaire,
)
from cxaudit.errors import NotFoundError, QuestionnaireError

REPO_ROOT = Path(__file__).resolve().parents[2]
BUILTIN_PATH = REPO_ROOT / "questionnaires" / "cx-maturity.toml"
SOURCES_DIR = REPO_ROOT.parent / "shared" / "sources"
MINI_PATH = REPO_ROOT / "tests" / "fixtures" / "mini.toml"
DOCS_PATH = REPO_ROOT / "docs" / "questionnaire.md"

S0 = "000_b2aebc1d9f0e3e1c.txt"  # clear standards, coaching and supportive checking
S1 = "001_0a705fe92fb1760f.txt"  # leaders answer for the experience
S2 = "002_b480b859e9ae7366.txt"  # habits through which leaders undermine the experience
S3 = "003_ebb3f74988198ff5.txt"  # employees: hiring, roles, training, authority, reward
S4 = "004_094c2801dd3fc044.txt"  # processes, skills and culture beneath each interaction


@pytest.fixture(scope="module")
def builtin() -> Questionnaire:
    """The shipped questionnaire, loaded once for the content tests."""
    return load_questionnaire(BUILTIN_PATH)


@pytest.fixture(scope="module")
def builtin_data() -> dict[str, Any]:
    """The shipped questionnaire as raw TOML data, so every text field can be inspected."""
    return tomllib.loads(BUILTIN_PATH.read_text(encoding="utf-8"))


def _mini_text() -> str:
    return MINI_PATH.read_text(encoding="utf-8")


def _replace(text: str, old: str, new: str) -> str:
    """Replace `old` once, failing loudly if the fixture no longer contains it."""
    assert text.count(old) == 1, f"fixture text not found exactly once: {old!r}"
    return text.replace(old, new)


def _problems(text: str, origin: str = "bad.toml") -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text, origin)
    return caught.value.problems


# --------------------------------------------------------------------------------------------
# The shipped questionnaire: shape
# --------------------------------------------------------------------------------------------


def test_the_shipped_file_validates(builtin: Questionnaire) -> None:
    assert builtin.id == "cx-maturity"
    assert builtin.version
    assert builtin.title


def test_four_areas_with_the_exact_ids(builtin: Questionnaire) -> None:
    assert tuple(area.id for area in builtin.areas) == AREA_IDS_BUILTIN
    for area in builtin.areas:
        assert area.title and area.description
        assert area.weight > 0


def test_twelve_questions_in_every_area(builtin: Questionnaire) -> None:
    assert {area.id: len(area.questions) for area in builtin.areas} == {
        "leadership": 12,
        "process": 12,
        "skills": 12,
        "culture": 12,
    }


def test_question_ids_are_area_dot_slug(builtin: Questionnaire) -> None:
    for area in builtin.areas:
        for question in area.questions:
            assert re.fullmatch(rf"{area.id}\.[a-z][a-z0-9_]*", question.id), question.id


def test_every_question_is_complete(builtin: Questionnaire) -> None:
    for question in builtin.questions:
        assert question.prompt.endswith("?"), f"{question.id}: the prompt is not a question"
        assert 1 <= question.why.count(".") <= 2, f"{question.id}: why should be 1-2 sentences"
        assert len(question.levels) == LEVEL_COUNT
        assert len(set(question.levels)) == LEVEL_COUNT, f"{question.id}: repeated level text"
        assert len(question.actions) == ACTION_COUNT
        assert len(set(question.actions)) == ACTION_COUNT, f"{question.id}: repeated action"


def test_levels_describe_practice_not_agreement(builtin: Questionnaire) -> None:
    likert = re.compile(r"\b(strongly|(dis)?agree|neutral)\b", re.IGNORECASE)
    for question in builtin.questions:
        for level in question.levels:
            assert not likert.search(level), f"{question.id}: {level}"


def test_actions_are_ownable_steps_not_vague_wishes(builtin: Questionnaire) -> None:
    for question in builtin.questions:
        for action in question.actions:
            first = action.split()[0]
            assert first[0].isupper(), f"{question.id}: '{action}' should start with a verb"
            assert first.lower() not in {"improve", "better", "try", "consider", "more"}, action
            assert len(action.split()) >= 8, f"{question.id}: '{action}' is too thin to own"


def test_weights_are_default_with_a_few_pivotal_questions(builtin: Questionnaire) -> None:
    weights = [question.weight for question in builtin.questions]
    assert set(weights) <= {1.0, 1.5, 2.0}
    pivotal = [w for w in weights if w > 1.0]
    assert 0 < len(pivotal) <= len(weights) // 4


def test_every_question_cites_a_known_source(builtin: Questionnaire) -> None:
    known = {source.file for source in builtin.sources}
    assert known == {S0, S1, S2, S3, S4}
    for question in builtin.questions:
        assert question.sources, question.id
        assert set(question.sources) <= known, question.id


def test_every_source_is_cited_by_some_question(builtin: Questionnaire) -> None:
    cited = {file for question in builtin.questions for file in question.sources}
    assert cited == {source.file for source in builtin.sources}


def test_stages_are_five_contiguous_bands_from_1_to_5(builtin: Questionnaire) -> None:
    stages = builtin.stages
    assert len(stages) == 5
    assert len({stage.name for stage in stages}) == 5
    assert stages[0].min == 1.0
    assert stages[-1].max == 5.0
    for lower, upper in zip(stages, stages[1:], strict=False):
        assert lower.max == upper.min
    assert builtin.stage_for(1.0) is stages[0]
    assert builtin.stage_for(stages[1].min) is stages[1]
    assert builtin.stage_for(5.0) is stages[-1]
    assert builtin.stage_for(None) is None


def test_guidance_covers_the_answering_rules(builtin: Questionnaire) -> None:
    text = " ".join((builtin.guidance.intro, *builtin.guidance.points)).lower()
    assert "today" in text  # how work happens now, not plans
    assert "plans" in text
    assert "part of the organisation you know" in text
    assert "n/a" in text and "why" in text
    assert "don't know" in text and "action" in text


# --------------------------------------------------------------------------------------------
# The shipped questionnaire: originality and coverage of the sources
# --------------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    """Lower-case words only; apostrophes are dropped so that "don't" and "don’t" match."""
    return re.findall(r"[a-z0-9]+", re.sub(r"['’‘]", "", text.lower()))


def _text_fields(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _text_fields(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _text_fields(item, f"{path}[{index}]")


def _source_windows(size: int) -> dict[tuple[str, ...], str]:
    if not SOURCES_DIR.is_dir():
        pytest.skip(f"the source articles are not available at {SOURCES_DIR}")
    windows: dict[tuple[str, ...], str] = {}
    for article in sorted(SOURCES_DIR.glob("*.txt")):
        words = _words(article.read_text(encoding="utf-8"))
        for start in range(len(words) - size + 1):
            windows.setdefault(tuple(words[start : start + size]), article.name)
    if not windows:
        pytest.skip(f"no source articles found in {SOURCES_DIR}")
    return windows


def test_no_run_of_eight_words_is_copied_from_the_sources(builtin_data: dict[str, Any]) -> None:
    size = 8
    windows = _source_windows(size)
    copied: list[str] = []
    for path, text in _text_fields(builtin_data):
        words = _words(text)
        for start in range(len(words) - size + 1):
            run = tuple(words[start : start + size])
            if run in windows:
                copied.append(f"{path}: '{' '.join(run)}' appears in {windows[run]}")
    assert copied == []


# Every theme of the five articles, mapped to the questions that cover it. A question listed
# here must exist and must cite the article the theme comes from.
THEMES: dict[str, tuple[str, tuple[str, ...]]] = {
    # 000: good intentions need clarity, coaching and checking
    "service expectations defined so they can be taught, observed and coached": (
        S0,
        ("process.service_standards",),
    ),
    "checking results instead of assuming assigned work was done well": (
        S0,
        ("leadership.checking_quality",),
    ),
    "managers observe and coach rather than set expectations and leave": (
        S0,
        ("leadership.coaching",),
    ),
    "correction that supports and develops rather than disciplines": (
        S0,
        ("culture.supportive_correction",),
    ),
    "judging service by outcomes: problem solved, customer felt valued": (
        S0,
        ("skills.resolving_and_connecting", "process.balanced_measures"),
    ),
    "giving people the tools and support to turn effort into results": (
        S0,
        ("leadership.resources", "skills.empowerment"),
    ),
    # 001: leaders answer for the experience
    "leaders engaged in daily operations": (S1, ("leadership.daily_operations",)),
    "leaders in touch with and open to the front line": (S1, ("leadership.frontline_input",)),
    "leaders provide operational resources: technology and better processes": (
        S1,
        ("leadership.resources",),
    ),
    "leaders serve customers, read surveys and contact unhappy customers": (
        S1,
        ("leadership.meeting_customers", "leadership.unhappy_customers"),
    ),
    "positive motivation: celebrating fewer complaints, ideas and compliments": (
        S1,
        ("culture.recognition", "culture.sharing_praise"),
    ),
    "teamwork, internal customers and cross-functional communication": (
        S1,
        ("culture.teamwork", "process.handoffs"),
    ),
    "leaders set the example and can explain what the offering does": (
        S1,
        ("leadership.role_model", "skills.purpose_and_offer"),
    ),
    # 002: habits that undermine the experience
    "leaders meeting customers directly, including ones they did not pick": (
        S2,
        ("leadership.meeting_customers",),
    ),
    "leaders listening to real contacts and recordings": (
        S2,
        ("leadership.listening_to_contacts",),
    ),
    "surveys and analytics are only part of the story": (S2, ("process.voice_of_customer",)),
    "competing against your own goals rather than rivals": (S2, ("leadership.own_goals",)),
    "a clear customer experience aim, success definition and progress measure": (
        S2,
        ("leadership.cx_direction",),
    ),
    "engaging loyal, enthusiastic customers and answering their feedback": (
        S2,
        ("process.loyal_customers", "leadership.unhappy_customers"),
    ),
    "measures used to punish breed gaming, half-truths and poor behaviour": (
        S2,
        ("culture.honest_reporting", "process.balanced_measures"),
    ),
    "combining operational and experience data, and helping staff understand it": (
        S2,
        ("process.balanced_measures", "skills.understanding_measures"),
    ),
    "highlighting people who got it right; poor results as coaching": (
        S2,
        ("culture.recognition", "culture.supportive_correction"),
    ),
    "passing customer praise to the teams who earned it, beyond the front line": (
        S2,
        ("culture.sharing_praise",),
    ),
    "knowing what you are: a shared promise and values, not only what you are not": (
        S2,
        ("culture.shared_promise", "culture.living_values"),
    ),
    "staff connecting with what the offering does for customers": (
        S2,
        ("skills.purpose_and_offer",),
    ),
    "balancing profit and efficiency with what customers expect": (
        S2,
        ("leadership.balancing_goals",),
    ),
    "contact categories that hide recurring issues": (
        S2,
        ("leadership.listening_to_contacts", "process.root_causes"),
    ),
    # 003: employees and the experience
    "employee engagement and satisfaction": (S3, ("culture.engagement",)),
    "hiring for fit with the brand and its values": (S3, ("skills.hiring_for_fit",)),
    "immersing new starters in the culture and service philosophy": (S3, ("skills.onboarding",)),
    "job descriptions that make people accountable for customers and feedback": (
        S3,
        ("skills.role_accountability",),
    ),
    "training on the most common issues": (S3, ("skills.common_issues_training",)),
    "real-time information about the customer's situation": (
        S3,
        ("process.customer_information",),
    ),
    "freedom to tailor solutions and break rules when right": (S3, ("skills.empowerment",)),
    "frequent informal conversations that reinforce training": (
        S3,
        ("skills.reinforcing_learning",),
    ),
    "open communication and channels for employee input": (S3, ("culture.employee_voice",)),
    "collecting and sharing customer stories; feeding results back to staff": (
        S3,
        ("culture.customer_stories",),
    ),
    "service is every employee's job and executives put it first": (
        S3,
        ("culture.everyone_serves", "leadership.role_model", "leadership.balancing_goals"),
    ),
    "supervisors coach and explain how customer feedback is used": (
        S3,
        ("leadership.coaching", "skills.understanding_measures"),
    ),
    "recognition and formal rewards tied to customer measures": (
        S3,
        ("culture.recognition", "culture.rewards"),
    ),
    "first-contact resolution, emotional connection and preventing needless contacts": (
        S3,
        ("skills.resolving_and_connecting", "process.root_causes"),
    ),
    "staff capture what customers say for the listening process": (
        S3,
        ("process.voice_of_customer", "skills.role_accountability"),
    ),
    # 004: the foundations beneath each interaction
    "knowing the dissatisfied, the drop-outs and where the journey failed": (
        S4,
        ("process.drop_off",),
    ),
    "processes designed along the journey from the customer's point of view": (
        S4,
        ("process.journey_design",),
    ),
    "removing interactions that add no value": (S4, ("process.removing_waste",)),
    "processes that change with channels, customer types and pain points": (
        S4,
        ("process.keeping_current",),
    ),
    "repeated unaddressed complaints reveal a failing system": (
        S4,
        ("process.root_causes", "process.complaints_and_escalation"),
    ),
    "broken hand-offs and escalations along a process": (
        S4,
        ("process.handoffs", "process.complaints_and_escalation"),
    ),
    "recruiting for patience, listening, empathy, positive language, adaptability": (
        S4,
        ("skills.service_skills_hiring",),
    ),
    "development after hiring, aligned with strategy": (S4, ("skills.ongoing_development",)),
    "growing the next level of leadership": (S4, ("skills.future_leaders",)),
    "listening to employees as carefully as to customers": (S4, ("culture.employee_voice",)),
    "living the values, hiring for them, rethinking stale ones": (
        S4,
        ("culture.living_values", "skills.hiring_for_fit"),
    ),
    "engaged employees make for satisfied customers": (S4, ("culture.engagement",)),
}


def test_every_theme_of_the_sources_is_covered(builtin: Questionnaire) -> None:
    for theme, (source, question_ids) in THEMES.items():
        assert question_ids, theme
        for question_id in question_ids:
            assert builtin.has_question(question_id), f"{theme}: no question {question_id}"
            cited = builtin.question(question_id).sources
            assert source in cited, f"{theme}: {question_id} does not cite {source}"


def test_every_question_is_grounded_in_a_theme(builtin: Questionnaire) -> None:
    mapped = {qid for _, ids in THEMES.values() for qid in ids}
    assert {q.id for q in builtin.questions} - mapped == set()


def test_every_source_contributes_themes() -> None:
    per_source = {source for source, _ in THEMES.values()}
    assert per_source == {S0, S1, S2, S3, S4}


# --------------------------------------------------------------------------------------------
# Failure modes: each names the file, the field path and what is wrong
# --------------------------------------------------------------------------------------------


def test_toml_syntax_error_names_file_line_and_column() -> None:
    text = _replace(_mini_text(), 'version = "1.0"', 'version "1.0"')
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text, "bad.toml")
    message = caught.value.message
    assert message.startswith("bad.toml is not valid TOML")
    assert "line 3, column 9" in message


def test_duplicate_question_id() -> None:
    text = _replace(_mini_text(), 'id = "beta.two"', 'id = "beta.one"')
    assert _problems(text) == [
        "bad.toml: areas[1].questions[1].id: duplicate question id 'beta.one' "
        "(also at areas[1].questions[0])"
    ]


def test_duplicate_area_id() -> None:
    text = _replace(_mini_text(), 'id = "beta"', 'id = "alpha"')
    problems = _problems(text)
    assert "bad.toml: areas[1].id: duplicate area id 'alpha' (also at areas[0])" in problems


def test_duplicate_source_file_and_stage_name() -> None:
    text = _replace(_mini_text(), 'file = "b.txt"', 'file = "a.txt"')
    text = _replace(text, 'name = "Developing"', 'name = "Starting"')
    problems = _problems(text)
    assert "bad.toml: sources[1].file: duplicate source file 'a.txt' (also at sources[0])" in (
        problems
    )
    assert "bad.toml: stages[1].name: duplicate stage name 'Starting' (also at stages[0])" in (
        problems
    )


def test_question_id_must_belong_to_its_area() -> None:
    text = _replace(_mini_text(), 'id = "beta.two"', 'id = "alpha.four"')
    assert _problems(text) == [
        "bad.toml: areas[1].questions[1].id: question id 'alpha.four' must start with its "
        "area id 'beta.'"
    ]


def test_question_id_needs_a_slug() -> None:
    text = _replace(_mini_text(), 'id = "beta.two"', 'id = "beta."')
    problems = _problems(text)
    assert len(problems) == 1
    assert problems[0].startswith("bad.toml: areas[1].questions[1].id: question id 'beta.'")
    assert "must look like 'beta.slug'" in problems[0]


def test_wrong_number_of_levels() -> None:
    text = _replace(_mini_text(), '"A2 level 4", "A2 level 5"', '"A2 level 4"')
    assert _problems(text) == [
        "bad.toml: areas[0].questions[1].levels: expected 5 level descriptions, found 4"
    ]


def test_empty_level_description() -> None:
    text = _replace(_mini_text(), '"A2 level 4"', '"  "')
    assert _problems(text) == [
        "bad.toml: areas[0].questions[1].levels[3]: level description is empty"
    ]


def test_missing_actions() -> None:
    text = _replace(
        _mini_text(), 'actions = ["B2 from 1", "B2 from 2", "B2 from 3", "B2 from 4"]\n', ""
    )
    assert _problems(text) == ["bad.toml: areas[1].questions[1].actions: is missing"]


def test_too_few_actions_and_an_empty_action() -> None:
    text = _replace(_mini_text(), '"B2 from 3", "B2 from 4"', '"B2 from 3"')
    text = _replace(text, '"A1 from 2"', '""')
    assert _problems(text) == [
        "bad.toml: areas[0].questions[0].actions[1]: action is empty",
        "bad.toml: areas[1].questions[1].actions: expected 4 actions (one for each current "
        "level 1 to 4), found 3",
    ]


def test_unknown_source_file() -> None:
    text = _replace(
        _mini_text(), 'sources = ["b.txt"]\nlevels = ["A3', 'sources = ["c.txt"]\nlevels = ["A3'
    )
    assert _problems(text) == [
        "bad.toml: areas[0].questions[2].sources[0]: unknown source file 'c.txt'"
    ]


@pytest.mark.parametrize("bad_weight", ["0", "-1.5"])
def test_weight_must_be_positive(bad_weight: str) -> None:
    text = _replace(_mini_text(), "weight = 2.0\nsources", f"weight = {bad_weight}\nsources")
    text = _replace(
        text, 'description = "The second area."\nweight = 1.0', 'description = "x"\nweight = 0'
    )
    number = bad_weight if "." in bad_weight else "0"
    assert _problems(text) == [
        f"bad.toml: areas[0].questions[0].weight: weight must be greater than 0, got {number}",
        "bad.toml: areas[1].weight: weight must be greater than 0, got 0",
    ]


def test_overlapping_stage_bands() -> None:
    text = _replace(_mini_text(), "min = 2.0\nmax = 3.0", "min = 1.5\nmax = 3.0")
    assert _problems(text) == ["bad.toml: stages[1].min: band overlaps stages[0] (1.5 < 2.0)"]


def test_gap_between_stage_bands() -> None:
    text = _replace(_mini_text(), "min = 3.0\nmax = 4.0", "min = 3.2\nmax = 4.0")
    assert _problems(text) == [
        "bad.toml: stages[2].min: gap between stages[1] and this stage (3.0 to 3.2)"
    ]


def test_stages_must_span_1_to_5() -> None:
    text = _replace(_mini_text(), "min = 1.0\nmax = 2.0", "min = 1.2\nmax = 2.0")
    text = _replace(text, "min = 4.0\nmax = 5.0", "min = 4.0\nmax = 4.8")
    assert _problems(text) == [
        "bad.toml: stages[0].min: the lowest stage must start at 1.0, not 1.2",
        "bad.toml: stages[3].max: the highest stage must end at 5.0, not 4.8",
    ]


def test_missing_fields() -> None:
    text = _replace(_mini_text(), 'why = "It matters too."\n', "")
    text = _replace(text, 'title = "Beta"\n', "")
    text = _replace(text, 'title = "Mini questionnaire"\n', "")
    assert _problems(text) == [
        "bad.toml: title: is missing",
        "bad.toml: areas[0].questions[1].why: is missing",
        "bad.toml: areas[1].title: is missing",
    ]


def test_unknown_field_is_reported() -> None:
    text = _replace(_mini_text(), 'why = "Beta matters."', 'why = "Beta matters."\nhelp = "x"')
    assert _problems(text) == ["bad.toml: areas[1].questions[0].help: is not a known field"]


def test_every_problem_is_reported_at_once() -> None:
    text = _mini_text()
    text = _replace(text, 'id = "beta.two"', 'id = "beta.one"')
    text = _replace(text, '"A2 level 4", "A2 level 5"', '"A2 level 4"')
    text = _replace(text, 'actions = ["B1 from 1", "B1 from 2", "B1 from 3", "B1 from 4"]\n', "")
    text = _replace(
        text, 'sources = ["b.txt"]\nlevels = ["A3', 'sources = ["zz.txt"]\nlevels = ["A3'
    )
    text = _replace(text, "weight = 2.0\nsources", "weight = 0\nsources")
    text = _replace(text, "min = 2.0\nmax = 3.0", "min = 1.5\nmax = 3.0")
    text = _replace(text, "min = 3.0\nmax = 4.0", "min = 3.5\nmax = 4.0")
    text = _replace(text, 'why = "Also matters."\n', "")
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text, "bad.toml")
    problems = caught.value.problems
    assert caught.value.message == f"bad.toml has {len(problems)} problems."
    expected_paths = [
        "areas[1].questions[1].id",
        "areas[0].questions[1].levels",
        "areas[1].questions[0].actions",
        "areas[0].questions[2].sources[0]",
        "areas[0].questions[0].weight",
        "stages[1].min",
        "stages[2].min",
        "areas[0].questions[2].why",
    ]
    for path in expected_paths:
        assert any(line.startswith(f"bad.toml: {path}: ") for line in problems), path
    assert len(problems) == len(expected_paths)


def test_a_loaded_file_is_named_by_its_path(tmp_path: Path) -> None:
    bad = tmp_path / "custom.toml"
    bad.write_text(_replace(_mini_text(), '"A2 level 4", "A2 level 5"', '"A2 level 4"'))
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(bad)
    assert caught.value.problems == [
        f"{bad}: areas[0].questions[1].levels: expected 5 level descriptions, found 4"
    ]


def test_a_missing_file_is_one_clear_sentence(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(QuestionnaireError) as caught:
        load_questionnaire(missing)
    assert caught.value.message == f"Questionnaire file {missing} does not exist."


# --------------------------------------------------------------------------------------------
# Identity: the content hash, and looking things up
# --------------------------------------------------------------------------------------------


def test_content_hash_is_stable_across_loads() -> None:
    first = load_questionnaire(BUILTIN_PATH).content_hash
    second = load_questionnaire(BUILTIN_PATH).content_hash
    assert first == second
    assert re.fullmatch(r"[0-9a-f]{64}", first)


def test_content_hash_ignores_comments_and_layout() -> None:
    text = _mini_text()
    reformatted = "# a new comment\n\n" + text.replace('id = "mini"', 'id   =   "mini"')
    assert parse_questionnaire(text).content_hash == parse_questionnaire(reformatted).content_hash


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"A2 level 3"', '"A2 level three"'),
        ('"B1 from 4"', '"B1 from four"'),
        ('prompt = "Beta one?"', 'prompt = "Beta one, really?"'),
        ('why = "It matters."', 'why = "It matters a lot."'),
        ('points = ["Rate what you see, not what is planned."]', 'points = ["Rate what you see."]'),
        ('description = "Little is in place."', 'description = "Almost nothing is in place."'),
        ('title = "Article B"', 'title = "Article Bee"'),
        ('version = "1.0"', 'version = "1.1"'),
        ("weight = 2.0\nsources", "weight = 1.5\nsources"),
    ],
)
def test_content_hash_changes_when_any_content_changes(old: str, new: str) -> None:
    text = _mini_text()
    assert (
        parse_questionnaire(text).content_hash
        != parse_questionnaire(_replace(text, old, new)).content_hash
    )


def test_questions_can_be_looked_up(builtin: Questionnaire) -> None:
    question = builtin.question("process.service_standards")
    assert question.area_id == "process"
    assert question.descriptor(1) == question.levels[0]
    assert question.action_for(4) == question.actions[3]
    assert builtin.area("culture").title == "Culture"
    with pytest.raises(NotFoundError, match="'process.nothing'"):
        builtin.question("process.nothing")


def test_the_example_in_the_docs_is_a_valid_questionnaire() -> None:
    docs = DOCS_PATH.read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", docs, flags=re.DOTALL)
    assert blocks, "docs/questionnaire.md has no TOML example"
    example = parse_questionnaire(blocks[0], "docs example")
    assert example.id == "service-desk-check"
    assert len(example.questions[0].levels) == LEVEL_COUNT
    assert len(example.questions[0].actions) == ACTION_COUNT
