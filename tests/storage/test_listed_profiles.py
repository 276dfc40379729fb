"""Organisations read for lists and timelines carry the profile they have stored.

`list_organisations`, `portfolio_lines` (and the first look's copy of its SQL) and
`organisation_timeline` read organisations in their own one-query selects; each must hand back
the same profile `get_organisation` does, on SQLite and PostgreSQL, before and after an edit.
"""

from __future__ import annotations

from datetime import date

from cxaudit.storage import (
    Database,
    create_organisation,
    get_organisation,
    list_organisations,
    organisation_timeline,
    portfolio_lines,
    update_organisation,
)
from cxaudit.storage.glance import glance

TODAY = date(2026, 11, 23)


def _listed(db: Database) -> dict[str, dict[str, bool]]:
    """Every way the lists read an organisation's profile, checked to agree, by name."""
    found: dict[str, dict[str, bool]] = {}
    with db.session() as session:
        summaries = list_organisations(session, today=TODAY)
        lines = {line.name: dict(line.profile) for line in portfolio_lines(session, today=TODAY)}
        for summary in summaries:
            organisation = summary.organisation
            assert organisation.id is not None
            stored = get_organisation(session, ref=str(organisation.id)).profile
            timeline = organisation_timeline(session, organisation_id=organisation.id)
            assert organisation.profile == stored == timeline.organisation.profile
            assert lines[organisation.name] == stored
            found[organisation.name] = stored
    if db.dialect == "sqlite":
        db.dispose()
        seen = glance(db.url, today=TODAY)
        assert seen is not None
        assert {line.name: dict(line.profile) for line in seen.organisations} == found
    return found


def test_lists_and_timelines_carry_the_stored_profile(db: Database) -> None:
    with db.session() as session:
        branchless = create_organisation(
            session, name="Branchless Bank", profile={"has_contact_centre": False}
        )
        create_organisation(session, name="Plain Co")
        create_organisation(
            session,
            name="Mixed Ltd",
            profile={"has_contact_centre": True, "recruits_front_line": False},
        )
    assert _listed(db) == {
        "Branchless Bank": {"has_contact_centre": False},
        "Plain Co": {},
        "Mixed Ltd": {"has_contact_centre": True, "recruits_front_line": False},
    }
    assert branchless.id is not None
    with db.session() as session:
        update_organisation(
            session, organisation_id=branchless.id, profile={"has_contact_centre": True}
        )
    assert _listed(db)["Branchless Bank"] == {"has_contact_centre": True}
