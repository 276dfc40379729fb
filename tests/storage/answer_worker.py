"""A separate process that answers questions, for the kill-safety and concurrency tests.

Usage: answer_worker.py DB_URL ASSESSMENT_ID NAME ROUNDS [GO_FILE]

It adds a respondent called NAME, waits for GO_FILE to exist (so two workers start together),
then saves every question of the assessment ROUNDS times, printing
`saved <question> <level> <round>` after each save returns. A failure prints
`ERROR <message>` and exits 1.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from cxaudit.domain.model import Role, make_answer
from cxaudit.errors import CxauditError
from cxaudit.storage import add_respondent, assessment_questionnaire, open_database, save_answer


def level_for(round_number: int, position: int) -> int:
    """The level a worker gives in a round: every answer changes from round to round."""
    return (round_number + position) % 5 + 1


def main(argv: list[str]) -> int:
    url, assessment_id, name, rounds = argv[0], int(argv[1]), argv[2], int(argv[3])
    go_file = Path(argv[4]) if len(argv) > 4 else None
    try:
        db = open_database(url)
        with db.session() as session:
            respondent = add_respondent(
                session, assessment_id=assessment_id, name=name, role=Role.FRONTLINE
            )
            questions = assessment_questionnaire(session, assessment_id=assessment_id).questions
        assert respondent.id is not None
        print(f"ready {respondent.id}", flush=True)
        while go_file is not None and not go_file.exists():
            time.sleep(0.005)
        for round_number in range(rounds):
            for position, question in enumerate(questions):
                level = level_for(round_number, position)
                with db.session() as session:
                    save_answer(
                        session,
                        respondent_id=respondent.id,
                        answer=make_answer(question.id, level, note=f"round {round_number}"),
                    )
                print(f"saved {question.id} {level} {round_number}", flush=True)
        db.dispose()
    except CxauditError as exc:
        print(f"ERROR {exc}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
