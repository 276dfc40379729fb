"""Where a finished report goes: written in one step, never over a file cxaudit did not write.

Writing a report again replaces the earlier one, which is what people expect. Writing over any
other file (a contract someone saved as `report.pdf`) needs `force`. Whether cxaudit wrote a file
is read from the file itself: the PDF's document information says its Creator is cxaudit; a Word
document says cxaudit last saved it. A Word document someone edited and saved since was last
saved by them, so their edits are never lost to a new report without `force`.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from pathlib import Path

from cxaudit.errors import ReportError

CREATOR = "cxaudit"
"""The Creator every report records in its document information."""

_TRAILER = re.compile(rb"/Info\s+(\d+)\s+0\s+R.*startxref\s+(\d+)\s+%%EOF\s*$", re.DOTALL)
_XREF = re.compile(rb"xref\s+(\d+)\s+(\d+)\s*?\r?\n")
_CREATOR = re.compile(rb"/Creator\s*\(" + re.escape(CREATOR.encode()) + rb"\)")
_XREF_ENTRY = 20
"""Bytes per entry of a cross-reference table ("0000001634 00000 n" and a two-byte end)."""


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


_LAST_SAVED_BY = re.compile(
    rb"<cp:lastModifiedBy>\s*" + re.escape(CREATOR.encode()) + rb"\s*</cp:lastModifiedBy>"
)
CORE_PROPERTIES = "docProps/core.xml"


def written_by_cxaudit(path: Path) -> bool:
    """Whether the report at `path` (a PDF or a Word document) was written by cxaudit."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError:
        return False
    if magic.startswith(b"PK"):
        return _docx_by_cxaudit(path)
    return _pdf_by_cxaudit(path)


def _docx_by_cxaudit(path: Path) -> bool:
    """Whether the Word document at `path` was last saved by cxaudit (and not edited since)."""
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read(CORE_PROPERTIES)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return False
    return _LAST_SAVED_BY.search(core) is not None


def _pdf_by_cxaudit(path: Path) -> bool:
    """Whether the PDF at `path` names cxaudit as its Creator.

    Follows the trailer to the document information dictionary through the cross-reference
    table, as a PDF reader does, so text elsewhere in a file never counts.
    """
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - 4096))
            trailer = _TRAILER.search(handle.read())
            if trailer is None:
                return False
            info, xref = int(trailer[1]), int(trailer[2])
            handle.seek(xref)
            table = _XREF.match(handle.read(64))
            if table is None:
                return False
            first, count = int(table[1]), int(table[2])
            if not first <= info < first + count:
                return False
            handle.seek(xref + table.end() + _XREF_ENTRY * (info - first))
            offset = int(handle.read(10))
            handle.seek(offset)
            body = handle.read(8192)
    except (OSError, ValueError):
        return False
    if not re.match(rb"\s*%d\s+0\s+obj" % info, body):
        return False
    return _CREATOR.search(body.split(b"endobj", 1)[0]) is not None


def check_replaceable(output: Path, *, force: bool) -> None:
    """Refuse to write over an existing file that is not a cxaudit report, unless `force`."""
    if output.is_dir():
        raise ReportError(f"Cannot write the report to {output}: it is a folder, not a file.")
    if force or not output.exists() or written_by_cxaudit(output):
        return
    edited = ", or was edited since" if output.suffix.lower() == ".docx" else ""
    raise ReportError(
        f"{output} already exists and was not written by cxaudit{edited}: choose another "
        "file, or replace it on purpose (--force)."
    )


def write_report_file(output: Path, content: bytes) -> None:
    """Write the report in one step, so a failed write never leaves half a file behind."""
    if output.is_dir():
        raise ReportError(f"Cannot write the report to {output}: it is a folder, not a file.")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(
            f"Cannot create the folder {output.parent} for the report: {_reason(exc)}."
        ) from None
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=".cxaudit-", suffix=output.suffix or ".tmp", dir=output.parent
        )
    except OSError as exc:
        raise ReportError(f"Cannot write the report to {output}: {_reason(exc)}.") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ReportError(f"Cannot write the report to {output}: {_reason(exc)}.") from None
