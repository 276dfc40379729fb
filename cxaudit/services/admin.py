"""Looking after the database: managing organisations, deleting, and describing it.

An organisation can be renamed, given a sector and area targets, archived (it leaves Home's
list and `orgs` but keeps its history) and brought back. Deleting is final (only a backup
brings the data back), so each deletion is two steps: find what would go, so that the front end
can show it and ask, then delete it by id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cxaudit.domain.model import Assessment, Organisation
    from cxaudit.domain.questionnaire import Questionnaire
    from cxaudit.services.workspace import Workspace


@dataclass(frozen=True)
class DatabaseInfo:
    """Which database is in use and what it holds."""

    display_url: str
    """The URL with any password masked."""
    dialect: str
    """`sqlite` or `postgresql`."""
    sqlite_path: Path | None
    """The file, for a SQLite database."""
    size_bytes: int | None
    """The file's size, for a SQLite database."""
    revision: str | None
    """The schema revision the database is at."""
    head_revision: str
    """The schema revision this cxaudit expects."""
    organisations: int
    assessments: int
    drafts: int
    """Assessments still being answered."""

    @property
    def up_to_date(self) -> bool:
        """Whether the schema is the one this cxaudit expects."""
        return self.revision == self.head_revision


def find_organisation(ws: Workspace, *, organisation: str) -> Organisation:
    """The organisation named by `organisation` (its name, slug or id)."""
    from cxaudit.storage import repository

    with ws.session() as session:
        return repository.get_organisation(session, ref=organisation)


def rename_organisation(ws: Workspace, *, organisation_id: int, name: str) -> Organisation:
    """Give an organisation a new name (checked by `naming.check_name`, new ignoring case)."""
    from cxaudit.storage import repository

    with ws.session() as session:
        return repository.update_organisation(session, organisation_id=organisation_id, name=name)


def set_sector(ws: Workspace, *, organisation_id: int, sector: str) -> Organisation:
    """Set (or, with an empty text, clear) an organisation's sector."""
    from cxaudit.storage import repository

    with ws.session() as session:
        return repository.update_organisation(
            session, organisation_id=organisation_id, sector=sector
        )


def set_targets(
    ws: Workspace, *, organisation_id: int, targets: Mapping[str, float]
) -> Organisation:
    """Replace an organisation's area targets (an area left out has none).

    Each is a score from 1.0 to 5.0 for an area of the questionnaire the organisation's latest
    assessment uses (before its first, the one a new assessment starts with). Completed
    assessments are scored against the new targets from now on.
    """
    from cxaudit.domain.targets import check_area_targets
    from cxaudit.storage import repository

    with ws.session() as session, repository.one_transaction(session):
        questionnaire = repository.latest_questionnaire(session, organisation_id=organisation_id)
        checked = check_area_targets(targets, questionnaire or starting_questionnaire(ws))
        return repository.update_organisation(
            session, organisation_id=organisation_id, default_targets=checked
        )


def starting_questionnaire(ws: Workspace) -> Questionnaire:
    """The questionnaire a new assessment is offered first."""
    if ws.questionnaire_override is not None:
        return ws.questionnaire_override
    from cxaudit.catalogue import default_questionnaire

    return default_questionnaire()


@dataclass(frozen=True)
class ProfileQuestion:
    """One of the questionnaire's profile questions, with an organisation's answer to it."""

    id: str
    question: str
    """The yes/no question, as the questionnaire words it."""
    absent: str
    """The short phrase for "no" ("no contact centre")."""
    default: bool
    answer: bool
    """The organisation's answer, or the default when it has not given one."""
    given: bool
    """Whether the organisation has answered (False: `answer` is the default)."""


def profile_questions(
    ws: Workspace,
    *,
    organisation_id: int | None = None,
    questionnaire: Questionnaire | None = None,
) -> tuple[ProfileQuestion, ...]:
    """The profile questions of `questionnaire` (by default the one new assessments start
    with), answered as the organisation answered them; for a new organisation (no id), at
    their defaults. Empty when the questionnaire has none."""
    chosen = questionnaire or starting_questionnaire(ws)
    given: dict[str, bool] = {}
    if organisation_id is not None:
        from cxaudit.storage import repository

        with ws.session() as session:
            row = repository.get_organisation(session, ref=str(organisation_id))
        given = dict(row.profile)
    return tuple(
        ProfileQuestion(
            id=flag.id,
            question=flag.question,
            absent=flag.absent,
            default=flag.default,
            answer=given.get(flag.id, flag.default),
            given=flag.id in given,
        )
        for flag in chosen.profile
    )


