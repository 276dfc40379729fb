"""The fixed numbers of every questionnaire: five levels, scores from 1.0 to 5.0, weight limits."""

from __future__ import annotations

AREA_IDS_BUILTIN = ("leadership", "process", "skills", "culture")
LEVEL_COUNT = 5
ACTION_COUNT = 4  # one action for each current level 1..4: what to do to reach the next level
SCORE_MIN = 1.0
SCORE_MAX = 5.0
WEIGHT_MAX = 100.0
"""The largest weight an area or a question may carry."""
QUESTIONNAIRE_ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,63}$"
"""Questionnaire ids: lower-case letters, digits, `.`, `_` and `-`, up to 64 characters,
starting with a letter or digit (so an id is always safe as part of a file name)."""
PROFILE_FLAG_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
"""Profile flag ids: lower-case letters, digits and `_`, starting with a letter (a flag is typed
on the command line as `--profile has_contact_centre=no`)."""
