"""Working days: the bundled official calendar, national entries for the years it lacks,
each place's own entries over them, Monday–Friday where there is nothing, and the
per-process cache."""

from __future__ import annotations

import datetime as dt
import time

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st
from tortoise.expressions import Q

from resolvers.deadlines.workdays import (
    BUNDLED_YEARS,
    Calendars,
    WorkCalendar,
    invalidate_calendar,
    load_calendar,
)
from schema.models import CalendarDay, Jurisdiction
from schema.models.enums import CalendarDayKind

D = dt.date.fromisoformat
HOLIDAY, WORKDAY = CalendarDayKind.HOLIDAY, CalendarDayKind.WORKDAY
BUNDLE = WorkCalendar()
# A hypothetical 2027 notice: New Year's Day off, Saturday 9 January worked.
ENTERED_2027 = WorkCalendar({D("2027-01-01"): HOLIDAY, D("2027-01-09"): WORKDAY})


def test_the_installed_bundle_ends_with_2026_and_refuses_later_years() -> None:
    # What this module relies on: the library raises NotImplementedError (a RuntimeError)
    # for years it has no data for, and its range is that of its holidays.
    assert (BUNDLED_YEARS.start, BUNDLED_YEARS.stop - 1) == (2004, 2026)
    try:
        chinese_calendar.is_workday(D("2027-03-01"))
    except NotImplementedError:
        pass
    else:
        raise AssertionError("chinesecalendar now covers 2027: review the expectations below")


def test_2025_official_holidays_and_make_up_days() -> None:
    # 国务院办公厅关于2025年部分节假日安排的通知: 春节 1月28日至2月4日放假调休，1月26日（周日）、
    # 2月8日（周六）上班；国庆节、中秋节 10月1日至8日放假调休，9月28日（周日）、10月11日（周六）上班。
    for day in ("2025-01-28", "2025-01-29", "2025-02-03", "2025-02-04", "2025-10-01", "2025-10-08"):
        assert not BUNDLE.is_workday(D(day)), day
    for day in ("2025-01-26", "2025-02-08", "2025-09-28", "2025-10-11"):
        assert BUNDLE.is_workday(D(day)), day


def test_2026_national_day_and_mid_autumn() -> None:
    # 国务院办公厅关于2026年部分节假日安排的通知: 中秋节 9月25日（周五）至27日放假；国庆节 10月1日
    # 至7日放假调休，9月20日（周日）、10月10日（周六）上班。
    for day in ("2026-09-25", "2026-09-26", "2026-09-27", "2026-10-01", "2026-10-05", "2026-10-07"):
        assert not BUNDLE.is_workday(D(day)), day
    for day in ("2026-09-20", "2026-10-10", "2026-10-08", "2026-10-09"):
        assert BUNDLE.is_workday(D(day)), day


def test_adding_working_days_across_the_2026_national_day_week() -> None:
    assert BUNDLE.add_workdays(D("2026-09-30"), 1) == D("2026-10-08")  # the whole week is off
    assert BUNDLE.add_workdays(D("2026-09-30"), 3) == D("2026-10-10")  # the make-up Saturday
    assert BUNDLE.add_workdays(D("2026-09-18"), 1) == D("2026-09-20")  # the make-up Sunday
    assert BUNDLE.add_workdays(D("2026-09-24"), 1) == D("2026-09-28")  # Mid-Autumn Friday off
    assert BUNDLE.add_workdays(D("2026-09-24"), 4) == D("2026-10-08")
    assert BUNDLE.workdays_between(D("2026-09-24"), D("2026-10-10")) == 6


def test_the_day_of_receipt_does_not_count() -> None:
    assert BUNDLE.add_workdays(D("2026-03-06"), 0) == D("2026-03-06")
    assert BUNDLE.add_workdays(D("2026-10-03"), 0) == D("2026-10-03")  # even on a holiday
    assert BUNDLE.add_workdays(D("2026-03-06"), 1) == D("2026-03-09")  # Friday → Monday
    assert BUNDLE.add_workdays(D("2026-03-07"), 1) == D("2026-03-09")  # received on Saturday
    assert BUNDLE.workdays_between(D("2026-03-06"), D("2026-03-06")) == 0
    assert BUNDLE.workdays_between(D("2026-03-09"), D("2026-03-06")) == 0


def test_a_deadline_into_a_year_without_calendar_counts_monday_to_friday() -> None:
    assert BUNDLE.add_workdays(D("2026-12-31"), 1) == D("2027-01-01")  # a Friday: no error
    assert BUNDLE.add_workdays(D("2027-01-07"), 2) == D("2027-01-11")
    assert BUNDLE.add_workdays(D("2026-12-01"), 365).year == 2028
    assert not BUNDLE.covered(2027)
    assert BUNDLE.uncovered_years(D("2026-11-22"), D("2028-01-03")) == [2027, 2028]
    assert BUNDLE.uncovered_years(D("2025-01-01"), D("2026-12-31")) == []


