"""Complaints (投诉) and rectification tasks (整改), and the satisfaction levels (满意度)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from permissions.masking import mask_phone, reveal
from resolvers.complaints.handling import is_overdue
from resolvers.core.ids import encode_id
from schema.models import enums as stored
from schema.types.base import Node
from schema.types.common import ctx
from schema.types.geo import Jurisdiction, jurisdiction_of

if TYPE_CHECKING:
    from schema.types.directory import Department, ServiceWindow
    from schema.types.requests import Evaluation, ServiceRequest
    from schema.types.specialists import Specialist
    from schema.types.talents import Talent

TalentRef = Annotated["Talent", strawberry.lazy("schema.types.talents")]
RequestRef = Annotated["ServiceRequest", strawberry.lazy("schema.types.requests")]
EvaluationRef = Annotated["Evaluation", strawberry.lazy("schema.types.requests")]
DepartmentRef = Annotated["Department", strawberry.lazy("schema.types.directory")]
WindowRef = Annotated["ServiceWindow", strawberry.lazy("schema.types.directory")]
SpecialistRef = Annotated["Specialist", strawberry.lazy("schema.types.specialists")]

SatisfactionLevel = strawberry.enum(
    stored.SatisfactionLevel,
    description="满意度 · VERY_SATISFIED 非常满意 (5) / SATISFIED 满意 (4) / "
    "BASICALLY_SATISFIED 基本满意 (3) / DISSATISFIED 不满意 (2) / VERY_DISSATISFIED 非常不满意 (1)",
)
ComplaintKind = strawberry.enum(
    stored.ComplaintKind, description="类型 · COMPLAINT 投诉 / RECTIFICATION 差评整改"
)
ComplaintSource = strawberry.enum(
    stored.ComplaintSource,
    description="来源 · HOTLINE 热线 / ONLINE 网上 / WINDOW 窗口当面 / EVALUATION 差评整改",
)
ComplaintStatus = strawberry.enum(
    stored.ComplaintStatus,
    description="投诉状态 · RECEIVED 已受理 / ROUTED 已转办 / ANSWERED 已反馈 / CLOSED 已回访办结",
)
ComplaintOutcome = strawberry.enum(
    stored.ComplaintOutcome,
    description="核查结果 · SUBSTANTIATED 属实 / PARTLY_SUBSTANTIATED 部分属实 / UNFOUNDED 不属实 / "
    "RECTIFIED 已整改",
)
CallbackResult = strawberry.enum(
    stored.CallbackResult,
    description="回访结果 · SATISFIED 满意 / BASICALLY_SATISFIED 基本满意 / DISSATISFIED 不满意 / "
    "UNREACHABLE 无法联系",
)


@strawberry.type(description="办理记录 · one step of a complaint (受理, 转办, 反馈, 回访)")
class ComplaintStep:
    action: str = strawberry.field(
        description="动作 · FILED 受理 / ROUTED 转办 / REROUTED 改派 / ANSWERED 反馈 / CALLBACK 回访 / "
        "REOPENED 回访不满意重办"
    )
    actor: str = strawberry.field(description="操作人 · who")
    note: str | None = strawberry.field(description="说明 · note, answer or callback result")
    at: dt.datetime = strawberry.field(description="时间 · when")


@strawberry.type(description="投诉 · complaint or rectification task (按责转办 → 限时办结 → 逐一反馈 → 回访)")
class Complaint(Node):
    number: str = strawberry.field(description="编号 · number (TS… complaint, ZG… rectification)")
    kind: ComplaintKind = strawberry.field(description="类型 · complaint or rectification")
    source: ComplaintSource = strawberry.field(description="来源 · source")
    status: ComplaintStatus = strawberry.field(description="状态 · status")
    subject: str = strawberry.field(description="事由 · subject")
    content: str = strawberry.field(description="内容 · what the complainant says")
    complainant_name: str | None = strawberry.field(description="投诉人 · complainant's name")
    due_on: dt.date | None = strawberry.field(description="办结期限 · due date (working days, 限时办结)")
    routed_at: dt.datetime | None = strawberry.field(description="转办时间 · routed at")
    answer: str | None = strawberry.field(description="反馈意见 · the answer to the complainant")
    outcome: ComplaintOutcome | None = strawberry.field(description="核查结果 · outcome")
    answered_at: dt.datetime | None = strawberry.field(description="反馈时间 · answered at")
    answered_on_time: bool | None = strawberry.field(description="按期反馈 · answered by the due date")
    callback_result: CallbackResult | None = strawberry.field(description="回访结果 · callback result")
    callback_note: str | None = strawberry.field(description="回访记录 · callback note")
    callback_at: dt.datetime | None = strawberry.field(description="回访时间 · called back at")
    created_at: dt.datetime = strawberry.field(description="受理时间 · filed at")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> Complaint:
        return cls(
            id=strawberry.ID(encode_id("Complaint", row.id)), number=row.number, kind=row.kind,
            source=row.source, status=row.status, subject=row.subject, content=row.content,
            complainant_name=row.complainant_name, due_on=row.due_on, routed_at=row.routed_at,
            answer=row.answer, outcome=row.outcome, answered_at=row.answered_at,
            answered_on_time=row.answered_on_time, callback_result=row.callback_result,
            callback_note=row.callback_note, callback_at=row.callback_at, created_at=row.created_at, row=row,
        )  # fmt: skip

    @strawberry.field(description="投诉人电话 · complainant's phone, masked without pii:read")
    def complainant_phone(self, info: strawberry.Info) -> str | None:
        c = ctx(info)
        return reveal(c.perms, c.pii, "complaint", self.row, "complainantPhone",
                      self.row.complainant_phone, mask_phone)  # fmt: skip

    @strawberry.field(description="超期 · open and past its due date")
    def overdue(self) -> bool:
        return is_overdue(self.row)

    @strawberry.field(description="属地 · the area answerable for it")
    async def jurisdiction(self, info: strawberry.Info) -> Jurisdiction | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)

    @strawberry.field(description="人才 · the talent concerned (null when the caller may not see them)")
    async def talent(self, info: strawberry.Info) -> TalentRef | None:
        from schema.types.talents import Talent

        if self.row.talent_id is None:
            return None
        row = await ctx(info).loaders.talent.load(self.row.talent_id)
        return Talent.from_row(row) if row else None

    @strawberry.field(description="服务申请 · the request concerned (null when the caller may not see it)")
    async def service_request(self, info: strawberry.Info) -> RequestRef | None:
        from schema.types.requests import ServiceRequest

        if self.row.request_id is None:
            return None
        row = await ctx(info).loaders.service_request.load(self.row.request_id)
        return ServiceRequest.from_row(row) if row else None

    @strawberry.field(description="满意度评价 · the rating that opened a rectification task")
    async def evaluation(self, info: strawberry.Info) -> EvaluationRef | None:
        from schema.types.requests import Evaluation

        if self.row.evaluation_id is None:
            return None
        row = await ctx(info).loaders.evaluation_any.load(self.row.evaluation_id)
        return Evaluation.from_row(row) if row else None

    @strawberry.field(description="责任部门 · the department it is routed to")
    async def department(self, info: strawberry.Info) -> DepartmentRef | None:
        from schema.types.directory import Department

        if self.row.department_id is None:
            return None
        row = await ctx(info).loaders.department.load(self.row.department_id)
        return Department.from_row(row) if row else None

    @strawberry.field(description="责任窗口 · the window it is routed to")
    async def window(self, info: strawberry.Info) -> WindowRef | None:
        from schema.types.directory import ServiceWindow

        if self.row.window_id is None:
            return None
        row = await ctx(info).loaders.window.load(self.row.window_id)
        return ServiceWindow.from_row(row) if row else None

    @strawberry.field(description="被投诉专员 · the specialist complained about (public list)")
    async def specialist(self, info: strawberry.Info) -> SpecialistRef | None:
        from schema.types.specialists import Specialist

        if self.row.specialist_id is None:
            return None
        row = await ctx(info).loaders.specialist_any.load(self.row.specialist_id)
        return Specialist.from_row(row) if row else None

    @strawberry.field(description="办理记录 · every step, oldest first")
    async def steps(self, info: strawberry.Info) -> list[ComplaintStep]:
        rows = await ctx(info).loaders.steps_by_complaint.load(self.row.id)
        return [ComplaintStep(action=r.action, actor=r.actor, note=r.note, at=r.at) for r in rows]
