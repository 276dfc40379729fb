"""Report data built with the real domain functions, for tests that read the PDF back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from cxaudit.domain.board import board_summary
from cxaudit.domain.compare import compare_assessments
from cxaudit.domain.model import (
    ActionItem,
    ActionStatus,
    Assessment,
    AssessmentStatus,
    Organisation,
    Respondent,
    Role,
    make_answer,
)
from cxaudit.domain.plan import build_action_plan, path_to_target
from cxaudit.domain.questionnaire import Questionnaire, load_questionnaire
from cxaudit.domain.scoring import ScoredAssessment as PreviousAssessment
from cxaudit.domain.scoring import resolve_targets, score_assessment
from cxaudit.domain.trend import build_trend
from cxaudit.report import ReportData

ORG_NAME = "Acme & Sons <Retail>"


def organisation() -> Organisation:
    return Organisation(id=1, name=ORG_NAME, slug="acme-sons", sector="retail")


def make_assessment(
    q: Questionnaire,
    period: str,
    levels: dict[str, list[int | str]],
    *,
    notes: dict[tuple[str, int], str] | None = None,
    names: tuple[str, ...] = ("Ana Leader", "Ben Manager", "Cleo Front"),
    actions: list[ActionItem] | None = None,
) -> Assessment:
    """An assessment whose respondent i answered `levels[question][i]` ("na"/"unknown" too)."""
    roles = (Role.LEADER, Role.MANAGER, Role.FRONTLINE)
    notes = notes or {}
    respondents = []
    for index, name in enumerate(names):
        answers = {}
        for question_id, values in levels.items():
            value = values[index]
            answers[question_id] = make_answer(
                question_id,
                value,
                na_reason="We have no shops." if value == "na" else "",
                note=notes.get((question_id, index), ""),
            )
        respondents.append(Respondent(id=index + 1, name=name, role=roles[index], answers=answers))
    return Assessment(
        id=None,
        organisation=organisation(),
        period=period,
        questionnaire_id=q.id,
        questionnaire_version=q.version,
        questionnaire_hash=q.content_hash,
        status=AssessmentStatus.COMPLETE,
        respondents=respondents,
        actions=actions or [],
    )


CURRENT_LEVELS: dict[str, list[int | str]] = {
    "alpha.one": [4, 3, 1],
    "alpha.two": [3, 3, "unknown"],
    "alpha.three": [2, "na", 2],
    "beta.one": [5, 4, 4],
    "beta.two": ["na", "na", "na"],
}
PREVIOUS_LEVELS: dict[str, list[int | str]] = {
    "alpha.one": [3, 2, 1],
    "alpha.two": [2, 2, 2],
    "alpha.three": [2, 1, 2],
    "beta.one": [4, 4, 3],
    "beta.two": [2, 3, 2],
}
OLDEST_LEVELS: dict[str, list[int | str]] = {
    "alpha.one": [2, 2, 1],
    "alpha.two": [2, 1, 2],
    "alpha.three": [1, 1, 2],
    "beta.one": [3, 3, 3],
    "beta.two": [2, 2, 2],
}


def report_data(
    q: Questionnaire,
    *,
    notes: dict[tuple[str, int], str] | None = None,
    names: tuple[str, ...] = ("Ana Leader", "Ben Manager", "Cleo Front"),
    with_history: bool = True,
    side_by_side: bool = False,
    include_names: bool = False,
    profile: str = "full",
) -> ReportData:
    """A three-respondent assessment of the mini questionnaire, scored by the domain."""
    previous_plan = [
        ActionItem(
            id=11,
            question_id="alpha.one",
            area_id="alpha",
            text="A1 from 2",
            owner="Dana <ops> & co",
            due=date(2026, 3, 31),
            status=ActionStatus.DONE,
        ),
        ActionItem(
            id=12,
            question_id="beta.two",
            area_id="beta",
            text="B2 from 2",
            owner="",
            status=ActionStatus.DROPPED,
        ),
    ]
    current = make_assessment(q, "2026-Q2", CURRENT_LEVELS, notes=notes, names=names)
    targets = resolve_targets(q)
    result = score_assessment(q, current.respondents, targets)
    plan = build_action_plan(q, result)
    plan[0] = plan[0].model_copy(update={"owner": "Ops lead", "due": date(2026, 9, 30)})
    current = current.model_copy(update={"actions": plan})
    previous = None
    comparison = None
    trend = None
    if with_history:
        oldest = make_assessment(q, "2025-Q4", OLDEST_LEVELS)
        before = make_assessment(q, "2026-Q1", PREVIOUS_LEVELS, actions=previous_plan)
        previous = PreviousAssessment(
            questionnaire=q,
            assessment=before,
            result=score_assessment(q, before.respondents, targets),
        )
        comparison = compare_assessments(q, before, q, current)
        trend = build_trend([(q, oldest), (q, before), (q, current)])
    generated = date(2026, 7, 2)
    board = board_summary(
        q,
        result,
        current.actions,
        today=generated,
        previous_actions=previous.assessment.actions if previous is not None else None,
        previous_period=previous.assessment.period if previous is not None else None,
        comparison=comparison,
    )
    return ReportData(
        organisation=current.organisation,
        questionnaire=q,
        assessment=current,
        result=result,
        generated=generated,
        actions=tuple(current.actions),
        paths={area.id: path_to_target(q, result, area.id) for area in q.areas},
        previous=previous,
        comparison=comparison,
        side_by_side=side_by_side,
        trend=trend,
        prepared_by="Jo Consultant",
        include_names=include_names,
        profile=profile,  # type: ignore[arg-type]
        board=board,
    )


@pytest.fixture
def mini(mini_questionnaire_path: Path) -> Questionnaire:
    return load_questionnaire(mini_questionnaire_path)


@pytest.fixture
def make_data(mini: Questionnaire) -> Callable[..., ReportData]:
    """Build report data for the mini questionnaire with the given options."""

    def factory(**kwargs: object) -> ReportData:
        return report_data(mini, **kwargs)  # type: ignore[arg-type]

    return factory


def seed_database(
    url: str, q: Questionnaire, *, notes: dict[tuple[str, int], str] | None = None
) -> None:
    """A real SQLite database holding three completed quarters of the organisation."""
    from cxaudit.storage import (
        add_respondent,
        complete_assessment,
        create_organisation,
        open_database,
        save_answer,
        start_assessment,
    )

    db = open_database(url)
    roles = (Role.LEADER, Role.MANAGER, Role.FRONTLINE)
    names = ("Ana Leader", "Ben Manager", "Cleo Front")
    try:
        with db.session() as session:
            org = create_organisation(session, name=ORG_NAME, sector="retail")
            assert org.id is not None
            for period, levels in (
                ("2025-Q4", OLDEST_LEVELS),
                ("2026-Q1", PREVIOUS_LEVELS),
                ("2026-Q2", CURRENT_LEVELS),
            ):
                assessment = start_assessment(
                    session,
                    organisation_id=org.id,
                    period=period,
                    questionnaire=q,
                    carry_forward=True,
                )
                assert assessment.id is not None
                for index, (name, role) in enumerate(zip(names, roles, strict=True)):
                    respondent = add_respondent(
                        session, assessment_id=assessment.id, name=name, role=role
                    )
                    assert respondent.id is not None
                    for question_id, values in levels.items():
                        value = values[index]
                        save_answer(
                            session,
                            respondent_id=respondent.id,
                            answer=make_answer(
                                question_id,
                                value,
                                na_reason="We have no shops." if value == "na" else "",
                                note=(notes or {}).get((question_id, index), "")
                                if period == "2026-Q2"
                                else "",
                            ),
                        )
                complete_assessment(session, assessment_id=assessment.id)
    finally:
        db.dispose()
