"""Loading the demo into a database: older history in bulk, the latest periods the everyday way,
all in one transaction.

The numbers are never computed here: the history's plans come from `cxaudit.domain.plan`, and
the latest periods are completed through storage, which asks the domain for scores and plans.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from cxaudit.domain.model import (
    ActionItem,
    Assessment,
    AssessmentStatus,
    Organisation,
    Respondent,
)
from cxaudit.domain.periods import parse_period
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import CxauditError
from cxaudit.services.demo.answers import AnswerModel, at, respondents_for, settle
from cxaudit.services.demo.specs import DEMO_NAMES, DemoOrganisation, demo_organisations

if TYPE_CHECKING:
    from sqlmodel import Session

    from cxaudit.services.workspace import Workspace


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


@dataclass
class _Tally:
    """What has been written so far, told to `progress` in assessments (drafts included)."""

    assessments: int = 0
    """Completed assessments."""
    drafts: int = 0
    respondents: int = 0
    answers: int = 0
    total: int = 0
    """Assessments the whole load writes, for `progress`."""
    progress: Callable[[int, int], None] | None = None

    def written(self) -> None:
        """Tell `progress` how far the load has come."""
        if self.progress is not None:
            self.progress(self.assessments + self.drafts, self.total)

    def completed(self, people: Sequence[Respondent]) -> None:
        """Count one completed assessment answered by `people`."""
        self.assessments += 1
        self.respondents += len(people)
        self.answers += sum(len(r.answers) for r in people)


def load_demo(
    ws: Workspace,
    *,
    force: bool = False,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Load the demo portfolio; with `force`, replace a demo loaded before.

    Idempotent: when the demo's organisations are already there and `force` is false, nothing
    is written. Organisations that are not part of the demo are never touched. All or nothing:
    the whole demo is written in one transaction, so a failure (a full disk) or a kill part-way
    leaves the database as it was, never a partial demo. `progress(done, total)`, when given,
    hears of the assessments written (nothing is kept until the last).
    """
    from cxaudit.catalogue import default_questionnaire
    from cxaudit.storage import repository

    today = today or ws.today
    questionnaire = default_questionnaire()
    specs = demo_organisations(today)
    total = sum(len(s.periods) + (s.draft_period is not None) for s in specs)
    tally = _Tally(total=total, progress=progress)
    with ws.session() as session, repository.one_transaction(session):
        existing = _existing_demo_organisations(session)
        if existing and not force:
            if len(existing) < len(DEMO_NAMES):
                raise CxauditError(
                    f"Only part of the demo is here ({', '.join(existing)}); run the demo again "
                    "with --force to rebuild it."
                )
            return DemoSummary(False, tuple(existing), 0, 0, 0, 0)
        _delete_organisations(session, existing)
        for spec in specs:
            _write_organisation(session, spec, questionnaire, today, tally)
    names = tuple(s.name for s in specs)
    return DemoSummary(
        True, names, tally.assessments, tally.drafts, tally.respondents, tally.answers
    )


def _existing_demo_organisations(session: Session) -> list[str]:
    """The demo's organisations already stored (archived ones too), in the demo's order."""
    from cxaudit.storage import repository

    names = {summary.organisation.name for summary in repository.list_organisations(session)}
    return [name for name in DEMO_NAMES if name in names]


def _delete_organisations(session: Session, names: Sequence[str]) -> None:
    from cxaudit.storage import repository

    for name in names:
        organisation = repository.get_organisation(session, ref=name)
        assert organisation.id is not None
        repository.delete_organisation(session, organisation_id=organisation.id, confirm=True)


