"""Reading the Benchmark tab's comparison: in a worker, once per assessment shown, and only for a
completed assessment (peers are compared on completed ones)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxaudit.domain.model import AssessmentStatus

if TYPE_CHECKING:
    from cxaudit.domain.scoring import ScoredAssessment
    from cxaudit.services.benchmark import BenchmarkView
    from cxaudit.services.workspace import Workspace
    from cxaudit.tui.base import CxScreen
    from cxaudit.tui.widgets.benchmark import BenchmarkPane

DRAFT_REASON = "Peers are compared on completed assessments: complete this one first."


def benchmark_or_reason(ws: Workspace, *, organisation_id: int, period: str) -> BenchmarkView | str:
    """The assessment's benchmark, or the one sentence saying there are too few peers (an
    answer the tab shows in place of the comparison, not a failure to report)."""
    from cxaudit.domain.peers import TooFewPeers
    from cxaudit.services.benchmark import benchmark

    try:
        return benchmark(ws, organisation=organisation_id, period=period)
    except TooFewPeers as exc:
        return str(exc)


def load_benchmark(screen: CxScreen[None], pane: BenchmarkPane, data: ScoredAssessment) -> None:
    """Fill `pane` with the assessment's benchmark, or with the sentence saying why not."""
    a = data.assessment
    organisation_id, period = a.organisation.id, a.period
    if organisation_id is None or pane.shown_for == (organisation_id, period, a.status.value):
        return
    pane.shown_for = (organisation_id, period, a.status.value)
    if a.status != AssessmentStatus.COMPLETE:
        pane.say(DRAFT_REASON)
        return
    pane.say("Comparing with the other organisations…")

    def done(found: BenchmarkView | str) -> None:
        if isinstance(found, str):
            pane.say(found)
        else:
            pane.show(found)

    def failed(_: BaseException) -> None:
        pane.shown_for = None  # read again when the tab is next opened
        pane.say("The comparison could not be read.")

    screen.run_db(
        lambda ws: benchmark_or_reason(ws, organisation_id=organisation_id, period=period),
        done,
        group="benchmark",
        on_error=failed,
    )
