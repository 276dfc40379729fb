"""What each app process behind the gateway runs (`python -m cxaudit.web.child`).

The gateway says which app through the environment, never the command line: `CXAUDIT_SESSION`
is `organiser` (the full app) or `respondent` (the respondent-only app, with the link's token in
`CXAUDIT_LINK_TOKEN`, checked again here). The token is taken out of the environment at once,
so nothing this process starts inherits it.
"""

from __future__ import annotations

import os
import sys


def _number(name: str) -> int | None:
    value = os.environ.pop(name, "")
    return int(value) if value.isdigit() else None


def main() -> int:
    """Run the app the gateway asked for; 2 if it asked for nothing this module knows."""
    kind = os.environ.pop("CXAUDIT_SESSION", "")
    token = os.environ.pop("CXAUDIT_LINK_TOKEN", "")
    assessment_id = _number("CXAUDIT_LINK_ASSESSMENT")
    respondent_id = _number("CXAUDIT_LINK_RESPONDENT")
    db_url = os.environ.get("CXAUDIT_DB", "")
    if not db_url:
        print("cxaudit: no database given (CXAUDIT_DB).", file=sys.stderr)
        return 2
    if kind == "organiser":
        from cxaudit.tui.app import run_app

        run_app(db_url)
        return 0
    if kind == "respondent":
        from cxaudit.tui.respondent import RespondentApp

        RespondentApp(
            db_url, token=token, assessment_id=assessment_id, respondent_id=respondent_id
        ).run()
        return 0
    print("cxaudit: this process is started by `cxaudit serve` only.", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
