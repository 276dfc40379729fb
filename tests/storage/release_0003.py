"""What the 0003 release showed of its demo database, read through the API both releases share.

`everything(url)` reads every organisation's history (scores as the domain computes them, every
answer with its notes and evidence, every plan) through names that exist unchanged in the 0003
release and in this one. It was run once with the 0003 release's code on a file rebuilt from
`tests/fixtures/schema_0003_demo.sql`, to write `tests/fixtures/schema_0003_shown.json`, from a
folder outside the repository (so that the old package is the one imported):

    git archive 61b4e45 | tar -x -C /tmp/old          # the last commit before schema 0004
    cp tests/storage/release_0003.py /tmp/release_0003.py
    cd /tmp && PYTHONPATH=/tmp/old python release_0003.py FILE.db > shown.json

(the file stayed at 0003: that release does not know 0004).

The migration test runs it again with this release and expects the same.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def _number(value: float | None) -> float | None:
    # Twelve places: equal figures print the same; a real change in a score shows.
    return None if value is None else round(value, 12)


def everything(url: str) -> dict[str, Any]:
    """Every organisation's details, assessments, scores, answers and plans, as plain data."""
    from cxaudit.domain import scoring
    from cxaudit.storage import list_organisations, open_database, organisation_history

    database = open_database(url)
    shown: dict[str, Any] = {}
    try:
        with database.session() as session:
            summaries = list_organisations(session, include_archived=True)
            for summary in summaries:
                org = summary.organisation
                assert org.id is not None
                entries = []
                for questionnaire, assessment in organisation_history(
                    session, organisation_id=org.id, include_drafts=True
                ):
                    result = scoring.score_stored(questionnaire, assessment)
                    entries.append(_assessment(questionnaire, assessment, result))
                shown[org.name] = {
                    "slug": org.slug,
                    "sector": org.sector,
                    "default_targets": dict(sorted(org.default_targets.items())),
                    "next_due": org.next_due.isoformat() if org.next_due else None,
                    "latest_overall": _number(summary.latest_overall),
                    "assessments": entries,
                }
    finally:
        database.dispose()
    return shown


def _assessment(questionnaire: Any, assessment: Any, result: Any) -> dict[str, Any]:
    return {
        "period": assessment.period,
        "status": assessment.status.value,
        "questionnaire": [questionnaire.id, questionnaire.version, assessment.questionnaire_hash],
        "targets": dict(sorted(assessment.targets.items())),
        "completed_at": assessment.completed_at.isoformat() if assessment.completed_at else None,
        "overall": _number(result.overall),
        "stage": result.stage.name if result.stage else None,
        "areas": [
            [a.area_id, _number(a.score), a.covered, a.applicable, a.target] for a in result.areas
        ],
        "respondents": [
            {
                "name": r.name,
                "role": r.role.value,
                "answers": [
                    [
                        a.question_id,
                        a.value,
                        a.na_reason,
                        a.note,
                        a.evidence,
                        a.needs_reconfirm,
                        a.updated_at.isoformat() if a.updated_at else None,
                    ]
                    for a in sorted(r.answers.values(), key=lambda a: a.question_id)
                ],
            }
            for r in assessment.respondents
        ],
        "plan": [
            [
                i.question_id,
                i.area_id,
                i.kind,
                i.text,
                i.current_level,
                i.target_level,
                _number(i.priority),
                i.owner,
                i.due.isoformat() if i.due else None,
                i.status.value,
            ]
            for i in assessment.actions
        ],
    }


if __name__ == "__main__":
    json.dump(everything(f"sqlite:///{sys.argv[1]}"), sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