def _write_organisation(
    session: Session,
    spec: DemoOrganisation,
    questionnaire: Questionnaire,
    today: date,
    tally: _Tally,
) -> None:
    """Write one organisation: its older history in bulk, then the latest period (and the
    draft) through the everyday path, so carry-forward links are real."""
    from cxaudit.storage import repository

    model = AnswerModel(spec, questionnaire)
    targets = {
        questionnaire.areas[i].id: t
        for i, t in spec.area_targets.items()
        if i < len(questionnaire.areas)
    }
    organisation = repository.create_organisation(
        session,
        name=spec.name,
        sector=spec.sector,
        default_targets=targets or None,
        profile=spec.profile,
    )
    assert organisation.id is not None
    history = spec.periods[: len(spec.periods) - spec.live_periods]
    if history:
        _bulk_history(session, spec, model, organisation, history, tally)
    for index in range(len(history), len(spec.periods)):
        _live_period(session, spec, model, organisation.id, index, tally)
    if spec.draft_period is not None:
        _write_draft(session, spec, model, organisation.id, questionnaire, today, tally)
    if spec.next_due is not None:
        repository.update_organisation(
            session, organisation_id=organisation.id, next_due=spec.next_due
        )


def _bulk_history(
    session: Session,
    spec: DemoOrganisation,
    model: AnswerModel,
    organisation: Organisation,
    history: Sequence[str],
    tally: _Tally,
) -> None:
    """Completed assessments with their plans made by the domain, loaded in bulk."""
    from cxaudit.domain import plan, scoring
    from cxaudit.domain.applicability import effective_profile
    from cxaudit.storage import repository

    questionnaire = model.questionnaire
    loaded: list[Assessment] = []
    previous: list[ActionItem] = []
    next_id = 1
    for index, period in enumerate(history):
        created, completed, people = respondents_for(spec, model, index)
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
            # The profile snapshot starting it in the app would have taken.
            profile=effective_profile(questionnaire, organisation.profile),
        )
        # The plan completing it would give, carrying the open items of the period before.
        result = scoring.score_stored(questionnaire, assessment)
        merged = plan.plan_for(questionnaire, result, plan.carry_forward_actions(previous))
        settled: list[ActionItem] = []
        rng = random.Random(f"cxaudit-demo:{spec.name}:{period}:actions")
        for item in merged:
            # Ids local to this load: `carried_from` names the item of the period before.
            owner, due, status = settle(spec, model, item, period, rng, latest=False)
            settled.append(
                item.model_copy(
                    update={"id": next_id, "owner": owner, "due": due, "status": status}
                )
            )
            next_id += 1
        assessment = assessment.model_copy(update={"actions": settled})
        loaded.append(assessment)
        previous = settled
        tally.completed(people)
    repository.bulk_load_assessments(
        session, questionnaire=questionnaire, assessments_to_load=loaded
    )
    tally.written()


def _live_period(
    session: Session,
    spec: DemoOrganisation,
    model: AnswerModel,
    organisation_id: int,
    index: int,
    tally: _Tally,
) -> None:
    """One period answered and completed the way the app does it, carrying the last plan."""
    from cxaudit.storage import repository

    period = spec.periods[index]
    _created, completed, people = respondents_for(spec, model, index)
    assessment = repository.start_assessment(
        session,
        organisation_id=organisation_id,
        period=period,
        questionnaire=model.questionnaire,
        carry_forward=True,
    )
    assert assessment.id is not None
    # A whole round entered at once, as a paper round is: every answer saved and confirmed.
    repository.write_respondents(session, assessment_id=assessment.id, respondents=people)
    done = repository.complete_assessment(session, assessment_id=assessment.id, now=completed)
    rng = random.Random(f"cxaudit-demo:{spec.name}:{period}:actions")
    latest = index == len(spec.periods) - 1
    for item in done.actions:
        assert item.id is not None
        owner, due, status = settle(spec, model, item, period, rng, latest=latest)
        repository.update_action_item(
            session, action_id=item.id, owner=owner, due=due, status=status
        )
    tally.completed(people)
    tally.written()


def _write_draft(
    session: Session,
    spec: DemoOrganisation,
    model: AnswerModel,
    organisation_id: int,
    questionnaire: Questionnaire,
    today: date,
    tally: _Tally,
) -> None:
    """This quarter's assessment, started from the last one and partly answered."""
    from cxaudit.storage import repository

    assert spec.draft_period is not None
    start = parse_period(spec.draft_period).start
    when = at(max(start, today - timedelta(days=4)), 9)
    period_index = len(spec.periods)
    leader, *_, frontline = spec.people
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
                tally.answers += 1
        tally.respondents += 1
    tally.drafts += 1
    tally.written()
