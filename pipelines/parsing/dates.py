"""Dates as the site prints them: `2 Nov 2025 11:31`, `19 Nov 2025`, `Today 13:22`, `Yesterday ...`.

Times are the site's wall-clock time and stay naive. A relative date is resolved against the
calendar date of the fetch time (naive UTC, as the manifest gives it; an aware fetch time is
converted to UTC first). A date is never invented: without a fetch time a relative date stays
unresolved, and a date more than a day after the fetch time (a day of slack for time zones) is
rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ABSOLUTE = re.compile(r"(\d{1,2}) ([A-Za-z]{3,9})\.? (\d{4})(?:,? (\d{1,2}):(\d{2}))?")
_RELATIVE = re.compile(r"(Today|Yesterday),? (\d{1,2}):(\d{2})", re.IGNORECASE)
FETCH_TIME_SLACK = timedelta(days=1)
_CACHE_SIZE = 1 << 12


@dataclass(frozen=True, slots=True)
class SiteDate:
    value: datetime | None
    problem: str | None = None


@lru_cache(maxsize=_CACHE_SIZE)
def looks_like_date(text: str) -> bool:
    """Cached: the same bullets (`19 Nov 2025`, `Politics`) come back on page after page."""
    absolute = _ABSOLUTE.fullmatch(text)
    return (absolute is not None and absolute.group(2).lower() in _MONTHS) or bool(
        _RELATIVE.fullmatch(text)
    )


@lru_cache(maxsize=_CACHE_SIZE)
def parse_day(text: str) -> date | None:
    """`19 Nov 2025` (a time after it is allowed and ignored); None when it is not a date."""
    match = _ABSOLUTE.fullmatch(text)
    if match is None or match.group(2).lower() not in _MONTHS:
        return None
    try:
        return date(int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
    except ValueError:
        return None


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def parse_published(text: str, fetched_at: datetime | None) -> SiteDate:
    """The publication time printed in a byline, checked against the fetch time."""
    fetched = _naive_utc(fetched_at) if fetched_at is not None else None
    relative = _RELATIVE.fullmatch(text)
    if relative is not None:
        if fetched is None:
            return SiteDate(None, f"relative date {text!r} cannot be resolved without a fetch time")
        hour, minute = int(relative.group(2)), int(relative.group(3))
        try:
            day = fetched.date() - timedelta(days=relative.group(1).lower() == "yesterday")
            return _checked(datetime(day.year, day.month, day.day, hour, minute), text, fetched)
        except (ValueError, OverflowError):
            return SiteDate(None, f"date {text!r} is not a valid time")
    absolute = _ABSOLUTE.fullmatch(text)
    if absolute is None or absolute.group(2).lower() not in _MONTHS:
        return SiteDate(None, f"date {text!r} is not in a known format")
    day_text, month_text, year_text, hour_text, minute_text = absolute.groups()
    try:
        value = datetime(
            int(year_text),
            _MONTHS[month_text.lower()],
            int(day_text),
            int(hour_text or 0),
            int(minute_text or 0),
        )
    except ValueError:
        return SiteDate(None, f"date {text!r} is not a valid date")
    return _checked(value, text, fetched)


def _plus_slack(fetched: datetime) -> datetime:
    try:
        return fetched + FETCH_TIME_SLACK
    except OverflowError:
        return datetime.max


def _checked(value: datetime, text: str, fetched: datetime | None) -> SiteDate:
    if fetched is not None and value > _plus_slack(fetched):
        return SiteDate(
            None,
            f"publication date {text!r} is after the fetch time {fetched:%Y-%m-%d %H:%M}",
        )
    return SiteDate(value)
