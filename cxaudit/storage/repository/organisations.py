"""Organisations: the clients or business units assessed over time.

What a name may be, when two names are the same, the slug a name gives and which organisation
a typed reference means are the domain's rules (`cxaudit.domain.naming`); here they are applied
to the stored organisations. Changing an organisation's default targets changes what its
completed assessments score against, so their kept snapshots are refreshed in the same
transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import EllipsisType
from typing import Any, NamedTuple

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from cxaudit.domain import naming
from cxaudit.domain.applicability import check_profile
from cxaudit.domain.model import Organisation
from cxaudit.domain.naming import slugify as slugify
from cxaudit.domain.targets import check_targets
from cxaudit.errors import NotFoundError, ValidationProblem
from cxaudit.storage.repository._convert import COMPLETE, organisation_from_row
from cxaudit.storage.repository._tx import now_utc, writes
from cxaudit.storage.repository.snapshots import refresh_snapshot
from cxaudit.storage.rows import stored_targets
from cxaudit.storage.tables import assessments, organisations


class _Named(NamedTuple):
    """An organisation as a typed reference is matched against it."""

    id: int
    name: str
    slug: str


def unique_slug(session: Session, name: str, *, exclude_id: int | None = None) -> str:
    """The name's slug, with `-2`, `-3`… added when another organisation already has it."""
    base = naming.slugify(name)
    query = select(organisations.c.slug).where(
        (organisations.c.slug == base) | organisations.c.slug.like(f"{base}-%")
    )
    if exclude_id is not None:
        query = query.where(organisations.c.id != exclude_id)
    return naming.unique_slug(name, set(session.execute(query).scalars()))


def _names_in_use(session: Session, *, exclude_id: int | None = None) -> dict[str, str]:
    """Every stored organisation's name by the form names are compared in (`naming.name_key`)."""
    query = select(organisations.c.name)
    if exclude_id is not None:
        query = query.where(organisations.c.id != exclude_id)
    return {naming.name_key(name): name for name in session.execute(query).scalars()}


def _check_name_free(session: Session, name: str, *, exclude_id: int | None = None) -> str:
    """The name as it will be kept, once the domain accepts it and no other organisation has it."""
    clean = naming.check_name(name)
    existing = _names_in_use(session, exclude_id=exclude_id).get(naming.name_key(clean))
    if existing is not None:
        raise ValidationProblem(f"An organisation called '{existing}' already exists.")
    return clean


def organisation_row(session: Session, organisation_id: int) -> Any:
    """The organisation's row; NotFoundError if there is none."""
    row = session.execute(
        select(organisations).where(organisations.c.id == organisation_id)
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"There is no organisation with id {organisation_id}.")
    return row


@writes
def create_organisation(
    session: Session,
    *,
    name: str,
    sector: str = "",
    default_targets: Mapping[str, float] | None = None,
    next_due: date | None = None,
    profile: Mapping[str, bool] | None = None,
) -> Organisation:
    """Add an organisation; its name must be new (ignoring case) and its slug is made from it.

    `profile` holds its answers to the profile questions (flag id to yes/no).
    """
    clean = _check_name_free(session, name)
    values = {
        "profile": check_profile(profile or {}),
        "name": clean,
        "slug": unique_slug(session, clean),
        "sector": naming.check_sector(sector),
        "default_targets": check_targets(default_targets),
        "next_due": next_due,
        "created_at": now_utc(),
    }
    try:
        new_id = session.execute(
            insert(organisations).values(**values).returning(organisations.c.id)
        ).scalar_one()
    except IntegrityError:
        session.rollback()
        raise ValidationProblem(f"An organisation called '{clean}' already exists.") from None
    return organisation_from_row(organisation_row(session, int(new_id)))


@writes
def create_organisations(
    session: Session, *, organisations_to_add: Sequence[Organisation]
) -> list[Organisation]:
    """Add many organisations at once (a backup's), each as `create_organisation` would.

    Every name is checked and must be new, ignoring case, among the stored ones and among
    these; each gets its own slug. The names and slugs there are are read once, so a hundred
    thousand organisations cost a few statements, not a scan each. Returns them with their ids,
    in the order given (the slugs given are ignored).
    """
    names = _names_in_use(session)
    slugs = set(session.execute(select(organisations.c.slug)).scalars())
    now = now_utc()
    rows: list[dict[str, Any]] = []
    for organisation in organisations_to_add:
        clean = naming.check_name(organisation.name)
        key = naming.name_key(clean)
        if key in names:
            raise ValidationProblem(f"An organisation called '{names[key]}' already exists.")
        names[key] = clean
        slug = naming.unique_slug(clean, slugs)
        slugs.add(slug)
        rows.append(
            {
                "name": clean,
                "slug": slug,
                "sector": naming.check_sector(organisation.sector),
                "default_targets": check_targets(organisation.default_targets),
                "next_due": organisation.next_due,
                "created_at": now,
                "profile": check_profile(organisation.profile),
            }
        )
    added: list[Organisation] = []
    for start in range(0, len(rows), _BATCH):
        batch = rows[start : start + _BATCH]
        ids = session.execute(
            insert(organisations).returning(organisations.c.id, sort_by_parameter_order=True),
            batch,
        ).scalars()
        added += [
            Organisation(
                id=int(new_id),
                name=row["name"],
                slug=row["slug"],
                sector=row["sector"],
                default_targets=row["default_targets"],
                next_due=row["next_due"],
                profile=row["profile"],
            )
            for new_id, row in zip(ids, batch, strict=True)
        ]
    return added


