"""`calendarDays`, `workingDays`, `setCalendarDay`, `removeCalendarDay`: the working-day
calendar through the API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from resolvers import calendar_admin as ops
from resolvers.errors import UserError
from schema.models import CalendarDay as CalendarDayRow
from schema.models import enums as stored
from schema.types.base import UserErrorType
from schema.types.common import ctx

CalendarDayKind = strawberry.enum(
    stored.CalendarDayKind, description="日历类型 · HOLIDAY 法定节假日 / WORKDAY 调休上班日"
)


@strawberry.type(description="节假日安排 · a holiday or make-up working day entered by an administrator")
class CalendarDay:
    day: dt.date = strawberry.field(description="日期 · the date")
    kind: CalendarDayKind = strawberry.field(description="类型 · holiday or make-up working day")
    name: str | None = strawberry.field(description="名称 · e.g. 元旦, 春节")


def _day(row: CalendarDayRow) -> CalendarDay:
    return CalendarDay(day=row.day, kind=row.kind, name=row.name)


@strawberry.type(description="到期日 · a due date counted in working days")
class WorkingDays:
    due_on: dt.date = strawberry.field(description="到期日 · the last working day of the period")
    calendar_complete: bool = strawberry.field(
        description="日历完整 · false when a year on the way has no holiday calendar yet and "
        "counts Monday–Friday only"
    )


@strawberry.input(description="设置节假日 · enter or change one day of the calendar")
class SetCalendarDayInput:
    day: dt.date = strawberry.field(description="日期 · the date")
    kind: CalendarDayKind = strawberry.field(description="类型 · HOLIDAY or WORKDAY")
    name: str | None = strawberry.field(default=None, description="名称 · e.g. 元旦 (at most 64 characters)")


@strawberry.input(description="删除节假日 · withdraw one entered day")
class RemoveCalendarDayInput:
    day: dt.date = strawberry.field(description="日期 · the date")


@strawberry.type(description="节假日变更结果 · result of a calendar mutation")
class CalendarDayPayload:
    calendar_day: CalendarDay | None = strawberry.field(description="节假日 · the day as entered")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


def _payload(row: CalendarDayRow | None, errors: list[UserError]) -> CalendarDayPayload:
    return CalendarDayPayload(
        calendar_day=_day(row) if row is not None else None,
        user_errors=[UserErrorType.of(e) for e in errors],
    )


@strawberry.type
class CalendarQueries:
    @strawberry.field(description="节假日安排 · the days administrators entered for a year")
    async def calendar_days(
        self, info: strawberry.Info,
        year: Annotated[int, strawberry.argument(description="年份 · the year")],
    ) -> list[CalendarDay]:  # fmt: skip
        return [_day(row) for row in await ops.list_calendar_days(ctx(info), year)]

    @strawberry.field(description="工作日计算 · the date `count` working days after `from`")
    async def working_days(
        self, info: strawberry.Info,
        from_: Annotated[
            dt.date, strawberry.argument(name="from", description="起算日 · the day of receipt (not counted)")
        ],
        count: Annotated[int, strawberry.argument(description="工作日数 · working days, 0–365")],
    ) -> WorkingDays:  # fmt: skip
        due_on, complete = await ops.working_days(ctx(info), from_, count)
        return WorkingDays(due_on=due_on, calendar_complete=complete)


@strawberry.type
class CalendarMutations:
    @strawberry.mutation(description="设置节假日 · enter or change a holiday or make-up working day")
    async def set_calendar_day(self, info: strawberry.Info, input: SetCalendarDayInput) -> CalendarDayPayload:
        return _payload(*await ops.set_calendar_day(ctx(info), input.day, input.kind, input.name))

    @strawberry.mutation(description="删除节假日 · withdraw an entered day")
    async def remove_calendar_day(
        self, info: strawberry.Info, input: RemoveCalendarDayInput
    ) -> CalendarDayPayload:
        return _payload(*await ops.remove_calendar_day(ctx(info), input.day))
