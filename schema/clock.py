"""The platform's clock. Offices work on Beijing time (UTC+8, no daylight saving) whatever
zone the server runs in: "today" for a deadline, a card's validity or an overdue check is
the Beijing date, which differs from the server's between 00:00 and 08:00 Beijing time
on a UTC machine. Stored datetimes stay in UTC.

The one clock of every layer: nothing else asks the system for the time of day.
"""

from __future__ import annotations

import datetime as dt

CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "CST")


def now() -> dt.datetime:
    """The current moment, aware, in UTC (how every datetime is stored)."""
    return dt.datetime.now(dt.UTC)


def unix_time() -> float:
    """Seconds since the epoch: token expiry, webhook signatures, the worker heartbeat."""
    return now().timestamp()


def china_today(moment: dt.datetime | None = None) -> dt.date:
    return (moment or now()).astimezone(CHINA_TIME).date()


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (28 February for a 29 February); validity periods."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1
    month is 28 or 29 Feb); support periods of fund policies."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    following = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return day.replace(year=year, month=month + 1, day=min(day.day, (following - dt.timedelta(days=1)).day))
