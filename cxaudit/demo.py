"""Demo data: a portfolio that shows every feature the first time someone opens the app.

A newcomer should see real-looking history, not an empty screen: an organisation with six
quarters of assessments whose answers improve as actions get done, notes, N/A answers with
reasons, "don't know" answers, disagreements, a leader/front-line perception gap, action items
open and done and carried from quarter to quarter, an overdue organisation, one assessed by the
half-year, and a draft waiting to be resumed.

Everything is generated from seeded `random.Random` instances, so the demo is the same on every
machine for a given `today`. The numbers themselves are never computed here: assessments are
completed through storage, which asks the domain for scores and plans.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from cxaudit.domain.model import (
    ActionItem,
    ActionStatus,
    Answer,
    Assessment,
    AssessmentStatus,
    Organisation,
    Respondent,
    Role,
    make_answer,
)
from cxaudit.domain.periods import current_period, next_period, parse_period
from cxaudit.domain.questionnaire import Questionnaire

if TYPE_CHECKING:
    from cxaudit.storage.engine import Database


@dataclass(frozen=True)
class DemoSummary:
    """What `load_demo` did, for a one-line confirmation in the CLI and the TUI."""

    created: bool
    """False when the demo was already loaded and left as it was."""
    organisations: tuple[str, ...]
    assessments: int
    """Completed assessments written (0 when nothing was created)."""
    drafts: int
    respondents: int
    answers: int

    @property
    def message(self) -> str:
        """One sentence saying what happened."""
        if not self.created:
            return (
                "The demo data is already loaded (use --force to rebuild it): "
                f"{', '.join(self.organisations)}."
            )
        return (
            f"Loaded the demo: {len(self.organisations)} organisations, {self.assessments} "
            f"completed assessments, {self.drafts} draft, {self.respondents} respondents and "
            f"{self.answers} answers."
        )


@dataclass(frozen=True)
class _Person:
    name: str
    role: Role


@dataclass(frozen=True)
class _DemoOrganisation:
    """How one demo organisation behaves: where it starts, how fast it improves, who answers."""

    name: str
    sector: str
    people: tuple[_Person, ...]
    owners: tuple[str, ...]
    """Action owners, one per area in questionnaire order (cycled)."""
    base: float
    growth: float
    """How much every answer rises per period, before the effect of actions done."""
    role_bias: dict[Role, float]
    first_area_bias: float
    """Extra optimism leaders show about the first area (leadership): the perception gap."""
    periods: tuple[str, ...]
    draft_period: str | None
    live_periods: int = 0
    """The latest periods written through the everyday path (start, answer, complete)."""
    next_due: date | None = None
    """Set after loading, to show an organisation that is due but not late (None: storage's
    own rule, due when the next period starts)."""
    area_targets: dict[int, float] = field(default_factory=dict)
    """Organisation-wide targets by area position (the rest use the questionnaire's default)."""
    all_na_question: int | None = None
    """A question (by position) that every respondent marks N/A, leaving coverage."""


LOW_NOTES = (
    "Only happens when a complaint gets escalated.",
    "Depends entirely on who is on shift.",
    "We talk about it, but nothing changes on the floor.",
    "There is a policy, but nobody I know has read it.",
    "Happens in one team, not across the business.",
    "We stopped doing this after the restructure.",
    "Customers tell us about this before we notice it ourselves.",
)
MID_NOTES = (
    "Getting better since the new team lead started.",
    "Done most months, but slips when we are busy.",
    "The process exists; following it is patchy.",
    "Good in the contact centre, weaker in field teams.",
    "We review it quarterly, not yet monthly.",
    "Started after last quarter's action plan.",
)
HIGH_NOTES = (
    "Reviewed every month in the leadership meeting.",
    "Part of every new starter's induction now.",
    "We can show the dashboard for this.",
    "Customers mention it unprompted in surveys.",
    "Front-line teams own this and change it themselves.",
    "Checked in every one-to-one.",
)
EVIDENCE = (
    "Monthly CX dashboard",
    "Team huddle notes",
    "Quarterly board pack",
    "Complaint log review",
    "Induction checklist",
    "Journey map, version 3",
)
NA_REASONS = (
    "We have no self-service channel yet, so there is nothing to measure.",
    "Handled entirely by our outsourcing partner; our people never see it.",
    "We have no branches or stores where this could happen.",
)


def _shift_quarter(label: str, quarters: int) -> str:
    start = parse_period(label).start
    index = start.year * 4 + (start.month - 1) // 3 + quarters
    return f"{index // 4}-Q{index % 4 + 1}"


def _previous_half(today: date) -> str:
    return f"{today.year - 1}-H2" if today.month <= 6 else f"{today.year}-H1"


def demo_organisations(today: date) -> tuple[_DemoOrganisation, ...]:
    """The demo portfolio relative to `today`, so its due dates mean something on any day."""
    current = current_period(today)
    northwind_periods = tuple(_shift_quarter(current, -n) for n in range(6, 0, -1))
    harbour_periods = tuple(_shift_quarter(current, -n) for n in (6, 5))
    half = _previous_half(today)
    return (
        _DemoOrganisation(
            name="Northwind Energy",
            sector="Energy retail",
            people=(
                _Person("Priya Shah", Role.LEADER),
                _Person("Tom Becker", Role.MANAGER),
                _Person("Aisha Okafor", Role.FRONTLINE),
            ),
            owners=("Priya Shah", "Tom Becker", "Marek Nowak", "Helen Ward"),
            base=2.1,
            growth=0.1,
            role_bias={Role.LEADER: 0.3, Role.MANAGER: 0.1, Role.FRONTLINE: -0.2},
            first_area_bias=1.2,
            periods=northwind_periods,
            draft_period=current,
            live_periods=1,
            next_due=parse_period(current).end,
            area_targets={1: 3.5},
        ),
        _DemoOrganisation(
            name="Harbour Health Clinics",
            sector="Healthcare",
            people=(
                _Person("Jonah Reid", Role.LEADER),
                _Person("Sofia Marin", Role.MANAGER),
                _Person("Dev Patel", Role.FRONTLINE),
            ),
            owners=("Jonah Reid", "Sofia Marin"),
            base=1.9,
            growth=0.15,
            role_bias={Role.LEADER: 0.5, Role.MANAGER: 0.1, Role.FRONTLINE: -0.3},
            first_area_bias=0.3,
            periods=harbour_periods,
            draft_period=None,
            all_na_question=3,
        ),
        _DemoOrganisation(
            name="Cedar Lane Credit Union",
            sector="Financial services",
            people=(
                _Person("Ruth Adeyemi", Role.LEADER),
                _Person("Ben Hall", Role.MANAGER),
                _Person("Chloe Kim", Role.FRONTLINE),
                _Person("Omar Said", Role.FRONTLINE),
            ),
            owners=("Ruth Adeyemi", "Ben Hall"),
            base=3.2,
            growth=0.0,
            role_bias={Role.LEADER: 0.25, Role.MANAGER: 0.1, Role.FRONTLINE: -0.1},
            first_area_bias=0.0,
            periods=(half,),
            next_due=parse_period(next_period(half)).end,
            draft_period=None,
        ),
    )


DEMO_NAMES = ("Northwind Energy", "Harbour Health Clinics", "Cedar Lane Credit Union")
"""The organisations the demo owns: `--force` replaces exactly these and nothing else."""


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


class _AnswerModel:
    """Plausible answers for one organisation: a level per question that drifts upwards, moved
    by each role's optimism, by random noise and by the actions the organisation finished."""

    def __init__(self, spec: _DemoOrganisation, questionnaire: Questionnaire) -> None:
        self.spec = spec
        self.questionnaire = questionnaire
        rng = random.Random(f"cxaudit-demo:{spec.name}:shape")
        self.area_offset = {area.id: rng.uniform(-0.35, 0.35) for area in questionnaire.areas}
        self.question_offset = {q.id: rng.uniform(-0.7, 0.7) for q in questionnaire.questions}
        self.question_growth = {q.id: rng.uniform(0.4, 1.6) for q in questionnaire.questions}
        self.boost: dict[str, float] = {}
        questions = questionnaire.questions
        self.frontline_na = questions[rng.randrange(len(questions))].id
        self.frontline_na_reason = rng.choice(NA_REASONS)
        self.all_na = (
            questions[spec.all_na_question % len(questions)].id
            if spec.all_na_question is not None
            else None
        )
        self.first_area = questionnaire.areas[0].id

    def respondent(
        self, person: _Person, index: int, period_index: int, when: datetime
    ) -> Respondent:
        """One person's answers for the period at `period_index` in the organisation's list."""
        rng = random.Random(f"cxaudit-demo:{self.spec.name}:{period_index}:{person.name}")
        answers: dict[str, Answer] = {}
        for position, question in enumerate(self.questionnaire.questions):
            stamp = when + timedelta(minutes=3 * position + 1)
            answers[question.id] = self._answer(question.id, person, period_index, rng, stamp)
        return Respondent(name=person.name, role=person.role, answers=answers)

    def _answer(
        self, qid: str, person: _Person, period_index: int, rng: random.Random, stamp: datetime
    ) -> Answer:
        area_id = qid.split(".", 1)[0]
        if qid == self.all_na:
            return make_answer(
                qid,
                "na",
                na_reason="We have no home visits, so this cannot apply.",
                updated_at=stamp,
            )
        if person.role is Role.FRONTLINE and qid == self.frontline_na:
            return make_answer(qid, "na", na_reason=self.frontline_na_reason, updated_at=stamp)
        unknown_chance = {Role.FRONTLINE: 0.05, Role.MANAGER: 0.03}.get(person.role, 0.01)
        if person.role is Role.FRONTLINE and area_id == self.first_area:
            unknown_chance = 0.14
        if rng.random() < unknown_chance:
            note = "Never been told how this is decided." if rng.random() < 0.5 else ""
            return make_answer(qid, "unknown", note=note, updated_at=stamp)
        bias = self.spec.role_bias.get(person.role, 0.0)
        if area_id == self.first_area and person.role is Role.LEADER:
            bias += self.spec.first_area_bias
        value = (
            self.spec.base
            + self.area_offset[area_id]
            + self.question_offset[qid]
            + self.spec.growth * self.question_growth[qid] * period_index
            + self.boost.get(qid, 0.0)
            + bias
            + rng.gauss(0.0, 0.4)
        )
        level = max(1, min(5, round(value)))
        note = ""
        if rng.random() < 0.3:
            bank = LOW_NOTES if level <= 2 else MID_NOTES if level == 3 else HIGH_NOTES
            note = rng.choice(bank)
        evidence = ""
        if level >= 4 and person.role is not Role.FRONTLINE and rng.random() < 0.35:
            evidence = rng.choice(EVIDENCE)
        return make_answer(qid, level, note=note, evidence=evidence, updated_at=stamp)


def _decide_status(rng: random.Random, *, latest: bool, carried: bool) -> ActionStatus:
    roll = rng.random()
    if latest:
        if roll < 0.12:
            return ActionStatus.DONE
        return ActionStatus.IN_PROGRESS if roll < 0.4 else ActionStatus.OPEN
    done = 0.7 if carried else 0.5
    if roll < done:
        return ActionStatus.DONE
    if roll < done + 0.04:
        return ActionStatus.DROPPED
    return ActionStatus.IN_PROGRESS if roll < done + 0.2 else ActionStatus.OPEN


def load_demo(db: Database, *, force: bool = False, today: date | None = None) -> DemoSummary:
    """Load the demo portfolio into `db`; with `force`, replace a demo loaded before.

    Idempotent: when the demo's organisations are already there and `force` is false, nothing
    is written. Organisations that are not part of the demo are never touched.
    """
    from cxaudit.catalogue import default_questionnaire

    today = today or date.today()
    questionnaire = default_questionnaire()
    specs = demo_organisations(today)
    existing = _existing_demo_organisations(db)
    if existing and not force:
        return DemoSummary(False, tuple(existing), 0, 0, 0, 0)
    if existing:
        _delete_organisations(db, existing)
    counts = [0, 0, 0, 0]  # completed assessments, drafts, respondents, answers
    for spec in specs:
        _write_organisation(db, spec, questionnaire, today, counts)
    return DemoSummary(True, tuple(s.name for s in specs), *counts)


def _existing_demo_organisations(db: Database) -> list[str]:
    from cxaudit.storage import repository

    with db.session() as session:
        summaries = repository.list_organisations(session)
    names = {summary.organisation.name for summary in summaries}
    return [name for name in DEMO_NAMES if name in names]


def _delete_organisations(db: Database, names: Sequence[str]) -> None:
    from cxaudit.storage import repository

    with db.session() as session:
        for name in names:
            organisation = repository.get_organisation(session, ref=name)
            assert organisation.id is not None
            repository.delete_organisation(session, organisation_id=organisation.id, confirm=True)


def _write_organisation(
    db: Database,
    spec: _DemoOrganisation,
    questionnaire: Questionnaire,
    today: date,
    counts: list[int],
) -> None:
    """Write one organisation: its older history in one bulk transaction, then the latest
    period (and the draft) through the everyday path, so carry-forward links are real."""
    from cxaudit.storage import repository

    model = _AnswerModel(spec, questionnaire)
    targets = {
        questionnaire.areas[i].id: t
        for i, t in spec.area_targets.items()
        if i < len(questionnaire.areas)
    }
    with db.session() as session:
        organisation = repository.create_organisation(
            session, name=spec.name, sector=spec.sector, default_targets=targets or None
        )
    assert organisation.id is not None
    history = spec.periods[: len(spec.periods) - spec.live_periods]
    if history:
        _bulk_history(db, spec, model, organisation, history, counts)
    for index in range(len(history), len(spec.periods)):
        _live_period(db, spec, model, organisation.id, index, counts)
    if spec.draft_period is not None:
        _write_draft(db, spec, model, organisation.id, questionnaire, today, counts)
    if spec.next_due is not None:
        with db.session() as session:
            repository.update_organisation(
                session, organisation_id=organisation.id, next_due=spec.next_due
            )


def _respondents_for(
    spec: _DemoOrganisation, model: _AnswerModel, index: int
) -> tuple[datetime, datetime, list[Respondent]]:
    start = parse_period(spec.periods[index]).start
    created = _at(start + timedelta(days=12), 9)
    completed = _at(start + timedelta(days=30), 16, 30)
    people = [
        model.respondent(person, n, index, created + timedelta(days=n, hours=1))
        for n, person in enumerate(spec.people)
    ]
    return created, completed, people


def _bulk_history(
    db: Database,
    spec: _DemoOrganisation,
    model: _AnswerModel,
    organisation: Organisation,
    history: Sequence[str],
    counts: list[int],
) -> None:
    """Completed assessments with their plans made by the domain, loaded in one transaction."""
    from cxaudit.domain import plan, scoring
    from cxaudit.storage import repository

    questionnaire = model.questionnaire
    loaded: list[Assessment] = []
    previous: list[ActionItem] = []
    next_id = 1
    for index, period in enumerate(history):
        created, completed, people = _respondents_for(spec, model, index)
        assessment = Assessment(
            organisation=organisation,
            period=period,
            questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version,
            questionnaire_hash=questionnaire.content_hash,
            status=AssessmentStatus.COMPLETE,
            created_at=created,
            completed_at=completed,
            respondents=people,
        )
        targets = scoring.resolve_targets(
            questionnaire, organisation_targets=organisation.default_targets
        )
        result = scoring.score_assessment(questionnaire, people, targets)
        merged = plan.merge_plan(
            plan.carry_forward_actions(previous),
            plan.build_action_plan(questionnaire, result),
            questionnaire=questionnaire,
        )
        settled: list[ActionItem] = []
        rng = random.Random(f"cxaudit-demo:{spec.name}:{period}:actions")
        for item in merged:
            # Ids local to this load: `carried_from` names the item of the period before.
            owner, due, status = _settle(spec, model, item, period, rng, latest=False)
            settled.append(
                item.model_copy(
                    update={"id": next_id, "owner": owner, "due": due, "status": status}
                )
            )
            next_id += 1
        assessment = assessment.model_copy(update={"actions": settled})
        loaded.append(assessment)
        previous = settled
        counts[0] += 1
        counts[2] += len(people)
        counts[3] += sum(len(r.answers) for r in people)
    with db.session() as session:
        repository.bulk_load_assessments(
            session, questionnaire=questionnaire, assessments_to_load=loaded
        )


def _live_period(
    db: Database,
    spec: _DemoOrganisation,
    model: _AnswerModel,
    organisation_id: int,
    index: int,
    counts: list[int],
) -> None:
    """One period answered and completed the way the app does it, carrying the last plan."""
    from cxaudit.storage import repository

    period = spec.periods[index]
    _created, completed, people = _respondents_for(spec, model, index)
    with db.session() as session:
        assessment = repository.start_assessment(
            session,
            organisation_id=organisation_id,
            period=period,
            questionnaire=model.questionnaire,
            carry_forward=True,
        )
        assert assessment.id is not None
        for respondent in people:
            added = repository.add_respondent(
                session, assessment_id=assessment.id, name=respondent.name, role=respondent.role
            )
            assert added.id is not None
            for answer in respondent.answers.values():
                repository.save_answer(session, respondent_id=added.id, answer=answer)
        done = repository.complete_assessment(session, assessment_id=assessment.id, now=completed)
        rng = random.Random(f"cxaudit-demo:{spec.name}:{period}:actions")
        latest = index == len(spec.periods) - 1
        for item in done.actions:
            assert item.id is not None
            owner, due, status = _settle(spec, model, item, period, rng, latest=latest)
            repository.update_action_item(
                session, action_id=item.id, owner=owner, due=due, status=status
            )
    counts[0] += 1
    counts[2] += len(people)
    counts[3] += sum(len(r.answers) for r in people)


def _settle(
    spec: _DemoOrganisation,
    model: _AnswerModel,
    item: ActionItem,
    period: str,
    rng: random.Random,
    *,
    latest: bool,
) -> tuple[str, date, ActionStatus]:
    """An owner, a due date and a status for one action; finished actions lift later answers."""
    area_ids = [area.id for area in model.questionnaire.areas]
    position = area_ids.index(item.area_id) if item.area_id in area_ids else 0
    owner = item.owner or spec.owners[position % len(spec.owners)]
    due = item.due or parse_period(next_period(period)).end
    status = _decide_status(rng, latest=latest, carried=item.carried_from is not None)
    if status is ActionStatus.DONE and item.kind == "improve":
        model.boost[item.question_id] = model.boost.get(item.question_id, 0.0) + 0.25
    return owner, due, status


def _write_draft(
    db: Database,
    spec: _DemoOrganisation,
    model: _AnswerModel,
    organisation_id: int,
    questionnaire: Questionnaire,
    today: date,
    counts: list[int],
) -> None:
    """This quarter's assessment, started from the last one and partly answered."""
    from cxaudit.storage import repository

    assert spec.draft_period is not None
    start = parse_period(spec.draft_period).start
    when = _at(max(start, today - timedelta(days=4)), 9)
    period_index = len(spec.periods)
    leader, *_, frontline = spec.people
    with db.session() as session:
        assessment = repository.start_assessment(
            session,
            organisation_id=organisation_id,
            period=spec.draft_period,
            questionnaire=questionnaire,
            carry_forward=True,
        )
        assert assessment.id is not None
        rng = random.Random(f"cxaudit-demo:{spec.name}:draft")
        for person, share, prefill in ((leader, 0.6, True), (frontline, 0.3, False)):
            added = repository.add_respondent(
                session,
                assessment_id=assessment.id,
                name=person.name,
                role=person.role,
                prefill_from_latest=prefill,
            )
            assert added.id is not None
            fresh = model.respondent(person, 0, period_index, when)
            for answer in fresh.answers.values():
                if rng.random() < share:
                    repository.save_answer(session, respondent_id=added.id, answer=answer)
                    counts[3] += 1
            counts[2] += 1
    counts[1] += 1
