"""The respondent-only app: what a personal link opens in the browser.

It shows one respondent's questions and nothing else: a start page with the guidance, the
wizard, a review that finishes *this respondent* (never the whole assessment), and a thank-you.
There is no Home, no other organisation, no results and nobody else's answers or notes. The
gateway passes the link's token in the environment; the app checks it again on start (it may
have been revoked since) and refuses if it is no longer valid.
"""

from __future__ import annotations

from cxaudit.tui.respondent.app import RespondentApp

__all__ = ["RespondentApp"]
