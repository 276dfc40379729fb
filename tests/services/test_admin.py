"""Managing organisations through the use-cases the CLI and the app share: rename, sector,
targets, archive and delete, on SQLite and (with `CXAUDIT_TEST_PG_URL`) on PostgreSQL."""

from __future__ import annotations

import pytest

from cxaudit.catalogue import default_questionnaire
from cxaudit.domain.naming import NAME_MAX
from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.errors import NotFoundError, ValidationProblem
from cxaudit.services import Workspace, admin, portfolio
from cxaudit.services.history import history
from cxaudit.storage import create_organisation, get_organisation
from tests.storage.conftest import db_url, workspace
from tests.storage.test_repository import _completed

__all__ = ["db_url", "workspace"]


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    return workspace


def _organisation(ws: Workspace, name: str, **details: object) -> int:
    with ws.session() as session:
        made = create_organisation(session, name=name, **details)  # type: ignore[arg-type]
    assert made.id is not None
    return made.id


def _stored(ws: Workspace, organisation_id: int) -> tuple[str, str, str, dict[str, float]]:
    with ws.session() as session:
        org = get_organisation(session, ref=str(organisation_id))
    return org.name, org.slug, org.sector, dict(org.default_targets)


# --------------------------------------------------------------------------------------------
# Rename and sector
# --------------------------------------------------------------------------------------------


def test_rename_changes_the_name_and_its_slug(ws: Workspace) -> None:
    acme = _organisation(ws, "Acme", sector="Retail")
    renamed = admin.rename_organisation(ws, organisation_id=acme, name="  Acme Group  ")
    assert (renamed.name, renamed.slug) == ("Acme Group", "acme-group")
    assert _stored(ws, acme)[:3] == ("Acme Group", "acme-group", "Retail")


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "cannot be empty"),
        ("   ", "cannot be empty"),
        ("Evil\x1b]0;pwned\x07", "control characters"),
        ("Two\nlines", "control characters"),
        ("abc\u202etxt", "control characters"),
        ("x" * (NAME_MAX + 1), f"the most is {NAME_MAX}"),
        ("GLOBEX", "already exists"),
    ],
    ids=["empty", "spaces", "escape", "newline", "bidi", "too-long", "taken"],
)
def test_a_refused_name_changes_nothing(ws: Workspace, name: str, problem: str) -> None:
    acme = _organisation(ws, "Acme")
    _organisation(ws, "Globex")
    before = _stored(ws, acme)
    with pytest.raises(ValidationProblem, match=problem):
        admin.rename_organisation(ws, organisation_id=acme, name=name)
    assert _stored(ws, acme) == before


def test_a_name_of_the_longest_length_is_kept(ws: Workspace) -> None:
    acme = _organisation(ws, "Acme")
    longest = "東" * NAME_MAX
    assert admin.rename_organisation(ws, organisation_id=acme, name=longest).name == longest


def test_renaming_to_the_same_name_in_another_case_is_allowed(ws: Workspace) -> None:
    acme = _organisation(ws, "Acme")
    assert admin.rename_organisation(ws, organisation_id=acme, name="ACME").name == "ACME"


def test_renaming_an_unknown_organisation_is_one_sentence(ws: Workspace) -> None:
    with pytest.raises(NotFoundError, match="no organisation with id 404"):
        admin.rename_organisation(ws, organisation_id=404, name="Anything")


def test_sector_is_set_and_cleared(ws: Workspace) -> None:
    acme = _organisation(ws, "Acme")
    assert admin.set_sector(ws, organisation_id=acme, sector=" Energy ").sector == "Energy"
    assert admin.set_sector(ws, organisation_id=acme, sector="").sector == ""


@pytest.mark.parametrize("sector", ["Retail\x1b[2J", "a\tb", "s" * (NAME_MAX + 1)])
def test_a_refused_sector_changes_nothing(ws: Workspace, sector: str) -> None:
    acme = _organisation(ws, "Acme", sector="Retail")
    with pytest.raises(ValidationProblem):
        admin.set_sector(ws, organisation_id=acme, sector=sector)
    assert _stored(ws, acme)[2] == "Retail"


# --------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------


def test_targets_are_checked_against_the_latest_questionnaire(
    ws: Workspace, mini: Questionnaire
) -> None:
    acme = _organisation(ws, "Acme")
    _completed(ws.db, mini, org_id=acme, period="2026-Q1", leader=(4, 3, 2, 5, 1))
    changed = admin.set_targets(ws, organisation_id=acme, targets={"alpha": 3.5, "beta": 4})
    assert changed.default_targets == {"alpha": 3.5, "beta": 4.0}
    # Completed assessments are scored against the targets now in force.
    (record,) = history(ws, organisation=acme).records
    assert {area.area_id: area.target for area in record.scores.areas} == {
        "alpha": 3.5,
        "beta": 4.0,
    }


