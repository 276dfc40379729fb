"""Help: every key of every screen, and how the scores are computed, in plain words."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Markdown

from cxaudit.tui.base import CxScreen

HELP_TEXT = """\
# cxaudit help

## Everywhere
| Key | What it does |
|---|---|
| `?` or `F1` | This help |
| `ctrl+p` | Command palette: every main action, found by name |
| `ctrl+q` | Quit (every answer is already saved) |
| `escape` | Back to the previous screen |
| `tab` / `shift+tab` | Move between fields and buttons |

## Home
| Key | What it does |
|---|---|
| `n` | New assessment |
| `enter` | Organisation: open its history · draft: resume answering |
| `r` | Latest results of the selected organisation |
| `h` | History of the selected organisation: every period and the trend |
| `a` | Add a respondent to the selected draft |
| `d` | Load the demo data |
| `tab` | Switch between organisations and drafts |

## Answering questions
| Key | What it does |
|---|---|
| `1`–`5` | Choose that level (saved at once) |
| `↑` `↓` then `enter` | Move through the levels and choose one |
| `n` | N/A: the practice cannot apply here (you will be asked why) |
| `u` | Don't know (it becomes a "find out" action) |
| `c` | Confirm an answer carried forward from the last assessment |
| `delete` | Clear this question's answer |
| `→` / `←` | Next / previous question |
| `]` / `[` | Next / previous area |
| `j` | Jump to any question or area |
| `e` | Write notes and evidence (`escape` returns to the levels) |
| `r` | Review and finish |

Marks: `·` unanswered, `✓` answered, `!` carried forward and waiting for your confirmation,
`N/A` not applicable, `?` don't know. The wizard opens at the first question still to answer.

## Results, history and comparison
| Key | What it does |
|---|---|
| `enter` | Edit the selected action: owner, due date (YYYY-MM-DD), status |
| `p` | Generate the PDF action plan |
| `h` | History of this organisation |
| `space` | In history: mark an assessment for comparison (mark two) |
| `c` | In history: compare the two marked assessments |

## How scores are computed
- Each question is answered with a **level from 1 to 5**, **N/A** (with a reason) or
  **don't know**.
- A **question's score** is the mean of the levels given by the respondents who gave one.
- An **area's score** is the weighted mean of its question scores, using the question weights.
  An area where no question has a score shows **—**: there is no score, which is not the same
  as 0.
- The **overall score** is the weighted mean of the area scores, using the area weights.
  **Percent** is (score − 1) ÷ 4 × 100.
- **Coverage** sits next to every score: "based on X of Y questions" counts the questions with
  a score out of the area's questions, leaving out those every respondent marked N/A.
  "Don't know" counts as not covered, and always becomes a "find out" action.
- The **stage** is the questionnaire's named band that holds the score.
- With several respondents, a **disagreement** is a question where the highest and lowest
  levels given are 2 or more apart, and a **perception gap** is a difference of 1.0 or more
  between leaders' and front-line answers.
- Each area has a **target** (4.0 unless set otherwise). The **action plan** takes the fewest
  one-level raises that bring each area to its target, heaviest questions first, and adds a
  "find out" item for every "don't know".
"""


class HelpScreen(CxScreen[None]):
    """Every key, and a short explanation of the scores."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Close", id="help.close", tooltip="Close help"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-body"):
            yield Markdown(HELP_TEXT, id="help-text")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Help"
        self.query_one("#help-body").focus()
