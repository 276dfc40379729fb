"""Writing the report from the Results screen: the call in the worker, and the path shown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from cxaudit.report.data import FileFormat, Profile, ReportOutcome
    from cxaudit.services.workspace import Workspace


def shown_path(path: Path) -> str:
    """`path` relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def write_report_file(
    ws: Workspace, *, organisation_ref: str, period: str, profile: str, file_format: str
) -> ReportOutcome:
    """Write the report asked for, or say in one sentence that this build cannot."""
    from cxaudit.services.views import FeatureMissing

    try:
        from cxaudit.services.reports import write_report

        return write_report(
            ws,
            organisation_ref=organisation_ref,
            period=period,
            profile=cast("Profile", profile),
            file_format=cast("FileFormat", file_format),
        )
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith(("reportlab", "cxaudit.report", "docx")):
            raise
        raise FeatureMissing("Reports are not available in this build of cxaudit.") from None
