"""Builds the PDF action plan from domain objects; knows nothing of the database or the TUI.

`build_pdf` is the one entry point: the CLI and the TUI both call it (through
`cxaudit.services.reports`, which gathers the data) and get back where the file went, its page count
and any warning the reader should see.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cxaudit.errors import ReportError
from cxaudit.report.data import ReportData, ReportOutcome

__all__ = ["ReportData", "ReportOutcome", "build_pdf"]


def build_pdf(
    data: ReportData,
    output: Path,
    *,
    deterministic: bool = False,
    font: Path | None = None,
    font_dirs: Sequence[Path] | None = None,
    force: bool = False,
) -> ReportOutcome:
    """Write the report for `data` to `output` and say how it went.

    `deterministic` gives byte-identical files for the same data (no timestamps, no random
    ids). `font` is a TrueType file to use instead of DejaVu Sans; `font_dirs` replaces the
    folders searched for DejaVu Sans and for fonts that draw what it cannot. An existing file
    is only replaced when cxaudit wrote it, or with `force`. An assessment that is not complete
    gives a report marked DRAFT on every page; one with no answers gives none. Raises
    `ReportError` (or the domain's `ValidationProblem`) with one sentence when it cannot write.
    """
    from reportlab.platypus.doctemplate import LayoutError

    from cxaudit.domain.readiness import check_reportable
    from cxaudit.report.document import render
    from cxaudit.report.fonts import load_fonts
    from cxaudit.report.output import check_replaceable, write_pdf

    # Whoever asked for it, a report of an unfinished assessment marks itself as a draft.
    check_reportable(data.assessment, draft=True)
    output = Path(output).expanduser()
    check_replaceable(output, force=force)
    fonts = load_fonts(font, font_dirs)
    try:
        pdf, pages = render(data, fonts, deterministic=deterministic)
    except LayoutError as exc:
        raise ReportError(f"The report could not be laid out ({exc}).") from None
    write_pdf(output, pdf)
    warnings = list(fonts.warnings)
    missing = fonts.missing_warning()
    if missing:
        warnings.append(missing)
    return ReportOutcome(path=output, pages=pages, warnings=warnings)
