"""Where a client stands among the consultant's other clients, and the anonymous export that
lets colleagues pool their portfolios.

Both front ends call `benchmark`; `cxaudit benchmark-export` calls `benchmark_export`. Who is
a peer, every figure and every privacy rule are the domain's (`cxaudit.domain.peers` and
`cxaudit.domain.benchmark`); storage reads the peers as aggregates
(`cxaudit.storage.repository.peers`) and `cxaudit.transfer.benchmark_file` reads and writes
the export.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxaudit.domain.peers import MIN_PEERS
from cxaudit.errors import CxauditError

if TYPE_CHECKING:
    from cxaudit.domain.benchmark import Benchmark
    from cxaudit.domain.model import Organisation
    from cxaudit.domain.peers import PeerPool
    from cxaudit.domain.questionnaire import Questionnaire
    from cxaudit.services.workspace import Workspace


@dataclass(frozen=True)
class BenchmarkView:
    """A client's benchmark, with the questionnaire that names its areas and questions."""

    organisation: Organisation
    """The client (never a peer)."""
    questionnaire: Questionnaire
    result: Benchmark


def benchmark(
    ws: Workspace,
    *,
    organisation: int | str,
    period: str | None = None,
    sector: str | None = None,
    peers_files: Sequence[Path] = (),
    minimum: int = MIN_PEERS,
) -> BenchmarkView:
    """The organisation's completed assessment for `period` (else its latest) among its peers.

    `organisation` is its id or a reference as typed (id, name or slug). `sector` keeps only
    peers of that sector; `peers_files` adds the peers of colleagues' exports. Fewer peers than
    `minimum` (never below 5) is refused with one sentence (`TooFewPeers`).
    """
    from cxaudit.domain.benchmark import benchmark as benchmark_of
    from cxaudit.domain.peers import check_minimum, pool_together, wanted_sector
    from cxaudit.storage import repository
    from cxaudit.storage.repository import peers

    check_minimum(minimum)
    wanted = wanted_sector(sector)
    # Files are read and checked before the database, so a bad file changes nothing.
    pooled = [_file_pool(path, wanted) for path in peers_files]
    with ws.session() as session:
        if isinstance(organisation, int):
            found = peers.client_organisation(session, organisation_id=organisation)
        else:
            found = repository.get_organisation(session, ref=organisation)
        assert found.id is not None
        client = peers.client_assessment(session, organisation_id=found.id, period=period)
        questionnaire = repository.assessment_questionnaire(
            session, assessment_id=client.assessment_id
        )
        figures = peers.client_figures(session, client=client)
        pool = peers.peer_pool(
            session,
            organisation_id=found.id,
            questionnaire_id=client.questionnaire_id,
            sector=wanted,
        )
    pools = [pool]
    for path, file_pools in zip(peers_files, pooled, strict=True):
        pools.append(_on_questionnaire(path, file_pools, client.questionnaire_id))
    result = benchmark_of(
        questionnaire, figures, pool_together(pools), minimum=minimum, sector=wanted
    )
    return BenchmarkView(found, questionnaire, result)


@dataclass(frozen=True)
class ReportPeers:
    """What the report's "Compared with peers" page gets: a benchmark, or why there is none."""

    result: Benchmark | None
    missing: str = ""
    """Why there is no page, in one sentence (empty when there is one)."""


def report_peers(
    ws: Workspace,
    *,
    organisation_id: int,
    period: str,
    sector: str | None = None,
    peers_files: Sequence[Path] = (),
) -> ReportPeers:
    """The benchmark for the report's peers page, or the sentence saying why there is none.

    Only the two reasons a report can live with leave the page out: the assessment is not
    completed, or it has fewer than 5 peers. Anything else the user asked for and got wrong (a
    sector that cannot be, a peers file that is unreadable or made for another sector) stops
    the report with its own sentence, as `cxaudit benchmark` would.
    """
    from cxaudit.domain.peers import TooFewPeers
    from cxaudit.storage.repository import peers

    with ws.session() as session:
        try:
            peers.client_assessment(session, organisation_id=organisation_id, period=period)
        except CxauditError as exc:  # not completed: a draft has no standing among peers yet
            return ReportPeers(None, str(exc))
    try:
        view = benchmark(
            ws, organisation=organisation_id, period=period, sector=sector, peers_files=peers_files
        )
    except TooFewPeers as exc:
        return ReportPeers(None, str(exc))
    return ReportPeers(view.result)


