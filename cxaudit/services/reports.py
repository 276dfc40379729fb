"""Writing a report: gather an assessment and its history from storage, then build the file.

Shared by the CLI and the terminal app. It reads the database through `cxaudit.storage`,
computes every figure with the domain, resolves the user's brand for the organisation, and hands
plain domain objects to `cxaudit.report`, which never touches the database itself. A report is
the `full` one or the `board` summary, as a PDF or as a Word document.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cxaudit.errors import CxauditError, ValidationProblem
from cxaudit.report.brand import Brand
from cxaudit.report.data import (
    FILE_FORMATS,
    PROFILES,
    FileFormat,
    Profile,
    ReportData,
    ReportOutcome,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from cxaudit.config import Settings
    from cxaudit.domain.model import Assessment, Organisation
    from cxaudit.domain.questionnaire import Questionnaire
    from cxaudit.services.workspace import Workspace

__all__ = [
    "FILE_FORMATS",
    "PROFILES",
    "FileFormat",
    "Profile",
    "ReportOutcome",
    "default_report_path",
    "gather_report_data",
    "report_date",
    "report_format",
    "with_peers",
    "write_report",
]

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


def default_report_path(
    org_slug: str,
    period: str,
    *,
    compare_period: str | None = None,
    base: Path | None = None,
    profile: Profile = "full",
    file_format: FileFormat = "pdf",
) -> Path:
    """Where a report goes when no file is named: `reports/<slug>-<period>.pdf` under `base`
    (the current directory by default); a comparison report is `<slug>-<period>-vs-<compare
    period>.pdf`, so it never replaces the plain report of the same period. The board report
    adds `-board`, and a Word document ends in `.docx`."""
    name = f"{org_slug}-{period}" + (f"-vs-{compare_period}" if compare_period else "")
    name += "-board" if profile == "board" else ""
    return (base if base is not None else Path.cwd()) / "reports" / f"{name}.{file_format}"


def report_format(output: Path | None, file_format: FileFormat | None) -> FileFormat:
    """The format asked for, or else the one the output file's name ends in (PDF by default).

    Asking for one format and naming a file that ends in the other is refused rather than
    writing a Word document called `.pdf`.
    """
    suffix = Path(output).suffix.lower().lstrip(".") if output is not None else ""
    named: FileFormat | None = "docx" if suffix == "docx" else "pdf" if suffix == "pdf" else None
    if file_format is None:
        return named or "pdf"
    if file_format not in FILE_FORMATS:
        raise ValidationProblem(
            f"A report is written as {' or '.join(FILE_FORMATS)}, not '{file_format}'."
        )
    if named is not None and named != file_format:
        raise ValidationProblem(
            f"The output file {output} ends in .{named}, but the report asked for is "
            f"{file_format}: name a .{file_format} file, or leave the format out."
        )
    return file_format


def report_brand(settings: Settings, organisation: Organisation) -> tuple[Brand, str]:
    """The brand the user's settings give this organisation, and who the report is by.

    A client's `[brand.organisations."<slug or name>"]` section wins over `[brand]` key by key;
    `brand.prepared_by` wins over the top-level `prepared_by`.
    """
    from cxaudit.paths import config_file

    values, keys = settings.brand.resolve(slug=organisation.slug, name=organisation.name)
    prepared_by = values.pop("prepared_by", None) or settings.prepared_by
    return Brand(**values, keys=keys, source=str(config_file())), prepared_by


def _source_date_epoch() -> date | None:
    value = os.environ.get(SOURCE_DATE_EPOCH, "").strip()
    if not value:
        return None
    try:
        return datetime.fromtimestamp(int(value), tz=UTC).date()
    except (ValueError, OverflowError, OSError):
        raise CxauditError(
            f"{SOURCE_DATE_EPOCH} must be a whole number of seconds since 1970, not '{value}'."
        ) from None


def report_date(assessment: Assessment, *, deterministic: bool, today: date | None = None) -> date:
    """The date printed on the cover.

    `SOURCE_DATE_EPOCH` wins when set; a deterministic build without it uses the assessment's
    own completion (or creation) date, so the same data always gives the same file; otherwise,
    today.
    """
    from_env = _source_date_epoch()
    if from_env is not None:
        return from_env
    if deterministic:
        from cxaudit.domain.periods import parse_period

        stamp = assessment.completed_at or assessment.created_at
        return stamp.date() if stamp is not None else parse_period(assessment.period).start
    return today or date.today()


def _previous_before(
    history: list[tuple[Questionnaire, Assessment]], current: Assessment
) -> tuple[Questionnaire, Assessment] | None:
    """The latest completed assessment whose period starts before the current one's."""
    from cxaudit.domain.periods import period_sort_key

    start = period_sort_key(current.period)[0]
    earlier = [
        (q, a) for q, a in history if a.id != current.id and period_sort_key(a.period)[0] < start
    ]
    return earlier[-1] if earlier else None


