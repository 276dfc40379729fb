"""How much an import reads: past these limits a file is refused with one sentence.

Every limit is checked before a file is parsed (its size, a workbook's zip directory and XML) or
while it is streamed (rows, columns, cells), so a file within them imports in bounded memory and
time, and a file past them is refused without being loaded. The numbers, and the memory bound
they give, are documented in docs/reliability.md under "Limits".
"""

from __future__ import annotations

import stat
from pathlib import Path

from cxaudit.errors import DataImportError

MB = 1_000_000

FILE_MAX = 20 * MB
"""The largest workbook (a wide xlsx or a response pack) or other CSV file on disk, in bytes."""
CSV_MAX = 100 * MB
"""The largest response CSV on disk, in bytes: a long file of 1,000,000 answers with short
notes and evidence is about 70 MB."""
BACKUP_MAX = 64 * MB
"""The largest JSON backup on disk, in bytes: reading one takes about five times its size in
memory. A larger set of organisations is backed up one organisation at a time."""

ROWS_MAX = 100_000
"""The most rows in a worksheet or a wide CSV file, one row per respondent (blank rows count: a
row numbered 1,048,576 is refused however empty the rows before it are)."""
COLUMNS_MAX = 1_000
"""The most columns in one row."""
CELLS_MAX = 1_000_000
"""The most cells in a worksheet or a wide CSV file (each row counts as wide as its last
filled cell)."""
LONG_ROWS_MAX = 2_000_000
"""The most rows in a long CSV file, one row per answer: streamed, a row costs time, not
memory, until it is an answer."""
LONG_CELLS_MAX = 20_000_000
"""The most cells in a long CSV file."""
ANSWERS_MAX = 1_000_000
"""The most answers one import reads, from all its files together (10,000 respondents to 100
questions): answers are what an import keeps in memory (about 200 bytes each, compact, until
they are written a batch at a time) and writes."""
RESPONDENTS_MAX = 100_000
"""The most respondents one import reads, from all its files together."""

XLSX_PARTS_MAX = 1_000
"""The most parts (files inside the zip) of a workbook."""
XLSX_UNPACKED_MAX = 100 * MB
"""The most bytes all the parts of a workbook may unpack to, as its zip directory declares."""
XLSX_RATIO_MAX = 100
"""How many times larger than its compressed size a part over `XLSX_RATIO_FLOOR` may unpack
to: real workbooks stay under 20 to 1; zip bombs are hundreds or thousands to 1."""
XLSX_RATIO_FLOOR = 1 * MB
"""Parts that unpack to less than this are never refused for their ratio."""
XLSX_OTHER_ELEMENTS_MAX = 500_000
"""The most XML elements in a part that openpyxl reads whole (styles, the workbook, themes)
and outside a worksheet's cells."""
XLSX_CELL_ELEMENTS_MAX = 256
"""The most XML elements inside one cell or one shared string (rich-text runs)."""

JSON_DEPTH_MAX = 32
"""How deeply a backup's objects and lists may nest (a real backup nests about 10 deep)."""
JSON_DIGITS_MAX = 20
"""The most digits in a number in a backup."""


def megabytes(size: int) -> str:
    """A size as people read it: `20 MB`, `4,000 MB`, `0.3 MB`."""
    value = size / MB
    return f"{value:,.0f} MB" if value >= 10 else f"{value:.1f} MB"


def check_file(path: Path, *, limit: int = FILE_MAX, advice: str = "") -> int:
    """The size of `path`, a regular file of at most `limit` bytes, checked before anything
    reads it (a pipe would wait for ever; a huge file would fill memory); `advice` ends the
    sentence that refuses a file too large."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DataImportError(f"{path} does not exist.") from None
    except OSError as exc:
        raise DataImportError(f"{path} cannot be read ({exc.strerror or exc}).") from None
    if not stat.S_ISREG(info.st_mode):
        raise DataImportError(
            f"{path} is not a regular file: a folder, a pipe or a device cannot be imported."
        )
    if info.st_size > limit:
        size = megabytes(info.st_size)
        if size == megabytes(limit):  # just past the limit: a rounded size would look equal
            size = f"{info.st_size:,} bytes"
        raise DataImportError(
            f"{path} is {size}; cxaudit imports files of at most {limit // MB} MB{advice}."
        )
    return info.st_size


def read_bytes(path: Path, *, limit: int = FILE_MAX, advice: str = "") -> bytes:
    """A file's bytes, refused past `limit` before it is read and while it is read (a file
    that grows meanwhile is not read past the limit)."""
    size = check_file(path, limit=limit, advice=advice)
    try:
        with path.open("rb") as handle:
            # Ask for what the file holds, not for the limit: read(n) reserves n bytes first.
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(limit + 1 - len(data))
    except OSError as exc:
        raise DataImportError(f"{path} cannot be read ({exc.strerror or exc}).") from None
    if len(data) > limit:
        raise DataImportError(f"{path} grew past {limit // MB} MB while it was read.")
    return data


class Tally:
    """Rows, columns and cells of one table counted as it is streamed; the first row past a
    limit stops the reading with one sentence."""

    def __init__(self, origin: str, *, rows: int = ROWS_MAX, cells: int = CELLS_MAX) -> None:
        self.origin = origin
        self.cells = 0
        self.rows_max = rows
        """The most rows (a reader may change it once it knows the layout)."""
        self.cells_max = cells
        """The most cells (likewise)."""

    def row(self, number: int, width: int) -> None:
        """Count row `number` (1-based), `width` cells wide."""
        if number > self.rows_max:
            raise DataImportError(
                f"{self.origin} has more than {self.rows_max:,} rows; split it into smaller files."
            )
        if width > COLUMNS_MAX:
            raise DataImportError(
                f"{self.origin}, line {number} has {width:,} columns; the most is {COLUMNS_MAX:,}."
            )
        self.cells += width
        if self.cells > self.cells_max:
            raise DataImportError(
                f"{self.origin} has more than {self.cells_max:,} cells; split it into smaller "
                "files."
            )

    def within(self, *, rows: int, cells: int) -> None:
        """Hold what is left of the table to `rows` and `cells` (counted from its start)."""
        self.rows_max, self.cells_max = rows, cells


def check_respondents(origin: str, count: int) -> None:
    """Stop reading once more than `RESPONDENTS_MAX` respondents have been read."""
    if count > RESPONDENTS_MAX:
        raise DataImportError(
            f"{origin} holds more than {RESPONDENTS_MAX:,} respondents; import them in smaller "
            "files."
        )


def check_answers(origin: str, count: int) -> None:
    """Stop reading once more than `ANSWERS_MAX` answers have been read."""
    if count > ANSWERS_MAX:
        raise DataImportError(
            f"{origin} holds more than {ANSWERS_MAX:,} answers; import them in smaller files."
        )
