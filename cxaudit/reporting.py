"""Deprecated door to `cxaudit.services.reports`, kept while callers move over."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxaudit.services.reports import default_report_path, report_date

if TYPE_CHECKING:
    from cxaudit.report.data import ReportData, ReportOutcome
    from cxaudit.storage import Database

__all__ = ["default_report_path", "gather_report_data", "generate_report", "report_date"]


def gather_report_data(db: Database, **options: Any) -> ReportData:
    """`cxaudit.services.reports.gather_report_data` on an already open database."""
    from cxaudit.services import Workspace
    from cxaudit.services.reports import gather_report_data as gather

    return gather(Workspace(db), **options)


def generate_report(db: Database, *, output: Path | None = None, **options: Any) -> ReportOutcome:
    """`cxaudit.services.reports.write_report` on an already open database."""
    from cxaudit.services import Workspace
    from cxaudit.services.reports import write_report

    return write_report(Workspace(db), output=output, **options)
