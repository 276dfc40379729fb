"""The portfolio: every organisation with its latest result, the drafts to resume, and what
the New assessment form offers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cxaudit.services.views import HomeData, QuestionnaireChoice, SetupData

if TYPE_CHECKING:
    from datetime import date

    from cxaudit.domain.questionnaire import Questionnaire
    from cxaudit.services.workspace import Workspace
    from cxaudit.storage.views import OrganisationSummary


def home(ws: Workspace, *, include_archived: bool = False) -> HomeData:
    """Organisations with their latest result, and the drafts to resume, read together.

    Archived organisations and their drafts are left out unless `include_archived`.
    """
    from cxaudit.storage import repository

    with ws.session() as session:
        # One transaction for both lists, so a draft and its organisation agree.
        lines = repository.portfolio_lines(
            session, today=ws.today, include_archived=include_archived
        )
        drafts = repository.list_drafts(session, include_archived=include_archived)
    return HomeData(tuple(lines), tuple(drafts))


def first_look(db_url: str, *, today: date) -> HomeData | None:
    """What `home` lists, read straight from a SQLite file before any workspace is open.

    Read-only, a few milliseconds, and only for a SQLite file already at this version's schema
    (`cxaudit.storage.glance`); None means: open a workspace and ask `home`. It loads neither
    SQLAlchemy nor pydantic, so the terminal app can list the portfolio in its first frame.
    """
    from cxaudit.storage.glance import glance

    seen = glance(db_url, today=today)
    return None if seen is None else HomeData(seen.organisations, seen.drafts)


def organisations(ws: Workspace, *, include_archived: bool = False) -> list[OrganisationSummary]:
    """Every organisation with its latest completed result, next due date and counts.

    Archived organisations are left out unless `include_archived` (each summary says which).
    """
    from cxaudit.storage import repository

    with ws.session() as session:
        return list(
            repository.list_organisations(
                session, today=ws.today, standalone=True, include_archived=include_archived
            )
        )


def setup(ws: Workspace) -> SetupData:
    """Organisations (archived ones left out) and questionnaires for the New assessment form."""
    from cxaudit.catalogue import DEFAULT_QUESTIONNAIRE_ID, list_questionnaires
    from cxaudit.storage import repository

    with ws.session() as session:
        summaries = repository.list_organisations(session, today=ws.today, include_archived=False)
    organisations = tuple(s.organisation for s in summaries)
    completed = frozenset(
        s.organisation.id
        for s in summaries
        if s.latest_period is not None and s.organisation.id is not None
    )
    choices: list[QuestionnaireChoice] = []
    default_ref: str | None = None
    override = ws.questionnaire_override
    if override is not None:
        choices.append(QuestionnaireChoice(override.id, _label(override), override))
        default_ref = override.id
    for entry in list_questionnaires():
        q = entry.questionnaire
        if q is None or any(c.ref == q.id for c in choices):
            continue
        choices.append(QuestionnaireChoice(q.id, _label(q), q))
        if default_ref is None and q.id == DEFAULT_QUESTIONNAIRE_ID:
            default_ref = q.id
    if default_ref is None and choices:
        default_ref = choices[0].ref
    return SetupData(organisations, completed, tuple(choices), default_ref)


def _label(q: Questionnaire) -> str:
    return f"{q.title} · v{q.version} · {len(q.questions)} questions"


def overdue_actions(
    ws: Workspace, *, organisation_ids: Iterable[int]
) -> dict[int, tuple[int, int]]:
    """Per organisation: its current plan (the latest completed assessment's) as (assessment
    id, how many of its actions are past their due date and still open), for those with one.

    Read apart from `home`, so the list is drawn first and the flags follow.
    """
    from cxaudit.domain.board import is_overdue
    from cxaudit.errors import NotFoundError
    from cxaudit.storage import repository
    from cxaudit.storage.repository.actions import actions_of

    found: dict[int, tuple[int, int]] = {}
    with ws.session() as session:
        for organisation_id in organisation_ids:
            try:
                timeline = repository.organisation_timeline(
                    session, organisation_id=organisation_id
                )
            except NotFoundError:
                continue
            if not timeline.completed:
                continue
            assessment_id = timeline.completed[-1].assessment_id
            actions = actions_of(session, assessment_id)
            found[organisation_id] = (
                assessment_id,
                sum(1 for item in actions if is_overdue(item, ws.today)),
            )
    return found


def periods_taken(ws: Workspace, *, organisation_id: int) -> tuple[str, ...]:
    """Every period the organisation has an assessment for, completed or draft (so a new one
    can default to a period that is free)."""
    from cxaudit.storage import repository

    with ws.session() as session:
        timeline = repository.organisation_timeline(session, organisation_id=organisation_id)
        drafts = repository.list_drafts(session)
    completed = tuple(record.period for record in timeline.completed)
    return completed + tuple(d.period for d in drafts if d.organisation_id == organisation_id)
