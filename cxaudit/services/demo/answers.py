"""Plausible answers and action outcomes for the demo, generated from seeded random numbers.

Each organisation's answers drift upwards over the periods, moved by each role's optimism, by
noise and by the actions it finished, so the demo shows progress, disagreements and a perception
gap. The same seeds give the same demo on every machine. Nothing here scores or writes.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from cxaudit.domain.applicability import applies
from cxaudit.domain.evidence import needs_evidence
from cxaudit.domain.model import (
    ActionItem,
    ActionStatus,
    Answer,
    Confidence,
    Respondent,
    Role,
    make_answer,
)
from cxaudit.domain.periods import next_period, parse_period
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.services.demo.specs import DemoOrganisation, Person

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
MORE_EVIDENCE = EVIDENCE + (
    "Minutes of the last service review",
    "Coaching records for the team",
    "Customer feedback summary, last quarter",
    "Call quality scorecards",
)
"""Evidence for the levels that need it and were given none above (`EVIDENCE` stays as it is:
its length decides how the level generator's numbers are drawn)."""
NA_REASONS = (
    "We have no self-service channel yet, so there is nothing to measure.",
    "Handled entirely by our outsourcing partner; our people never see it.",
    "We have no branches or stores where this could happen.",
)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment of `day`, in UTC."""
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


class AnswerModel:
    """Plausible answers for one organisation: a level per question that drifts upwards, moved
    by each role's optimism, by random noise and by the actions the organisation finished."""

    def __init__(self, spec: DemoOrganisation, questionnaire: Questionnaire) -> None:
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
        self, person: Person, index: int, period_index: int, when: datetime
    ) -> Respondent:
        """One person's answers for the period at `period_index` in the organisation's list."""
        rng = random.Random(f"cxaudit-demo:{self.spec.name}:{period_index}:{person.name}")
        # Confidence, evidence and unverified marks draw on their own numbers, so the levels
        # are the same with or without them.
        trust = random.Random(f"cxaudit-demo:{self.spec.name}:{period_index}:{person.name}:trust")
        answers: dict[str, Answer] = {}
        for position, question in enumerate(self.questionnaire.questions):
            stamp = when + timedelta(minutes=3 * position + 1)
            answer = self._answer(question.id, person, period_index, rng, stamp)
            if not applies(self.questionnaire, question.id, self.spec.profile):
                continue  # skipped, as the wizard skips it: it counts as N/A for everyone
            answers[question.id] = self._trusted(answer, person, trust)
        return Respondent(name=person.name, role=person.role, answers=answers)

    def _trusted(self, answer: Answer, person: Person, trust: random.Random) -> Answer:
        """The answer with a confidence, and evidence wherever its level needs some (a few
        front-line ones let through unverified instead)."""
        area_id = answer.question_id.split(".", 1)[0]
        areas = [area.id for area in self.questionnaire.areas]
        low_area = self.spec.low_confidence_area
        roll = trust.random()
        sure = Confidence.MEDIUM
        if low_area is not None and areas.index(area_id) == low_area:
            sure = Confidence.LOW if roll < 0.7 else Confidence.MEDIUM
        elif person.role is Role.LEADER:
            sure = Confidence.HIGH if roll < 0.45 else Confidence.LOW if roll > 0.93 else sure
        elif roll < 0.18 or roll > 0.8:
            sure = Confidence.LOW if roll < 0.18 else Confidence.HIGH
        update: dict[str, object] = {"confidence": sure}
        if needs_evidence(self.questionnaire, answer.question_id, answer.level) and not (
            answer.evidence.strip()
        ):
            if person.role is Role.FRONTLINE and trust.random() < self.spec.unverified_chance:
                update["unverified"] = True
            else:
                update["evidence"] = trust.choice(MORE_EVIDENCE)
        return answer.model_copy(update=update)

    def _answer(
        self, qid: str, person: Person, period_index: int, rng: random.Random, stamp: datetime
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


def decide_status(rng: random.Random, *, latest: bool, carried: bool) -> ActionStatus:
    """How an action turned out: most are done by the next period, the latest are mostly open."""
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


def respondents_for(
    spec: DemoOrganisation, model: AnswerModel, index: int
) -> tuple[datetime, datetime, list[Respondent]]:
    """When the period at `index` was started and completed, and everyone's answers to it."""
    start = parse_period(spec.periods[index]).start
    created = at(start + timedelta(days=12), 9)
    completed = at(start + timedelta(days=30), 16, 30)
    people = [
        model.respondent(person, n, index, created + timedelta(days=n, hours=1))
        for n, person in enumerate(spec.people)
    ]
    return created, completed, people


def settle(
    spec: DemoOrganisation,
    model: AnswerModel,
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
    status = decide_status(rng, latest=latest, carried=item.carried_from is not None)
    if status is ActionStatus.DONE and item.kind == "improve":
        model.boost[item.question_id] = model.boost.get(item.question_id, 0.0) + 0.25
    return owner, due, status
