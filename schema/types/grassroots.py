"""Experts serving the grassroots (专家服务基层): designated areas, yearly listings, service
records and the yearly standing against the required days."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from permissions.masking import mask_name
from resolvers.core.ids import encode_id
from resolvers.grassroots.compliance import Standing
from resolvers.grassroots.loaders import expert_names, experts_by_id
from schema.types.base import Node
from schema.types.common import ctx
from schema.types.enums import GrassrootsAreaKind, GrassrootsServiceStatus
from schema.types.geo import Jurisdiction, jurisdiction_of

if TYPE_CHECKING:
    from schema.types.talents import Talent

TalentRef = Annotated["Talent", strawberry.lazy("schema.types.talents")]


async def _talent(info: strawberry.Info, talent_id: int) -> Any:
    from schema.types.talents import Talent

    row = await ctx(info).loaders.talent.load(talent_id)
    return Talent.from_row(row) if row else None


@strawberry.type(description="服务基层地区 · a county designated for experts' grassroots service")
class GrassrootsArea(Node):
    kind: GrassrootsAreaKind = strawberry.field(
        description="地区类型 · less-developed area, old revolutionary base area or grassroots front line"
    )
    note: str | None = strawberry.field(description="说明 · the basis of the designation")
    created_at: dt.datetime = strawberry.field(description="认定时间 · when it was designated")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> GrassrootsArea:
        return cls(id=strawberry.ID(encode_id("GrassrootsArea", row.id)), kind=row.kind, note=row.note,
                   created_at=row.created_at, row=row)  # fmt: skip

    @strawberry.field(description="区县 · the county")
    async def jurisdiction(self, info: strawberry.Info) -> Jurisdiction | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)


@strawberry.type(description="服务基层专家 · an expert listed for a year (纳入服务基层范围的高层次人才)")
class GrassrootsExpert(Node):
    year: int = strawberry.field(description="年度 · the year")
    required_days: int = strawberry.field(description="要求天数 · days of service required in the year")
    listed_by: str = strawberry.field(description="纳入人 · the account that listed them")
    created_at: dt.datetime = strawberry.field(description="纳入时间 · when")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> GrassrootsExpert:
        return cls(id=strawberry.ID(encode_id("GrassrootsExpert", row.id)), year=row.year,
                   required_days=row.required_days, listed_by=row.listed_by, created_at=row.created_at,
                   row=row)  # fmt: skip

    @strawberry.field(description="人才 · the expert (null when the caller may not see them)")
    async def talent(self, info: strawberry.Info) -> TalentRef | None:
        return await _talent(info, self.row.talent_id)

    @strawberry.field(description="所在区划 · the expert's county when listed")
    async def jurisdiction(self, info: strawberry.Info) -> Jurisdiction | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)


@strawberry.type(description="服务基层记录 · a stretch of an expert's service in a grassroots area")
class GrassrootsService(Node):
    year: int = strawberry.field(description="年度 · the listing's year")
    unit_name: str = strawberry.field(description="服务单位 · the receiving unit")
    starts_on: dt.date = strawberry.field(description="开始日期 · first day")
    ends_on: dt.date = strawberry.field(description="结束日期 · last day")
    days: int = strawberry.field(description="服务天数 · days served")
    content: str = strawberry.field(description="服务内容 · what was done")
    status: GrassrootsServiceStatus = strawberry.field(description="状态 · awaiting, confirmed or not")
    opinion: str | None = strawberry.field(description="确认意见 · the receiving office's opinion")
    recorded_by: str = strawberry.field(description="登记人 · the account that recorded it")
    confirmed_by: str | None = strawberry.field(description="确认人 · the account that decided it")
    confirmed_at: dt.datetime | None = strawberry.field(description="确认时间 · when it was decided")
    paid: bool = strawberry.field(description="已计发津补贴 · its days were paid by a per-day allowance")
    created_at: dt.datetime = strawberry.field(description="登记时间 · when it was recorded")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> GrassrootsService:
        return cls(
            id=strawberry.ID(encode_id("GrassrootsService", row.id)), year=row.year, unit_name=row.unit_name,
            starts_on=row.starts_on, ends_on=row.ends_on, days=row.days, content=row.content,
            status=row.status, opinion=row.opinion, recorded_by=row.recorded_by,
            confirmed_by=row.confirmed_by, confirmed_at=row.confirmed_at, paid=row.payment_id is not None,
            created_at=row.created_at, row=row,
        )  # fmt: skip

    @strawberry.field(description="服务地区 · the receiving county")
    async def area(self, info: strawberry.Info) -> Jurisdiction | None:
        return await jurisdiction_of(info, self.row.area_jurisdiction_id)

    @strawberry.field(description="专家名单 · the listing it counts for (null when not visible)")
    async def expert(self, info: strawberry.Info) -> GrassrootsExpert | None:
        row = await experts_by_id(ctx(info)).load(self.row.expert_id)
        return GrassrootsExpert.from_row(row) if row else None

    @strawberry.field(description="人才 · the expert (null when the caller may not see them)")
    async def talent(self, info: strawberry.Info) -> TalentRef | None:
        return await _talent(info, self.row.talent_id)

    @strawberry.field(
        description="专家姓名 · the expert's name: in full for those who may see the talent, masked "
        "(张*) for the receiving office that confirms the record"
    )
    async def expert_name(self, info: strawberry.Info) -> str | None:
        c = ctx(info)
        seen = await c.loaders.talent.load(self.row.talent_id)
        if seen is not None:
            return str(seen.name)
        return mask_name(await expert_names(c).load(self.row.talent_id))


@strawberry.type(
    description="服务基层达标情况 · an expert's confirmed days in a year against the requirement "
    "(15 unless the listing says otherwise)"
)
class GrassrootsCompliance:
    days: int = strawberry.field(description="已确认天数 · confirmed days of service in the year")
    required_days: int = strawberry.field(description="要求天数 · days required (15 unless set otherwise)")
    compliant: bool = strawberry.field(description="是否达标 · confirmed days reach the requirement")
    recorded_days: int = strawberry.field(description="待确认天数 · days recorded, awaiting confirmation")
    standing: strawberry.Private[Standing]

    @classmethod
    def of(cls, standing: Standing) -> GrassrootsCompliance:
        return cls(days=standing.days, required_days=standing.required_days, compliant=standing.compliant,
                   recorded_days=standing.recorded_days, standing=standing)  # fmt: skip

    @strawberry.field(description="专家 · the expert's listing")
    def expert(self) -> GrassrootsExpert:
        return GrassrootsExpert.from_row(self.standing.expert)

    @strawberry.field(description="服务地区 · the counties of confirmed service")
    async def areas(self, info: strawberry.Info) -> list[Jurisdiction]:
        rows = await ctx(info).loaders.jurisdiction.load_many(self.standing.areas)
        return [Jurisdiction.from_row(row) for row in rows if row is not None]