def _load_compared(
    session: Session, *, organisation_ref: str, current: Assessment, compare_period: str
) -> tuple[Questionnaire, Assessment]:
    from cxaudit.domain.periods import parse_period
    from cxaudit.storage import assessment_questionnaire, find_assessment

    label = parse_period(compare_period).label
    if label == current.period:
        raise ValidationProblem(
            f"Compare {current.period} with a different period, not with itself."
        )
    if parse_period(label).start > parse_period(current.period).start:
        raise ValidationProblem(
            f"The comparison period {label} comes after {current.period}: compare with an "
            f"earlier period, or report on {label} and compare it with {current.period}."
        )
    other = find_assessment(session, organisation_ref=organisation_ref, period=label)
    assert other.id is not None
    return assessment_questionnaire(session, assessment_id=other.id), other


def _check_peers(peers: bool, sector: str | None, peers_files: Sequence[Path]) -> None:
    if not peers and (sector or peers_files):
        option = "--sector" if sector else "--peers"
        raise ValidationProblem(
            f"{option} chooses the peers of the 'Compared with peers' page, so it cannot be "
            "used with --no-peers."
        )


def with_peers(
    ws: Workspace,
    data: ReportData,
    *,
    sector: str | None = None,
    peers_files: Sequence[Path] = (),
) -> tuple[ReportData, str]:
    """`data` with its benchmark for the "Compared with peers" page, and why it has none (a
    draft, or fewer than 5 peers: then the page is left out and the report says nothing of
    peers); a peers file or sector that cannot be used stops the report with one sentence."""
    from cxaudit.services.benchmark import report_peers

    organisation_id = data.organisation.id
    assert organisation_id is not None
    found = report_peers(
        ws,
        organisation_id=organisation_id,
        period=data.assessment.period,
        sector=sector,
        peers_files=peers_files,
    )
    return replace(data, benchmark=found.result), found.missing


def gather_report_data(
    ws: Workspace,
    *,
    organisation_ref: str,
    period: str | None = None,
    compare_period: str | None = None,
    include_names: bool = False,
    prepared_by: str = "",
    deterministic: bool = False,
    appendix: bool = True,
    profile: Profile = "full",
    peers: bool = True,
    peers_sector: str | None = None,
    peers_files: Sequence[Path] = (),
) -> ReportData:
    """Everything the report shows, read from storage and computed by the domain.

    With `peers`, the assessment's standing among the consultant's other clients when there
    is one to show (`peers_sector` keeps the peers of one sector; `peers_files` adds
    colleagues' `benchmark-export` files).
    """
    _check_peers(peers, peers_sector, peers_files)
    from cxaudit.domain.board import board_summary
    from cxaudit.domain.compare import compare_assessments
    from cxaudit.domain.model import AssessmentStatus
    from cxaudit.domain.periods import period_sort_key
    from cxaudit.domain.plan import path_to_target, plan_for
    from cxaudit.domain.scoring import score_stored, scored
    from cxaudit.domain.trend import build_trend
    from cxaudit.storage import assessment_questionnaire, find_assessment, organisation_history

    with ws.session() as session:
        assessment = find_assessment(session, organisation_ref=organisation_ref, period=period)
        assert assessment.id is not None and assessment.organisation.id is not None
        questionnaire = assessment_questionnaire(session, assessment_id=assessment.id)
        history = organisation_history(session, organisation_id=assessment.organisation.id)
        compared = (
            _load_compared(
                session,
                organisation_ref=organisation_ref,
                current=assessment,
                compare_period=compare_period,
            )
            if compare_period
            else _previous_before(history, assessment)
        )

    result = score_stored(questionnaire, assessment)
    actions = list(assessment.actions)
    if assessment.status == AssessmentStatus.DRAFT:
        # A draft's plan is not stored yet: show the plan completing it would give.
        actions = plan_for(questionnaire, result, actions)
    previous = None
    comparison = None
    if compared is not None:
        prev_q, prev_a = compared
        previous = scored(prev_q, prev_a)
        comparison = compare_assessments(prev_q, prev_a, questionnaire, assessment)
    end = period_sort_key(assessment.period)
    series = [(q, a) for q, a in history if period_sort_key(a.period) <= end]
    if all(a.id != assessment.id for _, a in series):
        series.append((questionnaire, assessment))
    generated = report_date(assessment, deterministic=deterministic)
    board = board_summary(
        questionnaire,
        result,
        actions,
        today=generated,
        previous_actions=previous.assessment.actions if previous is not None else None,
        previous_period=previous.assessment.period if previous is not None else None,
        comparison=comparison,
    )
    data = ReportData(
        organisation=assessment.organisation,
        questionnaire=questionnaire,
        assessment=assessment,
        result=result,
        generated=generated,
        actions=tuple(actions),
        paths={
            area.id: path_to_target(questionnaire, result, area.id) for area in questionnaire.areas
        },
        previous=previous,
        comparison=comparison,
        side_by_side=compare_period is not None,
        trend=build_trend(series),
        prepared_by=prepared_by,
        include_names=include_names,
        appendix=appendix,
        profile=profile,
        board=board,
    )
    if not peers:
        return data
    return with_peers(ws, data, sector=peers_sector, peers_files=peers_files)[0]


