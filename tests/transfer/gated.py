"""A questionnaire with an evidence gate and profile flags, for the trust tests of every format.

It is the mini questionnaire with a gate at level 4, two profile flags, and three questions tied
to them: alpha.two needs a contact centre (and says what counts as evidence), alpha.three needs
a contact centre and shops and has no gate of its own, beta.two's gate starts at 5.
"""

from __future__ import annotations

from pathlib import Path

from cxaudit.domain.questionnaire import Questionnaire, parse_questionnaire
from tests.conftest import FIXTURES

PROFILE = """
evidence_from_level = 4

[[profile]]
id = "has_contact_centre"
question = "Do customers reach you through a contact centre or helpline?"
default = true
absent = "no contact centre"

[[profile]]
id = "has_shops"
question = "Do customers visit you in person?"
default = false
absent = "no shops"
"""

CALL_HINT = "The call quality report for last month."


def gated_text() -> str:
    """The questionnaire's TOML text."""
    text = (FIXTURES / "mini.toml").read_text(encoding="utf-8")
    text = text.replace('id = "mini"\n', 'id = "gated"\n', 1)
    text = text.replace("default_target = 4.0\n", "default_target = 4.0\n" + PROFILE, 1)
    text = text.replace(
        'id = "alpha.two"\n',
        f'id = "alpha.two"\napplies_if = ["has_contact_centre"]\nevidence_hint = "{CALL_HINT}"\n',
    )
    text = text.replace(
        'id = "alpha.three"\n',
        'id = "alpha.three"\napplies_if = ["has_contact_centre", "has_shops"]\n'
        "evidence_from_level = 0\n",
    )
    text = text.replace('id = "beta.two"\n', 'id = "beta.two"\nevidence_from_level = 5\n')
    return text


GATED: Questionnaire = parse_questionnaire(gated_text(), "gated.toml")


def gated_file(folder: Path) -> Path:
    """The questionnaire written to `folder`, for `--questionnaire FILE`."""
    path = folder / "gated.toml"
    path.write_text(gated_text(), encoding="utf-8")
    return path