def report_benchmark(ws: Workspace, *, organisation_id: int, period: str) -> Benchmark | None:
    """The benchmark the report's "Compared with peers" page shows, or None when there is
    none to show: the assessment is not completed, or it has fewer than 5 peers."""
    return report_peers(ws, organisation_id=organisation_id, period=period).result


def _file_pool(path: Path, sector: str | None) -> list[PeerPool]:
    """A colleague's export, refused when it was made for another sector than asked for.

    Its score ranges are spread out as scores (`benchmark_export.pool_from_export`), so the
    figures they enter are approximate, and the benchmark says so."""
    from cxaudit.domain.benchmark_export import pool_from_export
    from cxaudit.domain.naming import name_key
    from cxaudit.errors import ValidationProblem
    from cxaudit.transfer.benchmark_file import read_peers

    pools = [pool_from_export(exported) for exported in read_peers(path)]
    kept = pools[0].sector if pools else None
    if name_key(kept or "") != name_key(sector or ""):
        if kept is None:
            raise ValidationProblem(
                f"{path} holds peers of every sector, so it cannot be used with --sector; "
                f"export it again with --sector {sector}."
            )
        raise ValidationProblem(
            f"{path} holds only peers in {kept}; use it with --sector {kept}, or export it "
            "again for the peers you want."
        )
    return pools


def _on_questionnaire(path: Path, pools: Sequence[PeerPool], questionnaire_id: str) -> PeerPool:
    from cxaudit.errors import ValidationProblem

    for pool in pools:
        if pool.questionnaire_id == questionnaire_id:
            return pool
    raise ValidationProblem(f"{path} holds no peers on questionnaire {questionnaire_id}.")


def benchmark_export(ws: Workspace, *, sector: str | None = None) -> dict[str, Any]:
    """The anonymous aggregates of every organisation that is not archived, for colleagues.

    One entry per questionnaire at least 5 organisations completed an assessment on, holding
    what `benchmark_export.export_pool` allows (scores only as ranges of at least 5 peers,
    questions only when at least 5 peers answered them); with none, one sentence says so.
    """
    from cxaudit.domain.benchmark_export import export_pool
    from cxaudit.domain.peers import wanted_sector
    from cxaudit.errors import ValidationProblem
    from cxaudit.storage.repository import peers
    from cxaudit.transfer.benchmark_file import peers_data

    wanted = wanted_sector(sector)
    with ws.session() as session:
        pools = peers.portfolio_pools(session, sector=wanted)
    kept = [export_pool(pool) for pool in pools if pool.peers >= MIN_PEERS]
    if not kept:
        most = max((pool.peers for pool in pools), default=0)
        where = f" in {wanted}" if wanted else ""
        raise ValidationProblem(
            f"An export needs at least {MIN_PEERS} organisations{where} with a completed "
            f"assessment on one questionnaire; the most on any is {most}."
        )
    return peers_data(kept, sector=wanted)


def write_benchmark_export(
    ws: Workspace, *, output: Path, sector: str | None = None
) -> tuple[int, int]:
    """Write `benchmark_export` to `output`: (questionnaires, organisations) written."""
    from cxaudit.transfer.benchmark_file import peers_text
    from cxaudit.transfer.exports import write_text_file

    data = benchmark_export(ws, sector=sector)
    write_text_file(output, peers_text(data))
    entries = data["questionnaires"]
    return len(entries), max(entry["peers"] for entry in entries)
