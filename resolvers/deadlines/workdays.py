"""Working days (工作日): the one place every deadline is computed.

Every record counts in the calendar of its own place (its county; a city's record, the
city's). A day is a working day there by, in order: the entry of that place or the nearest
place above it (LocalCalendarDay: a county's, its city's, its province's — an office's own
holiday or 调休 applies to its area and nowhere else), the national entry (CalendarDay, for
years the bundled calendar lacks or got wrong; only the deployment's operator changes
those), the bundled official calendar (chinesecalendar: holidays and make-up working days),
and otherwise Monday–Friday. A year with neither bundle nor national entries still yields
dates — never an error — and `covered()` tells (jobs/deadlines.py) that the year's
national calendar still has to be entered.
"""

from __future__ import annotations

import datetime as dt
import functools
import time
from collections.abc import Callable, Iterable, Mapping

import chinese_calendar
from tortoise.connection import connections
from tortoise.expressions import Q

from permissions.scopes import ancestors, covers, jur
from permissions.visibility import within
from schema.models import CalendarDay, LocalCalendarDay
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
    """The bundled calendar overlaid with entered days (national, then the place's own)."""

    def __init__(
        self,
        entries: Mapping[dt.date, CalendarDayKind] | None = None,
        entered_years: Iterable[int] | None = None,
    ) -> None:
        self.entries = dict(entries or {})
        # The years whose national notice was entered (a local holiday is not one).
        self.entered_years = frozenset(
            {day.year for day in self.entries} if entered_years is None else entered_years
        )

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
        return year in BUNDLED_YEARS or year in self.entered_years

    def uncovered_years(self, start: dt.date, end: dt.date) -> list[int]:
        return [year for year in range(start.year, end.year + 1) if not self.covered(year)]


def ancestry(code: str) -> tuple[str, ...]:
    """The places whose calendar entries apply at `code`, broadest first: its province, its
    city and itself (GB/T 2260: 130102 → 130000, 130100, 130102; 130100 → 130000, 130100)."""
    return tuple(reversed(ancestors(code)))


class Calendars:
    """One snapshot of every entered day: the national ones and each place's own. Which
    calendar a record counts in is `for_place(its jurisdiction)`, built once per place."""

    def __init__(
        self,
        national: Mapping[dt.date, CalendarDayKind],
        local: Mapping[str, Mapping[dt.date, CalendarDayKind]] | None = None,
    ) -> None:
        self.national = WorkCalendar(national)
        self.local = {code: dict(days) for code, days in (local or {}).items() if days}
        self._places: dict[str, WorkCalendar] = {}

    def for_place(self, code: str | None) -> WorkCalendar:
        """National days overlaid with those of the place's province, city and the place
        itself, the more local entry winning; None: the national calendar alone."""
        if not code or not self.local:
            return self.national
        calendar = self._places.get(code)
        if calendar is None:
            layers = [self.local[place] for place in ancestry(code) if place in self.local]
            calendar = self.national
            if layers:
                entries = dict(self.national.entries)
                for layer in layers:
                    entries.update(layer)
                calendar = WorkCalendar(entries, self.national.entered_years)
            self._places[code] = calendar
        return calendar

    def where(self, column: str, condition: Callable[[WorkCalendar], Q]) -> Q:
        """One filter for a whole table: rows whose jurisdiction `column` lies in a place
        counting in calendar C must match `condition(C)`. One group per place with its own
        days (minus the places with days of their own under it), and one for everywhere
        else — a handful of clauses, however many rows."""
        places = sorted(self.local)
        clauses = []
        for place in [None, *places]:
            inside = [q for q in places if q != place and (place is None or covers(jur(place), jur(q)))]
            group = Q(condition(self.for_place(place)))
            if place is not None:
                group &= within(column, place)
            for q in inside:
                group &= ~within(column, q)
            clauses.append(group)
        return Q(*clauses, join_type=Q.OR) if len(clauses) > 1 else clauses[0]


# The calendar changes a few times a year and is read for every deadline: keep it per
# process. Changes through resolvers/deadlines/calendar.py call `invalidate_calendar()` after
# their commit; other processes (workers, other gateway instances) pick a change up
# within CACHE_SECONDS. The entry remembers its database, so a process that
# re-initialises Tortoise on another database (the tests) never sees a foreign calendar.
CACHE_SECONDS = 60.0
_cached: tuple[str, float, Calendars] | None = None
_version = 0


def invalidate_calendar() -> None:
    global _cached, _version
    _cached = None
    _version += 1


def _database() -> str:
    return repr(connections.db_config.get("default"))


async def load_calendars() -> Calendars:
    """Every entered day, national and local, in two queries per CACHE_SECONDS per process:
    jobs and the demo take calendars for many places from this one snapshot."""
    global _cached
    database, now = _database(), time.monotonic()
    if _cached is not None and _cached[0] == database and now - _cached[1] < CACHE_SECONDS:
        return _cached[2]
    version = _version
    national = await CalendarDay.all().values_list("day", "kind")
    local: dict[str, dict[dt.date, CalendarDayKind]] = {}
    for code, day, kind in await LocalCalendarDay.all().values_list("jurisdiction_id", "day", "kind"):
        local.setdefault(code, {})[day] = CalendarDayKind(kind)
    calendars = Calendars({day: CalendarDayKind(kind) for day, kind in national}, local)
    # A change committed while we were reading may be missing from what we read: use it
    # for this caller only.
    if version == _version:
        _cached = (database, now, calendars)
    return calendars


async def load_calendar(jurisdiction_code: str | None = None) -> WorkCalendar:
    """The calendar a record of `jurisdiction_code` counts in (see the module docstring);
    None: the national calendar alone (national coverage, places without a record)."""
    return (await load_calendars()).for_place(jurisdiction_code)
