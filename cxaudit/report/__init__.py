"""Builds the PDF action plan from domain objects; knows nothing of the database or the TUI.

`build_pdf` is the one entry point: the CLI and the TUI both call it (through
`cxaudit.services.reports`, which gathers the data) and get back where the file went, its page count
and any warning the reader should see.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from cxaudit.errors import ReportError
from cxaudit.report.data import ReportData, ReportOutcome

__all__ = ["ReportData", "ReportOutcome", "build_pdf"]


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _write(output: Path, pdf: bytes) -> None:
    """Write the PDF in one step, so a failed write never leaves half a file behind."""
    if output.is_dir():
        raise ReportError(f"Cannot write the report to {output}: it is a folder, not a file.")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(
            f"Cannot create the folder {output.parent} for the report: {_reason(exc)}."
        ) from None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".cxaudit-", suffix=".pdf", dir=output.parent)
    except OSError as exc:
        raise ReportError(f"Cannot write the report to {output}: {_reason(exc)}.") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pdf)
        os.chmod(tmp, 0o644)
        os.replace(tmp, output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ReportError(f"Cannot write the report to {output}: {_reason(exc)}.") from None


def build_pdf(
    data: ReportData,
    output: Path,
    *,
    deterministic: bool = False,
    font: Path | None = None,
    font_dirs: Sequence[Path] | None = None,
) -> ReportOutcome:
    """Write the report for `data` to `output` and say how it went.

    `deterministic` gives byte-identical files for the same data (no timestamps, no random
    ids). `font` is a TrueType file to use instead of DejaVu Sans; `font_dirs` replaces the
    folders searched for DejaVu Sans. Raises `ReportError` when the file cannot be written.
    """
    from reportlab.platypus.doctemplate import LayoutError

    from cxaudit.report.document import render
    from cxaudit.report.fonts import load_fonts

    fonts = load_fonts(font, font_dirs)
    try:
        pdf, pages = render(data, fonts, deterministic=deterministic)
    except LayoutError as exc:
        raise ReportError(f"The report could not be laid out ({exc}).") from None
    output = Path(output).expanduser()
    _write(output, pdf)
    warnings = list(fonts.warnings)
    missing = fonts.missing_warning()
    if missing:
        warnings.append(missing)
    return ReportOutcome(path=output, pages=pages, warnings=warnings)
