"""The SQL behind Home's lists counts what the domain counts.

Home lists the portfolio and the drafts with one query each (the repository's selects, and the
same SQL in `glance` before SQLAlchemy has loaded), so those numbers are counted in SQL; the
rules behind them live in `cxaudit.domain`: an answer is done when it is settled
(`progress`), an audit is overdue after its due day (`schedule`), a trend is the direction of
the last two completed scores (`direction`). Each test loads the same data as domain objects,
applies the domain's rules, and checks the lists say the same: on the demo data and on
generated rounds full of carried-forward answers, on SQLite and (with `CXAUDIT_TEST_PG_URL`)
on PostgreSQL.

Only questions that apply to an assessment's profile are asked, so only they count (the
domain's `progress.progress_in`): the demo's bank without a contact centre gets a draft, and
generated rounds run on a questionnaire with profile flags, under generated profiles, with
answers stored for questions that do not apply (as old data may hold) that must count for
nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from cxaudit.domain import scoring
from cxaudit.domain.direction import score_direction
from cxaudit.domain.model import AssessmentStatus, Role, make_answer
from cxaudit.domain.progress import not_asked_in, progress_in
from cxaudit.domain.questionnaire import Questionnaire, parse_questionnaire
from cxaudit.domain.schedule import is_overdue
from cxaudit.services import Workspace
from cxaudit.services.demo import load_demo
from cxaudit.storage import (
    Database,
    add_respondent,
    assessment_questionnaire,
    clear_answer,
    complete_assessment,
    create_organisation,
    get_organisation,
    list_drafts,
    load_assessment,
    organisation_history,
    portfolio_lines,
    save_answer,
    start_assessment,
)
from cxaudit.storage.glance import glance
from cxaudit.storage.repository import latest_questionnaire
from cxaudit.storage.rows import DraftSummary, PortfolioLine

TODAY = date(2026, 11, 23)

ROUNDS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

_names = itertools.count(1)


def _unique(prefix: str) -> str:
    """A name no earlier example in the same database has used."""
    return f"{prefix} {next(_names)}"


# --------------------------------------------------------------------------------------------
# What the domain says, from the same data loaded as domain objects
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counted:
    """A draft's respondents, settled answers and questions asked, by the domain's rule."""

    respondents: int
    settled: int
    total: int


def _domain_count(session: Session, assessment_id: int) -> Counted:
    assessment = load_assessment(session, assessment_id=assessment_id)
    questionnaire = assessment_questionnaire(session, assessment_id=assessment_id)
    each = [
        progress_in(r.answers, questionnaire, assessment.profile) for r in assessment.respondents
    ]
    return Counted(len(each), sum(p.settled for p in each), sum(p.total for p in each))


def _sql_count(draft: DraftSummary) -> Counted:
    return Counted(draft.respondents, draft.answered, draft.total)


def _check_lists(
    session: Session,
    drafts: Iterable[DraftSummary],
    lines: Iterable[PortfolioLine],
    *,
    today: date,
    only: set[int] | None,
) -> None:
    for draft in drafts:
        if only is None or draft.organisation_id in only:
            assert _sql_count(draft) == _domain_count(session, draft.assessment_id), draft
    for line in lines:
        if only is None or line.organisation_id in only:
            _check_line(session, line, today)


def _check_line(session: Session, line: PortfolioLine, today: date) -> None:
    organisation = get_organisation(session, ref=str(line.organisation_id))
    assert line.next_due == organisation.next_due
    assert line.overdue == is_overdue(organisation.next_due, today), line
    everything = organisation_history(
        session, organisation_id=line.organisation_id, include_drafts=True
    )
    completed = [(q, a) for q, a in everything if a.status == AssessmentStatus.COMPLETE]
    scores = [scoring.score_stored(q, a).overall for q, a in completed[-2:]]
    latest = scores[-1] if scores else None
    previous = scores[-2] if len(scores) == 2 else None
    assert line.latest_period == (completed[-1][1].period if completed else None)
    assert line.latest_overall == pytest.approx(latest)
    assert line.trend == score_direction(previous, latest), line
    assert line.assessment_count == len(everything)
    assert line.draft_count == len(everything) - len(completed)


def _check_all(db: Database, today: date, *, only: set[int] | None = None) -> None:
    """Both lists, read every way Home reads them, against the domain's rules.

    `only`: the organisations to check (by id); the others in the database were checked by
    earlier examples.
    """
    with db.session() as session:
        for standalone in [False, True] if db.dialect == "sqlite" else [False]:
            drafts = list_drafts(session, standalone=standalone)
            lines = portfolio_lines(session, today=today, standalone=standalone)
            _check_lists(session, drafts, lines, today=today, only=only)
    if db.dialect != "sqlite":
        return
    # The first look reads the file on its own; it needs the write-ahead log checkpointed.
    db.dispose()
    seen = glance(db.url, today=today)
    assert seen is not None
    with db.session() as session:
        _check_lists(session, seen.drafts, seen.organisations, today=today, only=only)


# --------------------------------------------------------------------------------------------
# The demo data
# --------------------------------------------------------------------------------------------


def _upland_draft(db: Database) -> int:
    """A draft for the demo's bank without a contact centre: one answer settled, one to a
    question that does not apply (stored as old data may hold it), one carried forward."""
    with db.session() as session:
        upland = get_organisation(session, ref="Upland Savings Bank")
        assert upland.id is not None and upland.profile == {"has_contact_centre": False}
        questionnaire = latest_questionnaire(session, organisation_id=upland.id)
        assert questionnaire is not None
        draft = start_assessment(
            session,
            organisation_id=upland.id,
            period="2027-Q1",
            questionnaire=questionnaire,
            carry_forward=True,
        )
        assert draft.id is not None and draft.profile["has_contact_centre"] is False
        skipped = sorted(not_asked_in(questionnaire, draft.profile))
        asked = [q.id for q in questionnaire.questions if q.id not in skipped]
        assert skipped, "the contact-centre questions do not apply to Upland"
        person = add_respondent(
            session,
            assessment_id=draft.id,
            name="Eli Stone",
            role=Role.LEADER,
            prefill_from_latest=True,
        )
        assert person.id is not None
        for question_id in (skipped[0], asked[0]):
            save_answer(session, respondent_id=person.id, answer=make_answer(question_id, 3))
        return draft.id


def test_demo_lists_count_what_the_domain_counts(db: Database) -> None:
    load_demo(Workspace(db), today=TODAY)
    upland = _upland_draft(db)
    with db.session() as session:
        drafts = list_drafts(session)
        carried = [
            answer
            for draft in drafts
            for person in load_assessment(session, assessment_id=draft.assessment_id).respondents
            for answer in person.answers.values()
            if answer.needs_reconfirm
        ]
        lines = portfolio_lines(session, today=TODAY)
    assert drafts and carried, "the demo has a draft with carried answers still to confirm"
    assert any(line.overdue for line in lines) and not all(line.overdue for line in lines)
    with db.session() as session:
        questionnaire = assessment_questionnaire(session, assessment_id=upland)
        profile = load_assessment(session, assessment_id=upland).profile
    skipped = not_asked_in(questionnaire, profile)
    (listed,) = [draft for draft in drafts if draft.assessment_id == upland]
    # One respondent: every question asked but those that do not apply, and of their answers
    # only the one given to a question asked is settled (the carried ones await confirmation).
    assert listed.respondents == 1
    assert listed.total == len(questionnaire.questions) - len(skipped)
    assert listed.answered == 1
    _check_all(db, TODAY)
    # Either side of each due day: overdue starts the day after it, in SQL as in the domain.
    for due in sorted({line.next_due for line in lines if line.next_due is not None}):
        for days in (0, 1):
            _check_all(db, due + timedelta(days=days))


# --------------------------------------------------------------------------------------------
# Generated rounds: earlier answers carried forward, then some confirmed, changed or cleared
# --------------------------------------------------------------------------------------------

VALUES: st.SearchStrategy[int | str] = st.sampled_from([1, 2, 3, 4, 5, "unknown"])
POSITIONS = st.integers(0, 4)
"""A question by its position in the mini questionnaire (five questions)."""


@dataclass(frozen=True)
class Person:
    """Someone answering: in the earlier round their answers, in the later one what they do."""

    name: str
    role: Role
    prefill: bool
    steps: tuple[tuple[int, int | str | None], ...]
    """Save a value at a question position, or clear it (None)."""


def _people(*, later: bool) -> st.SearchStrategy[list[Person]]:
    """The respondents of one round, names unique ignoring case (as the repository requires)."""
    person = st.builds(
        Person,
        name=st.sampled_from(["Ada", "ada", " Bo ", "Cy", "Dee"]),
        role=st.sampled_from(list(Role)),
        prefill=st.booleans() if later else st.just(False),
        steps=st.lists(
            st.tuples(POSITIONS, st.one_of(st.none(), VALUES) if later else VALUES), max_size=6
        ).map(tuple),
    )
    return st.lists(
        person, min_size=int(later), max_size=3, unique_by=lambda p: p.name.strip().lower()
    )


def _answer_round(
    session: Session, mini: Questionnaire, assessment_id: int, people: list[Person]
) -> None:
    ids = [q.id for q in mini.questions]
    for person in people:
        added = add_respondent(
            session,
            assessment_id=assessment_id,
            name=person.name,
            role=person.role,
            prefill_from_latest=person.prefill,
        )
        assert added.id is not None
        for position, value in person.steps:
            if value is None:
                clear_answer(session, respondent_id=added.id, question_id=ids[position])
            else:
                answer = make_answer(ids[position], value)
                save_answer(session, respondent_id=added.id, answer=answer)


@ROUNDS
@given(earlier=_people(later=False), later=_people(later=True), empty_draft=st.booleans())
def test_draft_counts_agree_with_the_domain_whatever_was_carried(
    db: Database,
    mini: Questionnaire,
    earlier: list[Person],
    later: list[Person],
    empty_draft: bool,
) -> None:
    with db.session() as session:
        org = create_organisation(session, name=_unique("Org"))
        assert org.id is not None
        first = start_assessment(
            session, organisation_id=org.id, period="2026-Q1", questionnaire=mini
        )
        assert first.id is not None
        _answer_round(session, mini, first.id, earlier)
        if any(person.steps for person in earlier):
            complete_assessment(session, assessment_id=first.id)
        draft = start_assessment(
            session,
            organisation_id=org.id,
            period="2026-Q2",
            questionnaire=mini,
            carry_forward=True,
        )
        assert draft.id is not None
        _answer_round(session, mini, draft.id, later)
        mine = {org.id}
        if empty_draft:
            # An organisation whose only assessment is a draft nobody has answered yet.
            other = create_organisation(session, name=_unique("Empty"))
            assert other.id is not None
            start_assessment(
                session, organisation_id=other.id, period="2026-Q2", questionnaire=mini
            )
            mine.add(other.id)
        listed = [d.assessment_id for d in list_drafts(session)]
    assert draft.id in listed
    _check_all(db, TODAY, only=mine)


# --------------------------------------------------------------------------------------------
# Generated due dates: overdue exactly when the domain says so
# --------------------------------------------------------------------------------------------


@ROUNDS
@given(
    offsets=st.lists(st.one_of(st.none(), st.integers(-3, 3)), min_size=1, max_size=4),
    today=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
)
def test_overdue_flags_agree_with_the_domain(
    db: Database, offsets: list[int | None], today: date
) -> None:
    mine: set[int] = set()
    with db.session() as session:
        for offset in offsets:
            next_due = None if offset is None else today + timedelta(days=offset)
            made = create_organisation(session, name=_unique("Due"), next_due=next_due)
            assert made.id is not None
            mine.add(made.id)
    _check_all(db, today, only=mine)


# --------------------------------------------------------------------------------------------
# Generated profiles: questions that do not apply are neither answered nor to answer
# --------------------------------------------------------------------------------------------

PROFILE_FLAGS = """
[[profile]]
id = "has_contact_centre"
question = "Do customers reach you through a contact centre?"
absent = "no contact centre"

