"""Operator inputs for `filter:` arguments (API.md: strings, numbers, dates, enums)."""


import datetime as dt

import strawberry

from schema.types.enums import (
    CardStatus,
    DeliveryChannel,
    EmployerKind,
    JurisdictionLevel,
    ServiceCategory,
    ServiceItemStatus,
    ServiceMode,
    SpecialistKind,
    SpecialistStatus,
    TalentStatus,
)


def optional(description: str):
    """An optional input field (default null) with its description."""
    return strawberry.field(default=None, description=description)


@strawberry.input(description="字符串条件 · string conditions")
class StringFilter:
    eq: str | None = strawberry.field(default=None, description="等于 · equals")
    in_: list[str] | None = strawberry.field(default=None, name="in", description="属于 · one of")
    contains: str | None = strawberry.field(default=None, description="包含 · contains")
    starts_with: str | None = strawberry.field(default=None, description="开头为 · starts with")


@strawberry.input(description="标识条件 · global ID conditions")
class IDFilter:
    eq: strawberry.ID | None = strawberry.field(default=None, description="等于 · equals")
    in_: list[strawberry.ID] | None = strawberry.field(
        default=None, name="in", description="属于 · one of"
    )


@strawberry.input(description="整数条件 · integer conditions")
class IntFilter:
    eq: int | None = strawberry.field(default=None, description="等于 · equals")
    in_: list[int] | None = strawberry.field(default=None, name="in", description="属于 · one of")
    gt: int | None = strawberry.field(default=None, description="大于 · greater than")
    gte: int | None = strawberry.field(default=None, description="不小于 · at least")
    lt: int | None = strawberry.field(default=None, description="小于 · less than")
    lte: int | None = strawberry.field(default=None, description="不大于 · at most")


@strawberry.input(description="日期条件 · date conditions")
class DateFilter:
    eq: dt.date | None = strawberry.field(default=None, description="等于 · on")
    in_: list[dt.date] | None = strawberry.field(default=None, name="in", description="属于 · one of")
    gt: dt.date | None = strawberry.field(default=None, description="晚于 · after")
    gte: dt.date | None = strawberry.field(default=None, description="不早于 · on or after")
    lt: dt.date | None = strawberry.field(default=None, description="早于 · before")
    lte: dt.date | None = strawberry.field(default=None, description="不晚于 · on or before")


@strawberry.input(description="时间条件 · date-time conditions")
class DateTimeFilter:
    eq: dt.datetime | None = strawberry.field(default=None, description="等于 · at")
    gt: dt.datetime | None = strawberry.field(default=None, description="晚于 · after")
    gte: dt.datetime | None = strawberry.field(default=None, description="不早于 · at or after")
    lt: dt.datetime | None = strawberry.field(default=None, description="早于 · before")
    lte: dt.datetime | None = strawberry.field(default=None, description="不晚于 · at or before")


def _enum_filter(enum_type, name: str, label: str):
    @strawberry.input(name=name, description=f"{label}条件 · {name[:-6]} conditions")
    class EnumFilter:
        eq: enum_type | None = strawberry.field(default=None, description="等于 · equals")  # type: ignore[valid-type]
        in_: list[enum_type] | None = strawberry.field(  # type: ignore[valid-type]
            default=None, name="in", description="属于 · one of"
        )

    return EnumFilter


TalentStatusFilter = _enum_filter(TalentStatus, "TalentStatusFilter", "人才状态")
CardStatusFilter = _enum_filter(CardStatus, "CardStatusFilter", "人才卡状态")
JurisdictionLevelFilter = _enum_filter(JurisdictionLevel, "JurisdictionLevelFilter", "层级")
DeliveryChannelFilter = _enum_filter(DeliveryChannel, "DeliveryChannelFilter", "送达渠道")
EmployerKindFilter = _enum_filter(EmployerKind, "EmployerKindFilter", "单位性质")
ServiceCategoryFilter = _enum_filter(ServiceCategory, "ServiceCategoryFilter", "事项类别")
ServiceModeFilter = _enum_filter(ServiceMode, "ServiceModeFilter", "办理方式")
ServiceItemStatusFilter = _enum_filter(ServiceItemStatus, "ServiceItemStatusFilter", "事项状态")
SpecialistKindFilter = _enum_filter(SpecialistKind, "SpecialistKindFilter", "专员类型")
SpecialistStatusFilter = _enum_filter(SpecialistStatus, "SpecialistStatusFilter", "专员状态")
