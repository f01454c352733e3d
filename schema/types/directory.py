"""Departments (职能部门), service windows (服务窗口), employers (用人单位)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from resolvers.core.ids import encode_id
from resolvers.customfields.values import shown_values
from schema.types.base import Node
from schema.types.common import ctx, resolve_entity
from schema.types.enums import DeliveryChannel, EmployerKind
from schema.types.geo import Jurisdiction, jurisdiction_of

JurisdictionRef = Annotated[Jurisdiction, strawberry.lazy("schema.types.geo")]


@strawberry.federation.type(keys=["id"], description="职能部门 · government department")
class Department(Node):
    name: str = strawberry.field(description="名称 · name, e.g. 石家庄市公安局")
    channel: DeliveryChannel = strawberry.field(description="送达渠道 · how handoffs reach it")
    phone: str | None = strawberry.field(description="办公电话 · office phone")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> Department:
        return cls(
            id=strawberry.ID(encode_id("Department", row.id)),
            name=row.name,
            channel=row.channel,
            phone=row.phone,
            row=row,
        )

    @strawberry.field(description="所属区划 · jurisdiction")
    async def jurisdiction(self, info: strawberry.Info) -> JurisdictionRef | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)

    @classmethod
    async def resolve_reference(cls, info: strawberry.Info, id: strawberry.ID) -> Department:
        return cls.from_row(await resolve_entity(info, "Department", id))


@strawberry.type(description="服务窗口 · service window (市级专窗与县区分窗口)")
class ServiceWindow(Node):
    name: str = strawberry.field(description="名称 · name")
    address: str | None = strawberry.field(description="地址 · address")
    phone: str | None = strawberry.field(description="电话 · phone")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> ServiceWindow:
        return cls(
            id=strawberry.ID(encode_id("ServiceWindow", row.id)),
            name=row.name,
            address=row.address,
            phone=row.phone,
            row=row,
        )

    @strawberry.field(description="所属区划 · jurisdiction")
    async def jurisdiction(self, info: strawberry.Info) -> JurisdictionRef | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)

    @strawberry.field(description="上级窗口 · parent window (the city window of a sub-window)")
    async def parent(
        self, info: strawberry.Info
    ) -> Annotated[ServiceWindow, strawberry.lazy("schema.types.directory")] | None:
        if self.row.parent_id is None:
            return None
        row = await ctx(info).loaders.window.load(self.row.parent_id)
        return ServiceWindow.from_row(row) if row else None


@strawberry.federation.type(
    keys=["id", "creditCode"], description="用人单位 · employer (enterprise or institution)"
)
class Employer(Node):
    name: str = strawberry.field(description="单位名称 · name")
    credit_code: str = strawberry.field(description="统一社会信用代码 · unified social credit code")
    kind: EmployerKind = strawberry.field(description="单位性质 · kind")
    industry: str | None = strawberry.field(description="行业 · industry")
    created_at: dt.datetime = strawberry.field(description="创建时间 · created at")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> Employer:
        return cls(
            id=strawberry.ID(encode_id("Employer", row.id)),
            name=row.name,
            credit_code=row.credit_code,
            kind=row.kind,
            industry=row.industry,
            created_at=row.created_at,
            row=row,
        )

    @strawberry.field(
        description="自定义字段 · custom fields (key → value); personal ones masked without pii:read"
    )
    async def custom_fields(self, info: strawberry.Info) -> JSON:
        return await shown_values(ctx(info), "Employer", self.row)

    @strawberry.field(description="所属区划 · jurisdiction")
    async def jurisdiction(self, info: strawberry.Info) -> JurisdictionRef | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)

    @classmethod
    async def resolve_reference(cls, info: strawberry.Info, id: strawberry.ID | None = None,
                                credit_code: str | None = None) -> Employer:  # fmt: skip
        return cls.from_row(await resolve_entity(info, "Employer", id, ("creditCode", credit_code)))