[[profile]]
id = "has_branches"
question = "Do customers visit branches?"
default = false
absent = "no branches"
"""
APPLIES_IF = {
    "alpha.two": '["has_contact_centre"]',
    "beta.one": '["has_contact_centre", "has_branches"]',
    "beta.two": '["has_branches"]',
}
"""The mini questionnaire's conditional questions; alpha.one and alpha.three always apply."""


@pytest.fixture
def profiled(mini_questionnaire_path: Path) -> Questionnaire:
    """The mini questionnaire with two profile flags (one yes, one no by default) and three
    questions that apply only under some of them."""
    text = mini_questionnaire_path.read_text(encoding="utf-8")
    head, areas = text.split("[[areas]]", 1)
    body = "[[areas]]" + areas
    for question_id, flags in APPLIES_IF.items():
        marker = f'id = "{question_id}"\n'
        body = body.replace(marker, f"{marker}applies_if = {flags}\n")
    made = parse_questionnaire(head + PROFILE_FLAGS + body)
    assert {q.id for q in made.questions if q.applies_if} == set(APPLIES_IF)
    return made


PROFILES: st.SearchStrategy[dict[str, bool]] = st.dictionaries(
    st.sampled_from(["has_contact_centre", "has_branches", "not_a_flag"]), st.booleans()
)
"""Profiles as stored: some flags given, others left to their defaults, and one the
questionnaire does not declare (it decides nothing)."""