@pytest.mark.parametrize(
    ("targets", "problem"),
    [
        ({"gamma": 3.0}, "has no area 'gamma'; its areas are alpha, beta"),
        ({"alpha": 5.5}, "between 1.0 and 5.0"),
        ({"alpha": 0.0}, "between 1.0 and 5.0"),
        ({"alpha": float("nan")}, "between 1.0 and 5.0"),
        ({"alpha": float("inf")}, "between 1.0 and 5.0"),
        ({"alpha": "high"}, "must be a number"),
    ],
    ids=["unknown-area", "too-high", "too-low", "nan", "inf", "text"],
)
def test_a_refused_target_changes_nothing(
    ws: Workspace, mini: Questionnaire, targets: dict[str, float], problem: str
) -> None:
    acme = _organisation(ws, "Acme", default_targets={"alpha": 3.0})
    _completed(ws.db, mini, org_id=acme, period="2026-Q1", leader=(4, 3, 2, 5, 1))
    with pytest.raises(ValidationProblem, match=problem):
        admin.set_targets(ws, organisation_id=acme, targets=targets)
    assert _stored(ws, acme)[3] == {"alpha": 3.0}


def test_targets_replace_the_old_ones(ws: Workspace, mini: Questionnaire) -> None:
    acme = _organisation(ws, "Acme", default_targets={"alpha": 3.0, "beta": 4.5})
    _completed(ws.db, mini, org_id=acme, period="2026-Q1", leader=(4, 3, 2, 5, 1))
    assert admin.set_targets(ws, organisation_id=acme, targets={"beta": 2}).default_targets == {
        "beta": 2.0
    }
    assert admin.set_targets(ws, organisation_id=acme, targets={}).default_targets == {}


def test_before_any_assessment_targets_follow_the_questionnaire_a_new_one_starts_with(
    ws: Workspace, mini: Questionnaire
) -> None:
    acme = _organisation(ws, "Acme")
    builtin_area = default_questionnaire().areas[0].id
    admin.set_targets(ws, organisation_id=acme, targets={builtin_area: 4.0})
    with pytest.raises(ValidationProblem, match="has no area 'alpha'"):
        admin.set_targets(ws, organisation_id=acme, targets={"alpha": 4.0})
    # With a questionnaire chosen for this workspace (`--questionnaire`), its areas count.
    chosen = Workspace(ws.db, questionnaire=mini)
    assert admin.set_targets(chosen, organisation_id=acme, targets={"alpha": 4.0}).default_targets
    with pytest.raises(NotFoundError):
        admin.set_targets(ws, organisation_id=404, targets={"alpha": 4.0})


# --------------------------------------------------------------------------------------------
# Archive and delete
# --------------------------------------------------------------------------------------------


def test_archived_organisations_leave_home_and_orgs_until_asked_for(
    ws: Workspace, mini: Questionnaire
) -> None:
    acme = _organisation(ws, "Acme")
    globex = _organisation(ws, "Globex")
    _completed(ws.db, mini, org_id=acme, period="2026-Q1", leader=(4, 3, 2, 5, 1))
    before = history(ws, organisation=acme)

    admin.set_archived(ws, organisation_id=acme, archived=True)

    assert admin.is_archived(ws, organisation_id=acme)
    assert [line.organisation_id for line in portfolio.home(ws).organisations] == [globex]
    assert [s.organisation.id for s in portfolio.organisations(ws)] == [globex]
    assert [o.id for o in portfolio.setup(ws).organisations] == [globex]
    listed = portfolio.organisations(ws, include_archived=True)
    assert [(s.organisation.id, s.archived) for s in listed] == [(acme, True), (globex, False)]
    home = portfolio.home(ws, include_archived=True)
    assert [line.archived for line in home.organisations] == [True, False]
    # Its history is all there, and it is still found by name.
    assert history(ws, organisation="acme") == before
    assert admin.find_organisation(ws, organisation="Acme").id == acme

    admin.set_archived(ws, organisation_id=acme, archived=False)
    assert not admin.is_archived(ws, organisation_id=acme)
    assert [s.organisation.id for s in portfolio.organisations(ws)] == [acme, globex]


def test_an_archived_organisation_can_be_deleted(ws: Workspace) -> None:
    acme = _organisation(ws, "Acme")
    admin.set_archived(ws, organisation_id=acme, archived=True)
    admin.delete_organisation(ws, organisation_id=acme)
    assert portfolio.organisations(ws, include_archived=True) == []
    with pytest.raises(NotFoundError):
        admin.set_archived(ws, organisation_id=acme, archived=False)


def test_database_info_counts_archived_organisations(ws: Workspace) -> None:
    acme = _organisation(ws, "Acme")
    _organisation(ws, "Globex")
    admin.set_archived(ws, organisation_id=acme, archived=True)
    info = admin.database_info(ws)
    assert info.organisations == 2 and info.up_to_date
