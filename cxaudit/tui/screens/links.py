"""Links: the organiser's live view of an assessment's personal links.

Each respondent's link with how far they have got (not opened, in progress n of N, finished),
when they were last active and whether the link still opens. The list reads itself again every
few seconds while it is on screen, so the organiser watches a workshop fill in. `c` issues new
links (shown once, in a dialog to copy them from), `x` revokes the selected one.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Label,
    Static,
)

from cxaudit.domain.wording import role_label
from cxaudit.errors import NotFoundError
from cxaudit.tui.base import CxScreen, describe_error
from cxaudit.tui.dialogs.confirm import ConfirmScreen
from cxaudit.tui.screens.links_dialogs import CreateLinksScreen, IssuedLinksScreen
from cxaudit.tui.widgets.tables import Column, FitTable, cursor_key

__all__ = ["CreateLinksScreen", "IssuedLinksScreen", "LinksScreen"]

if TYPE_CHECKING:
    from cxaudit.services.links import IssuedLink, LinkState
    from cxaudit.services.workspace import Workspace

REFRESH_SECONDS = 5.0
"""How often the list is read again while it is on screen."""
LINK_COLUMNS = (
    Column("Respondent", flex=True),
    Column("Role"),
    Column("State"),
    Column("Last active", drop_below=96),
    Column("Link", drop_below=80),
)


def _when(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _state_cell(state: LinkState) -> Text:
    style = "green" if state.finished else "" if state.settled else "dim"
    return Text(state.state, style=style)


def _link_cell(state: LinkState) -> Text:
    if state.revoked or state.expired:
        return Text(state.condition.value, style="red")
    return Text(f"until {state.expires_at.astimezone():%Y-%m-%d}")


class LinksScreen(CxScreen[None]):
    """One assessment's personal links and each respondent's progress, kept up to date."""

    DEFAULT_CSS = """
    LinksScreen #links-main { height: 1fr; }
    LinksScreen #links { height: 1fr; }
    LinksScreen #links-selected, LinksScreen #links-summary { height: auto; padding: 0 1; }
    LinksScreen #links-summary { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "create", "Create links", id="links.create", tooltip="Issue new links"),
        Binding("x", "revoke", "Revoke", id="links.revoke", tooltip="Revoke the selected link"),
        Binding("escape", "back", "Back", id="links.back", tooltip="Go back"),
    ]

    def __init__(self, *, organisation_id: int, organisation: str, period: str) -> None:
        super().__init__()
        self.organisation_id = organisation_id
        self.organisation = organisation
        self.period = period
        self.states: list[LinkState] | None = None
        """The links as last read (None before the first read)."""
        self._reads = 0
        self.failure: str | None = None
        """Why the last read failed (said once, then shown below the list until a read works)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="links-main"):
            yield Label(
                Text.assemble(("Links", "bold"), f" · {self.organisation} · {self.period}"),
                classes="section-title",
                id="links-title",
            )
            yield FitTable(id="links")
            yield Static(id="links-selected")
            yield Static(id="links-summary")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.organisation} · {self.period}"
        self.reload()
        self.set_interval(REFRESH_SECONDS, self._refresh_if_shown)

    def on_screen_resume(self) -> None:
        self.reload()

    def _refresh_if_shown(self) -> None:
        if self.is_current:
            self.reload()

    # -- data -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the links again (in a worker); only the latest read is shown."""
        from cxaudit.services.links import list_links

        organisation, period = str(self.organisation_id), self.period
        self._reads += 1
        read = self._reads

        def fetch(ws: Workspace) -> list[LinkState] | str:
            try:
                return list_links(ws, organisation=organisation, period=period)
            except NotFoundError:
                return []  # no assessment for the period yet: no links either
            except Exception as exc:  # noqa: BLE001 - said once, below the list, not every read
                return describe_error(exc)

        def done(outcome: list[LinkState] | str) -> None:
            if read != self._reads or not self.is_attached:
                return
            if isinstance(outcome, str):
                if self.failure is None:
                    self.notify(outcome, title="Links not read", severity="error", timeout=8)
                self.failure = outcome
                self.query_one("#links-summary", Static).update(
                    Text(f"The links could not be read: {outcome}", style="red")
                )
                return
            self.failure = None
            self.show(outcome)

        self.run_db(fetch, done, group="links-read")

    def show(self, states: list[LinkState]) -> None:
        """Fill the table, keeping the cursor on the same link."""
        self.states = states
        table = self.query_one("#links", FitTable)
        table.fill(
            LINK_COLUMNS,
            [
                (
                    str(state.link_id),
                    (
                        state.respondent_label,
                        role_label(state.role.value),
                        _state_cell(state),
                        _when(state.last_activity),
                        _link_cell(state),
                    ),
                )
                for state in states
            ],
        )
        self.query_one("#links-summary", Static).update(self._summary(states))
        self._show_selected()
        if states and not table.has_focus:
            table.focus()

    @on(DataTable.RowHighlighted, "#links")
    def _show_selected(self) -> None:
        """The selected link in full: what a narrow table cuts short or leaves out."""
        state = self._selected()
        line = self.query_one("#links-selected", Static)
        if state is None:
            line.update("")
            return
        text = Text.assemble((state.respondent_label, "bold"), f" · {role_label(state.role.value)}")
        text.append(f" · {state.state}")
        if state.last_activity is not None:
            text.append(f" · last active {_when(state.last_activity)}")
        text.append(" · link ")
        text.append_text(_link_cell(state))
        line.update(text)

    @staticmethod
    def _summary(states: list[LinkState]) -> str:
        if not states:
            return "No links yet for this period: press c to create them."
        people = {s.respondent_id for s in states}
        finished = {s.respondent_id for s in states if s.finished}
        opening = sum(1 for s in states if not (s.revoked or s.expired))
        return (
            f"{len(finished)} of {len(people)} respondents finished · {opening} of "
            f"{len(states)} links still open · the list refreshes every "
            f"{REFRESH_SECONDS:.0f} seconds"
        )

    def _selected(self) -> LinkState | None:
        key = cursor_key(self.query_one("#links", FitTable))
        if key is None or self.states is None:
            return None
        return next((s for s in self.states if str(s.link_id) == key), None)

    # -- actions --------------------------------------------------------------------------

    def action_back(self) -> None:
        """Back to where the links were opened from."""
        self.dismiss(None)

    def action_create(self) -> None:
        """Ask who to issue links for, issue them, and show them once."""

        def created(outcome: tuple[list[IssuedLink], str] | None) -> None:
            if outcome is None:
                return
            issued, base = outcome
            self.app.push_screen(IssuedLinksScreen(issued, base))
            self.reload()

        self.app.push_screen(
            CreateLinksScreen(organisation_id=self.organisation_id, period=self.period), created
        )

    def action_revoke(self) -> None:
        """Revoke the selected link, after asking."""
        state = self._selected()
        if state is None:
            self.notify("Select a link to revoke first.")
            return
        if state.revoked:
            self.notify(f"{state.respondent_label}'s link is already revoked.")
            return
        from cxaudit.services.links import revoke_links

        organisation, period, label = str(self.organisation_id), self.period, state.respondent_label

        def revoked(count: int) -> None:
            self.notify(
                f"Revoked {state.respondent_label}'s link; their answers are kept."
                if count
                else f"{state.respondent_label} had no open link."
            )
            self.reload()

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_db(
                    lambda ws: revoke_links(
                        ws, organisation=organisation, period=period, respondent=label
                    ),
                    revoked,
                    group="links-revoke",
                )

        self.app.push_screen(
            ConfirmScreen(
                f"Revoke {label}'s link? It stops opening at once; their answers stay.",
                yes="Revoke",
                no="Keep it",
            ),
            confirmed,
        )
