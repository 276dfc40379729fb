"""Change an organisation's profile: its yes/no answers to the questionnaire's profile questions.

They decide which questions its assessments ask. A change applies to assessments started from
now on; those already started keep the profile they were started under, so history shows what
applied then. `edit_profile` is the whole flow (read, ask, save, say so) for any screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Label, Static

from cxaudit.domain.questionnaire import ProfileFlag
from cxaudit.tui.base import CxModal
from cxaudit.tui.widgets.profile import ProfileQuestions

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from cxaudit.services.admin import ProfileQuestion
    from cxaudit.tui.base import TaskMixin


class ProfileScreen(CxModal[dict[str, bool] | None]):
    """Hands back every profile answer as ticked (True: yes), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="profile.cancel", tooltip="Change nothing"),
        Binding("ctrl+s", "save", "Save", id="profile.save", tooltip="Save the answers"),
    ]

    def __init__(self, organisation: str, questions: Sequence[ProfileQuestion]) -> None:
        super().__init__()
        self.organisation = organisation
        self.questions = tuple(questions)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="profile-dialog"):
            yield Label(
                Text.assemble((f"About {self.organisation}", "bold"), ("  esc cancels", "dim")),
                classes="dialog-title",
            )
            yield Static(
                "Tick what is true. A question that does not fit is not asked and counts as "
                "N/A. Changes apply to assessments started from now on; those already started "
                "keep what applied then.",
                classes="dialog-text",
            )
            yield ProfileQuestions(id="profile-questions")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="profile-cancel")
                yield Button("Save", id="profile-save", variant="primary")

    async def on_mount(self) -> None:
        flags = [
            ProfileFlag(id=q.id, question=q.question, default=q.default, absent=q.absent)
            for q in self.questions
        ]
        await self.query_one(ProfileQuestions).show(flags, {q.id: q.answer for q in self.questions})
        boxes = self.query(Checkbox)
        (boxes.first() if boxes else self.query_one("#profile-save", Button)).focus()

    @on(Button.Pressed, "#profile-save")
    def action_save(self) -> None:
        """Hand back the answers as ticked."""
        self.dismiss(self.query_one(ProfileQuestions).answers)

    @on(Button.Pressed, "#profile-cancel")
    def action_cancel(self) -> None:
        """Change nothing."""
        self.dismiss(None)


def edit_profile(
    screen: TaskMixin, organisation_id: int, name: str, done: Callable[[], None] | None = None
) -> None:
    """From `screen`: read the organisation's profile questions, ask them, save the answers and
    say so (then `done()`, to show the change); a questionnaire with none says that instead."""
    from cxaudit.services import admin

    node = cast("DOMNode", screen)

    def saved(_: object) -> None:
        node.app.notify(
            f"The profile of {name} is saved: it decides the questions of assessments started "
            "from now on."
        )
        if done is not None:
            done()

    def answered(answers: dict[str, bool] | None) -> None:
        if answers is None:
            return
        screen.run_db(
            lambda ws: admin.set_profile(ws, organisation_id=organisation_id, answers=answers),
            saved,
            group="profile",
        )

    def ask(questions: tuple[ProfileQuestion, ...]) -> None:
        if not questions:
            node.app.notify("The questionnaire asks no profile questions: every question applies.")
            return
        node.app.push_screen(ProfileScreen(name, questions), answered)

    screen.run_db(
        lambda ws: admin.profile_questions(ws, organisation_id=organisation_id),
        ask,
        group="profile",
    )
