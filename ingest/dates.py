"""Resolving the date expressions of news sentences against the article's publication date.

>>> published = dt.date(2024, 11, 18)  # a Monday
>>> resolve_date("yesterday", published), resolve_date("last week", published)
(datetime.date(2024, 11, 17), datetime.date(2024, 11, 11))
>>> resolve_date("On September 12", published), resolve_date("in late October", published)
(datetime.date(2024, 9, 12), datetime.date(2024, 10, 25))
>>> resolve_date("on Friday", published), resolve_date("for months", published) is None
(datetime.date(2024, 11, 15), True)
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

__all__ = ["resolve_date"]

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTHS |= {"sept": 9}
_WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "a": 1, "an": 1, "several": 3, "few": 3}  # fmt: skip
_PART_OF_MONTH = {"early": 5, "beginning": 5, "start": 5, "mid": 15, "middle": 15, "late": 25, "end": 28}

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PART = r"(?:(?:the\s+)?(?P<part>early|beginning|start|mid|middle|late|end)(?:\s+of)?[\s-]+)?"

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b", re.I), "day_month"),
    (re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b", re.I), "month_day"),
    (re.compile(rf"\b{_PART}{_MONTH}(?:\s+{_YEAR})?\b", re.I), "month"),
    (re.compile(rf"\b{_YEAR}-(?P<m>\d\d)-(?P<d>\d\d)\b"), "iso"),
]
_RELATIVE: list[tuple[re.Pattern[str], Callable[[dt.date], dt.date]]] = [
    (re.compile(r"\byesterday\b", re.I), lambda p: p - dt.timedelta(days=1)),
    (re.compile(r"\b(?:today|tonight|this morning|this afternoon|this evening)\b", re.I), lambda p: p),
    (re.compile(r"\btomorrow\b", re.I), lambda p: p + dt.timedelta(days=1)),
    (re.compile(r"\blast week(?:end)?\b", re.I), lambda p: p - dt.timedelta(days=7)),
    (re.compile(r"\b(?:this|earlier this) week\b", re.I), lambda p: p),
    (re.compile(r"\blast month\b", re.I), lambda p: _add_months(p, -1)),
    (re.compile(r"\b(?:this|earlier this) month\b", re.I), lambda p: p),
    (re.compile(r"\blast year\b", re.I), lambda p: _add_months(p, -12)),
]
_AGO = re.compile(r"\b(?P<n>\d+|" + "|".join(_NUMBERS) + r")\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.I)
_WEEKDAY = re.compile(r"\b(?P<last>last\s+)?(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b", re.I)
_YEAR_ONLY = re.compile(rf"^(?:in|since|during|throughout)\s+{_YEAR}$", re.I)


def resolve_date(expression: str, published: dt.date | None) -> dt.date | None:
    """The calendar date an expression points to, or None when it names no day or month."""
    text = expression.strip()
    if not text:
        return None
    absolute = _absolute(text, published)
    if absolute is not None or published is None:
        return absolute
    for pattern, shift in _RELATIVE:
        if pattern.search(text):
            return shift(published)
    return _ago(text, published) or _weekday(text, published)


def _absolute(text: str, published: dt.date | None) -> dt.date | None:
    for pattern, kind in _PATTERNS:
        match = pattern.search(text)
        if match:
            found = _from_match(match, kind, published)
            if found is not None:
                return found
    year_only = _YEAR_ONLY.match(text)
    if year_only:
        return dt.date(int(year_only.group("year")), 7, 1)
    return None


def _from_match(match: re.Match[str], kind: str, published: dt.date | None) -> dt.date | None:
    groups = match.groupdict()
    if kind == "iso":
        return _safe_date(int(groups["year"]), int(groups["m"]), int(groups["d"]))
    month = _MONTHS[groups["month"].lower().rstrip(".")]
    if kind == "month":
        day = _PART_OF_MONTH.get((groups.get("part") or "").lower(), 15)
        if not groups.get("year") and not groups.get("part") and published is None:
            return None
    else:
        day = int(groups["day"])
    if groups.get("year"):
        return _safe_date(int(groups["year"]), month, day)
    if published is None:
        return None
    candidate = _safe_date(published.year, month, day)
    if candidate is not None and candidate > published + dt.timedelta(days=7):
        candidate = _safe_date(published.year - 1, month, day)  # news speaks of the recent past
    return candidate


def _ago(text: str, published: dt.date) -> dt.date | None:
    match = _AGO.search(text)
    if not match:
        return None
    raw = match.group("n").lower()
    amount = int(raw) if raw.isdigit() else _NUMBERS[raw]
    unit = match.group("unit").lower()
    if unit in ("month", "year"):
        return _add_months(published, -amount * (12 if unit == "year" else 1))
    return published - dt.timedelta(days=amount * (7 if unit == "week" else 1))


def _weekday(text: str, published: dt.date) -> dt.date | None:
    match = _WEEKDAY.search(text)
    if not match:
        return None
    back = (published.weekday() - _WEEKDAYS[match.group("weekday").lower()]) % 7
    if match.group("last") and back == 0:
        back = 7
    return published - dt.timedelta(days=back)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
