"""Moving data in and out of cxaudit: exports and imports chosen by the kind of file.

The front ends call `export` and `import_files`; the use-cases behind them live in
`exchange_export` (backups and spreadsheets out), `exchange_restore` (a backup in) and
`exchange_responses` (answers in, blank packs out), and are re-exported here. The checks that
need no database (`export_format`, `import_kind`) can run before one is opened.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from cxaudit.errors import CxauditError
from cxaudit.services.exchange_export import export_backup, export_csv, export_xlsx
from cxaudit.services.exchange_responses import (
    PackOutcome,
    ResponseImportSummary,
    import_responses,
    write_pack,
)
from cxaudit.services.exchange_restore import (
    BackupImportSummary,
    Replacement,
    backup_replacements,
    import_backup,
)

if TYPE_CHECKING:
    from cxaudit.services.workspace import Workspace

__all__ = [
    "BackupImportSummary",
    "ExportOutcome",
    "PackOutcome",
    "Replacement",
    "ResponseImportSummary",
    "backup_replacements",
    "export",
    "export_backup",
    "export_csv",
    "export_format",
    "export_xlsx",
    "import_backup",
    "import_files",
    "import_kind",
    "import_responses",
    "write_pack",
]

ExportFormat = Literal["json", "csv", "xlsx"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("json", "csv", "xlsx")


@dataclass(frozen=True)
class ExportOutcome:
    """What an export wrote, for a one-line report."""

    path: Path
    format: ExportFormat
    count: int
    """Assessments written (json, xlsx) or answers written (csv)."""

    @property
    def message(self) -> str:
        """One sentence saying what was written where."""
        if self.format == "json":
            return f"Wrote a backup of {self.count} assessments to {self.path}."
        if self.format == "csv":
            return f"Wrote {self.count} answers to {self.path}."
        return f"Wrote {self.count} assessments to {self.path}."


def export_format(output: Path, fmt: str | None = None) -> ExportFormat:
    """The format asked for, else the one `output`'s suffix names; refuse any other."""
    chosen = (fmt or output.suffix.lstrip(".")).lower()
    for known in EXPORT_FORMATS:
        if chosen == known:
            return known
    raise CxauditError(f"Cannot tell the format of {output.name}: use --format json, csv or xlsx.")


def export(
    ws: Workspace,
    *,
    output: Path,
    fmt: str | None = None,
    organisation: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExportOutcome:
    """Export everything (or one organisation) as a json backup, a long csv or an xlsx workbook.

    `progress(done, total)`, when given, hears of each organisation read.
    """
    from cxaudit.transfer.backup import backup_text
    from cxaudit.transfer.exports import write_text_file

    chosen = export_format(output, fmt)
    if chosen == "json":
        data = export_backup(ws, organisation=organisation, progress=progress)
        write_text_file(output, backup_text(data))
        count = sum(len(o["assessments"]) for o in data["organisations"])
    elif chosen == "csv":
        count = export_csv(ws, path=output, organisation=organisation, progress=progress)
    else:
        count = export_xlsx(ws, path=output, organisation=organisation, progress=progress)
    return ExportOutcome(output, chosen, count)


def import_kind(
    paths: Sequence[Path],
    *,
    organisation: str | None = None,
    period: str | None = None,
    complete: bool = False,
    accept_unverified: bool = False,
) -> Literal["backup", "responses"]:
    """Whether `paths` are one backup or response files; refuse a mix, a missing file, or
    options a backup cannot take."""
    for path in paths:
        if not path.exists():
            raise CxauditError(f"{path} does not exist.")
    backups = [p for p in paths if p.suffix.lower() == ".json"]
    if not backups:
        return "responses"
    if len(paths) > 1:
        raise CxauditError("Import one json backup at a time, without response files.")
    if organisation or period or complete:
        raise CxauditError(
            "A backup names its own organisations and periods; drop --org, --period and --complete."
        )
    if accept_unverified:
        raise CxauditError(
            "A backup restores answers as they were saved, unverified marks included; "
            "drop --accept-unverified."
        )
    return "backup"


def import_files(
    ws: Workspace,
    *,
    paths: Sequence[Path],
    organisation: str | None = None,
    period: str | None = None,
    replace: bool = False,
    questionnaire_ref: str | None = None,
    complete: bool = False,
    accept_unverified: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> BackupImportSummary | ResponseImportSummary:
    """Import a json backup, or response files (csv, xlsx, filled packs) into a period.

    `accept_unverified` lets response rows at or above their evidence gate in without evidence,
    marked unverified. `progress(done, total)`, when given, hears as the import advances.
    """
    kind = import_kind(
        paths,
        organisation=organisation,
        period=period,
        complete=complete,
        accept_unverified=accept_unverified,
    )
    if kind == "backup":
        return import_backup(ws, path=paths[0], replace=replace, progress=progress)
    return import_responses(
        ws,
        paths=paths,
        organisation=organisation,
        period=period,
        questionnaire_ref=questionnaire_ref,
        complete=complete,
        accept_unverified=accept_unverified,
        progress=progress,
    )
