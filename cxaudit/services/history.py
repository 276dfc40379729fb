"""An organisation's history over time, and two of its assessments compared.

History is read from the scores kept when each assessment was completed, so a long history
lists without loading a single answer; the terminal app and the CLI read it the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxaudit.services.views import ComparisonData, HistoryData

if TYPE_CHECKING:
    from cxaudit.services.workspace import Workspace
    from cxaudit.storage.glance import TimelineGlance


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
