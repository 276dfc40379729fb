"""Questionnaires stored with assessments, parsed once per process and content hash.

An assessment keeps the questionnaire exactly as it was when started, stored once per content
hash. Parsing one costs milliseconds, and every load, timeline and answer save needs it (or its
question ids), so parsed copies are kept here for the whole process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session

from cxaudit.domain.questionnaire import Questionnaire, questionnaire_from_data
from cxaudit.storage.tables import questionnaires

PARSED: dict[str, Questionnaire] = {}
"""Parsed questionnaires by content hash, oldest first."""
PARSED_LIMIT = 32

_PARSED_LOCK = threading.Lock()
"""The app reads from several worker threads; only changes to the cache need the lock."""

QUESTION_IDS: dict[str, frozenset[str]] = {}
"""Question ids by questionnaire content hash: checking an answer's question needs no select."""


def remember(questionnaire: Questionnaire) -> Questionnaire:
    """Keep a parsed questionnaire for the rest of the process (the oldest goes when full)."""
    digest = questionnaire.content_hash
    with _PARSED_LOCK:
        while len(PARSED) >= PARSED_LIMIT:
            PARSED.pop(next(iter(PARSED)), None)
        PARSED[digest] = questionnaire
    return questionnaire


def parse_stored(questionnaire_id: str, version: str, content: Mapping[str, Any]) -> Questionnaire:
    """A stored copy's content parsed (its errors naming the copy) and remembered."""
    origin = f"the stored copy of questionnaire {questionnaire_id} v{version}"
    return remember(questionnaire_from_data(dict(content), origin))


def remember_question_ids(digest: str, questionnaire: Questionnaire) -> frozenset[str]:
    """The questionnaire's question ids, kept under its content hash `digest`."""
    found = QUESTION_IDS[digest] = frozenset(q.id for q in questionnaire.questions)
    return found


def store_questionnaire(session: Session, questionnaire: Questionnaire) -> int:
    """The row id of this questionnaire's content, storing it the first time it is used."""
    digest = questionnaire.content_hash
    found = session.execute(
        select(questionnaires.c.id).where(questionnaires.c.content_hash == digest)
    ).scalar_one_or_none()
    if found is not None:
        return int(found)
    new_id = session.execute(
        insert(questionnaires)
        .values(
            content_hash=digest,
            questionnaire_id=questionnaire.id,
            version=questionnaire.version,
            question_count=len(questionnaire.questions),
            content=questionnaire.to_toml_dict(),
        )
        .returning(questionnaires.c.id)
    ).scalar_one()
    remember(questionnaire)
    return int(new_id)


def questionnaires_by_row(session: Session, row_ids: Iterable[int]) -> dict[int, Questionnaire]:
    """Stored questionnaires by row id; content is parsed once per process and hash."""
    wanted = set(row_ids)
    if not wanted:
        return {}
    hashes = session.execute(
        select(questionnaires.c.id, questionnaires.c.content_hash).where(
            questionnaires.c.id.in_(wanted)
        )
    ).all()
    found: dict[int, Questionnaire] = {}
    missing: dict[int, str] = {}
    for row_id, digest in hashes:
        cached = PARSED.get(digest)
        if cached is not None:
            found[row_id] = cached
        else:
            missing[row_id] = digest
    if missing:
        rows = session.execute(
            select(
                questionnaires.c.id,
                questionnaires.c.questionnaire_id,
                questionnaires.c.version,
                questionnaires.c.content,
            ).where(questionnaires.c.id.in_(missing))
        ).all()
        for row in rows:
            found[row.id] = parse_stored(row.questionnaire_id, row.version, row.content)
    return found


def stored_questionnaire(session: Session, row_id: int) -> Questionnaire:
    """The stored questionnaire with this row id."""
    return questionnaires_by_row(session, [row_id])[row_id]


def question_ids(session: Session, *, row_id: int, digest: str) -> frozenset[str]:
    """The question ids of the stored questionnaire with this row id and content hash."""
    found = QUESTION_IDS.get(digest)
    if found is None:
        found = remember_question_ids(digest, stored_questionnaire(session, row_id))
    return found
