"""Fixtures for the use-case tests: the small questionnaire the report tests also seed with."""

from tests.report.conftest import mini

__all__ = ["mini"]
