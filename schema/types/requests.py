"""Service requests (服务申请/办件) and handoffs (转办/承办)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from permissions.masking import mask_id_number, mask_phone, reveal
from resolvers.complaints.rectification import satisfaction_level
from resolvers.core.ids import encode_id
from resolvers.customfields.values import shown_values
from resolvers.requests.flow import OPEN_HANDOFF
from schema.clock import china_today
from schema.types.base import Node
from schema.types.common import ctx
from schema.types.complaints import Complaint, SatisfactionLevel
from schema.types.enums import HandoffOutcome, HandoffStatus, RequestChannel, RequestStatus

if TYPE_CHECKING:
    from schema.types.catalogue import ServiceItem
    from schema.types.directory import Department, ServiceWindow
    from schema.types.talents import Talent

TalentRef = Annotated["Talent", strawberry.lazy("schema.types.talents")]
ItemRef = Annotated["ServiceItem", strawberry.lazy("schema.types.catalogue")]
DepartmentRef = Annotated["Department", strawberry.lazy("schema.types.directory")]
WindowRef = Annotated["ServiceWindow", strawberry.lazy("schema.types.directory")]



@strawberry.type(description="状态变更 · one state change, with who and when (全程留痕)")
class StatusChange:
    from_status: str | None = strawberry.field(description="原状态 · previous state")
    to_status: str = strawberry.field(description="新状态 · new state")
    actor: str = strawberry.field(description="操作人 · who")
    note: str | None = strawberry.field(description="说明 · note")
    at: dt.datetime = strawberry.field(description="时间 · when")

    @classmethod
    def from_row(cls, row: Any) -> StatusChange:
        return cls(from_status=row.from_status, to_status=row.to_status, actor=row.actor,
                   note=row.note, at=row.at)  # fmt: skip


@strawberry.type(description="预约 · appointment: the talent comes in person")
class Appointment:
    purpose: str = strawberry.field(description="事由 · purpose")
    at: dt.datetime = strawberry.field(description="时间 · time")
    place: str = strawberry.field(description="地点 · place")
    created_by: str = strawberry.field(description="预约人 · booked by")


@strawberry.type(description="延期报备 · reported extension of a due date")
class HandoffExtension:
    reason: str = strawberry.field(description="原因 · reason")
    previous_due_on: dt.date = strawberry.field(description="原期限 · previous due date")
    new_due_on: dt.date = strawberry.field(description="新期限 · new due date")
    reported_by: str = strawberry.field(description="报备人 · reported by")
    created_at: dt.datetime = strawberry.field(description="报备时间 · reported at")


@strawberry.type(description="申请人 · the applicant as the handling department needs to see them")
class Applicant:
    name: str = strawberry.field(description="姓名 · name")
    row: strawberry.Private[Any]
    handoff_row: strawberry.Private[Any]

    @strawberry.field(description="证件号码 · ID number, masked without pii:read on the handoff")
    def id_number(self, info: strawberry.Info) -> str:
        c = ctx(info)
        return reveal(c.perms, c.pii, "handoff", self.handoff_row, "applicant.idNumber",
                      self.row.id_number, mask_id_number)  # fmt: skip

    @strawberry.field(description="手机 · phone, masked without pii:read on the handoff")
    def phone(self, info: strawberry.Info) -> str | None:
        c = ctx(info)
        return reveal(c.perms, c.pii, "handoff", self.handoff_row, "applicant.phone",
                      self.row.phone, mask_phone)  # fmt: skip


@strawberry.type(description="申请事项 · one item of a request")
class RequestItem:
    materials: JSON = strawberry.field(description="材料 · material → ATTACHED | SEEN")
    served_at: dt.datetime | None = strawberry.field(description="直接服务时间 · served at (DIRECT items)")
    row: strawberry.Private[Any]

    @strawberry.field(description="服务事项 · the catalogue item (as it was when requested)")
    async def item(self, info: strawberry.Info) -> ItemRef | None:
        from schema.types.catalogue import ServiceItem

        row = await ctx(info).loaders.item_any.load(self.row.item_id)
        return ServiceItem.from_row(row) if row else None


@strawberry.type(description="服务档案 · archive entry of a finished request (统一建档)")
class ArchiveEntry:
    summary: str = strawberry.field(description="摘要 · summary")
    results: JSON = strawberry.field(description="结果 · per item: result, department, opinion")
    created_at: dt.datetime = strawberry.field(description="建档时间 · archived at")
    request_id: strawberry.Private[int | None] = None

    @classmethod
    def from_row(cls, row: Any) -> ArchiveEntry:
        return cls(
            summary=row.summary, results=row.results, created_at=row.created_at, request_id=row.request_id
        )

    @strawberry.field(description="服务申请 · the request it archives (null when the caller may not see it)")
    async def request(self, info: strawberry.Info) -> ServiceRequest | None:
        if self.request_id is None:
            return None
        row = await ctx(info).loaders.service_request.load(self.request_id)
        return ServiceRequest.from_row(row) if row else None


@strawberry.type(description="满意度评价 · satisfaction evaluation")
class Evaluation:
    score: int = strawberry.field(description="评分 · 1 (very dissatisfied) to 5 (very satisfied)")
    comment: str | None = strawberry.field(description="意见 · comment")
    created_at: dt.datetime = strawberry.field(description="评价时间 · evaluated at")
    evaluation_id: strawberry.Private[int | None] = None

    @classmethod
    def from_row(cls, row: Any) -> Evaluation:
        return cls(score=row.score, comment=row.comment, created_at=row.created_at, evaluation_id=row.id)

    @strawberry.field(description="满意度 · the level of the score (5 非常满意 … 1 非常不满意)")
    def level(self) -> SatisfactionLevel:
        return satisfaction_level(self.score)

    @strawberry.field(description="差评整改 · the rectification task a poor rating opened (when visible)")
    async def rectification(self, info: strawberry.Info) -> Complaint | None:
        if self.evaluation_id is None:
            return None
        row = await ctx(info).loaders.rectification_by_evaluation.load(self.evaluation_id)
        return Complaint.from_row(row) if row else None


@strawberry.type(description="转办 · one department's part of a request")
class Handoff(Node):
    status: HandoffStatus = strawberry.field(description="状态 · status")
    due_on: dt.date = strawberry.field(description="办理期限 · due date (working days)")
    is_lead: bool = strawberry.field(description="牵头 · the lead department's handoff")
    outcome: HandoffOutcome | None = strawberry.field(description="办理结果 · outcome")
    opinion: str | None = strawberry.field(description="审核意见 · opinion")
    return_reason: str | None = strawberry.field(description="退回原因 · why it was returned")
    delivery_attempts: int = strawberry.field(description="投递次数 · webhook delivery attempts")
    last_error: str | None = strawberry.field(description="投递错误 · last delivery error")
    created_at: dt.datetime = strawberry.field(description="转办时间 · created at")
    delivered_at: dt.datetime | None = strawberry.field(description="送达时间 · delivered at")
    accepted_at: dt.datetime | None = strawberry.field(description="受理时间 · accepted at")
    completed_at: dt.datetime | None = strawberry.field(description="办结时间 · completed at")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> Handoff:
        return cls(
            id=strawberry.ID(encode_id("Handoff", row.id)), status=row.status, due_on=row.due_on,
            is_lead=row.is_lead, outcome=row.outcome, opinion=row.opinion,
            return_reason=row.return_reason, delivery_attempts=row.delivery_attempts,
            last_error=row.last_error, created_at=row.created_at, delivered_at=row.delivered_at,
            accepted_at=row.accepted_at, completed_at=row.completed_at, row=row,
        )  # fmt: skip

    @strawberry.field(description="超期 · open and past its due date")
    def overdue(self) -> bool:
        return self.row.status in OPEN_HANDOFF and self.row.due_on < china_today()

    @strawberry.field(description="承办部门 · the department")
    async def department(self, info: strawberry.Info) -> DepartmentRef | None:
        from schema.types.directory import Department

        row = await ctx(info).loaders.department.load(self.row.department_id)
        return Department.from_row(row) if row else None

    @strawberry.field(description="服务事项 · the item")
    async def item(self, info: strawberry.Info) -> ItemRef | None:
        from schema.types.catalogue import ServiceItem

        row = await ctx(info).loaders.item_any.load(self.row.item_id)
        return ServiceItem.from_row(row) if row else None

    @strawberry.field(description="服务申请 · the request it belongs to")
    async def service_request(
        self, info: strawberry.Info
    ) -> Annotated[ServiceRequest, strawberry.lazy("schema.types.requests")] | None:
        row = await ctx(info).loaders.service_request.load(self.row.request_id)
        return ServiceRequest.from_row(row) if row else None

    @strawberry.field(description="申请人 · the applicant (masked without pii:read)")
    async def applicant(self, info: strawberry.Info) -> Applicant | None:
        talent = await ctx(info).loaders.applicant.load(self.row.talent_id)
        return Applicant(name=talent.name, row=talent, handoff_row=self.row) if talent else None

    @strawberry.field(description="预约 · appointments")
    async def appointments(self, info: strawberry.Info) -> list[Appointment]:
        rows = await ctx(info).loaders.appointments_by_handoff.load(self.row.id)
        return [Appointment(purpose=r.purpose, at=r.at, place=r.place, created_by=r.created_by)
                for r in rows]  # fmt: skip

    @strawberry.field(description="延期报备 · extensions")
    async def extensions(self, info: strawberry.Info) -> list[HandoffExtension]:
        rows = await ctx(info).loaders.extensions_by_handoff.load(self.row.id)
        return [HandoffExtension(reason=r.reason, previous_due_on=r.previous_due_on,
                                 new_due_on=r.new_due_on, reported_by=r.reported_by,
                                 created_at=r.created_at) for r in rows]  # fmt: skip

    @strawberry.field(description="状态记录 · state history")
    async def history(self, info: strawberry.Info) -> list[StatusChange]:
        rows = await ctx(info).loaders.changes_by_handoff.load(self.row.id)
        return [StatusChange.from_row(r) for r in rows]


@strawberry.type(description="服务申请 · a talent's application (办件)")
class ServiceRequest(Node):
    number: str = strawberry.field(description="办件编号 · request number")
    status: RequestStatus = strawberry.field(description="状态 · status")
    channel: RequestChannel = strawberry.field(description="受理渠道 · channel")
    note: str | None = strawberry.field(description="备注 · note")
    received_at: dt.datetime = strawberry.field(description="受理时间 · received at")
    due_on: dt.date | None = strawberry.field(description="办结期限 · due date (latest handoff)")
    completed_at: dt.datetime | None = strawberry.field(description="办结时间 · completed at")
    withdrawn_at: dt.datetime | None = strawberry.field(description="撤回时间 · withdrawn at")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> ServiceRequest:
        return cls(
            id=strawberry.ID(encode_id("ServiceRequest", row.id)), number=row.number,
            status=row.status, channel=row.channel, note=row.note, received_at=row.received_at,
            due_on=row.due_on, completed_at=row.completed_at, withdrawn_at=row.withdrawn_at, row=row,
        )  # fmt: skip

    @strawberry.field(
        description="自定义字段 · custom fields (key → value); personal ones masked without pii:read"
    )
    async def custom_fields(self, info: strawberry.Info) -> JSON:
        return await shown_values(ctx(info), "ServiceRequest", self.row)

    @strawberry.field(description="人才 · the talent (null when the caller may not see the record)")
    async def talent(self, info: strawberry.Info) -> TalentRef | None:
        from schema.types.talents import Talent

        row = await ctx(info).loaders.talent.load(self.row.talent_id)
        return Talent.from_row(row) if row else None

    @strawberry.field(description="受理窗口 · the responsible window (属地)")
    async def window(self, info: strawberry.Info) -> WindowRef | None:
        from schema.types.directory import ServiceWindow

        if self.row.window_id is None:
            return None
        row = await ctx(info).loaders.window.load(self.row.window_id)
        return ServiceWindow.from_row(row) if row else None

    @strawberry.field(description="申请事项 · the items asked for")
    async def items(self, info: strawberry.Info) -> list[RequestItem]:
        rows = await ctx(info).loaders.items_by_request.load(self.row.id)
        return [RequestItem(materials=r.materials, served_at=r.served_at, row=r) for r in rows]

    @strawberry.field(description="转办 · the handoffs the caller may see")
    async def handoffs(self, info: strawberry.Info) -> list[Handoff]:
        rows = await ctx(info).loaders.handoffs_by_request.load(self.row.id)
        return [Handoff.from_row(r) for r in rows]

    @strawberry.field(description="状态记录 · state history of the request and its handoffs")
    async def history(self, info: strawberry.Info) -> list[StatusChange]:
        rows = await ctx(info).loaders.changes_by_request.load(self.row.id)
        return [StatusChange.from_row(r) for r in rows]

    @strawberry.field(description="服务档案 · the archive entry, once finished")
    async def archive_entry(self, info: strawberry.Info) -> ArchiveEntry | None:
        row = await ctx(info).loaders.archive_by_request.load(self.row.id)
        if row is None:
            return None
        return ArchiveEntry.from_row(row)

    @strawberry.field(description="满意度评价 · the evaluation, if given")
    async def evaluation(self, info: strawberry.Info) -> Evaluation | None:
        row = await ctx(info).loaders.evaluation_by_request.load(self.row.id)
        if row is None:
            return None
        return Evaluation.from_row(row)

    @strawberry.field(description="投诉与整改 · complaints and rectification tasks about it (when visible)")
    async def complaints(self, info: strawberry.Info) -> list[Complaint]:
        rows = await ctx(info).loaders.complaints_by_request.load(self.row.id)
        return [Complaint.from_row(r) for r in rows]
