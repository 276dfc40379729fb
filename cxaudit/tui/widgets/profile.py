"""An organisation's answers to the questionnaire's profile questions, one yes/no box each.

A ticked box is yes. The questions decide which questions of an assessment apply (a bank with
no contact centre is not asked about its contact centre), so each is shown in the
questionnaire's own words with its default already set.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual.containers import Horizontal, Vertical
from textual.events import Click
from textual.widgets import Checkbox, Static

from cxaudit.domain.questionnaire import ProfileFlag

FLAG_ID_PREFIX = "profile-"
"""Each box's widget id is this prefix and the flag's id."""


class ProfileQuestions(Vertical):
    """The profile questions of one questionnaire, answered (or at their defaults)."""

    DEFAULT_CSS: ClassVar[str] = """
    ProfileQuestions {
        height: auto;
    }
    ProfileQuestions .profile-flag {
        height: auto;
    }
    ProfileQuestions Checkbox {
        width: 4;
        text-overflow: clip;
        margin: 0 1 0 0;
    }
    ProfileQuestions .profile-question {
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._flags: tuple[ProfileFlag, ...] = ()
        self._changing = asyncio.Lock()
        """Held while the boxes are replaced, so two changes in a row cannot mix their boxes."""

    async def show(self, flags: Sequence[ProfileFlag], answers: Mapping[str, bool]) -> None:
        """Ask `flags`, each ticked as `answers` has it, else at its default."""
        async with self._changing:
            await self._replace(tuple(flags), answers)

    async def _replace(self, flags: tuple[ProfileFlag, ...], answers: Mapping[str, bool]) -> None:
        self._flags = flags
        await self.remove_children()
        # The question beside its box rather than as the box's label, which cannot wrap: at
        # 80 columns a question is longer than one line.
        rows = [
            Horizontal(
                Checkbox(
                    "",
                    value=answers.get(flag.id, flag.default),
                    id=f"{FLAG_ID_PREFIX}{flag.id}",
                    tooltip=flag.question,
                    compact=True,
                ),
                Static(flag.question, classes="profile-question", name=flag.id),
                classes="profile-flag",
            )
            for flag in self._flags
        ]
        await self.mount_all(rows)
        self.display = bool(rows)

    def on_click(self, event: Click) -> None:
        """A click on a question ticks (or unticks) its box, as a click on a label would."""
        widget = event.widget
        if isinstance(widget, Static) and widget.name and widget.has_class("profile-question"):
            self.query_one(f"#{FLAG_ID_PREFIX}{widget.name}", Checkbox).toggle()

    @property
    def answers(self) -> dict[str, bool]:
        """Every flag asked, with the answer ticked now (True: yes)."""
        return {
            box.id.removeprefix(FLAG_ID_PREFIX): box.value
            for box in self.query(Checkbox)
            if box.id is not None
        }
