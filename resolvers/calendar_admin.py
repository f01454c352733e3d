"""The working-day calendar through the API: administrators enter the official holidays
and make-up working days (调休) of years the bundled calendar lacks; anyone signed in
reads them and asks for a due date.

The calendar applies to the whole deployment, so changing it needs `calendar admin`
(province and city offices in the default policy) anywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from gateway.clock import china_today
from permissions.audit import audit
from resolvers import workdays
from resolvers.context import RequestContext
from resolvers.errors import UserError, UserErrors, forbidden, not_found, validation
from resolvers.mutations import run_mutation, snapshot
from schema.models import CalendarDay
from schema.models.enums import CalendarDayKind

FIELDS = ("day", "kind", "name")
FIRST_YEAR = 2000
YEARS_AHEAD = 5  # the State Council announces one year at a time; further is a typo
MAX_NAME = 64
MAX_COUNT = 365


def _require_admin(ctx: RequestContext) -> None:
    if not ctx.perms.allows_somewhere("calendar", "admin"):
        raise forbidden(None, "only the province and city talent offices maintain the calendar")


def _check(day: dt.date, name: str | None) -> None:
    errors = []
    last = china_today().year + YEARS_AHEAD
    if not FIRST_YEAR <= day.year <= last:
        errors.append(validation("day", f"the year must be between {FIRST_YEAR} and {last}"))
    if name is not None and len(name) > MAX_NAME:
        errors.append(validation("name", f"at most {MAX_NAME} characters"))
    if errors:
        raise UserErrors(errors)


async def list_calendar_days(ctx: RequestContext, year: int) -> list[CalendarDay]:
    """The administrators' entries of one year (not the bundled calendar)."""
    ctx.require_principal()
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise validation("year", f"the year must be between {dt.MINYEAR} and {dt.MAXYEAR}")
    days = CalendarDay.filter(day__gte=dt.date(year, 1, 1), day__lte=dt.date(year, 12, 31))
    return await days.order_by("day")


async def working_days(ctx: RequestContext, start: dt.date, count: int) -> tuple[dt.date, bool]:
    """The due date `count` working days after `start`, and whether every year on the way
    has its holidays (False: the date counts Monday–Friday in some year)."""
    ctx.require_principal()
    if not 0 <= count <= MAX_COUNT:
        raise validation("count", f"count must be between 0 and {MAX_COUNT}")
    calendar = await workdays.load_calendar()
    try:
        due = calendar.add_workdays(start, count)
    except OverflowError:
        raise validation("from", "the due date would be past the year 9999") from None
    return due, not calendar.uncovered_years(start, due)


async def set_calendar_day(
    ctx: RequestContext, day: dt.date, kind: CalendarDayKind, name: str | None
) -> tuple[CalendarDay | None, list[UserError]]:
    """Enter or change one day (upsert)."""
    name = (name or "").strip() or None

    async def work() -> CalendarDay:
        _require_admin(ctx)
        _check(day, name)
        row = await CalendarDay.get_or_none(day=day)
        before = snapshot(row, FIELDS) if row else None
        if row is None:
            row = await CalendarDay.create(day=day, kind=kind, name=name, created_by=ctx.actor.username)
        else:
            row.kind, row.name = kind, name
            await row.save(update_fields=["kind", "name"])
        await audit(ctx.actor, "setCalendarDay", "calendar_day", day.isoformat(),
                    before=before, after=snapshot(row, FIELDS))  # fmt: skip
        return row

    return await _changing_calendar(ctx, work)


async def remove_calendar_day(
    ctx: RequestContext, day: dt.date
) -> tuple[CalendarDay | None, list[UserError]]:
    """Withdraw an entry; the bundled calendar (or Monday–Friday) applies again."""

    async def work() -> CalendarDay:
        _require_admin(ctx)
        row = await CalendarDay.get_or_none(day=day)
        if row is None:
            raise not_found("day", "calendar day")
        await row.delete()
        await audit(ctx.actor, "removeCalendarDay", "calendar_day", day.isoformat(),
                    before=snapshot(row, FIELDS))  # fmt: skip
        return row

    return await _changing_calendar(ctx, work)


async def _changing_calendar(
    ctx: RequestContext, work: Callable[[], Awaitable[CalendarDay]]
) -> tuple[CalendarDay | None, list[UserError]]:
    try:
        return await run_mutation(ctx, work)
    finally:
        # After the commit (or rollback), not inside the transaction: a calendar read
        # in between would still see the old rows and be cached as current.
        workdays.invalidate_calendar()
