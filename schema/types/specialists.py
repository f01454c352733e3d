"""Service specialists (服务专员)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from permissions.masking import mask_phone, reveal
from resolvers.core.ids import encode_id
from schema.models.enums import SuccessionStatus as StoredSuccessionStatus
from schema.types.base import Node
from schema.types.common import ctx, resolve_entity
from schema.types.enums import SpecialistKind, SpecialistStatus
from schema.types.geo import Jurisdiction, jurisdiction_of

if TYPE_CHECKING:
    from schema.types.catalogue import ServiceItem
    from schema.types.directory import Department, Employer, ServiceWindow
    from schema.types.talents import Talent


JurisdictionRef = Annotated[Jurisdiction, strawberry.lazy("schema.types.geo")]
DepartmentRef = Annotated["Department", strawberry.lazy("schema.types.directory")]
WindowRef = Annotated["ServiceWindow", strawberry.lazy("schema.types.directory")]
EmployerRef = Annotated["Employer", strawberry.lazy("schema.types.directory")]
ServiceItemRef = Annotated["ServiceItem", strawberry.lazy("schema.types.catalogue")]
TalentRef = Annotated["Talent", strawberry.lazy("schema.types.talents")]

SuccessionStatus = strawberry.enum(
    StoredSuccessionStatus, description="调整状态 · NOMINATED 单位提名 / FILED 已备案 / REJECTED 未予备案"
)


@strawberry.federation.type(keys=["id"], description="服务专员 · specialist (单位专员 / 承办专员 / 窗口专员)")
class Specialist(Node):
    name: str = strawberry.field(description="姓名 · name")
    kind: SpecialistKind = strawberry.field(description="类型 · kind")
    office_phone: str | None = strawberry.field(description="办公电话 · office phone (public)")
    status: SpecialistStatus = strawberry.field(
        description="状态 · ACTIVE 在岗, INACTIVE 离岗, PENDING 待备案"
    )
    filed_at: dt.datetime | None = strawberry.field(description="备案时间 · filed by the talent office at")
    left_on: dt.date | None = strawberry.field(description="离岗日期 · left on")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> Specialist:
        return cls(
            id=strawberry.ID(encode_id("Specialist", row.id)),
            name=row.name,
            kind=row.kind,
            office_phone=row.office_phone,
            status=row.status,
            filed_at=row.filed_at,
            left_on=row.left_on,
            row=row,
        )

    @strawberry.field(description="承办事项 · service items this specialist handles")
    async def items(self, info: strawberry.Info) -> list[ServiceItemRef]:
        from schema.types.catalogue import ServiceItem

        return [
            ServiceItem.from_row(i) for i in await ctx(info).loaders.items_by_specialist.load(self.row.id)
        ]

    @strawberry.field(description="培训记录 · training attended, latest first")
    async def trainings(self, info: strawberry.Info) -> list[SpecialistTraining]:
        rows = await ctx(info).loaders.trainings_by_specialist.load(self.row.id)
        return [SpecialistTraining.from_row(r) for r in rows]

    @strawberry.field(description="一对一服务人数 · talents this specialist serves one-to-one now (load)")
    async def dedicated_talent_count(self, info: strawberry.Info) -> int:
        return await ctx(info).loaders.dedicated_load.load(self.row.id)

    @strawberry.field(description="手机 · mobile, masked without pii:read")
    def mobile(self, info: strawberry.Info) -> str | None:
        c = ctx(info)
        return reveal(c.perms, c.pii, "specialist", self.row, "mobile", self.row.mobile, mask_phone)

    @strawberry.field(description="所在区划 · jurisdiction")
    async def jurisdiction(self, info: strawberry.Info) -> JurisdictionRef | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)

    @strawberry.field(description="所属部门 · department (承办专员)")
    async def department(self, info: strawberry.Info) -> DepartmentRef | None:
        from schema.types.directory import Department

        if self.row.department_id is None:
            return None
        row = await ctx(info).loaders.department.load(self.row.department_id)
        return Department.from_row(row) if row else None

    @strawberry.field(description="所属窗口 · service window (窗口专员)")
    async def window(self, info: strawberry.Info) -> WindowRef | None:
        from schema.types.directory import ServiceWindow

        if self.row.window_id is None:
            return None
        row = await ctx(info).loaders.window.load(self.row.window_id)
        return ServiceWindow.from_row(row) if row else None

    @strawberry.field(description="所属单位 · employer (单位专员)")
    async def employer(self, info: strawberry.Info) -> EmployerRef | None:
        from schema.types.directory import Employer

        if self.row.employer_id is None:
            return None
        row = await ctx(info).loaders.employer.load(self.row.employer_id)
        return Employer.from_row(row) if row else None

    @classmethod
    async def resolve_reference(cls, info: strawberry.Info, id: strawberry.ID) -> Specialist:
        return cls.from_row(await resolve_entity(info, "Specialist", id))


@strawberry.type(description="专员培训记录 · a course a specialist attended")
class SpecialistTraining:
    id: strawberry.ID = strawberry.field(description="全局标识 · global ID")
    title: str = strawberry.field(description="培训名称 · title")
    held_on: dt.date = strawberry.field(description="培训日期 · held on")
    hours: Decimal = strawberry.field(description="学时 · hours")
    organiser: str | None = strawberry.field(description="主办单位 · organiser")
    certificate: str | None = strawberry.field(description="证书编号 · certificate number")
    recorded_by: str = strawberry.field(description="登记人 · recorded by")
    created_at: dt.datetime = strawberry.field(description="登记时间 · recorded at")

    @classmethod
    def from_row(cls, row: Any) -> SpecialistTraining:
        return cls(
            id=strawberry.ID(encode_id("SpecialistTraining", row.id)), title=row.title, held_on=row.held_on,
            hours=row.hours, organiser=row.organiser, certificate=row.certificate,
            recorded_by=row.recorded_by, created_at=row.created_at,
        )  # fmt: skip


@strawberry.type(
    description="专员调整 · a successor nominated for a leaving specialist, filed (备案) by the office"
)
class SpecialistSuccession:
    id: strawberry.ID = strawberry.field(description="全局标识 · global ID")
    status: SuccessionStatus = strawberry.field(description="状态 · status")
    reason: str = strawberry.field(description="调整原因 · reason")
    nominated_by: str = strawberry.field(description="提名人 · nominated by (username)")
    decided_by: str | None = strawberry.field(description="备案人 · filed or rejected by")
    decision_note: str | None = strawberry.field(description="备案意见 · note")
    created_at: dt.datetime = strawberry.field(description="提名时间 · nominated at")
    decided_at: dt.datetime | None = strawberry.field(description="备案时间 · decided at")
    jurisdiction_code: str = strawberry.field(description="区划代码 · the organisation's jurisdiction")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> SpecialistSuccession:
        return cls(
            id=strawberry.ID(encode_id("SpecialistSuccession", row.id)), status=row.status,
            reason=row.reason, nominated_by=row.nominated_by, decided_by=row.decided_by,
            decision_note=row.decision_note, created_at=row.created_at, decided_at=row.decided_at,
            jurisdiction_code=row.jurisdiction_id, row=row,
        )  # fmt: skip

    @strawberry.field(description="原专员 · the outgoing specialist")
    async def specialist(self, info: strawberry.Info) -> Specialist | None:
        row = await ctx(info).loaders.specialist.load(self.row.specialist_id)
        return Specialist.from_row(row) if row else None

    @strawberry.field(description="接替专员 · the successor")
    async def successor(self, info: strawberry.Info) -> Specialist | None:
        row = await ctx(info).loaders.specialist.load(self.row.successor_id)
        return Specialist.from_row(row) if row else None


@strawberry.type(description="一对一服务 · a talent's dedicated specialist assignment")
class DedicatedAssignment:
    id: strawberry.ID = strawberry.field(description="全局标识 · global ID")
    reason: str = strawberry.field(description="原因 · CARD_ISSUED, REASSIGNED, SUCCESSION, MANUAL or SWEEP")
    assigned_by: str = strawberry.field(description="指派人 · assigned by")
    started_at: dt.datetime = strawberry.field(description="开始时间 · since")
    ended_at: dt.datetime | None = strawberry.field(description="结束时间 · ended at")
    end_reason: str | None = strawberry.field(description="结束原因 · why it ended")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> DedicatedAssignment:
        return cls(
            id=strawberry.ID(encode_id("DedicatedAssignment", row.id)), reason=row.reason,
            assigned_by=row.assigned_by, started_at=row.started_at, ended_at=row.ended_at,
            end_reason=row.end_reason, row=row,
        )  # fmt: skip

    @strawberry.field(description="人才 · the talent")
    async def talent(self, info: strawberry.Info) -> TalentRef | None:
        from schema.types.talents import Talent

        row = await ctx(info).loaders.talent.load(self.row.talent_id)
        return Talent.from_row(row) if row else None

    @strawberry.field(description="服务专员 · the specialist")
    async def specialist(self, info: strawberry.Info) -> Specialist | None:
        row = await ctx(info).loaders.specialist_any.load(self.row.specialist_id)
        return Specialist.from_row(row) if row else None


@strawberry.type(description="公示事项 · a service item as shown on the public list")
class PublicServiceItem:
    code: str = strawberry.field(description="事项编码 · code")
    name: str = strawberry.field(description="事项名称 · name")


@strawberry.type(description="区划 · a jurisdiction as shown on the public list")
class PublicJurisdiction:
    code: str = strawberry.field(description="区划代码 · code")
    name: str = strawberry.field(description="名称 · name")


@strawberry.type(description="专员公示 · a specialist on the public list: public fields only")
class PublicSpecialist:
    name: str = strawberry.field(description="姓名 · name")
    kind: SpecialistKind = strawberry.field(description="类型 · kind")
    organization_name: str | None = strawberry.field(description="所在单位 · department, window or employer")
    office_phone: str | None = strawberry.field(description="办公电话 · office phone")
    jurisdiction: PublicJurisdiction = strawberry.field(description="所在区划 · jurisdiction")
    items: list[PublicServiceItem] = strawberry.field(description="承办事项 · service items handled")

    @classmethod
    def from_entry(cls, e: Any) -> PublicSpecialist:
        return cls(
            name=e.name, kind=e.kind, organization_name=e.organization_name, office_phone=e.office_phone,
            jurisdiction=PublicJurisdiction(code=e.jurisdiction_code, name=e.jurisdiction_name),
            items=[PublicServiceItem(code=c, name=n) for c, n in e.items],
        )  # fmt: skip


@strawberry.type(
    description="专员配备达标 · one department or window: active specialists against the required 2"
)
class SpecialistComplianceRow:
    organization_id: strawberry.ID = strawberry.field(description="单位标识 · Department or ServiceWindow ID")
    organization_name: str = strawberry.field(description="单位名称 · department or window name")
    kind: SpecialistKind = strawberry.field(description="专员类型 · HANDLING (department) or WINDOW")
    jurisdiction: PublicJurisdiction = strawberry.field(description="所在区划 · jurisdiction")
    active_count: int = strawberry.field(description="在岗专员数 · active specialists")
    required: int = strawberry.field(description="应配人数 · required (2)")
    compliant: bool = strawberry.field(description="达标 · activeCount >= required")

    @classmethod
    def from_row(cls, r: Any) -> SpecialistComplianceRow:
        return cls(
            organization_id=strawberry.ID(r.organization_id), organization_name=r.organization_name,
            kind=r.kind,
            jurisdiction=PublicJurisdiction(code=r.jurisdiction_code, name=r.jurisdiction_name),
            active_count=r.active_count, required=r.required, compliant=r.compliant,
        )  # fmt: skip
