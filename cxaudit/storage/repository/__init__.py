"""The repository: keyword-only functions that take a session and return domain objects.

The TUI, the CLI, the report and the import/export commands all read and write history through
these functions, so there is one place where rows become domain objects and back. One module
per aggregate (`organisations`, `portfolio`, `assessments`, `respondents`, `answers`,
`actions`, `snapshots`, `history`, `bulk`); every public function is importable from here.

Rules kept throughout:

- **Autosave.** Every function that changes something commits before it returns, in its own
  short transaction (`_tx`); a process killed afterwards loses nothing, and a busy SQLite file
  is waited out rather than reported as "database is locked". Inside `one_transaction` they
  all join the caller's one transaction instead, for use-cases that are all or nothing.
- **Set-based reads.** Answers, respondents and actions are loaded with one select per table for
  any number of assessments (`_load`), never one query per respondent or per organisation.
- **No policy.** Scores, stages, plans, trends, due dates, progress and who a new respondent
  starts from come from `cxaudit.domain`; a completed assessment keeps a snapshot of the
  domain's scores so the portfolio lists in one query.
"""

from __future__ import annotations

from cxaudit.storage.repository._tx import LOCK_RETRIES, one_transaction
from cxaudit.storage.repository.actions import update_action_item
from cxaudit.storage.repository.answers import (
    clear_answer,
    known_questionnaire,
    respondent_questionnaire,
    save_answer,
    save_answer_at_once,
)
from cxaudit.storage.repository.assessments import (
    assessment_periods,
    assessment_questionnaire,
    delete_assessment,
    find_assessment,
    latest_questionnaire,
    load_assessment,
    start_assessment,
)
from cxaudit.storage.repository.bulk import bulk_load_assessments
from cxaudit.storage.repository.history import (
    list_drafts,
    organisation_history,
    organisation_timeline,
)
from cxaudit.storage.repository.links import (
    LinkAccess,
    StoredLink,
    add_links,
    link_by_hash,
    links_of,
    mark_link_seen,
    revoke_links,
)
from cxaudit.storage.repository.organisations import (
    create_organisation,
    create_organisations,
    delete_organisation,
    get_organisation,
    is_archived,
    organisations_by_name,
    set_archived,
    set_next_due,
    slugify,
    update_organisation,
)
from cxaudit.storage.repository.portfolio import list_organisations, portfolio_lines
from cxaudit.storage.repository.respondents import (
    add_respondent,
    add_respondents,
    mark_finished,
    respondent_marks,
    respondent_names,
    write_respondents,
)
from cxaudit.storage.repository.snapshots import complete_assessment, reopen_assessment
from cxaudit.storage.rows import DraftSummary, PortfolioLine
from cxaudit.storage.views import HistoryRecord, OrganisationSummary, OrganisationTimeline

__all__ = [
    "LOCK_RETRIES",
    "DraftSummary",
    "HistoryRecord",
    "LinkAccess",
    "OrganisationSummary",
    "OrganisationTimeline",
    "PortfolioLine",
    "StoredLink",
    "add_links",
    "add_respondent",
    "add_respondents",
    "assessment_periods",
    "assessment_questionnaire",
    "bulk_load_assessments",
    "clear_answer",
    "complete_assessment",
    "create_organisation",
    "create_organisations",
    "delete_assessment",
    "delete_organisation",
    "find_assessment",
    "get_organisation",
    "is_archived",
    "known_questionnaire",
    "latest_questionnaire",
    "link_by_hash",
    "links_of",
    "list_drafts",
    "list_organisations",
    "load_assessment",
    "mark_finished",
    "mark_link_seen",
    "one_transaction",
    "organisation_history",
    "organisation_timeline",
    "organisations_by_name",
    "portfolio_lines",
    "reopen_assessment",
    "respondent_marks",
    "respondent_names",
    "respondent_questionnaire",
    "revoke_links",
    "save_answer",
    "save_answer_at_once",
    "set_archived",
    "set_next_due",
    "slugify",
    "start_assessment",
    "update_action_item",
    "write_respondents",
    "update_organisation",
]
