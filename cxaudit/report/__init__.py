"""Builds the report from domain objects; knows nothing of the database or the TUI.

`build_report` is the one entry point (`build_pdf` and `build_docx` for one format each): the CLI
and the TUI both reach it through `cxaudit.services.reports`, which gathers the data, and get
back where the file went, its page count and any warning the reader should see.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cxaudit.errors import ReportError
from cxaudit.report.data import FileFormat, ReportData, ReportOutcome

__all__ = ["ReportData", "ReportOutcome", "build_docx", "build_pdf", "build_report"]


def _prepare(data: ReportData, output: Path, *, force: bool) -> tuple[Path, list[str]]:
    """What both formats check before building: the data, the target and the brand.

    Returns the target path and the brand's warnings (colours hard to read).
    """
    from cxaudit.domain.readiness import check_reportable
    from cxaudit.report.brand import check_brand
    from cxaudit.report.output import check_replaceable

    # Whoever asked for it, a report of an unfinished assessment marks itself as a draft.
    check_reportable(data.assessment, draft=True)
    if data.profile == "board" and data.board is None:
        raise ReportError("A board report needs the board's lists; gather the data again.")
    warnings = check_brand(data.brand)
    output = Path(output).expanduser()
    check_replaceable(output, force=force)
    return output, warnings


def build_pdf(
    data: ReportData,
    output: Path,
    *,
    deterministic: bool = False,
    font: Path | None = None,
    font_dirs: Sequence[Path] | None = None,
    force: bool = False,
) -> ReportOutcome:
    """Write the report for `data` to `output` as a PDF and say how it went.

    `deterministic` gives byte-identical files for the same data (no timestamps, no random
    ids). `font` is a TrueType file to use instead of DejaVu Sans; `font_dirs` replaces the
    folders searched for DejaVu Sans and for fonts that draw what it cannot. An existing file
    is only replaced when cxaudit wrote it, or with `force`. An assessment that is not complete
    gives a report marked DRAFT on every page; one with no answers gives none. Raises
    `ReportError` (or the domain's `ValidationProblem`) with one sentence when it cannot write.
    """
    from reportlab.platypus.doctemplate import LayoutError

    from cxaudit.report.fonts import load_fonts
    from cxaudit.report.output import write_report_file
    from cxaudit.report.pdf import render

    output, warnings = _prepare(data, output, force=force)
    fonts = load_fonts(font, font_dirs)
    try:
        pdf, pages = render(data, fonts, deterministic=deterministic)
    except LayoutError as exc:
        raise ReportError(f"The report could not be laid out ({exc}).") from None
    write_report_file(output, pdf)
    warnings += fonts.warnings
    missing = fonts.missing_warning()
    if missing:
        warnings.append(missing)
    return ReportOutcome(path=output, pages=pages, warnings=warnings)


def build_docx(
    data: ReportData,
    output: Path,
    *,
    deterministic: bool = False,
    font: Path | None = None,
    font_dirs: Sequence[Path] | None = None,
    force: bool = False,
) -> ReportOutcome:
    """Write the report for `data` to `output` as a Word document and say how it went.

    The same content and order as the PDF, with Word's own headings, tables and styles so a
    consultant can edit it; the charts are pictures drawn with the PDF's fonts (`font`,
    `font_dirs`). The other options and the failures are `build_pdf`'s.
    """
    from cxaudit.report.fonts import load_fonts
    from cxaudit.report.output import write_report_file
    from cxaudit.report.word import render_docx

    output, warnings = _prepare(data, output, force=force)
    fonts = load_fonts(font, font_dirs)
    content, notes = render_docx(data, fonts, deterministic=deterministic)
    write_report_file(output, content)
    return ReportOutcome(path=output, pages=None, warnings=[*warnings, *notes], file_format="docx")


def build_report(
    data: ReportData,
    output: Path,
    *,
    file_format: FileFormat = "pdf",
    deterministic: bool = False,
    font: Path | None = None,
    font_dirs: Sequence[Path] | None = None,
    force: bool = False,
) -> ReportOutcome:
    """Write the report as a PDF or a Word document (see `build_pdf` and `build_docx`)."""
    build = build_docx if file_format == "docx" else build_pdf
    return build(
        data, output, deterministic=deterministic, font=font, font_dirs=font_dirs, force=force
    )
