"""A whole record, loaded the fast way, is exactly what its stored rows say.

`organisation_history`, `load_assessment` and the timeline's drafts load assessments with
`_load`: four selects whose rows are taken as the driver gives them, answers' yes/no marks and
confidence fetched as one number, and every object built without validating again. Here the
same rows are read a second, independent way (SQLAlchemy's typed rows, every object validated by
pydantic) and the two must be equal, field for field and in JSON, on a SQLite file and on
PostgreSQL, for generated records full of N/A reasons, notes in any script, every mark and
confidence, times to the microsecond, drafts and plans.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlmodel import Session

from cxaudit.domain.model import (
    ActionItem,
    ActionStatus,
    Answer,
    AnswerValue,
    Assessment,
    AssessmentStatus,
    Confidence,
    Organisation,
    Respondent,
    Role,
)
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import NotFoundError
from cxaudit.storage import (
    Database,
    add_respondent,
    bulk_load_assessments,
    create_organisation,
    load_assessment,
    organisation_history,
    save_answer,
    start_assessment,
)
from cxaudit.storage.tables import action_items, answers, assessments, organisations, respondents

ROUNDS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
PERIODS = ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4")
QUESTIONS = {"alpha": ("alpha.one", "alpha.two", "alpha.three"), "beta": ("beta.one", "beta.two")}
_names = itertools.count(1)

# --------------------------------------------------------------------------------------------
# The second reading: typed rows through SQLAlchemy, every object validated
# --------------------------------------------------------------------------------------------


def _utc(moment: datetime | None) -> datetime | None:
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def _value(text: str) -> AnswerValue:
    return text if text in {"na", "unknown"} else int(text)  # type: ignore[return-value]


def _confidence(text: str) -> Confidence:
    return Confidence(text) if text in {c.value for c in Confidence} else Confidence.MEDIUM


def _flags(value: Any) -> dict[str, bool]:
    return {k: v for k, v in (value or {}).items() if isinstance(v, bool)}


def read_back(session: Session, condition: Any) -> list[Assessment]:
    """The assessments matching `condition`, read independently of `_load`."""
    heads = session.execute(
        select(assessments).where(condition).order_by(assessments.c.period_start, assessments.c.id)
    ).all()
    found: list[Assessment] = []
    for head in heads:
        org = session.execute(
            select(organisations).where(organisations.c.id == head.organisation_id)
        ).one()
        people = []
        for person in session.execute(
            select(respondents)
            .where(respondents.c.assessment_id == head.id)
            .order_by(respondents.c.id)
        ).all():
            given = session.execute(
                select(answers).where(answers.c.respondent_id == person.id)
            ).all()
            people.append(
                Respondent(
                    id=person.id,
                    name=person.name,
                    role=Role(person.role),
                    anonymous=person.anonymous,
                    finished_at=_utc(person.finished_at),
                    answers={
                        row.question_id: Answer(
                            question_id=row.question_id,
                            value=_value(row.value),
                            na_reason=row.na_reason,
                            note=row.note,
                            evidence=row.evidence,
                            needs_reconfirm=row.needs_reconfirm,
                            updated_at=_utc(row.updated_at),
                            confidence=_confidence(row.confidence),
                            unverified=row.unverified,
                        )
                        for row in given
                    },
                )
            )
        plan = [
            ActionItem(
                id=row.id,
                question_id=row.question_id,
                area_id=row.area_id,
                kind=row.kind,
                text=row.text,
                current_level=row.current_level,
                target_level=row.target_level,
                priority=row.priority,
                owner=row.owner,
                due=row.due,
                status=ActionStatus(row.status),
                carried_from=row.carried_from_id,
            )
            for row in session.execute(
                select(action_items)
                .where(action_items.c.assessment_id == head.id)
                .order_by(action_items.c.position, action_items.c.id)
            ).all()
        ]
        found.append(
            Assessment(
                id=head.id,
                organisation=Organisation(
                    id=org.id,
                    name=org.name,
                    slug=org.slug,
                    sector=org.sector,
                    default_targets=dict(org.default_targets),
                    next_due=org.next_due,
                    profile=_flags(org.profile),
                ),
                period=head.period,
                questionnaire_id=head.questionnaire_id,
                questionnaire_version=head.questionnaire_version,
                questionnaire_hash=head.questionnaire_hash,
                status=AssessmentStatus(head.status),
                created_at=_utc(head.created_at),
                completed_at=_utc(head.completed_at),
                targets=dict(head.targets),
                profile=_flags(head.profile),
                respondents=people,
                actions=plan,
            )
        )
    return found


def assert_same_record(loaded: list[Assessment], expected: list[Assessment]) -> None:
    """Equal as objects and as JSON (which tells `True` from `1`), every object of its own
    model with every field set, as a validated one loaded from the database would be."""
    assert loaded == expected
    assert [a.model_dump_json() for a in loaded] == [a.model_dump_json() for a in expected]
    for assessment in loaded:
        assert type(assessment) is Assessment
        assert type(assessment.organisation) is Organisation
        for respondent in assessment.respondents:
            assert type(respondent) is Respondent
            for answer in respondent.answers.values():
                assert type(answer) is Answer
                assert answer.model_fields_set == set(Answer.model_fields)
                assert type(answer.confidence) is Confidence
                assert type(answer.needs_reconfirm) is bool and type(answer.unverified) is bool
                assert answer.updated_at is not None and answer.updated_at.tzinfo is not None
        assert all(type(item) is ActionItem for item in assessment.actions)


# --------------------------------------------------------------------------------------------
# Generated records
# --------------------------------------------------------------------------------------------

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12
)  # PostgreSQL keeps no NUL
_moments = st.datetimes(
    min_value=datetime(2001, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
)


@st.composite
def _answer(draw: st.DrawFn, question_id: str) -> Answer:
    value: AnswerValue = draw(st.sampled_from([1, 2, 3, 4, 5, "na", "unknown"]))
    return Answer(
        question_id=question_id,
        value=value,
        na_reason=draw(_text.filter(str.strip)) if value == "na" else draw(_text),
        note=draw(_text),
        evidence=draw(_text),
        needs_reconfirm=draw(st.booleans()),
        updated_at=draw(st.none() | _moments),
        confidence=draw(st.sampled_from(Confidence)),
        unverified=draw(st.booleans()),
    )


@st.composite
def _respondent(draw: st.DrawFn, index: int) -> Respondent:
    asked = draw(st.sets(st.sampled_from([q for qs in QUESTIONS.values() for q in qs])))
    return Respondent(
        name=f"Person {index}",
        role=draw(st.sampled_from(Role)),
        anonymous=draw(st.booleans()),
        finished_at=draw(st.none() | _moments),
        answers={q: draw(_answer(q)) for q in sorted(asked)},
    )


@st.composite
def _action(draw: st.DrawFn) -> ActionItem:
    area = draw(st.sampled_from(sorted(QUESTIONS)))
    return ActionItem(
        question_id=draw(st.sampled_from(QUESTIONS[area])),
        area_id=area,
        kind=draw(st.sampled_from(["improve", "find_out"])),
        text=draw(_text.filter(str.strip)),
        current_level=draw(st.none() | st.integers(1, 5)),
        target_level=draw(st.none() | st.integers(1, 5)),
        priority=draw(st.floats(0, 100, allow_nan=False)),
        owner=draw(_text),
        due=draw(st.none() | st.dates(date(2020, 1, 1), date(2030, 12, 31))),
        status=draw(st.sampled_from(ActionStatus)),
    )


@st.composite
def _record(draw: st.DrawFn, questionnaire: Questionnaire) -> list[Assessment]:
    organisation = Organisation(name=f"Generated {next(_names)}", slug="x")
    periods = draw(st.lists(st.sampled_from(PERIODS), min_size=1, max_size=3, unique=True))
    return [
        Assessment(
            organisation=organisation,
            period=period,
            questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version,
            questionnaire_hash=questionnaire.content_hash,
            status=draw(st.sampled_from(AssessmentStatus)),
            targets=draw(st.sampled_from([{}, {"alpha": 3.5}])),
            respondents=[draw(_respondent(i)) for i in range(draw(st.integers(0, 4)))],
            actions=draw(st.lists(_action(), max_size=4)),
        )
        for period in sorted(periods)
    ]


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


@ROUNDS
@given(data=st.data())
def test_a_generated_record_loads_as_its_rows_say(
    db: Database, mini: Questionnaire, data: st.DataObject
) -> None:
    record = data.draw(_record(mini))
    with db.session() as session:
        bulk_load_assessments(session, questionnaire=mini, assessments_to_load=record)
        session.commit()
    name = record[0].organisation.name
    with db.session() as session:
        org_id = session.execute(
            select(organisations.c.id).where(organisations.c.name == name)
        ).scalar_one()
        mine = assessments.c.organisation_id == org_id
        everything = organisation_history(session, organisation_id=org_id, include_drafts=True)
        completed = organisation_history(session, organisation_id=org_id)
        assert_same_record([a for _, a in everything], read_back(session, mine))
        assert_same_record(
            [a for _, a in completed],
            read_back(session, mine & (assessments.c.status == AssessmentStatus.COMPLETE.value)),
        )
        assert all(q.content_hash == mini.content_hash for q, _ in everything)
        for _, assessment in everything:
            assert assessment.id is not None
            one = load_assessment(session, assessment_id=assessment.id)
            assert_same_record([one], read_back(session, assessments.c.id == assessment.id))
    # What was given comes back: every answer as written (times that were given, to the
    # microsecond), respondents in order, the plan in order.
    by_period = {a.period: a for _, a in everything}
    for written in record:
        kept = by_period[written.period]
        assert [(r.name, r.role, r.anonymous, r.finished_at) for r in kept.respondents] == [
            (r.name, r.role, r.anonymous, r.finished_at) for r in written.respondents
        ]
        for stored, sent in zip(kept.respondents, written.respondents, strict=True):
            assert stored.answers.keys() == sent.answers.keys()
            for question_id, answer in sent.answers.items():
                back = stored.answers[question_id]
                assert back.model_dump(exclude={"updated_at"}) == answer.model_dump(
                    exclude={"updated_at"}
                )
                assert answer.updated_at is None or back.updated_at == answer.updated_at
        assert [item.model_dump(exclude={"id"}) for item in kept.actions] == [
            item.model_dump(exclude={"id"}) for item in written.actions
        ]


def test_every_mark_and_confidence_comes_back(db: Database, mini: Questionnaire) -> None:
    """Each of the twelve combinations of the two marks and three confidences reads back as
    written, whether written together (a bulk load) or saved one at a time as the app autosaves
    (which confirms the answer, so it no longer needs reconfirming)."""
    combinations = list(itertools.product([False, True], [False, True], list(Confidence)))
    questions = [q.id for q in mini.questions]
    people = [
        Respondent(
            name=f"P{index}",
            answers={
                questions[index % len(questions)]: Answer(
                    question_id=questions[index % len(questions)],
                    value=index % 5 + 1,
                    needs_reconfirm=reconfirm,
                    unverified=unverified,
                    confidence=confidence,
                )
            },
        )
        for index, (reconfirm, unverified, confidence) in enumerate(combinations)
    ]
    batch = Assessment(
        organisation=Organisation(name="Marks", slug="x"),
        period="2026-Q1",
        questionnaire_id=mini.id,
        questionnaire_version=mini.version,
        questionnaire_hash=mini.content_hash,
        respondents=people,
    )
    with db.session() as session:
        (bulk_id,) = bulk_load_assessments(session, questionnaire=mini, assessments_to_load=[batch])
        org_id = session.execute(
            select(organisations.c.id).where(organisations.c.name == "Marks")
        ).scalar_one()
        saved = start_assessment(
            session, organisation_id=org_id, period="2026-Q2", questionnaire=mini
        )
        assert saved.id is not None
        for person in people:
            added = add_respondent(
                session, assessment_id=saved.id, name=person.name, role=Role.MANAGER
            )
            assert added.id is not None
            for answer in person.answers.values():
                save_answer(session, respondent_id=added.id, answer=answer)
        session.commit()
    with db.session() as session:
        bulk = load_assessment(session, assessment_id=bulk_id)
        autosaved = load_assessment(session, assessment_id=saved.id)
        assert_same_record(
            [bulk, autosaved], read_back(session, assessments.c.id.in_([bulk_id, saved.id]))
        )

    def marks(assessment: Assessment) -> list[tuple[bool, bool, Confidence]]:
        return [
            (a.needs_reconfirm, a.unverified, a.confidence)
            for person in assessment.respondents
            for a in person.answers.values()
        ]

    assert marks(bulk) == combinations
    assert marks(autosaved) == [(False, unverified, sure) for _, unverified, sure in combinations]


def test_an_organisation_without_assessments_has_an_empty_record(db: Database) -> None:
    with db.session() as session:
        org = create_organisation(session, name="Quiet Co")
        assert org.id is not None
        assert organisation_history(session, organisation_id=org.id, include_drafts=True) == []
        with pytest.raises(NotFoundError, match="no organisation with id"):
            organisation_history(session, organisation_id=org.id + 1000)


class _Cycle:
    """An object that refers to itself: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_loading_leaves_the_collector_as_it_found_it(db: Database, mini: Questionnaire) -> None:
    """A load pauses the cyclic collector and files what it built with the long-lived objects;
    afterwards the collector is on or off as before, nothing is left frozen, objects someone
    else froze stay frozen, and garbage made before the load is still collected."""
    import gc
    import weakref

    with db.session() as session:
        org = create_organisation(session, name="Collected")
        assert org.id is not None
        start_assessment(session, organisation_id=org.id, period="2026-Q1", questionnaire=mini)
        session.commit()

        def load() -> None:
            assert organisation_history(session, organisation_id=org.id, include_drafts=True)

        was_enabled = gc.isenabled()
        try:
            gc.enable()
            garbage = _Cycle()
            gone = weakref.ref(garbage)
            del garbage
            load()
            assert gc.isenabled() and gc.get_freeze_count() == 0
            gc.collect()
            assert gone() is None
            gc.disable()
            load()
            assert not gc.isenabled() and gc.get_freeze_count() == 0
            gc.enable()
            kept_frozen = [_Cycle() for _ in range(3)]
            gc.freeze()
            load()
            assert gc.get_freeze_count() > 0 and gc.isenabled()  # unfreezing would leave none
        finally:
            gc.unfreeze()
            if not was_enabled:
                gc.disable()
        assert len(kept_frozen) == 3
