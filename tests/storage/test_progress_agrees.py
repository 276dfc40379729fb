"""The SQL behind Home's lists counts what the domain counts.

Home lists the portfolio and the drafts with one query each (the repository's selects, and the
same SQL in `glance` before SQLAlchemy has loaded), so those numbers are counted in SQL; the
rules behind them live in `cxaudit.domain`: an answer is done when it is settled
(`progress`), an audit is overdue after its due day (`schedule`), a trend is the direction of
the last two completed scores (`direction`). Each test loads the same data as domain objects,
applies the domain's rules, and checks the lists say the same: on the demo data and on
generated rounds full of carried-forward answers, on SQLite and (with `CXAUDIT_TEST_PG_URL`)
on PostgreSQL.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from cxaudit.domain import scoring
from cxaudit.domain.direction import score_direction
from cxaudit.domain.model import AssessmentStatus, Role, make_answer
from cxaudit.domain.progress import progress_of
from cxaudit.domain.questionnaire import Questionnaire
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
    asked = [q.id for q in assessment_questionnaire(session, assessment_id=assessment_id).questions]
    each = [progress_of(r.answers, asked) for r in assessment.respondents]
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


def test_demo_lists_count_what_the_domain_counts(db: Database) -> None:
    load_demo(Workspace(db), today=TODAY)
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
