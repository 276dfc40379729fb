"""An organisation's history over time, and two of its assessments compared.

History is read from the scores kept when each assessment was completed, so a long history
lists without loading a single answer; the terminal app and the CLI read it the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxaudit.services.views import (
    ComparisonData,
    HistoryData,
    HistoryView,
    PeriodLine,
    TrendLine,
)

if TYPE_CHECKING:
    from cxaudit.services.workspace import Workspace
    from cxaudit.storage.glance import TimelineGlance

OVERALL = "overall"
"""The overall series' key (`cxaudit.domain.compare.OVERALL`, which loads pydantic; the test of
`first_view` holds the two equal)."""


def history(ws: Workspace, *, organisation: int | str, include_drafts: bool = True) -> HistoryData:
    """An organisation's assessments in period order, and their trend.

    `organisation` is its id, or a reference as typed (id, name or slug). Completed
    assessments come from the scores kept at completion; drafts are scored from their answers.
    """
    from cxaudit.domain.trend import trend_of_snapshots
    from cxaudit.storage import repository

    with ws.session() as session:
        if isinstance(organisation, int):
            organisation_id = organisation
        else:
            found = repository.get_organisation(session, ref=organisation)
            assert found.id is not None
            organisation_id = found.id
        timeline = repository.organisation_timeline(
            session,
            organisation_id=organisation_id,
            include_drafts=include_drafts,
            standalone=isinstance(organisation, int),
        )
    trend = trend_of_snapshots([(r.questionnaire, r.period, r.scores) for r in timeline.completed])
    titles: tuple[tuple[str, str], ...] = ()
    if timeline.records:
        titles = tuple((a.id, a.title) for a in timeline.records[-1].questionnaire.areas)
    return HistoryData(timeline.organisation, timeline.records, trend, titles)


def first_look(db_url: str, *, organisation: str) -> TimelineGlance | None:
    """What `history` lists of completed assessments, read straight from a SQLite file.

    Read-only, without a workspace, SQLAlchemy or pydantic, and only for a SQLite file at this
    version's schema whose completed assessments all keep their score snapshots, with a
    reference that names one organisation (`cxaudit.storage.glance`); None means: open a
    workspace and ask `history`, which explains any problem.
    """
    from cxaudit.storage.glance import glance_timeline

    return glance_timeline(db_url, ref=organisation)


def history_view(ws: Workspace, *, organisation_id: int) -> HistoryView:
    """What the History screen shows of an organisation: `history` with drafts, as plain values."""
    return view_of(history(ws, organisation=organisation_id))


def view_of(data: HistoryData) -> HistoryView:
    """`data` as the History screen shows it: each period's scores read from the domain's trend."""
    from cxaudit.domain.model import AssessmentStatus

    series = data.trend.series
    by_period = {key: {p.period: p.score for p in points} for key, points in series.items()}
    keys = [area_id for area_id, _title in data.area_titles]
    lines = []
    for record in data.records:
        draft = record.status == AssessmentStatus.DRAFT
        scored = {} if draft else {key: by_period.get(key, {}) for key in [OVERALL, *keys]}
        lines.append(
            PeriodLine(
                assessment_id=record.assessment_id,
                period=record.period,
                draft=draft,
                overall=scored.get(OVERALL, {}).get(record.period),
                areas=tuple(scored.get(key, {}).get(record.period) for key in keys),
                respondents=record.scores.respondent_count,
                plan_done=record.actions.done,
                plan_total=record.actions.total,
            )
        )
    trend: tuple[TrendLine, ...] = ()
    if data.trend.periods:
        trend = tuple(
            TrendLine(key, title, tuple(p.score for p in series.get(key, ())))
            for key, title in [(OVERALL, "Overall"), *data.area_titles]
        )
    organisation = data.organisation
    assert organisation.id is not None
    return HistoryView(
        organisation_id=organisation.id,
        name=organisation.name,
        sector=organisation.sector,
        area_titles=data.area_titles,
        lines=tuple(lines),
        trend=trend,
    )


def first_view(db_url: str, *, organisation_id: int) -> HistoryView | None:
    """What `history_view` gives, read straight from a SQLite file before any workspace is open.

    Read-only, a few milliseconds, without SQLAlchemy or pydantic, and only when the file can
    say exactly what the services would (`cxaudit.storage.glance_history`); None means: open a
    workspace and ask `history_view`. A test proves the two equal on real files.
    """
    from cxaudit.domain.periods import period_sort_key
    from cxaudit.storage.glance_history import glance_history

    seen = glance_history(db_url, organisation_id=organisation_id)
    if seen is None:
        return None
    titles = seen.periods[-1].area_titles if seen.periods else ()
    keys = [area_id for area_id, _title in titles]
    lines = []
    for period in seen.periods:
        kept = dict(period.area_scores)
        lines.append(
            PeriodLine(
                assessment_id=period.assessment_id,
                period=period.period,
                draft=period.draft,
                overall=None if period.draft else period.overall,
                areas=tuple(None if period.draft else kept.get(key) for key in keys),
                respondents=period.respondent_count,
                plan_done=period.actions[2],
                plan_total=sum(period.actions),
            )
        )
    # The trend's order: by period start, as `domain.trend.trend_of_snapshots` sorts.
    completed = sorted(
        (p for p in seen.periods if not p.draft), key=lambda p: period_sort_key(p.period)
    )
    trend: tuple[TrendLine, ...] = ()
    if completed:
        trend = (TrendLine(OVERALL, "Overall", tuple(p.overall for p in completed)),)
        trend += tuple(
            TrendLine(key, title, tuple(dict(p.area_scores).get(key) for p in completed))
            for key, title in titles
        )
    return HistoryView(
        organisation_id=seen.organisation_id,
        name=seen.name,
        sector=seen.sector,
        area_titles=titles,
        lines=tuple(lines),
        trend=trend,
    )


def compare(ws: Workspace, *, earlier_id: int, later_id: int) -> ComparisonData:
    """Two assessments of one organisation side by side; the domain computes every delta."""
    from cxaudit.domain.compare import compare_assessments
    from cxaudit.services.results import results

    earlier = results(ws, assessment_id=earlier_id)
    later = results(ws, assessment_id=later_id)
    comparison = compare_assessments(
        earlier.questionnaire, earlier.assessment, later.questionnaire, later.assessment
    )
    return ComparisonData(earlier, later, comparison)
