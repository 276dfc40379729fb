"""Assessment periods: quarters by default, also halves, months and whole years.

Every assessment belongs to a period named by a short label. History, trends and comparisons
order assessments by the date a period starts, so `2026-H1`, `2026-Q2` and `2026-10` sit
together on one time line whatever kind of label each organisation chose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from cxaudit.errors import ValidationProblem

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_YEAR = re.compile(r"^(\d{4})$")
# "Q1 2026", "2026 Q1", "2026q1", "2026/Q1": the ways people write a quarter or a half.
_PART_FIRST = re.compile(r"^([QH])\s*([1-4])[\s\-/]*(\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[\s\-/]*([QH])\s*([1-4])$")

_LAST_YEAR = 9999


@dataclass(frozen=True, order=True)
class Period:
    """A named stretch of time; `start` and `end` are both inclusive days.

    Periods order by start date first, so a list of them sorts the way history reads.
    """

    start: date
    end: date
    label: str


def _month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def _span(year: int, first_month: int, months: int) -> tuple[date, date]:
    """The first and last day of `months` months starting at `first_month` of `year`."""
    start = _month_start(year, first_month)
    end_month = first_month + months
    if end_month > 12:
        after = _month_start(year + 1, end_month - 12) if year < _LAST_YEAR else None
    else:
        after = _month_start(year, end_month)
    end = after - timedelta(days=1) if after is not None else date(_LAST_YEAR, 12, 31)
    return start, end


def _problem(label: str) -> ValidationProblem:
    return ValidationProblem(
        f"'{label}' is not a period: use a quarter such as 2026-Q1, a half such as 2026-H1, "
        "a month such as 2026-10 or a year such as 2026."
    )


def _canonical(label: str) -> str:
    """`label` in capitals without surrounding spaces, a quarter or half written the way the
    labels are stored (`Q1 2026`, `2026 Q1` and `2026q1` all become `2026-Q1`)."""
    text = " ".join(label.split()).upper()
    if match := _PART_FIRST.match(text):
        return f"{match[3]}-{match[1]}{match[2]}"
    if match := _YEAR_FIRST.match(text):
        return f"{match[1]}-{match[2]}{match[3]}"
    return text


def parse_period(label: str) -> Period:
    """Read a period label (`YYYY-Qn`, `YYYY-Hn`, `YYYY-MM` or `YYYY`) into its dates.

    Letters may be typed in either case, surrounding spaces are ignored, and a quarter or half
    may be written the other way round or without its hyphen (`Q1 2026`, `2026 Q1`, `2026q1`);
    the returned label is the canonical spelling (`2026-Q1`).
    """
    text = _canonical(label)
    match = _QUARTER.match(text) or _HALF.match(text) or _MONTH.match(text) or _YEAR.match(text)
    if match is None or int(match[1]) < 1:
        raise _problem(label)
    year = int(match[1])
    if match.re is _QUARTER:
        start, end = _span(year, 3 * (int(match[2]) - 1) + 1, 3)
    elif match.re is _HALF:
        start, end = _span(year, 6 * (int(match[2]) - 1) + 1, 6)
    elif match.re is _MONTH:
        start, end = _span(year, int(match[2]), 1)
    else:
        start, end = _span(year, 1, 12)
    return Period(start=start, end=end, label=text)


def current_period(today: date) -> str:
    """The quarter holding `today`, e.g. `2026-Q4` for 23 November 2026."""
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def period_holding(today: date, like: str) -> str:
    """The period of the same kind as `like` (quarter, half, month or year) holding `today`."""
    text = parse_period(like).label
    if _HALF.match(text):
        return f"{today.year}-H{1 if today.month <= 6 else 2}"
    if _MONTH.match(text):
        return f"{today.year}-{today.month:02d}"
    if _YEAR.match(text):
        return f"{today.year:04d}"
    return current_period(today)


def next_free_period(today: date, taken: Iterable[str]) -> str:
    """The period a new assessment of an organisation starts with: the one holding `today`,
    of the kind its latest assessment used, moved past that latest assessment, and never one
    it already has. With no assessment yet: today's quarter.

    For example, with 2026-Q1 and 2026-Q2 on record on 14 May 2026, it is 2026-Q3.
    """
    labels = {period_sort_key(label)[1] for label in taken}
    valid = [label for label in sort_periods(labels) if period_sort_key(label)[0] != date.max]
    if not valid:
        return current_period(today)
    latest = valid[-1]
    candidate = period_holding(today, latest)
    if parse_period(candidate).start <= parse_period(latest).start:
        candidate = next_period(latest)
    while candidate in labels:
        candidate = next_period(candidate)
    return candidate


def period_sort_key(label: str) -> tuple[date, str]:
    """Sort by start date, then by label; a label that is not a period sorts last.

    History kept from before a label was checked must still list, so this never raises.
    """
    try:
        period = parse_period(label)
    except ValidationProblem:
        return (date.max, label)
    return (period.start, period.label)


def sort_periods(labels: Iterable[str]) -> list[str]:
    """The labels ordered by the date their period starts (earliest first)."""
    return sorted(labels, key=period_sort_key)


def next_period(label: str) -> str:
    """The period of the same kind that follows `label`: when the next assessment is due."""
    period = parse_period(label)
    text = period.label
    year = period.start.year
    if year >= _LAST_YEAR and period.end == date(_LAST_YEAR, 12, 31):
        raise ValidationProblem(f"Period '{text}' is the last one cxaudit can record.")
    if match := _QUARTER.match(text):
        quarter = int(match[2])
        return f"{year + 1}-Q1" if quarter == 4 else f"{year}-Q{quarter + 1}"
    if match := _HALF.match(text):
        half = int(match[2])
        return f"{year + 1}-H1" if half == 2 else f"{year}-H2"
    if match := _MONTH.match(text):
        month = int(match[2])
        return f"{year + 1}-01" if month == 12 else f"{year}-{month + 1:02d}"
    return f"{year + 1:04d}"
