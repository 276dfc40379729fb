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
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    Select,
    Static,
    TextArea,
)

from cxaudit.domain.model import Role
from cxaudit.domain.wording import role_label
from cxaudit.errors import CxauditError, NotFoundError
from cxaudit.tui.base import CxModal, CxScreen
from cxaudit.tui.dialogs.confirm import ConfirmScreen
from cxaudit.tui.widgets.choices import ROLE_CHOICES
from cxaudit.tui.widgets.tables import Column, FitTable, cursor_key

if TYPE_CHECKING:
    from cxaudit.services.links import IssuedLink, LinkState
    from cxaudit.services.workspace import Workspace

REFRESH_SECONDS = 5.0
"""How often the list is read again while it is on screen."""
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
"""Where `cxaudit serve` listens unless told otherwise."""
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

        def fetch(ws: Workspace) -> list[LinkState] | None:
            try:
                return list_links(ws, organisation=organisation, period=period)
            except NotFoundError:
                return None  # no assessment for the period yet: no links either

        def done(states: list[LinkState] | None) -> None:
            if read == self._reads and self.is_attached:
                self.show(states or [])

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


class CreateLinksScreen(CxModal["tuple[list[IssuedLink], str] | None"]):
    """Who to issue links for: named people (one `Name:role` a line), anonymous links, how long
    they last and the address they start with. A refused request keeps the dialog open."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back", id="create-links.cancel", tooltip="Go back"),
        Binding("ctrl+s", "create", "Create", id="create-links.ok", tooltip="Create the links"),
    ]

    def __init__(self, *, organisation_id: int, period: str) -> None:
        super().__init__()
        self.organisation_id = organisation_id
        self.period = period

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="create-links-dialog"):
            yield Label(f"[b]Create links for {self.period}[/b]", classes="dialog-title")
            yield Label("People, one a line as Name:role (leader, manager, frontline, other)")
            yield TextArea(id="links-people", soft_wrap=True)
            with Horizontal(classes="form-row"):
                yield Label("Anonymous links")
                yield Input("0", id="links-anonymous", restrict=r"\d{0,3}")
                yield Select(ROLE_CHOICES, value=Role.FRONTLINE, allow_blank=False, id="links-role")
            with Horizontal(classes="form-row"):
                yield Label("Lasts")
                yield Input("30d", id="links-expires")
            yield Label("Address of cxaudit serve")
            yield Input(DEFAULT_BASE_URL, id="links-base")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="links-cancel")
                yield Button("Create", id="links-ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#links-people", TextArea).focus()

    @on(Button.Pressed, "#links-cancel")
    def action_cancel(self) -> None:
        """Go back without issuing anything."""
        self.dismiss(None)

    @on(Button.Pressed, "#links-ok")
    def action_create(self) -> None:
        """Check what was typed, then issue the links in a worker."""
        from cxaudit.domain.links import check_base_url, parse_lifetime, parse_person
        from cxaudit.services.links import create_links

        try:
            people = [
                parse_person(line)
                for line in self.query_one("#links-people", TextArea).text.splitlines()
                if line.strip()
            ]
            anonymous = int(self.query_one("#links-anonymous", Input).value or "0")
            lifetime = parse_lifetime(self.query_one("#links-expires", Input).value)
            base = check_base_url(self.query_one("#links-base", Input).value)
        except CxauditError as exc:
            self.notify(exc.message, title="Not done", severity="error")
            return
        chosen = self.query_one("#links-role", Select).value
        role = chosen if isinstance(chosen, Role) else Role.FRONTLINE
        organisation, period = str(self.organisation_id), self.period

        def issue(ws: Workspace) -> list[IssuedLink]:
            return create_links(
                ws,
                organisation=organisation,
                period=period,
                people=people,
                anonymous=anonymous,
                anonymous_role=role,
                expires_in=lifetime,
            )

        def issued(links: list[IssuedLink]) -> None:
            self.dismiss((links, base))

        self.run_db(issue, issued, group="links-create")


class IssuedLinksScreen(CxModal[None]):
    """The links just issued, shown this once to copy: only their hashes are kept."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Done", id="issued-links.close", tooltip="Close"),
    ]

    def __init__(self, issued: list[IssuedLink], base: str) -> None:
        super().__init__()
        self.issued = issued
        self.base = base

    def compose(self) -> ComposeResult:
        from cxaudit.services.links import link_url

        text = "".join(
            f"{link.respondent_label} ({role_label(link.role.value)}): "
            f"{link_url(self.base, link.token)}\n"
            for link in self.issued
        )
        count = len(self.issued)
        with Vertical(classes="dialog", id="issued-links-dialog"):
            yield Label(
                f"[b]{count} new link{'' if count == 1 else 's'}[/b]", classes="dialog-title"
            )
            yield Static(
                "Copy them now and send each person their own: they are shown only this once. "
                "A lost link can be revoked and a new one created.",
                classes="dialog-text",
            )
            yield TextArea(text, id="issued-links", read_only=True, soft_wrap=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Done", id="issued-done", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#issued-links", TextArea).focus()

    @on(Button.Pressed, "#issued-done")
    def action_close(self) -> None:
        """Close; the links are not shown again."""
        self.dismiss(None)
