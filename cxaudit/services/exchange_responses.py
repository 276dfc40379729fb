"""Answers collected outside the app: response files and packs in, blank packs out.

The files are read and checked by `cxaudit.transfer`; these use-cases decide where the answers
belong, refuse what would clash with what is stored, and write it all in one transaction.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cxaudit.errors import CxauditError, DataImportError

if TYPE_CHECKING:
    from sqlmodel import Session

    from cxaudit.domain.model import Assessment, Organisation
    from cxaudit.domain.questionnaire import Questionnaire
    from cxaudit.services.workspace import Workspace
    from cxaudit.transfer.gathered import Gathered


@dataclass(frozen=True)
class ResponseImportSummary:
    """What a response import did, for a one-line report."""

    organisation: str
    period: str
    respondents: int
    answers: int
    created_organisation: bool
    created_assessment: bool
    completed: bool
    unverified: int = 0
    """Answers let in without the evidence their level needs (`accept_unverified`)."""
    left_out: Mapping[str, int] = field(default_factory=dict)
    """Answers left out, by question, because the question does not apply to the assessment."""
    reasons: Mapping[str, str] = field(default_factory=dict)
    """Why each question in `left_out` does not apply ("does not apply: no contact centre")."""

    @property
    def message(self) -> str:
        """What happened, in a sentence or three."""
        made = []
        if self.created_organisation:
            made.append("a new organisation")
        if self.created_assessment:
            made.append("a new draft assessment")
        extra = f" (into {' and '.join(made)})" if made else ""
        text = (
            f"Imported {self.respondents} respondents and {self.answers} answers into "
            f"{self.organisation} {self.period}{extra}."
        )
        if self.unverified:
            noun = "answer is" if self.unverified == 1 else "answers are"
            text += (
                f" {self.unverified} {noun} marked unverified: counted as given, without the "
                "evidence their level needs."
            )
        if self.left_out:
            count = sum(self.left_out.values())
            noun = "answer" if count == 1 else "answers"
            which = "; ".join(
                f"{qid} ({self.reasons.get(qid, 'does not apply')})" for qid in self.left_out
            )
            text += f" Left out {count} {noun} to questions that do not apply here: {which}."
        if self.completed:
            text += " The assessment is now complete."
        return text


@dataclass(frozen=True)
class PackOutcome:
    """Where a blank response pack went and whom it is for."""

    organisation: str
    period: str
    path: Path

    @property
    def message(self) -> str:
        """One sentence saying what happened and what to do next."""
        return (
            f"Wrote a response pack for {self.organisation} {self.period} to {self.path}; "
            "import it filled with `cxaudit import`."
        )


def _assessment_and_questionnaire(
    session: Session,
    organisation: Organisation | None,
    label: str,
    questionnaire_ref: str | None,
) -> tuple[Assessment | None, Questionnaire]:
    """The organisation's assessment for `label`, if there is one, and the questionnaire its
    answers are read against: the assessment's own, else `questionnaire_ref` (by default the
    built-in one)."""
    from cxaudit.catalogue import get_questionnaire
    from cxaudit.errors import NotFoundError
    from cxaudit.storage import repository

    existing = None
    if organisation is not None:
        try:
            existing = repository.find_assessment(
                session, organisation_ref=organisation.slug, period=label
            )
        except NotFoundError:
            existing = None
    if existing is None:
        return None, get_questionnaire(questionnaire_ref)
    assert existing.id is not None
    return existing, repository.assessment_questionnaire(session, assessment_id=existing.id)


def import_responses(
    ws: Workspace,
    *,
    paths: Sequence[Path],
    organisation: str | None = None,
    period: str | None = None,
    questionnaire_ref: str | None = None,
    complete: bool = False,
    accept_unverified: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ResponseImportSummary:
    """Add the respondents of response files (or filled packs) to an organisation's period.

    See `_import_responses`, which this runs with the cyclic garbage collector held off: the
    hundreds of thousands of answers of a large survey all stay alive until they are written,
    so collecting in the middle would only walk them again and again.
    """
    with _no_collection_pauses():
        return _import_responses(
            ws,
            paths=paths,
            organisation=organisation,
            period=period,
            questionnaire_ref=questionnaire_ref,
            complete=complete,
            accept_unverified=accept_unverified,
            progress=progress,
        )


@contextmanager
def _no_collection_pauses() -> Iterator[None]:
    """Hold off the cyclic garbage collector for the block; it runs as usual afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _import_responses(
    ws: Workspace,
    *,
    paths: Sequence[Path],
    organisation: str | None = None,
    period: str | None = None,
    questionnaire_ref: str | None = None,
    complete: bool = False,
    accept_unverified: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ResponseImportSummary:
    """Add the respondents of response files (or filled packs) to an organisation's period.

    A level at or above its question's evidence gate needs evidence: a row without it is
    refused with the others, unless `accept_unverified` lets it in marked unverified (counted
    as given). Answers to questions that do not apply under the assessment's profile (a new
    assessment takes the organisation's) are left out, and the summary says which.

    The organisation and the draft assessment are created when they do not exist yet (a new
    assessment uses `questionnaire_ref`, by default the built-in questionnaire). Every file is
    read and checked before anything is written, and a respondent whose name already answers the
    assessment is refused, so a bad file changes nothing; what is then written (with the
    completion, when asked for) is one transaction, so a failure or a kill keeps none of it.
    Packs name their organisation and period, so both may be left out for them.
    `progress(done, total)`, when given, hears when the files are read, when the answers are
    written and when the assessment is completed.
    """
    from cxaudit.domain.applicability import effective_profile, not_applying
    from cxaudit.domain.model import (
        Answer,
        Assessment,
        AssessmentStatus,
        Organisation,
        Respondent,
    )
    from cxaudit.domain.periods import parse_period
    from cxaudit.errors import NotFoundError
    from cxaudit.storage import repository
    from cxaudit.storage.rows import trusted_factory
    from cxaudit.transfer.cells import AnswerRules
    from cxaudit.transfer.response_rows import Destination
    from cxaudit.transfer.responses import pack_hints, read_response_files

    org_name, label = organisation, period
    if org_name is None or label is None:
        hinted = pack_hints(paths)
        org_name = org_name or hinted[0]
        label = label or hinted[1]
    if not org_name or not label:
        raise DataImportError("Say where these answers belong with --org ORG and --period PERIOD.")
    label = parse_period(label).label
    with ws.session() as session:
        try:
            org: Organisation | None = repository.get_organisation(session, ref=org_name)
        except NotFoundError:
            org = None
        existing, questionnaire = _assessment_and_questionnaire(
            session, org, label, questionnaire_ref
        )
    name = org.name if org is not None else org_name.strip()
    if existing is not None and existing.status is not AssessmentStatus.DRAFT:
        raise DataImportError(
            f"The {label} assessment of {name} is complete; reopen it before adding answers."
        )
    names = {name.casefold()} | ({org.slug.casefold()} if org is not None else set())
    destination = Destination(organisation=frozenset(names), period=label)
    steps = 3 if complete else 2
    profile = (
        existing.profile
        if existing is not None
        else effective_profile(questionnaire, org.profile if org is not None else {})
    )
    reasons = not_applying(questionnaire, profile)
    rules = AnswerRules(accept_unverified=accept_unverified, not_applying=reasons)
    responses = read_response_files(paths, questionnaire, destination, rules)
    left_out = _leave_out(responses.people, reasons)
    if progress is not None:
        progress(1, steps)
    if existing is not None:
        taken = {r.name.casefold(): r.name for r in existing.respondents}
        clashes = [r.name for r in responses.people if r.name.casefold() in taken]
        if clashes:
            raise DataImportError(
                f"The {label} assessment of {name} already has answers from "
                f"{', '.join(clashes)}; nothing was imported."
            )
    answers = responses.answers
    # Without `accept_unverified` every reader refuses a gated level that lacks evidence.
    unverified = responses.unverified if accept_unverified else 0
    # Everything the command writes (the organisation, the assessment, everyone in the files,
    # the completion) is one transaction: all of it, or none of it. The respondents are built
    # as domain objects and written a batch at a time, so a survey of thousands never holds
    # them all as objects at once.
    # Every answer was checked as it was read, so it is built without validating it again.
    batches = responses.batches(
        answer=trusted_factory(Answer), respondent=trusted_factory(Respondent)
    )
    with ws.session() as session, repository.one_transaction(session):
        if existing is None:
            draft = Assessment(
                organisation=org or Organisation(name=name, slug=name),
                period=label,
                questionnaire_id=questionnaire.id,
                questionnaire_version=questionnaire.version,
                questionnaire_hash=questionnaire.content_hash,
                status=AssessmentStatus.DRAFT,
                respondents=next(batches, []),
                profile=profile,
            )
            (assessment_id,) = repository.bulk_load_assessments(
                session, questionnaire=questionnaire, assessments_to_load=[draft]
            )
        else:
            assert existing.id is not None
            assessment_id = existing.id
        for batch in batches:
            repository.write_respondents(session, assessment_id=assessment_id, respondents=batch)
        if progress is not None:
            progress(2, steps)
        if complete:
            repository.complete_assessment(session, assessment_id=assessment_id)
            if progress is not None:
                progress(3, steps)
    return ResponseImportSummary(
        organisation=name,
        period=label,
        respondents=len(responses.people),
        answers=answers,
        created_organisation=org is None,
        created_assessment=existing is None,
        completed=complete,
        unverified=unverified,
        left_out=left_out,
        reasons={qid: reasons[qid] for qid in left_out},
    )


def _leave_out(respondents: Sequence[Gathered], reasons: Mapping[str, str]) -> dict[str, int]:
    """Take every answer to a question in `reasons` (one that does not apply) out of
    `respondents`; how many were taken, by question, in the order first met."""
    left_out: dict[str, int] = {}
    if not reasons:
        return left_out
    for respondent in respondents:
        for qid in [q for q in respondent.answers if q in reasons]:
            del respondent.answers[qid]
            left_out[qid] = left_out.get(qid, 0) + 1
    return left_out


def write_pack(
    ws: Workspace,
    *,
    organisation: str,
    period: str,
    output: Path,
    questionnaire_ref: str | None = None,
) -> PackOutcome:
    """Write a blank response workbook for one respondent of `organisation`'s `period`.

    The pack asks the questions of the assessment when it is started, else of
    `questionnaire_ref` (by default the built-in questionnaire), leaving out those that do not
    apply under the assessment's profile (a new assessment's is the organisation's).
    """
    from cxaudit.domain.applicability import effective_profile, not_applying
    from cxaudit.domain.periods import parse_period
    from cxaudit.storage import repository
    from cxaudit.transfer import packs

    label = parse_period(period).label
    with ws.session() as session:
        org = repository.get_organisation(session, ref=organisation)
        existing, questionnaire = _assessment_and_questionnaire(
            session, org, label, questionnaire_ref
        )
    profile = (
        existing.profile if existing is not None else effective_profile(questionnaire, org.profile)
    )
    if output.suffix.lower() != ".xlsx":
        raise CxauditError(f"A response pack is an xlsx workbook: name it {output.stem}.xlsx.")
    packs.write_pack(
        output,
        questionnaire=questionnaire,
        organisation=org.name,
        period=label,
        not_applying=not_applying(questionnaire, profile),
    )
    return PackOutcome(organisation=org.name, period=label, path=output)