def test_administrators_entries_change_the_count() -> None:
    assert ENTERED_2027.covered(2027) and not ENTERED_2027.covered(2028)
    assert ENTERED_2027.add_workdays(D("2026-12-31"), 1) == D("2027-01-04")  # 1 January off
    assert ENTERED_2027.add_workdays(D("2027-01-07"), 2) == D("2027-01-09")  # Saturday worked
    assert ENTERED_2027.uncovered_years(D("2026-11-22"), D("2027-03-22")) == []


def test_an_entry_wins_over_the_bundle() -> None:
    corrected = WorkCalendar({D("2026-10-08"): HOLIDAY, D("2026-10-03"): WORKDAY})
    assert not corrected.is_workday(D("2026-10-08"))
    assert corrected.is_workday(D("2026-10-03"))
    assert corrected.add_workdays(D("2026-09-30"), 2) == D("2026-10-09")


def test_a_year_of_working_days_is_fast() -> None:
    calendar = WorkCalendar()
    began = time.perf_counter()
    for offset in range(20):
        calendar.add_workdays(D("2026-01-01") + dt.timedelta(days=offset), 365)
    assert time.perf_counter() - began < 1.0


DATES = st.dates(min_value=D("2025-01-01"), max_value=D("2028-12-31"))


@settings(max_examples=300, deadline=None)
@given(start=DATES, n=st.integers(min_value=1, max_value=40), entered=st.booleans())
def test_workdays_between_inverts_add_workdays(start: dt.date, n: int, entered: bool) -> None:
    calendar = ENTERED_2027 if entered else BUNDLE
    due = calendar.add_workdays(start, n)
    assert calendar.is_workday(due)
    assert calendar.workdays_between(start, due) == n
    assert calendar.workdays_between(start, due - dt.timedelta(days=1)) == n - 1  # the first such day


# -- loading and the cache ----------------------------------------------------------------------


async def test_load_calendar_reads_the_entries_and_caches_them(db: str) -> None:
    invalidate_calendar()
    assert not (await load_calendar()).covered(2027)
    await CalendarDay.create(day=D("2027-01-01"), kind=HOLIDAY, name="元旦", created_by="test")
    # Written behind the module's back: the cached calendar is still served …
    assert not (await load_calendar()).covered(2027)
    invalidate_calendar()
    # … until it is invalidated (resolvers/deadlines/calendar.py does it after every change).
    calendar = await load_calendar()
    assert calendar.covered(2027)
    assert calendar.add_workdays(D("2026-12-31"), 1) == D("2027-01-04")
    assert calendar.entries == {D("2027-01-01"): HOLIDAY}
    assert isinstance(next(iter(calendar.entries.values())), CalendarDayKind)


# -- each place's own days --------------------------------------------------------------------

LAYERED = Calendars(
    {D("2027-01-04"): HOLIDAY, D("2027-01-07"): HOLIDAY},
    {
        "130000": {D("2027-01-05"): HOLIDAY},  # Hebei
        "130100": {D("2027-01-04"): WORKDAY},  # Shijiazhuang works the national holiday
        "130102": {D("2027-01-06"): HOLIDAY, D("2027-01-05"): WORKDAY},  # 长安区
    },
)


def _off(code: str | None) -> list[int]:
    calendar = LAYERED.for_place(code)
    return [day.day for day in (D(f"2027-01-0{n}") for n in range(4, 8)) if not calendar.is_workday(day)]


def test_a_place_counts_national_days_overlaid_by_its_province_city_and_own_the_most_local_winning() -> None:
    assert _off(None) == [4, 7]
    assert _off("370102") == [4, 7]  # another province: national days only
    assert _off("130000") == [4, 5, 7]
    assert _off("130202") == [4, 5, 7]  # a county of 唐山市: its province's days only
    assert _off("130100") == [5, 7]
    assert _off("130123") == [5, 7]  # 正定县: its city's and province's
    assert _off("130102") == [6, 7]  # 长安区: its own entry wins over the province's
    assert LAYERED.for_place("130102") is LAYERED.for_place("130102")  # built once per place
    # Only national entries say the year's notice is in.
    assert LAYERED.for_place("130102").covered(2027)
    assert not Calendars({}, {"130100": {D("2027-01-04"): HOLIDAY}}).for_place("130102").covered(2027)


async def test_one_filter_sends_every_place_to_the_calendar_it_counts_in(demo_db: str) -> None:
    """`where` against `for_place`, over every jurisdiction: the places with 2027-01-05
    off, found by one SQL filter, are exactly those whose calendar has it off."""
    day = D("2027-01-05")
    codes = await Jurisdiction.all().values_list("code", flat=True)
    off = LAYERED.where("code", lambda c: Q(pk__in=[]) if c.is_workday(day) else Q(code__isnull=False))
    query = Jurisdiction.filter(off)
    found = sorted(await query.values_list("code", flat=True))
    assert found == sorted(c for c in codes if not LAYERED.for_place(c).is_workday(day))
    assert "130100" in found and "130102" not in found and "370102" not in found
