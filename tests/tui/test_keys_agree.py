"""Help, the footer, the command palette and the README agree on the keys.

Every key bound on a screen, dialog or widget is listed in that screen's section of Help; at
80 columns each screen's footer ends with ^q and ? without cutting a key; the palette finds
the main actions by name; the README's walkthrough names only keys Help lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.widgets._footer import FooterKey

from cxaudit.domain.questionnaire import Questionnaire
from cxaudit.tui.app import CxauditApp
from cxaudit.tui.dialogs.add_respondent import AddRespondentScreen
from cxaudit.tui.dialogs.confirm import ConfirmScreen
from cxaudit.tui.dialogs.confirm_carried import ConfirmCarriedScreen
from cxaudit.tui.dialogs.detail import DetailScreen
from cxaudit.tui.dialogs.edit_action import EditActionScreen
from cxaudit.tui.dialogs.jump import JumpScreen
from cxaudit.tui.dialogs.na_reason import NaReasonScreen
from cxaudit.tui.dialogs.organisation import OrganisationScreen
from cxaudit.tui.dialogs.pick_respondent import PickRespondentScreen
from cxaudit.tui.dialogs.profile import ProfileScreen
from cxaudit.tui.dialogs.targets import TargetsScreen
from cxaudit.tui.dialogs.too_small import TooSmallScreen
from cxaudit.tui.screens.compare import CompareScreen
from cxaudit.tui.screens.help import HELP_TEXT, HelpScreen
from cxaudit.tui.screens.history import HistoryScreen
from cxaudit.tui.screens.home import HomeScreen
from cxaudit.tui.screens.links import LinksScreen
from cxaudit.tui.screens.links_dialogs import CreateLinksScreen, IssuedLinksScreen
from cxaudit.tui.screens.new_assessment import NewAssessmentScreen
from cxaudit.tui.screens.results import ResultsScreen
from cxaudit.tui.screens.wizard import WizardScreen
from cxaudit.tui.screens.wizard.guidance import GuidanceScreen
from cxaudit.tui.screens.wizard.review import ReviewScreen
from cxaudit.tui.widgets.levels import LevelList
from cxaudit.tui.widgets.notes import NotesPanel
from cxaudit.tui.widgets.tables import FitTable
from tests.tui.helpers import seed_assessment, settle

README = Path(__file__).parent.parent.parent / "README.md"

SECTIONS: dict[str, tuple[type, ...]] = {
    "Everywhere": (CxauditApp, HelpScreen),
    "Home": (HomeScreen,),
    "New assessment": (NewAssessmentScreen,),
    "Answering questions": (WizardScreen, GuidanceScreen, NotesPanel, LevelList),
    "Review": (ReviewScreen,),
    "Results": (ResultsScreen,),
    "Links": (LinksScreen, CreateLinksScreen, IssuedLinksScreen),
    "History": (HistoryScreen,),
    "Compare": (CompareScreen,),
    "Tables and dialogs": (
        FitTable,
        AddRespondentScreen,
        ConfirmScreen,
        ConfirmCarriedScreen,
        DetailScreen,
        EditActionScreen,
        JumpScreen,
        NaReasonScreen,
        OrganisationScreen,
        PickRespondentScreen,
        ProfileScreen,
        TargetsScreen,
        TooSmallScreen,
    ),
}
"""Which classes' keys each section of Help must list."""

SHOWN_AS = {
    "question_mark": "?",
    "f1": "F1",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
}


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", HELP_TEXT, re.S | re.M)
    assert match is not None, f"Help has no section {title!r}"
    return match.group(1)


def _listed(key: str, text: str) -> bool:
    if f"`{key}`" in text:
        return True
    # A range of digits such as `1`–`5`.
    return key.isdigit() and any(
        int(low) <= int(key) <= int(high) for low, high in re.findall(r"`(\d)`–`(\d)`", text)
    )


