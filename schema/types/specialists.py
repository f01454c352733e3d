"""Service specialists (服务专员)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from permissions.masking import mask_phone, reveal
from resolvers.ids import encode_id
from schema.types.base import Node
from schema.types.common import ctx, resolve_entity
from schema.types.enums import SpecialistKind, SpecialistStatus
from schema.types.geo import Jurisdiction, jurisdiction_of

if TYPE_CHECKING:
    from schema.types.organisations import Department, Employer, ServiceWindow


JurisdictionRef = Annotated[Jurisdiction, strawberry.lazy("schema.types.geo")]
DepartmentRef = Annotated["Department", strawberry.lazy("schema.types.organisations")]
WindowRef = Annotated["ServiceWindow", strawberry.lazy("schema.types.organisations")]
EmployerRef = Annotated["Employer", strawberry.lazy("schema.types.organisations")]


@strawberry.federation.type(
    keys=["id"], description="服务专员 · specialist (单位专员 / 承办专员 / 窗口专员)"
)
class Specialist(Node):
    name: str = strawberry.field(description="姓名 · name")
    kind: SpecialistKind = strawberry.field(description="类型 · kind")
    office_phone: str | None = strawberry.field(description="办公电话 · office phone (public)")
    status: SpecialistStatus = strawberry.field(description="状态 · status")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> Specialist:
        return cls(
            id=strawberry.ID(encode_id("Specialist", row.id)),
            name=row.name,
            kind=row.kind,
            office_phone=row.office_phone,
            status=row.status,
            row=row,
        )

    @strawberry.field(description="手机 · mobile, masked without pii:read")
    def mobile(self, info: strawberry.Info) -> str | None:
        c = ctx(info)
        return reveal(c.perms, c.pii, "specialist", self.row, "mobile", self.row.mobile, mask_phone)

    @strawberry.field(description="所在区划 · jurisdiction")
    async def jurisdiction(self, info: strawberry.Info) -> JurisdictionRef | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)

    @strawberry.field(description="所属部门 · department (承办专员)")
    async def department(self, info: strawberry.Info) -> DepartmentRef | None:
        from schema.types.organisations import Department

        if self.row.department_id is None:
            return None
        row = await ctx(info).loaders.department.load(self.row.department_id)
        return Department.from_row(row) if row else None

    @strawberry.field(description="所属窗口 · service window (窗口专员)")
    async def window(self, info: strawberry.Info) -> WindowRef | None:
        from schema.types.organisations import ServiceWindow

        if self.row.window_id is None:
            return None
        row = await ctx(info).loaders.window.load(self.row.window_id)
        return ServiceWindow.from_row(row) if row else None

    @strawberry.field(description="所属单位 · employer (单位专员)")
    async def employer(self, info: strawberry.Info) -> EmployerRef | None:
        from schema.types.organisations import Employer

        if self.row.employer_id is None:
            return None
        row = await ctx(info).loaders.employer.load(self.row.employer_id)
        return Employer.from_row(row) if row else None

    @classmethod
    async def resolve_reference(cls, info: strawberry.Info, id: strawberry.ID) -> Specialist:
        return cls.from_row(await resolve_entity(info, "Specialist", id))