@ROUNDS
@given(
    earlier=_people(later=False),
    later=_people(later=True),
    organisation_profile=PROFILES,
    draft_profile=st.one_of(st.none(), PROFILES),
)
def test_draft_counts_leave_out_questions_that_do_not_apply(
    db: Database,
    profiled: Questionnaire,
    earlier: list[Person],
    later: list[Person],
    organisation_profile: dict[str, bool],
    draft_profile: dict[str, bool] | None,
) -> None:
    with db.session() as session:
        org = create_organisation(
            session,
            name=_unique("Profiled"),
            profile={k: v for k, v in organisation_profile.items() if k != "not_a_flag"},
        )
        assert org.id is not None
        first = start_assessment(
            session, organisation_id=org.id, period="2026-Q1", questionnaire=profiled
        )
        assert first.id is not None
        # Answers to every question, those that do not apply included (as old data may hold).
        _answer_round(session, profiled, first.id, earlier)
        if any(person.steps for person in earlier):
            complete_assessment(session, assessment_id=first.id)
        draft = start_assessment(
            session,
            organisation_id=org.id,
            period="2026-Q2",
            questionnaire=profiled,
            carry_forward=True,
            profile=draft_profile,
        )
        assert draft.id is not None
        _answer_round(session, profiled, draft.id, later)
        stored = load_assessment(session, assessment_id=draft.id).profile
        (listed,) = [d for d in list_drafts(session) if d.assessment_id == draft.id]
    skipped = not_asked_in(profiled, stored)
    assert listed.total == (5 - len(skipped)) * len(later)
    _check_all(db, TODAY, only={org.id})


def test_a_draft_with_every_conditional_question_skipped_counts_two_per_person(
    db: Database, profiled: Questionnaire
) -> None:
    """A hand-checked case: no contact centre, no branches, so only alpha.one and alpha.three
    are asked; answers stored for the other three count for nothing."""
    with db.session() as session:
        org = create_organisation(
            session, name=_unique("Branchless"), profile={"has_contact_centre": False}
        )
        assert org.id is not None
        draft = start_assessment(
            session, organisation_id=org.id, period="2026-Q2", questionnaire=profiled
        )
        assert draft.id is not None
        person = add_respondent(session, assessment_id=draft.id, name="Ada", role=Role.LEADER)
        assert person.id is not None
        for question_id in ("alpha.one", "alpha.two", "beta.one", "beta.two"):
            save_answer(session, respondent_id=person.id, answer=make_answer(question_id, 4))
        (listed,) = [d for d in list_drafts(session) if d.assessment_id == draft.id]
    assert (listed.answered, listed.total) == (1, 2)
    _check_all(db, TODAY, only={org.id})
