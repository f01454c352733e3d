"""Talent categories (人才类别), card programmes and tiers (人才卡), service items (服务事项)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from resolvers.core.ids import encode_id
from schema.types.base import Node
from schema.types.common import ctx, resolve_entity
from schema.types.enums import ServiceCategory, ServiceItemStatus, ServiceMode
from schema.types.geo import Jurisdiction, jurisdiction_of

if TYPE_CHECKING:
    from schema.types.directory import Department


JurisdictionRef = Annotated[Jurisdiction, strawberry.lazy("schema.types.geo")]
DepartmentRef = Annotated["Department", strawberry.lazy("schema.types.directory")]


@strawberry.type(description="人才类别/层次 · talent category of a programme's ladder")
class TalentCategory(Node):
    code: str = strawberry.field(description="代码 · code, e.g. jinan.A")
    name: str = strawberry.field(description="名称 · name, e.g. 济南市A类人才")
    ladder: str = strawberry.field(description="分类体系 · the ladder it belongs to")
    rank: int = strawberry.field(description="层次 · rank, 1 is the highest")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> TalentCategory:
        return cls(
            id=strawberry.ID(encode_id("TalentCategory", row.id)),
            code=row.code,
            name=row.name,
            ladder=row.ladder,
            rank=row.rank,
            row=row,
        )

    @strawberry.field(description="认定地区 · jurisdiction of the ladder")
    async def jurisdiction(self, info: strawberry.Info) -> JurisdictionRef | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)


@strawberry.type(description="卡等级 · tier of a card programme")
class CardTier:
    id: strawberry.ID = strawberry.field(description="全局标识 · global ID")
    code: str = strawberry.field(description="代码 · code, e.g. A")
    name: str = strawberry.field(description="名称 · name")
    rank: int = strawberry.field(description="等级 · rank, 1 is the highest")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> CardTier:
        return cls(
            id=strawberry.ID(encode_id("CardTier", row.id)),
            code=row.code,
            name=row.name,
            rank=row.rank,
            row=row,
        )

    @strawberry.field(description="一对一服务专员 · holders of this tier get a dedicated specialist")
    def dedicated_specialist(self) -> bool:
        return bool(self.row.dedicated_specialist)

    @strawberry.field(description="所属人才卡 · programme")
    async def programme(
        self, info: strawberry.Info
    ) -> Annotated[CardProgramme, strawberry.lazy("schema.types.catalogue")] | None:
        row = await ctx(info).loaders.programme.load(self.row.programme_id)
        return CardProgramme.from_row(row) if row else None


@strawberry.type(description="人才卡项目 · a jurisdiction's card scheme (石家庄人才绿卡, 泉城人才服务金卡)")
class CardProgramme(Node):
    code: str = strawberry.field(description="代码 · code")
    name: str = strawberry.field(description="名称 · name")
    validity_years: int = strawberry.field(description="有效期（年） · default validity in years")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> CardProgramme:
        return cls(
            id=strawberry.ID(encode_id("CardProgramme", row.id)),
            code=row.code,
            name=row.name,
            validity_years=row.validity_years,
            row=row,
        )

    @strawberry.field(description="发卡地区 · jurisdiction")
    async def jurisdiction(self, info: strawberry.Info) -> JurisdictionRef | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)

    @strawberry.field(description="卡等级 · tiers, highest first")
    async def tiers(self, info: strawberry.Info) -> list[CardTier]:
        rows = await ctx(info).loaders.tiers_by_programme.load(self.row.id)
        return [CardTier.from_row(r) for r in rows]


@strawberry.federation.type(keys=["id"], description="服务事项 · service catalogue entry")
class ServiceItem(Node):
    code: str = strawberry.field(description="事项编码 · code, e.g. sjz.household")
    version: int = strawberry.field(description="版本 · version (动态调整)")
    name: str = strawberry.field(description="事项名称 · name")
    category: ServiceCategory = strawberry.field(description="类别 · category")
    mode: ServiceMode = strawberry.field(description="办理方式 · mode")
    time_limit_workdays: int | None = strawberry.field(
        description="办理时限（工作日） · time limit in working days"
    )
    policy_basis: str | None = strawberry.field(description="政策依据 · policy basis")
    description: str | None = strawberry.field(description="说明 · description")
    materials: list[str] = strawberry.field(description="申请材料 · required materials")
    status: ServiceItemStatus = strawberry.field(description="状态 · status")
    effective_from: dt.date | None = strawberry.field(description="生效日期 · in force from")
    effective_to: dt.date | None = strawberry.field(description="失效日期 · in force until")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> ServiceItem:
        return cls(
            id=strawberry.ID(encode_id("ServiceItem", row.id)),
            code=row.code,
            version=row.version,
            name=row.name,
            category=row.category,
            mode=row.mode,
            time_limit_workdays=row.time_limit_workdays,
            policy_basis=row.policy_basis,
            description=row.description,
            materials=list(row.materials or []),
            status=row.status,
            effective_from=row.effective_from,
            effective_to=row.effective_to,
            row=row,
        )

    @strawberry.field(description="所属区划 · owning jurisdiction")
    async def jurisdiction(self, info: strawberry.Info) -> JurisdictionRef | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)

    @strawberry.field(description="责任部门 · responsible departments, lead first")
    async def departments(self, info: strawberry.Info) -> list[DepartmentRef]:
        from schema.types.directory import Department

        links = await ctx(info).loaders.department_links_by_item.load(self.row.id)
        return [Department.from_row(link.department) for link in links]

    @strawberry.field(description="牵头部门 · lead department")
    async def lead_department(self, info: strawberry.Info) -> DepartmentRef | None:
        from schema.types.directory import Department

        links = await ctx(info).loaders.department_links_by_item.load(self.row.id)
        lead = next((link for link in links if link.is_lead), None)
        return Department.from_row(lead.department) if lead else None

    @strawberry.field(description="适用卡等级 · card tiers eligible for this item")
    async def eligible_tiers(self, info: strawberry.Info) -> list[CardTier]:
        rows = await ctx(info).loaders.tiers_by_item.load(self.row.id)
        return [CardTier.from_row(r) for r in rows]

    @classmethod
    async def resolve_reference(cls, info: strawberry.Info, id: strawberry.ID) -> ServiceItem:
        return cls.from_row(await resolve_entity(info, "ServiceItem", id))
