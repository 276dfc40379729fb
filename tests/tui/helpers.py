"""Steps the TUI tests share: wait for the app to settle, start an assessment, answer questions."""

from __future__ import annotations

import asyncio

from textual.pilot import Pilot
from textual.widgets import Input

from cxaudit.domain.model import Role, make_answer
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import NotFoundError
from cxaudit.tui.app import CxauditApp


async def settle(pilot: Pilot[None], rounds: int = 500) -> None:
    """Wait until no database worker is running and every queued save has been written."""
    app = pilot.app
    assert isinstance(app, CxauditApp)
    for _ in range(rounds):
        await pilot.pause()
        busy = [w for w in app.workers if w.group != "saves" and w.is_running]
        if not busy and not app.saves.unfinished_tasks and app.workspace is not None:
            await pilot.pause()
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"the app did not settle: {[w.name for w in app.workers]}")


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    """Replace the text of the input matching `selector`."""
    field = pilot.app.screen.query_one(selector, Input)
    field.value = text
    await pilot.pause()


async def start_assessment(
    pilot: Pilot[None],
    *,
    organisation: str = "Acme Stores",
    sector: str = "Retail",
    respondent: str = "Ada Leader",
    period: str | None = None,
) -> None:
    """From Home, fill the New assessment form for a new organisation and start it."""
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    await type_into(pilot, "#new-org-name", organisation)
    await type_into(pilot, "#new-org-sector", sector)
    if period is not None:
        await type_into(pilot, "#new-period", period)
    await type_into(pilot, "#new-name", respondent)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def answer(pilot: Pilot[None], *keys: str) -> None:
    """Press each key in turn on the wizard (a level, then → to move on), letting saves land."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


Given = int | str | tuple[int | str, str]
"""An answer to seed: a level, "na" or "unknown", optionally with its note."""


def seed_assessment(
    db_url: str,
    questionnaire: Questionnaire,
    *,
    organisation: str,
    period: str,
    answers: dict[str, int | str],
    sector: str = "Retail",
    respondent: str = "Ada Leader",
    role: Role = Role.LEADER,
    complete: bool = True,
) -> int:
    """Write an assessment straight through the storage API (a real file); returns its id."""
    return seed_team(
        db_url,
        questionnaire,
        organisation=organisation,
        period=period,
        people=[(respondent, role, {q: (v, f"Note {v}") for q, v in answers.items()})],
        sector=sector,
        complete=complete,
    )


def seed_team(
    db_url: str,
    questionnaire: Questionnaire,
    *,
    organisation: str,
    period: str,
    people: list[tuple[str, Role, dict[str, Given]]],
    sector: str = "Retail",
    complete: bool = True,
) -> int:
    """An assessment answered by several people (name, role, answers), written through the
    storage API; returns its id."""
    from cxaudit.storage import open_database, repository

    db = open_database(db_url)
    try:
        with db.session() as session:
            try:
                org = repository.get_organisation(session, ref=organisation)
            except NotFoundError:
                org = repository.create_organisation(session, name=organisation, sector=sector)
            assert org.id is not None
            assessment = repository.start_assessment(
                session, organisation_id=org.id, period=period, questionnaire=questionnaire
            )
            assert assessment.id is not None
            for name, role, answers in people:
                person = repository.add_respondent(
                    session, assessment_id=assessment.id, name=name, role=role
                )
                assert person.id is not None
                for question_id, given in answers.items():
                    value, note = given if isinstance(given, tuple) else (given, "")
                    reason = "Does not apply here" if value == "na" else ""
                    repository.save_answer(
                        session,
                        respondent_id=person.id,
                        answer=make_answer(question_id, value, na_reason=reason, note=note),
                    )
            if complete:
                repository.complete_assessment(session, assessment_id=assessment.id)
            return assessment.id
    finally:
        db.dispose()


def screen_lines(app: CxauditApp) -> list[str]:
    """The screen as a user sees it, one string per terminal line."""
    app.screen._compositor.full_map  # noqa: B018 - make sure the layout is current
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: CxauditApp) -> str:
    """The screen as one string, lines joined with newlines."""
    return "\n".join(screen_lines(app))