def check_profile_answers(
    questionnaire: Questionnaire, answers: Mapping[str, bool]
) -> dict[str, bool]:
    """Answers to profile questions, each checked to be one of the questionnaire's flags."""
    from cxaudit.domain.applicability import check_profile
    from cxaudit.errors import ValidationProblem

    checked = check_profile(answers)
    for flag_id in checked:
        if not questionnaire.has_profile_flag(flag_id):
            known = ", ".join(flag.id for flag in questionnaire.profile) or "none"
            raise ValidationProblem(
                f"'{flag_id}' is not a profile question of {questionnaire.title} "
                f"(its profile questions: {known})."
            )
    return checked


def set_profile(
    ws: Workspace,
    *,
    organisation_id: int,
    answers: Mapping[str, bool],
    questionnaire: Questionnaire | None = None,
) -> Organisation:
    """Answer some of an organisation's profile questions (the others keep their answers).

    The flags must be `questionnaire`'s (by default the one new assessments start with). The
    change decides which questions apply to assessments started from now on; assessments
    already started keep the profile they were started under.
    """
    from cxaudit.storage import repository

    checked = check_profile_answers(questionnaire or starting_questionnaire(ws), answers)
    with ws.session() as session, repository.one_transaction(session):
        current = repository.get_organisation(session, ref=str(organisation_id))
        return repository.update_organisation(
            session, organisation_id=organisation_id, profile=current.profile | checked
        )


def set_archived(ws: Workspace, *, organisation_id: int, archived: bool) -> Organisation:
    """Archive an organisation (it leaves Home's list and `orgs`; its history stays and it can
    still be named in every command), or bring it back with `archived=False`."""
    from cxaudit.storage import repository

    with ws.session() as session:
        return repository.set_archived(session, organisation_id=organisation_id, archived=archived)


def is_archived(ws: Workspace, *, organisation_id: int) -> bool:
    """Whether the organisation is archived."""
    from cxaudit.storage import repository

    with ws.session() as session:
        return repository.is_archived(session, organisation_id=organisation_id)


def delete_organisation(ws: Workspace, *, organisation_id: int) -> None:
    """Delete an organisation with all of its assessments, answers and actions."""
    from cxaudit.storage import repository

    with ws.session() as session:
        repository.delete_organisation(session, organisation_id=organisation_id, confirm=True)


def find_assessment(ws: Workspace, *, organisation: str, period: str) -> Assessment:
    """`organisation`'s assessment for `period` (as typed, e.g. `2026-q1`)."""
    from cxaudit.storage import repository

    with ws.session() as session:
        return repository.find_assessment(session, organisation_ref=organisation, period=period)


def delete_assessment(ws: Workspace, *, assessment_id: int) -> None:
    """Delete an assessment with its respondents, answers and plan."""
    from cxaudit.storage import repository

    with ws.session() as session:
        repository.delete_assessment(session, assessment_id=assessment_id, confirm=True)


def database_info(ws: Workspace) -> DatabaseInfo:
    """The database's address, engine, file, schema revision and how much it holds."""
    from cxaudit.storage import repository
    from cxaudit.storage.engine import head_revision

    db = ws.db
    revision = db.schema_revision()
    with ws.session() as session:
        summaries = repository.list_organisations(session)
        drafts = len(repository.list_drafts(session))
    path = db.sqlite_path
    return DatabaseInfo(
        display_url=str(db.display_url),
        dialect=db.dialect,
        sqlite_path=path,
        size_bytes=path.stat().st_size if path is not None else None,
        revision=revision,
        head_revision=head_revision(),
        organisations=len(summaries),
        assessments=sum(s.assessment_count for s in summaries),
        drafts=drafts,
    )
