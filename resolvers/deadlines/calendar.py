"""The working-day calendar through the API (工作日历).

Two kinds of entered days, over the bundled official calendar (resolvers/deadlines/workdays.py):

* national days (CalendarDay) — the State Council's holidays and make-up working days
  (调休) for years the bundled calendar lacks or got wrong — apply everywhere, so only the
  deployment's operator changes them (`calendar admin` on the whole deployment, `*`:
  platform_admin in the default policy);
* an office's own days (LocalCalendarDay) apply in its jurisdiction and every place under
  it, nowhere else: the province and city offices (`calendar admin` on `jur:<code>`)
  change those of the places within their reach, by default their own.

Anyone signed in reads the calendar of any place and asks for a due date there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from permissions.audit import audit
from permissions.scopes import EVERYWHERE, jur
from resolvers.core.context import RequestContext
from resolvers.core.errors import UserError, UserErrors, forbidden, not_found, validation
from resolvers.core.mutations import run_mutation, snapshot
from resolvers.core.validation import TextKind, check_jurisdiction_code, check_text
from resolvers.deadlines import workdays
from schema.clock import china_today
from schema.models import CalendarDay, Jurisdiction, LocalCalendarDay
from schema.models.enums import CalendarDayKind

FIELDS = ("day", "kind", "name")
FIRST_YEAR = 2000
YEARS_AHEAD = 5  # the State Council announces one year at a time; further is a typo
MAX_NAME = 64
MAX_COUNT = 365

CalendarRow = CalendarDay | LocalCalendarDay


@dataclass(frozen=True)
class EnteredDay:
    """An entered day as the API shows it: national (no jurisdiction) or a place's own."""

    day: dt.date
    kind: CalendarDayKind
    name: str | None
    jurisdiction_code: str | None

    @classmethod
    def of(cls, row: CalendarRow) -> EnteredDay:
        return cls(row.day, row.kind, row.name, getattr(row, "jurisdiction_id", None))


async def _existing_place(code: str, field: str = "jurisdictionCode") -> str:
    code = check_jurisdiction_code(code, field)
    if not await Jurisdiction.exists(code=code):
        raise not_found(field, "行政区划", "jurisdiction")
    return code


async def _place_to_change(ctx: RequestContext, jurisdiction_code: str | None, national: bool) -> str | None:
    """Whose calendar a change goes to: None for the national one, else a place's code the
    caller may change (given, or the caller's one jurisdiction)."""
    if national:
        if jurisdiction_code is not None:
            raise validation(
                "jurisdictionCode",
                "全国性的节假日不属于任何区划，不能同时指定区划",
                "national days belong to no jurisdiction: not both",
            )
        if not may_change_national(ctx):
            raise forbidden(
                "national",
                "全国节假日安排只能由平台运维方维护",
                "only the deployment's operator maintains the national calendar",
            )
        return None
    granted = ctx.perms.scopes_for("calendar", "admin")
    if not granted:
        raise forbidden(
            None,
            "只有省、市人才办可以维护本地节假日安排",
            "only the province and city talent offices maintain their calendar",
        )
    reach = sorted(s.removeprefix("jur:") for s in granted if s.startswith("jur:"))
    if jurisdiction_code is None:
        if len(reach) != 1:  # several places, or the whole deployment (the operator)
            raise validation(
                "jurisdictionCode",
                "请指明该节假日安排所属的区划",
                "name the jurisdiction whose calendar this is",
            )
        return reach[0]
    code = await _existing_place(jurisdiction_code)
    if not ctx.perms.allows("calendar", "admin", [jur(code)]):
        raise forbidden(
            "jurisdictionCode",
            f"您无权修改 {code} 的节假日安排",
            f"the calendar of {code} is not yours to change",
        )
    return code


def may_change_national(ctx: RequestContext) -> bool:
    """`calendar admin` over the whole deployment: a grant on `*`, not on any jurisdiction."""
    return ctx.perms.allows("calendar", "admin", [EVERYWHERE])


def _audit_view(row: CalendarRow, place: str | None) -> dict:
    view = snapshot(row, FIELDS)
    return {**view, "jurisdiction_code": place} if place else view


def _check(day: dt.date, name: str | None) -> None:
    errors = []
    last = china_today().year + YEARS_AHEAD
    if not FIRST_YEAR <= day.year <= last:
        errors.append(
            validation(
                "day",
                f"年份应在 {FIRST_YEAR} 至 {last} 之间",
                f"the year must be between {FIRST_YEAR} and {last}",
            )
        )
    if name is not None and len(name) > MAX_NAME:
        errors.append(validation("name", f"最多 {MAX_NAME} 个字符", f"at most {MAX_NAME} characters"))
    elif name is not None:
        try:
            check_text(name, "name", TextKind.LINE)
        except UserError as error:
            errors.append(error)
    if errors:
        raise UserErrors(errors)


