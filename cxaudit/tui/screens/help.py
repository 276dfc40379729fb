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
| `?` or `F1` | This help (`F1` where `?` would be typed into a field) |
| `escape` or `q` | Close this help |
| `ctrl+p` | Command palette: every main action, found by name (results, compare, targets…) |
| `ctrl+q` | Quit (every answer and note is already saved) |
| `ctrl+h` | Back to Home |
| `escape` | Back to the previous screen |
| `tab` / `shift+tab` | Move between fields, buttons and tables |

## Home
| Key | What it does |
|---|---|
| `n` | New assessment for the selected organisation (or a new one) |
| `enter` | Organisation: open its history · draft: resume answering |
| `r` | Latest results of the selected organisation |
| `h` | History of the selected organisation: every period and the trend |
| `o` | Manage the selected organisation: rename, sector, archive or delete |
| `A` | Show or hide archived organisations |
| `a` | Add a respondent to the selected draft |
| `l` | Personal links of the selected draft: who has opened and finished; create or revoke one |
| `p` | Profile of the selected organisation: which questions its next assessments ask |
| `d` | Load the demo data |

The line under the list shows the selected organisation in full. *Late* counts the actions of
its current plan that are past their due date and not done. Home looks again for changes made
elsewhere (the command line, a colleague) when the terminal regains focus and every 20 seconds.

## New assessment
| Key | What it does |
|---|---|
| `ctrl+s` | Start the assessment |
| `F1` | This help (`?` is typed into the field) |
| `enter` | Next field (on "Your name": start) |
| `escape` | Back without starting |

The period is the next one the organisation has no assessment for; type another as 2026-Q1,
Q1 2026, 2026q1, 2026-H1, 2026-10 or 2026. A new organisation answers the questionnaire's
profile questions once (`space` ticks or unticks a box; ticked is yes): a question that does not
fit it, such as one about a contact centre it does not have, is not asked.

## Answering questions
| Key | What it does |
|---|---|
| `1`–`5` | Choose that level (saved at once) |
| `↑` `↓` then `enter` | Move through the levels and choose one |
| `home` `end` `pageup` `pagedown` | Move through the levels faster |
| `n` | N/A: the practice cannot apply here (you will be asked why) |
| `u` | Don't know (it becomes a "find out" action) |
| `s` | How sure you are: steps low, medium (the default), high; shown beside the level |
| `c` | Confirm an answer carried forward from the last assessment |
| `C` | Confirm many carried answers: those of this area, or all (asks first, says how many) |
| `delete` | Clear this question's answer |
| `→` / `←` | Next / previous question |
| `]` / `[` | Next / previous area |
| `j` | Jump to any question or area |
| `e` | Write notes and evidence (`escape` returns to the levels); saved as you type |
| `w` | Show or fold "why it matters" (folded on short terminals) |
| `a` | Add another respondent to this assessment |
| `r` | Review and finish |
| `escape` | Back to Home (everything is saved) |
| `ctrl+h` | Back to Home, as `escape` (not while a level waits for its evidence) |
| `enter` or `escape` | On the guidance before the first question: begin |

Marks: `·` unanswered, `✓` answered, `!` carried forward and waiting for your confirmation,
`N/A` not applicable, `?` don't know. The wizard opens at the first question still to answer.

From the questionnaire's evidence level on (usually 4), a level needs evidence: what someone
could be shown. The cursor goes to the evidence field, which says what counts; the level is
saved with the first letter typed, and the wizard moves on only once it has evidence or a lower
level. Questions that do not apply to the organisation (a contact-centre question for one with
no contact centre) are not asked: they count as N/A, and the review lists them with the reason.

## Review
| Key | What it does |
|---|---|
| `enter` | Go to the question selected (unanswered, to confirm, N/A or don't know) |
| `ctrl+f` | Complete the assessment |
| `a` | Add a respondent |
| `escape` | Back to the questions |

## Results
| Key | What it does |
|---|---|
| `1` `2` `3` `4` | Scores, Action plan, Differences, Benchmark (among your other organisations) |
| `enter` | Action plan: edit owner, due date (YYYY-MM-DD) and status |
| `enter` | Differences: the whole question with every answer and note |
| `t` | Set the area targets |
| `p` | Generate the PDF action plan |
| `h` | History of this organisation |
| `a` | Add a respondent |
| `escape` | Back |

## Links
| Key | What it does |
|---|---|
| `c` | Create personal links (each is shown once, to copy) |
| `x` | Revoke the selected link, after asking |
| `ctrl+s` | Create the links, in the dialog that asks for whom |
| `escape` | Back, or close a dialog |

The list refreshes on its own: who has opened their link, how far each person is and who
has finished.

## History
| Key | What it does |
|---|---|
| `enter` | Open an assessment (a draft: resume it) |
| `space` | Mark an assessment for comparison (mark two) |
| `c` | Compare the two marked assessments |
| `n` | New assessment for this organisation |
| `a` | Add a respondent to the selected assessment |
| `escape` | Back |

## Compare
| Key | What it does |
|---|---|
| `1` `2` `3` | Areas, Questions, Earlier actions |
| `enter` | The whole question with every answer and note, or the whole earlier action |
| `escape` | Back to history |

Every change shown is the difference of the two scores shown beside it.

## Tables and dialogs
| Key | What it does |
|---|---|
| `home` / `end` | First / last row of a table |
| `enter` | A row whose text is cut: its full text (where the table has no other use for it) |
| `y` | Yes, in a question that asks first |
| `space` | Tick or untick a box (an organisation's profile) |
| `ctrl+s` | Save the organisation's profile, in its dialog |
| `ctrl+q` | Quit, even from the "terminal too small" message |
| `escape` | Close a dialog without changing anything |
| `enter` or `q` | Close a full-text view |

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
- The **Benchmark** tab compares a completed assessment with the latest completed assessment of
  every other organisation on the same questionnaire (archived ones left out), and only when
  there are at least 5 of them; no other organisation is ever named. **Pctl** (percentile) is
  the share of those peers below the score, a tie counting half. Quartiles (25th, median, 75th)
  use linear interpolation between the two nearest peers. A question is listed when its level
  is below the peers' 25th percentile, largest **weighted gap** (the question's weight times
  how far it is below the peers' median) first.
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
