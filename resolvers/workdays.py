"""Working days (工作日): the one place every deadline is computed.

A day is a working day by, in order: an administrator's entry (CalendarDay, for years the
bundled calendar lacks or got wrong), the bundled official calendar (chinesecalendar:
holidays and make-up working days, 调休), and otherwise Monday–Friday. A year with
neither bundle nor entries still yields dates — never an error — and `covered()` tells
the offices (jobs/calendar_check.py) that the year's calendar still has to be entered.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Mapping

import chinese_calendar
from tortoise.connection import connections

from schema.models import CalendarDay
from schema.models.enums import CalendarDayKind

ONE_DAY = dt.timedelta(days=1)

# The years chinesecalendar has data for; it raises NotImplementedError outside them,
# by the same rule (the years of its first and last holiday).
BUNDLED_YEARS = range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)


@functools.lru_cache(maxsize=8192)
def _bundled_is_workday(day: dt.date) -> bool | None:
    """The bundled answer, None where it has no data. Cached: the library scans all its
    holidays on every call, and one deadline asks about hundreds of days."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


class WorkCalendar:
    """The bundled calendar overlaid with the administrators' entries."""

    def __init__(self, entries: Mapping[dt.date, CalendarDayKind] | None = None) -> None:
        self.entries = dict(entries or {})
        self._entered_years = {day.year for day in self.entries}

    def is_workday(self, day: dt.date) -> bool:
        kind = self.entries.get(day)
        if kind is not None:
            return kind == CalendarDayKind.WORKDAY
        bundled = _bundled_is_workday(day)
        return day.weekday() < 5 if bundled is None else bundled

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (the day of receipt does not count)."""
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        while n:
            day += ONE_DAY
            if self.is_workday(day):
                n -= 1
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`; 0 when end <= start."""
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_workday(day)
        return count

    def covered(self, year: int) -> bool:
        # One entered day counts: administrators enter a year's notice as a whole.
        return year in BUNDLED_YEARS or year in self._entered_years

    def uncovered_years(self, start: dt.date, end: dt.date) -> list[int]:
        return [year for year in range(start.year, end.year + 1) if not self.covered(year)]


# The calendar changes a few times a year and is read for every deadline: keep it per
# process. Changes through resolvers/calendar_admin.py call `invalidate_calendar()` after
# their commit; other processes (workers, other gateway instances) pick a change up
# within CACHE_SECONDS. The entry remembers its database, so a process that
# re-initialises Tortoise on another database (the tests) never sees a foreign calendar.
CACHE_SECONDS = 60.0
_cached: tuple[str, float, WorkCalendar] | None = None
_version = 0


def invalidate_calendar() -> None:
    global _cached, _version
    _cached = None
    _version += 1


def _database() -> str:
    return repr(connections.db_config.get("default"))


async def load_calendar() -> WorkCalendar:
    global _cached
    database, now = _database(), time.monotonic()
    if _cached is not None and _cached[0] == database and now - _cached[1] < CACHE_SECONDS:
        return _cached[2]
    version = _version
    rows = await CalendarDay.all().values_list("day", "kind")
    calendar = WorkCalendar({day: CalendarDayKind(kind) for day, kind in rows})
    # A change committed while we were reading may be missing from what we read: use it
    # for this caller only.
    if version == _version:
        _cached = (database, now, calendar)
    return calendar