async def list_calendar_days(
    ctx: RequestContext, year: int, jurisdiction_code: str | None = None
) -> list[EnteredDay]:
    """The entered days of one year (not the bundled calendar) that apply in a place: the
    national ones and those of its province, its city and itself — on a day with several,
    the most local one counts. Without a place: the national ones."""
    ctx.require_principal()
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise validation(
            "year",
            f"年份应在 {dt.MINYEAR} 至 {dt.MAXYEAR} 之间",
            f"the year must be between {dt.MINYEAR} and {dt.MAXYEAR}",
        )
    code = await _existing_place(jurisdiction_code) if jurisdiction_code is not None else None
    span = {"day__gte": dt.date(year, 1, 1), "day__lte": dt.date(year, 12, 31)}
    rows: list[CalendarRow] = list(await CalendarDay.filter(**span))
    if code is not None:
        places = workdays.ancestry(code)
        rows += await LocalCalendarDay.filter(jurisdiction_id__in=places, **span)
        rank = {place: n for n, place in enumerate(places, start=1)}
    else:
        rank = {}
    entered = [EnteredDay.of(row) for row in rows]
    return sorted(entered, key=lambda e: (e.day, rank.get(e.jurisdiction_code or "", 0)))


async def working_days(
    ctx: RequestContext, start: dt.date, count: int, jurisdiction_code: str | None = None
) -> tuple[dt.date, bool]:
    """The due date `count` working days after `start` in a place's calendar (without one:
    the national calendar), and whether every year on the way has its national holidays
    (False: the date counts Monday–Friday in some year)."""
    ctx.require_principal()
    if not 0 <= count <= MAX_COUNT:
        raise validation(
            "count", f"工作日数应在 0 至 {MAX_COUNT} 之间", f"count must be between 0 and {MAX_COUNT}"
        )
    code = await _existing_place(jurisdiction_code) if jurisdiction_code is not None else None
    calendar = await workdays.load_calendar(code)
    try:
        due = calendar.add_workdays(start, count)
    except OverflowError:
        raise validation(
            "from", "推算出的到期日超出 9999 年", "the due date would be past the year 9999"
        ) from None
    return due, not calendar.uncovered_years(start, due)


async def set_calendar_day(
    ctx: RequestContext, day: dt.date, kind: CalendarDayKind, name: str | None,
    jurisdiction_code: str | None = None, national: bool = False,
) -> tuple[EnteredDay | None, list[UserError]]:  # fmt: skip
    """Enter or change one day (upsert) of a place's calendar, or of the national one."""
    name = (name or "").strip() or None

    async def work() -> EnteredDay:
        place = await _place_to_change(ctx, jurisdiction_code, national)
        _check(day, name)
        row: CalendarRow | None
        if place is None:
            row = await CalendarDay.get_or_none(day=day)
        else:
            row = await LocalCalendarDay.get_or_none(jurisdiction_id=place, day=day)
        before = _audit_view(row, place) if row else None
        if row is None:
            fields: dict[str, Any] = {
                "day": day,
                "kind": kind,
                "name": name,
                "created_by": ctx.actor.username,
            }
            if place is None:
                row = await CalendarDay.create(**fields)
            else:
                row = await LocalCalendarDay.create(jurisdiction_id=place, **fields)
        else:
            row.kind, row.name = kind, name
            await row.save(update_fields=["kind", "name"])
        await audit(ctx.actor, "setCalendarDay", "calendar_day", _target(place, day), before=before,
                    after=_audit_view(row, place), jurisdiction_code=place)  # fmt: skip
        return EnteredDay.of(row)

    return await _changing_calendar(ctx, work)


async def remove_calendar_day(
    ctx: RequestContext, day: dt.date, jurisdiction_code: str | None = None, national: bool = False
) -> tuple[EnteredDay | None, list[UserError]]:
    """Withdraw an entry; the calendar above it (or the bundled one) applies again."""

    async def work() -> EnteredDay:
        place = await _place_to_change(ctx, jurisdiction_code, national)
        row: CalendarRow | None
        if place is None:
            row = await CalendarDay.get_or_none(day=day)
        else:
            row = await LocalCalendarDay.get_or_none(jurisdiction_id=place, day=day)
        if row is None:
            raise not_found("day", "节假日安排", "calendar day")
        await row.delete()
        await audit(ctx.actor, "removeCalendarDay", "calendar_day", _target(place, day),
                    before=_audit_view(row, place), jurisdiction_code=place)  # fmt: skip
        return EnteredDay.of(row)

    return await _changing_calendar(ctx, work)


def _target(place: str | None, day: dt.date) -> str:
    """The trail's key of an entry: the day, and for a place's own day its code first."""
    return day.isoformat() if place is None else f"{place}:{day.isoformat()}"


async def _changing_calendar(
    ctx: RequestContext, work: Callable[[], Awaitable[EnteredDay]]
) -> tuple[EnteredDay | None, list[UserError]]:
    try:
        return await run_mutation(ctx, work)
    finally:
        # After the commit (or rollback), not inside the transaction: a calendar read
        # in between would still see the old rows and be cached as current.
        workdays.invalidate_calendar()