def write_report(
    ws: Workspace,
    *,
    organisation_ref: str,
    period: str | None = None,
    compare_period: str | None = None,
    output: Path | None = None,
    deterministic: bool | None = None,
    include_names: bool | None = None,
    draft: bool = False,
    force: bool = False,
    appendix: bool = True,
    profile: Profile = "full",
    file_format: FileFormat | None = None,
    peers: bool = True,
    peers_sector: str | None = None,
    peers_files: Sequence[Path] = (),
) -> ReportOutcome:
    """Write the report for an organisation's assessment and say where it went.

    With no period, the latest assessment. `compare_period` makes a comparison report.
    `profile` is `full` (every section and appendix) or `board` (at most four pages);
    `file_format` is `pdf` or `docx` (by default, what `output`'s name ends in, else PDF).
    `deterministic=None` means "when `SOURCE_DATE_EPOCH` is set"; `include_names=None` follows
    the user's config. The default output is `reports/<slug>-<period>.pdf` in the current folder
    (`…-<period>-vs-<compare period>`, `…-board`, `.docx` as they apply). An assessment that is
    not complete is refused unless `draft` is asked for, and then every page says DRAFT; one
    with no answers is always refused. An existing file that cxaudit did not write is only
    replaced with `force`. `appendix=False` leaves out the appendix of every answer. The
    settings' brand is checked first: a logo or colour it cannot use stops the report with one
    sentence naming the setting. With `peers` (the default), a completed assessment with at
    least 5 peers gets the "Compared with peers" page after the summary (in the board report,
    after where the organisation stands); `peers_sector` and `peers_files` choose the peers as
    `cxaudit benchmark --sector/--peers` do, and when they leave too few the report says so
    in a warning.
    """
    from cxaudit.domain.readiness import check_reportable
    from cxaudit.report import build_report

    if profile not in PROFILES:
        raise ValidationProblem(f"A report is {' or '.join(PROFILES)}, not '{profile}'.")
    chosen_format = report_format(output, file_format)
    settings = ws.settings
    if deterministic is None:
        deterministic = _source_date_epoch() is not None
    if include_names is None:
        include_names = settings.include_respondent_names
    _check_peers(peers, peers_sector, peers_files)
    data = gather_report_data(
        ws,
        organisation_ref=organisation_ref,
        period=period,
        compare_period=compare_period,
        include_names=include_names,
        prepared_by=settings.prepared_by,
        deterministic=deterministic,
        appendix=appendix,
        profile=profile,
        peers=False,
    )
    missing = ""
    if peers:
        data, missing = with_peers(ws, data, sector=peers_sector, peers_files=peers_files)
    brand, prepared_by = report_brand(settings, data.organisation)
    data = replace(data, brand=brand, prepared_by=prepared_by)
    check_reportable(data.assessment, draft=draft)
    target = (
        output
        if output is not None
        else default_report_path(
            data.organisation.slug,
            data.assessment.period,
            compare_period=data.previous.assessment.period
            if data.side_by_side and data.previous is not None
            else None,
            profile=profile,
            file_format=chosen_format,
        )
    )
    outcome = build_report(
        data,
        target,
        file_format=chosen_format,
        deterministic=deterministic,
        font=settings.report_font,
        font_dirs=settings.report_font_dirs,
        force=force,
    )
    warnings = [*settings.warnings, *outcome.warnings]
    if missing and (peers_sector or peers_files):
        # Peers were asked for by name: their absence must not pass unnoticed.
        warnings.append(f"The report has no 'Compared with peers' page. {missing}")
    return replace(outcome, warnings=warnings)
