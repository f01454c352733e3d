"""`calendarDays`, `workingDays`, `setCalendarDay`, `removeCalendarDay`: the working-day
calendar through the API — national days, and each office's own for its jurisdiction."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from resolvers.core.errors import UserError
from resolvers.deadlines import calendar as ops
from resolvers.deadlines.calendar import EnteredDay
from schema.models import enums as stored
from schema.types.base import UserErrorType
from schema.types.common import ctx
from schema.types.geo import Jurisdiction, jurisdiction_of

CalendarDayKind = strawberry.enum(
    stored.CalendarDayKind, description="日历类型 · HOLIDAY 法定节假日 / WORKDAY 调休上班日"
)


@strawberry.type(description="节假日安排 · a holiday or make-up working day, national or an office's own")
class CalendarDay:
    day: dt.date = strawberry.field(description="日期 · the date")
    kind: CalendarDayKind = strawberry.field(description="类型 · holiday or make-up working day")
    name: str | None = strawberry.field(description="名称 · e.g. 元旦, 春节")
    jurisdiction_code: str | None = strawberry.field(
        description="区划代码 · the place whose own day it is (it applies there and below); null: national"
    )

    @strawberry.field(description="所属区划 · the place whose own day it is; null for a national day")
    async def jurisdiction(self, info: strawberry.Info) -> Jurisdiction | None:
        return await jurisdiction_of(info, self.jurisdiction_code)


def _day(entry: EnteredDay) -> CalendarDay:
    return CalendarDay(
        day=entry.day, kind=entry.kind, name=entry.name, jurisdiction_code=entry.jurisdiction_code
    )


@strawberry.type(description="到期日 · a due date counted in working days")
class WorkingDays:
    due_on: dt.date = strawberry.field(description="到期日 · the last working day of the period")
    calendar_complete: bool = strawberry.field(
        description="日历完整 · false when a year on the way has no holiday calendar yet and "
        "counts Monday–Friday only"
    )


JURISDICTION_CODE = (
    "区划代码 · whose calendar: a place within your reach (its days apply there and below); "
    "default: your own jurisdiction"
)
NATIONAL = "全国 · the national calendar instead (the deployment's operator only)"


@strawberry.input(description="设置节假日 · enter or change one day of a calendar")
class SetCalendarDayInput:
    day: dt.date = strawberry.field(description="日期 · the date")
    kind: CalendarDayKind = strawberry.field(description="类型 · HOLIDAY or WORKDAY")
    name: str | None = strawberry.field(default=None, description="名称 · e.g. 元旦 (at most 64 characters)")
    jurisdiction_code: str | None = strawberry.field(default=None, description=JURISDICTION_CODE)
    national: bool = strawberry.field(default=False, description=NATIONAL)


@strawberry.input(description="删除节假日 · withdraw one entered day")
class RemoveCalendarDayInput:
    day: dt.date = strawberry.field(description="日期 · the date")
    jurisdiction_code: str | None = strawberry.field(default=None, description=JURISDICTION_CODE)
    national: bool = strawberry.field(default=False, description=NATIONAL)


@strawberry.type(description="节假日变更结果 · result of a calendar mutation")
class CalendarDayPayload:
    calendar_day: CalendarDay | None = strawberry.field(description="节假日 · the day as entered")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


def _payload(entry: EnteredDay | None, errors: list[UserError]) -> CalendarDayPayload:
    return CalendarDayPayload(
        calendar_day=_day(entry) if entry is not None else None,
        user_errors=[UserErrorType.of(e) for e in errors],
    )


@strawberry.type
class CalendarQueries:
    @strawberry.field(
        description="节假日安排 · the days entered for a year that apply in a place: national ones and "
        "those of its province, city and itself (on one day the most local counts); without a place, "
        "the national ones"
    )
    async def calendar_days(
        self, info: strawberry.Info,
        year: Annotated[int, strawberry.argument(description="年份 · the year")],
        jurisdiction_code: Annotated[
            str | None, strawberry.argument(description="区划代码 · the place (default: national only)")
        ] = None,
    ) -> list[CalendarDay]:  # fmt: skip
        return [_day(e) for e in await ops.list_calendar_days(ctx(info), year, jurisdiction_code)]

    @strawberry.field(description="工作日计算 · the date `count` working days after `from`")
    async def working_days(
        self, info: strawberry.Info,
        from_: Annotated[
            dt.date, strawberry.argument(name="from", description="起算日 · the day of receipt (not counted)")
        ],
        count: Annotated[int, strawberry.argument(description="工作日数 · working days, 0–365")],
        jurisdiction_code: Annotated[
            str | None,
            strawberry.argument(description="区划代码 · count in this place's calendar (default: national)"),
        ] = None,
    ) -> WorkingDays:  # fmt: skip
        due_on, complete = await ops.working_days(ctx(info), from_, count, jurisdiction_code)
        return WorkingDays(due_on=due_on, calendar_complete=complete)


@strawberry.type
class CalendarMutations:
    @strawberry.mutation(
        description="设置节假日 · enter or change a holiday or make-up working day of your jurisdiction "
        "(or one within your reach), or a national one (the deployment's operator)"
    )
    async def set_calendar_day(self, info: strawberry.Info, input: SetCalendarDayInput) -> CalendarDayPayload:
        return _payload(*await ops.set_calendar_day(
            ctx(info), input.day, input.kind, input.name, input.jurisdiction_code, input.national
        ))  # fmt: skip

    @strawberry.mutation(description="删除节假日 · withdraw an entered day")
    async def remove_calendar_day(
        self, info: strawberry.Info, input: RemoveCalendarDayInput
    ) -> CalendarDayPayload:
        return _payload(
            *await ops.remove_calendar_day(ctx(info), input.day, input.jurisdiction_code, input.national)
        )
