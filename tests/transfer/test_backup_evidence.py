"""JSON backups keep what issue 21 added: each answer's confidence, evidence and unverified
mark, the organisation's and the assessment's profile, a respondent's anonymity and finish
time, and whether an organisation is archived. A backup written before these existed still
restores, with the values that older cxaudit meant."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxaudit.domain.model import (
    Assessment,
    AssessmentStatus,
    Confidence,
    Organisation,
    Respondent,
    Role,
    make_answer,
)
from cxaudit.errors import DataImportError
from cxaudit.services.exchange import export_backup, import_backup
from cxaudit.services.workspace import Workspace
from cxaudit.storage import repository
from cxaudit.transfer.backup import backup_text
from cxaudit.transfer.backup_writer import backup_data
from tests.transfer.gated import GATED

STAMP = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FLAGS = ("has_contact_centre", "has_shops")

EXAMPLES = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _assessment(
    org: Organisation,
    period: str,
    answers: list[tuple[str, int | str, str, Confidence, bool]],
    *,
    profile: dict[str, bool],
    anonymous: bool = False,
    finished: bool = False,
) -> Assessment:
    """A complete assessment with one respondent giving `answers` (question, value, evidence,
    confidence, unverified)."""
    return Assessment(
        organisation=org,
        period=period,
        questionnaire_id=GATED.id,
        questionnaire_version=GATED.version,
        questionnaire_hash=GATED.content_hash,
        status=AssessmentStatus.COMPLETE,
        created_at=STAMP,
        completed_at=STAMP,
        profile=profile,
        respondents=[
            Respondent(
                name="Respondent 1" if anonymous else "Ann",
                role=Role.LEADER,
                anonymous=anonymous,
                finished_at=STAMP if finished else None,
                answers={
                    qid: make_answer(
                        qid,
                        value,
                        na_reason="We have none" if value == "na" else "",
                        evidence=evidence,
                        confidence=confidence,
                        unverified=unverified,
                        updated_at=STAMP,
                    )
                    for qid, value, evidence, confidence, unverified in answers
                },
            )
        ],
    )


def _restore(tmp_path: Path, data: dict[str, Any], name: str = "empty.db") -> Workspace:
    saved = tmp_path / f"{name}.json"
    saved.write_text(backup_text(data), encoding="utf-8")
    ws = Workspace.open(f"sqlite:///{tmp_path / name}")
    import_backup(ws, path=saved)
    return ws


def _sample(archived: bool) -> dict[str, Any]:
    org = Organisation(
        id=7, name="Harbour Bank", slug="harbour-bank", profile={"has_contact_centre": False}
    )
    answers: list[tuple[str, int | str, str, Confidence, bool]] = [
        ("alpha.one", 5, "", Confidence.LOW, True),
        ("alpha.two", 4, "Call quality report, March", Confidence.HIGH, False),
        ("beta.one", "na", "", Confidence.MEDIUM, False),
        ("beta.two", 2, "", Confidence.LOW, False),
    ]
    first = _assessment(
        org,
        "2026-Q1",
        answers,
        profile={"has_contact_centre": True, "has_shops": False},
        anonymous=True,
        finished=True,
    )
    return backup_data([(org, [(GATED, first)])], archived={7} if archived else ())


def test_every_new_field_survives_export_import_export(tmp_path: Path) -> None:
    data = _sample(archived=True)
    again = export_backup(_restore(tmp_path, data))
    assert again == data
    org = again["organisations"][0]
    assert org["archived"] is True
    assert org["profile"] == {"has_contact_centre": False}
    assessment = org["assessments"][0]
    assert assessment["profile"] == {"has_contact_centre": True, "has_shops": False}
    respondent = assessment["respondents"][0]
    assert (respondent["anonymous"], respondent["finished_at"]) == (True, STAMP.isoformat())
    kept = [(a["confidence"], a["unverified"], a["evidence"]) for a in respondent["answers"]]
    assert kept == [
        ("low", True, ""),
        ("high", False, "Call quality report, March"),
        ("medium", False, ""),
        ("low", False, ""),
    ]


def test_the_archived_mark_is_restored_on_the_database(tmp_path: Path) -> None:
    ws = _restore(tmp_path, _sample(archived=True))
    with ws.session() as session:
        (summary,) = repository.list_organisations(session)
        assert summary.archived
        assert repository.list_organisations(session, include_archived=False) == []
        org = repository.get_organisation(session, ref="Harbour Bank")
        assert org.profile == {"has_contact_centre": False}
    # One not archived stays listed.
    other = _restore(tmp_path, _sample(archived=False), "other.db")
    with other.session() as session:
        assert [s.archived for s in repository.list_organisations(session)] == [False]


def test_an_older_backup_without_the_new_fields_restores_with_defaults(tmp_path: Path) -> None:
    data = _sample(archived=True)
    org = data["organisations"][0]
    for key in ("profile", "archived"):
        del org[key]
    for assessment in org["assessments"]:
        del assessment["profile"]
        for respondent in assessment["respondents"]:
            del respondent["anonymous"], respondent["finished_at"]
            for answer in respondent["answers"]:
                del answer["confidence"], answer["unverified"]
    again = export_backup(_restore(tmp_path, data))
    org_back = again["organisations"][0]
    assert (org_back["archived"], org_back["profile"]) == (False, {})
    assessment = org_back["assessments"][0]
    assert assessment["profile"] == {}
    respondent = assessment["respondents"][0]
    assert (respondent["anonymous"], respondent["finished_at"]) == (False, None)
    assert {(a["confidence"], a["unverified"]) for a in respondent["answers"]} == {
        ("medium", False)
    }
    assert [a["evidence"] for a in respondent["answers"]][1] == "Call quality report, March"


def test_bad_new_fields_are_listed_with_where_they_are(tmp_path: Path) -> None:
    data = _sample(archived=False)
    org = data["organisations"][0]
    org["archived"] = "yes"
    org["profile"] = {"Has Contact Centre": True}
    assessment = org["assessments"][0]
    assessment["profile"] = {"has_shops": 1}
    answers = assessment["respondents"][0]["answers"]
    answers[0]["confidence"] = "certain"
    answers[1]["unverified"] = "no"
    saved = tmp_path / "bad.json"
    saved.write_text(json.dumps(data), encoding="utf-8")
    ws = Workspace.open(f"sqlite:///{tmp_path / 'bad.db'}")
    try:
        import_backup(ws, path=saved)
    except DataImportError as exc:
        problems = "\n".join(exc.problems)
    else:  # pragma: no cover - the import must fail
        raise AssertionError("a backup with bad fields was imported")
    assert "organisations[0].archived" in problems
    assert "organisations[0].profile" in problems and "not a profile flag" in problems
    assert "organisations[0].assessments[0].profile.has_shops" in problems
    assert "answers[0].confidence" in problems
    assert "answers[1].unverified" in problems
    with ws.session() as session:
        assert repository.list_organisations(session) == []


_ANSWER = st.tuples(
    st.sampled_from([1, 2, 3, 4, 5, "na", "unknown"]),
    st.sampled_from(["", "Board minutes, May", "=SUM(A1)", "Réunion\ttrimestrielle"]),
    st.sampled_from(list(Confidence)),
    st.booleans(),
)


@EXAMPLES
@given(
    answers=st.lists(_ANSWER, min_size=len(GATED.questions), max_size=len(GATED.questions)),
    org_profile=st.dictionaries(st.sampled_from(FLAGS), st.booleans()),
    assessment_profile=st.dictionaries(st.sampled_from(FLAGS), st.booleans()),
    archived=st.booleans(),
    anonymous=st.booleans(),
    finished=st.booleans(),
)
def test_round_trip_is_exact_for_any_trust_fields(
    tmp_path_factory: Any,
    answers: list[tuple[int | str, str, Confidence, bool]],
    org_profile: dict[str, bool],
    assessment_profile: dict[str, bool],
    archived: bool,
    anonymous: bool,
    finished: bool,
) -> None:
    folder = tmp_path_factory.mktemp("trip")
    org = Organisation(id=3, name="Cedar Lane", slug="cedar-lane", profile=org_profile)
    given_answers = [
        (q.id, value, evidence, confidence, unverified)
        for q, (value, evidence, confidence, unverified) in zip(
            GATED.questions, answers, strict=True
        )
    ]
    assessment = _assessment(
        org,
        "2025-Q4",
        given_answers,
        profile=assessment_profile,
        anonymous=anonymous,
        finished=finished,
    )
    data = backup_data([(org, [(GATED, assessment)])], archived={3} if archived else ())
    assert export_backup(_restore(folder, data)) == data


@pytest.mark.postgres
def test_the_round_trip_is_exact_on_postgresql(tmp_path: Path) -> None:
    import os
    import uuid

    from tests.storage.conftest import PG_ENV, PG_SKIP_REASON, _pg_schema_url

    if not os.environ.get(PG_ENV):
        pytest.skip(PG_SKIP_REASON)
    data = _sample(archived=True)
    saved = tmp_path / "sample.json"
    saved.write_text(backup_text(data), encoding="utf-8")
    for url in _pg_schema_url(f"cxaudit_test_{uuid.uuid4().hex[:12]}"):
        ws = Workspace.open(url)
        try:
            import_backup(ws, path=saved)
            assert export_backup(ws) == data
            with ws.session() as session:
                assert [s.archived for s in repository.list_organisations(session)] == [True]
        finally:
            ws.close()
