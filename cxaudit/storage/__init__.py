"""SQLite and PostgreSQL storage: rows in, domain objects out.

`open_database` gives a `Database`; its short-lived sessions are passed to the repository's
keyword-only functions, which return domain objects. Table rows never leave this package.
"""

from __future__ import annotations

from cxaudit.storage.engine import Database, mask_url, open_database
from cxaudit.storage.repository import (
    add_respondent,
    add_respondents,
    assessment_questionnaire,
    bulk_load_assessments,
    clear_answer,
    complete_assessment,
    create_organisation,
    delete_assessment,
    delete_organisation,
    find_assessment,
    get_organisation,
    list_drafts,
    list_organisations,
    load_assessment,
    organisation_history,
    organisation_timeline,
    reopen_assessment,
    save_answer,
    start_assessment,
    update_action_item,
    update_organisation,
)
from cxaudit.storage.views import (
    DraftSummary,
    HistoryRecord,
    OrganisationSummary,
    OrganisationTimeline,
)

__all__ = [
    "Database",
    "DraftSummary",
    "HistoryRecord",
    "OrganisationSummary",
    "OrganisationTimeline",
    "add_respondent",
    "add_respondents",
    "assessment_questionnaire",
    "bulk_load_assessments",
    "clear_answer",
    "complete_assessment",
    "create_organisation",
    "delete_assessment",
    "delete_organisation",
    "find_assessment",
    "get_organisation",
    "list_drafts",
    "list_organisations",
    "load_assessment",
    "mask_url",
    "open_database",
    "organisation_history",
    "organisation_timeline",
    "reopen_assessment",
    "save_answer",
    "start_assessment",
    "update_action_item",
    "update_organisation",
]
