"""The Word file itself: its properties, and the same bytes for the same report when asked.

The properties name the report and say cxaudit last saved it, which is how a later report knows
it may replace the file (`cxaudit.report.output`): once someone edits and saves it, it is theirs.
python-docx's template carries a thumbnail of an empty page; it is dropped so that no file
browser shows a blank preview for a full report.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, time

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from cxaudit.report.data import ReportData
from cxaudit.report.output import CREATOR
from cxaudit.report.text import clean
from cxaudit.report.titles import document_title

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry: every part of a deterministic file has it."""


def finish(doc: Document, data: ReportData, *, deterministic: bool) -> Document:
    """Set the document's properties and drop the template's thumbnail."""
    properties = doc.core_properties
    properties.title = clean(document_title(data))
    properties.subject = "Scores, gaps and prioritised actions"
    properties.author = clean(data.prepared_by) or CREATOR
    properties.last_modified_by = CREATOR
    properties.comments = f"Written by {CREATOR}."
    properties.category = "CX maturity assessment"
    properties.keywords = ""
    properties.revision = 1
    stamp = (
        datetime.combine(data.generated, time(0, 0), tzinfo=UTC)
        if deterministic
        else datetime.now(UTC).replace(microsecond=0)
    )
    properties.created = properties.modified = stamp
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
    return doc


def without_timestamps(content: bytes) -> bytes:
    """The same document with every part's timestamp fixed, so equal reports are equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return buffer.getvalue()
