"""Hand-made data for hostile-input tests: assessments holding whatever text a test needs,
workbooks with a rewritten part, and forged zip directories."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from cxaudit.domain.model import (
    ActionItem,
    Assessment,
    AssessmentStatus,
    Organisation,
    Respondent,
    Role,
    make_answer,
)
from cxaudit.domain.questionnaire import load_questionnaire
from tests.conftest import FIXTURES

MINI = load_questionnaire(FIXTURES / "mini.toml")

SHEET = "xl/worksheets/sheet1.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def mini_assessment(
    org: str,
    people: Sequence[tuple[str, str, str]],
    *,
    owner: str = "",
    action: str = "Do it",
    actions: int = 1,
) -> Assessment:
    """A complete 2026-Q1 assessment of `org` on the mini questionnaire, as storage would hand
    it over: each (name, note, reason) answers alpha.one with 3 and that note and beta.one N/A
    for that reason; `actions` items with that text and owner."""
    return Assessment(
        organisation=Organisation(name=org, slug="org"),
        period="2026-Q1",
        questionnaire_id=MINI.id,
        questionnaire_version=MINI.version,
        questionnaire_hash=MINI.content_hash,
        status=AssessmentStatus.COMPLETE,
        respondents=[
            Respondent(
                name=name,
                role=Role.MANAGER,
                answers={
                    "alpha.one": make_answer("alpha.one", 3, note=note),
                    "beta.one": make_answer("beta.one", "na", na_reason=reason),
                },
            )
            for name, note, reason in people
        ],
        actions=[
            ActionItem(id=n, question_id="alpha.one", area_id="alpha", text=action, owner=owner)
            for n in range(1, actions + 1)
        ],
    )


def workbook(path: Path, rows: list[list[object]]) -> Path:
    """A real one-sheet workbook holding `rows`, written by openpyxl."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def sheet_xml(rows: Iterable[bytes]) -> Iterable[bytes]:
    """A worksheet part whose `<sheetData>` holds `rows` (already-serialised `<row>` elements)."""
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}"><sheetData>'.encode()
    yield from rows
    yield b"</sheetData></worksheet>"


def replace_part(
    path: Path,
    name: str,
    content: bytes | Iterable[bytes],
    *,
    compression: int = zipfile.ZIP_DEFLATED,
    extra_parts: int = 0,
) -> Path:
    """Rewrite the workbook at `path` with part `name` replaced by `content` (streamed, so a
    part of hundreds of megabytes never sits in memory), plus `extra_parts` tiny parts."""
    source = path.with_suffix(".orig")
    path.rename(source)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            if info.filename != name:
                new.writestr(info, old.read(info))
        info = zipfile.ZipInfo(name)
        info.compress_type = compression
        with new.open(info, "w", force_zip64=True) as part:
            if isinstance(content, bytes):
                part.write(content)
            else:
                for chunk in content:
                    part.write(chunk)
        for n in range(extra_parts):
            new.writestr(f"customXml/item{n}.xml", b"<a/>")
    source.unlink()
    return path


def forge_declared_size(path: Path, name: str, size: int) -> Path:
    """Patch the zip's central directory so that part `name` declares `size` unpacked bytes
    (its data is left as it was): a directory that lies."""
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    position = 0
    while True:
        position = data.index(b"PK\x01\x02", position)
        (name_length,) = struct.unpack_from("<H", data, position + 28)
        if data[position + 46 : position + 46 + name_length] == encoded:
            break
        position += 4
    struct.pack_into("<I", data, position + 24, size)
    path.write_bytes(bytes(data))
    return path


def repeated(chunk: bytes, total: int) -> Iterable[bytes]:
    """`chunk` repeated until about `total` bytes were given, a megabyte at a time."""
    block = chunk * max(1, 1_000_000 // len(chunk))
    given = 0
    while given < total:
        yield block
        given += len(block)


def largest_wide_workbook(
    path: Path, *, rows: int, extra_columns: int = 0, questions: int = 5, notes: bool = True
) -> Path:
    """A wide response workbook as large as the limits allow: `rows` respondents answering
    the first `questions` mini questions (with a note each if `notes`), and `extra_columns`
    columns a form tool might add, every text distinct (so the shared-string table is as large
    as the cells), written as XML directly so that a million cells take seconds, not minutes."""
    from xml.sax.saxutils import escape

    asked = [q.id for q in MINI.questions[:questions]]
    header = ["respondent", "role", *asked, *(f"{q}_note" for q in asked if notes)]
    header += [f"extra {n}" for n in range(extra_columns)]
    strings: list[str] = []

    def text(value: str) -> bytes:
        strings.append(value)
        return f'<c t="s"><v>{len(strings) - 1}</v></c>'.encode()

    def sheet_rows() -> Iterable[bytes]:
        yield b'<row r="1">' + b"".join(text(h) for h in header) + b"</row>"
        for n in range(rows):
            cells = [text(f"Person {n}"), text("leader")]
            cells += [f"<c><v>{(n + k) % 5 + 1}</v></c>".encode() for k in range(len(asked))]
            cells += [text(f"note {n} on {q}") for q in asked if notes]
            cells += [text(f"form field {k} of {n}") for k in range(extra_columns)]
            yield f'<row r="{n + 2}">'.encode() + b"".join(cells) + b"</row>"

    workbook(path, [["respondent"]])
    replace_part(path, SHEET, sheet_xml(sheet_rows()))
    with zipfile.ZipFile(path) as archive:
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    kind = "officedocument.spreadsheetml.sharedStrings+xml"
    types = types.replace(
        "</Types>",
        f'<Override PartName="/{SHARED_STRINGS}" ContentType="application/vnd.openxmlformats-'
        f'{kind}"/></Types>',
    )
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml" Id="rIdStrings"/>'
        "</Relationships>",
    )
    replace_part(path, "[Content_Types].xml", types.encode())
    replace_part(path, "xl/_rels/workbook.xml.rels", rels.encode())
    shared = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" count="{len(strings)}">'
    body = (f"<si><t>{escape(s)}</t></si>" for s in strings)
    replace_part(path, SHARED_STRINGS, [shared.encode(), *(b.encode() for b in body), b"</sst>"])
    return path