def _keys(cls: type) -> list[str]:
    bindings = cls.__dict__.get("BINDINGS", [])
    keys: list[str] = []
    for binding in bindings:
        assert isinstance(binding, Binding)
        keys += [SHOWN_AS.get(k.strip(), k.strip()) for k in binding.key.split(",")]
    return keys


@pytest.mark.parametrize("title", list(SECTIONS))
def test_every_key_bound_is_in_its_section_of_help(title: str) -> None:
    text = _section(title)
    missing = [
        f"{cls.__name__}: {key}"
        for cls in SECTIONS[title]
        for key in _keys(cls)
        if not _listed(key, text)
    ]
    assert missing == [], f"Help's {title!r} section does not list these keys"


def test_help_names_the_keys_the_issue_found_missing() -> None:
    for title, key in (
        ("Review", "ctrl+f"),
        ("New assessment", "ctrl+s"),
        ("Results", "1"),
        ("Compare", "3"),
        ("Answering questions", "a"),
    ):
        assert f"`{key}`" in _section(title)


def test_the_readme_walkthrough_names_only_keys_help_lists() -> None:
    readme = README.read_text(encoding="utf-8")
    walk = readme.split("## Walkthrough", 1)[1].split("\n## ", 1)[0]
    keys = set(re.findall(r"`([^`\s]{1,12})`", walk))
    # Commands, options, file names and periods are not keys.
    commands = {
        k
        for k in keys
        if k.startswith(("cxaudit", "--")) or "." in k or "/" in k or re.match(r"\d{4}", k)
    }
    unknown = [k for k in sorted(keys - commands) if not _listed(k, HELP_TEXT)]
    assert unknown == []


async def _footer(app: CxauditApp) -> dict[str, tuple[int, int]]:
    keys = list(app.screen.query(FooterKey))
    return {key.key: (key.region.x, key.region.right) for key in keys if key.region.width}


async def test_every_footer_at_80_columns_keeps_quit_and_help_whole(
    make_app: Callable[..., CxauditApp], db_url: str, mini: Questionnaire
) -> None:
    levels: dict[str, int | str] = {q.id: 3 for q in mini.questions}
    first = seed_assessment(db_url, mini, organisation="Acme", period="2026-Q1", answers=levels)
    later = seed_assessment(db_url, mini, organisation="Acme", period="2026-Q2", answers=levels)
    draft = seed_assessment(
        db_url, mini, organisation="Acme", period="2026-Q3", answers=levels, complete=False
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        openers: list[tuple[str, Callable[[], object]]] = [
            ("Home", lambda: None),
            ("New assessment", lambda: app.new_assessment()),
            ("Results", lambda: app.open_results(later)),
            ("History", lambda: app.open_history(1)),
            ("Compare", lambda: app.open_compare(first, later)),
            ("Wizard", lambda: app.resume(draft)),
        ]
        for name, open_screen in openers:
            app.go_home()
            await settle(pilot)
            open_screen()
            await settle(pilot)
            spans = await _footer(app)
            assert "ctrl+q" in spans, f"{name}: {sorted(spans)}"
            assert {"question_mark", "f1"} & set(spans), f"{name}: no help key shown"
            ordered = sorted(spans.values())
            assert ordered[-1][1] <= 80, f"{name}: a key is cut at the right edge"
            for (_, right), (left, _) in zip(ordered, ordered[1:], strict=False):
                assert right <= left, f"{name}: two keys overlap"
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        spans = await _footer(app)
        assert {"ctrl+f", "ctrl+q", "question_mark"} <= set(spans)


@pytest.mark.parametrize("query", ["results", "compare", "targets", "archived"])
async def test_the_palette_answers_the_main_actions_by_name(
    make_app: Callable[..., CxauditApp], query: str
) -> None:
    from textual.command import CommandPalette
    from textual.widgets import OptionList

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await pilot.press(*query)
        for _ in range(100):
            await pilot.pause(0.02)
            options = palette.query_one(OptionList)
            if options.option_count:
                break
        prompts = [
            str(options.get_option_at_index(i).prompt).lower() for i in range(options.option_count)
        ]
        assert any(query in prompt for prompt in prompts), prompts