_BATCH = 5_000
"""Rows per insert statement when many organisations are added at once."""


def get_organisation(session: Session, *, ref: str) -> Organisation:
    """The one organisation a typed reference means: its id, its name (ignoring case) or its slug.

    `naming.resolve_organisation` decides: a reference that fits two organisations means none
    of them, and one that fits none is answered with the close names there are.
    """
    candidates = [
        _Named(*row)
        for row in session.execute(
            select(organisations.c.id, organisations.c.name, organisations.c.slug)
        )
    ]
    chosen = naming.resolve_organisation(str(ref), candidates)
    return organisation_from_row(organisation_row(session, chosen.id))


def organisations_by_name(session: Session) -> dict[str, Organisation]:
    """Every organisation (archived ones too) by the form names are compared in
    (`naming.name_key`), read at once: for matching the many names of a backup by name."""
    rows = session.execute(select(organisations).order_by(organisations.c.id)).all()
    return {naming.name_key(row.name): organisation_from_row(row) for row in rows}


@writes
def update_organisation(
    session: Session,
    *,
    organisation_id: int,
    name: str | EllipsisType = ...,
    sector: str | EllipsisType = ...,
    default_targets: Mapping[str, float] | None | EllipsisType = ...,
    next_due: date | None | EllipsisType = ...,
    profile: Mapping[str, bool] | EllipsisType = ...,
) -> Organisation:
    """Change an organisation's details; arguments left out stay as they are.

    A new `profile` replaces the stored one. It decides which questions apply to assessments
    started from now on; those already started keep the profile they were started with.
    """
    row = organisation_row(session, organisation_id)
    values: dict[str, Any] = {}
    if not isinstance(name, EllipsisType) and name.strip() != row.name:
        clean = _check_name_free(session, name, exclude_id=organisation_id)
        values["name"] = clean
        if naming.slugify(clean) != row.slug:
            values["slug"] = unique_slug(session, clean, exclude_id=organisation_id)
    if not isinstance(sector, EllipsisType):
        values["sector"] = naming.check_sector(sector)
    if not isinstance(default_targets, EllipsisType):
        values["default_targets"] = check_targets(default_targets)
    if not isinstance(next_due, EllipsisType):
        values["next_due"] = next_due
    if not isinstance(profile, EllipsisType):
        values["profile"] = check_profile(profile)
    if values:
        try:
            session.execute(
                update(organisations).where(organisations.c.id == organisation_id).values(**values)
            )
        except IntegrityError:
            session.rollback()
            raise ValidationProblem(
                f"An organisation called '{values.get('name', row.name)}' already exists."
            ) from None
    targets_changed = "default_targets" in values and values["default_targets"] != stored_targets(
        row.default_targets
    )
    if targets_changed:
        # Kept scores carry each area's target; history must show the targets now in force.
        completed = session.execute(
            select(assessments.c.id).where(
                assessments.c.organisation_id == organisation_id,
                assessments.c.status == COMPLETE,
            )
        ).scalars()
        for assessment_id in list(completed):
            refresh_snapshot(session, int(assessment_id))
    return organisation_from_row(organisation_row(session, organisation_id))


@writes
def set_next_due(session: Session, *, due_by_organisation: Mapping[int, date | None]) -> None:
    """Set many organisations' next due dates at once (a backup's own dates, after a load)."""
    if not due_by_organisation:
        return
    statement = (
        update(organisations)
        .where(organisations.c.id == bindparam("organisation_id"))
        .values(next_due=bindparam("due"))
    )
    rows = [{"organisation_id": i, "due": due} for i, due in due_by_organisation.items()]
    session.connection().execute(statement, rows)


@writes
def set_archived(session: Session, *, organisation_id: int, archived: bool) -> Organisation:
    """Archive an organisation (it leaves the lists, its history stays) or bring it back.

    Archiving one already archived keeps the moment it was first archived.
    """
    row = organisation_row(session, organisation_id)
    if archived and row.archived_at is None:
        values: dict[str, Any] = {"archived_at": now_utc()}
    elif not archived and row.archived_at is not None:
        values = {"archived_at": None}
    else:
        values = {}
    if values:
        session.execute(
            update(organisations).where(organisations.c.id == organisation_id).values(**values)
        )
    return organisation_from_row(row)


def is_archived(session: Session, *, organisation_id: int) -> bool:
    """Whether the organisation is archived; NotFoundError if there is none."""
    return organisation_row(session, organisation_id).archived_at is not None


@writes
def delete_organisation(session: Session, *, organisation_id: int, confirm: bool) -> None:
    """Delete an organisation with all of its assessments and their data; needs `confirm`."""
    row = organisation_row(session, organisation_id)
    if not confirm:
        raise ValidationProblem(
            f"Deleting {row.name} removes all of its assessments, answers and actions; "
            "confirm to go ahead."
        )
    session.execute(delete(organisations).where(organisations.c.id == organisation_id))
