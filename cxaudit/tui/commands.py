"""The command palette's cxaudit actions, so every main action is one search away (ctrl+p)."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider

_COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("New assessment", "new_assessment", "Start an assessment for a new or existing organisation"),
    ("Home", "home", "Organisations, their latest results and drafts to resume"),
    ("Results", "results", "The latest completed results of the organisation in view"),
    ("History", "history", "The organisation in view: every period and the trend"),
    ("Compare", "compare", "The organisation in view: its two latest assessments side by side"),
    ("Set targets", "targets", "The area targets of the organisation whose results are in view"),
    ("Manage organisation", "manage", "Rename, set the sector, archive or delete (from Home)"),
    ("Show or hide archived organisations", "archived", "Archived ones on Home's list, dimmed"),
    ("Add respondent", "add_respondent", "Add a respondent to the draft selected on Home"),
    ("Help", "help", "Every key, and how the scores are computed"),
    ("Load demo data", "load_demo", "Three example organisations with a few quarters of history"),
    ("Generate PDF", "generate_pdf", "Write the action plan for the results in view"),
)
"""Every command: its title, the app action it runs, and what it does."""


class CxauditCommands(Provider):
    """Offers cxaudit's main actions in the command palette."""

    def _runner(self, action: str) -> Callable[[], None]:
        def run() -> None:
            self.app.call_later(self.app.run_action, action)

        return run

    async def discover(self) -> Hits:
        for title, action, help_text in _COMMANDS:
            yield DiscoveryHit(title, self._runner(action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help_text in _COMMANDS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), self._runner(action), help=help_text)
