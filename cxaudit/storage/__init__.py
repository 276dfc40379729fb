"""SQLite and PostgreSQL storage: rows in, domain objects out.

`open_database` gives a `Database`; its short-lived sessions are passed to the repository's
keyword-only functions, which return domain objects. Table rows never leave this package.

The engine and the repository (and with them SQLAlchemy) load on first use of one of their
names (the read models with theirs), each name from the module that defines it, so
`cxaudit.storage.glance` can read a SQLite file before any of them is needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cxaudit.storage.connect import mask_url
    from cxaudit.storage.engine import Database, open_database
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
        link_by_hash,
        links_of,
        list_drafts,
        list_organisations,
        load_assessment,
        mark_finished,
        organisation_history,
        organisation_timeline,
        portfolio_lines,
        reopen_assessment,
        respondent_marks,
        revoke_links,
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

_LAZY = {
    "DraftSummary": "cxaudit.storage.views",
    "HistoryRecord": "cxaudit.storage.views",
    "OrganisationSummary": "cxaudit.storage.views",
    "OrganisationTimeline": "cxaudit.storage.views",
    "Database": "cxaudit.storage.engine",
    "mask_url": "cxaudit.storage.connect",
    "open_database": "cxaudit.storage.engine",
    "add_respondent": "cxaudit.storage.repository.respondents",
    "add_respondents": "cxaudit.storage.repository.respondents",
    "mark_finished": "cxaudit.storage.repository.respondents",
    "respondent_marks": "cxaudit.storage.repository.respondents",
    "link_by_hash": "cxaudit.storage.repository.links",
    "links_of": "cxaudit.storage.repository.links",
    "revoke_links": "cxaudit.storage.repository.links",
    "assessment_questionnaire": "cxaudit.storage.repository.assessments",
    "bulk_load_assessments": "cxaudit.storage.repository.bulk",
    "clear_answer": "cxaudit.storage.repository.answers",
    "complete_assessment": "cxaudit.storage.repository.snapshots",
    "create_organisation": "cxaudit.storage.repository.organisations",
    "delete_assessment": "cxaudit.storage.repository.assessments",
    "delete_organisation": "cxaudit.storage.repository.organisations",
    "find_assessment": "cxaudit.storage.repository.assessments",
    "get_organisation": "cxaudit.storage.repository.organisations",
    "list_drafts": "cxaudit.storage.repository.history",
    "list_organisations": "cxaudit.storage.repository.portfolio",
    "load_assessment": "cxaudit.storage.repository.assessments",
    "organisation_history": "cxaudit.storage.repository.history",
    "organisation_timeline": "cxaudit.storage.repository.history",
    "portfolio_lines": "cxaudit.storage.repository.portfolio",
    "reopen_assessment": "cxaudit.storage.repository.snapshots",
    "save_answer": "cxaudit.storage.repository.answers",
    "start_assessment": "cxaudit.storage.repository.assessments",
    "update_action_item": "cxaudit.storage.repository.actions",
    "update_organisation": "cxaudit.storage.repository.organisations",
}


def __getattr__(name: str) -> Any:
    """Load the engine or the repository when one of their names is first asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cxaudit.storage' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


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
    "link_by_hash",
    "links_of",
    "list_drafts",
    "list_organisations",
    "load_assessment",
    "mark_finished",
    "mask_url",
    "open_database",
    "organisation_history",
    "organisation_timeline",
    "portfolio_lines",
    "reopen_assessment",
    "respondent_marks",
    "revoke_links",
    "save_answer",
    "start_assessment",
    "update_action_item",
    "update_organisation",
]
