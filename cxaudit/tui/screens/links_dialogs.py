"""The Links view's dialogs: who to issue links for, and the new links shown once to copy."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from cxaudit.domain.model import Role
from cxaudit.domain.wording import role_label
from cxaudit.errors import CxauditError
from cxaudit.tui.base import CxModal
from cxaudit.tui.widgets.choices import ROLE_CHOICES

if TYPE_CHECKING:
    from cxaudit.services.links import IssuedLink
    from cxaudit.services.workspace import Workspace

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
"""Where `cxaudit serve` listens unless told otherwise."""


class CreateLinksScreen(CxModal["tuple[list[IssuedLink], str] | None"]):
    """Who to issue links for: named people (one `Name:role` a line), anonymous links, how long
    they last and the address they start with. A refused request keeps the dialog open."""

    DEFAULT_CSS = """
    CreateLinksScreen #create-links-dialog { width: 78; }
    CreateLinksScreen #links-people { height: 4; }
    CreateLinksScreen .links-row { height: 3; }
    CreateLinksScreen .links-row Label { width: 10; padding: 1 1 0 0; color: $text-muted; }
    CreateLinksScreen #links-base-label { width: 9; padding: 1 1 0 2; }
    CreateLinksScreen #links-anonymous { width: 9; }
    CreateLinksScreen #links-role { width: 1fr; }
    CreateLinksScreen #links-expires { width: 10; }
    CreateLinksScreen #links-base { width: 1fr; }
    """

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
            with Horizontal(classes="links-row"):
                yield Label("Anonymous")
                yield Input("0", id="links-anonymous", restrict=r"\d{0,3}")
                yield Select(ROLE_CHOICES, value=Role.FRONTLINE, allow_blank=False, id="links-role")
            with Horizontal(classes="links-row"):
                yield Label("Lasts")
                yield Input("30d", id="links-expires")
                yield Label("Address", id="links-base-label")
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

    DEFAULT_CSS = """
    IssuedLinksScreen #issued-links-dialog { width: 95%; height: 90%; }
    IssuedLinksScreen #issued-links { height: 1fr; }
    """

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
