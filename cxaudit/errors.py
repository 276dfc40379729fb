"""User-facing failures.

Every failure a user can cause (a bad file, an unknown organisation, a damaged database) is a
`CxauditError` carrying one clear sentence. The CLI prints it as `Error: …` with exit code 2 and
the TUI shows it as a notification; neither shows a traceback unless asked to with `--debug`.
"""

from __future__ import annotations


class CxauditError(Exception):
    """A failure the user can understand and act on, described in one sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFoundError(CxauditError):
    """An organisation, assessment, respondent or questionnaire that does not exist."""


class ValidationProblem(CxauditError):
    """Input that breaks a rule of the domain (a level out of range, an N/A with no reason)."""


class QuestionnaireError(CxauditError):
    """A questionnaire file that cannot be used; `problems` lists every problem found."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems: list[str] = problems or []


class StorageError(CxauditError):
    """A database that cannot be opened, migrated or written."""


class DataImportError(CxauditError):
    """A file that cannot be imported; `problems` lists every bad row with its line and column."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems: list[str] = problems or []


class ReportError(CxauditError):
    """A PDF that cannot be written (for example, an output folder that is not writable)."""
