"""Complaints and rectification (投诉 · 整改): the `complaints` connection and `fileComplaint`,
`routeComplaint`, `answerComplaint`, `recordComplaintCallback`."""

from __future__ import annotations

import strawberry

from resolvers.complaints import handling as ops
from schema.api.connections import connection_field, counts_field
from schema.api.idempotency import echoed, key_echo, key_input
from schema.api.inputs import args
from schema.api.ordering import order_input
from schema.api.payloads import payload
from schema.types.base import UserErrorType
from schema.types.common import ctx
from schema.types.complaints import (
    CallbackResult,
    Complaint,
    ComplaintKind,
    ComplaintOutcome,
    ComplaintSource,
    ComplaintStatus,
)
from schema.types.filters import DateFilter, DateTimeFilter, IDFilter, StringFilter, _enum_filter, optional

ComplaintKindFilter = _enum_filter(ComplaintKind, "ComplaintKindFilter", "投诉类型")
ComplaintStatusFilter = _enum_filter(ComplaintStatus, "ComplaintStatusFilter", "投诉状态")
ComplaintSourceFilter = _enum_filter(ComplaintSource, "ComplaintSourceFilter", "投诉来源")
ComplaintOrder = order_input("Complaint", "投诉", ["ID", "DUE_ON", "CREATED_AT"])


@strawberry.input(description="投诉筛选 · complaint filter")
class ComplaintFilter:
    id: IDFilter | None = optional("标识 · ID")
    kind: ComplaintKindFilter | None = optional("类型 · complaint or rectification")  # type: ignore[valid-type]
    status: ComplaintStatusFilter | None = optional("状态 · status")  # type: ignore[valid-type]
    source: ComplaintSourceFilter | None = optional("来源 · source")  # type: ignore[valid-type]
    jurisdiction_code: StringFilter | None = optional("区划代码 · jurisdiction code")
    within_jurisdiction: str | None = optional("辖区内 · in this jurisdiction or any under it")
    department_id: IDFilter | None = optional("责任部门 · routed to this department")
    window_id: IDFilter | None = optional("责任窗口 · routed to this window")
    talent_id: IDFilter | None = optional("人才 · about this talent")
    service_request_id: IDFilter | None = optional("办件 · about this request")
    overdue: bool | None = optional("超期 · open and past the due date")
    created_at: DateTimeFilter | None = optional("受理时间 · filed at")
    due_on: DateFilter | None = optional("办结期限 · due date")
    and_: list[ComplaintFilter] | None = strawberry.field(default=None, name="and", description="且")
    or_: list[ComplaintFilter] | None = strawberry.field(default=None, name="or", description="或")
    not_: ComplaintFilter | None = strawberry.field(default=None, name="not", description="非")


@strawberry.input(description="受理投诉 · file a complaint (talent online; staff: hotline or window)")
class FileComplaintInput:
    source: ComplaintSource = strawberry.field(
        description="来源 · ONLINE (the talent), HOTLINE or WINDOW (staff)"
    )
    subject: str = strawberry.field(description="事由 · subject (at most 128 characters)")
    content: str = strawberry.field(description="内容 · what happened (at most 4000 characters)")
    talent_id: strawberry.ID | None = optional("人才 · the talent concerned (a talent: themself)")
    service_request_id: strawberry.ID | None = optional("办件 · the request concerned")
    complainant_name: str | None = optional("投诉人 · name (default: the talent's)")
    complainant_phone: str | None = optional("投诉人电话 · phone (default: the talent's)")
    jurisdiction_code: str | None = optional("属地 · area, when no talent or request names it")
    specialist_id: strawberry.ID | None = optional("被投诉专员 · the specialist complained about")
    client_mutation_id: str | None = key_input("complaint")


@strawberry.input(description="按责转办 · route a complaint to one department or window, time-limited")
class RouteComplaintInput:
    complaint_id: strawberry.ID = strawberry.field(description="投诉 · the complaint")
    department_id: strawberry.ID | None = optional("责任部门 · the department (or windowId)")
    window_id: strawberry.ID | None = optional("责任窗口 · the window (or departmentId)")
    time_limit_workdays: int | None = optional(
        "办理时限 · working days from today (default COMPLAINT_TIME_LIMIT_WORKDAYS, or "
        "RECTIFICATION_WORKDAYS for a rectification task)"
    )
    note: str | None = optional("转办意见 · note to the organisation")


@strawberry.input(description="逐一反馈 · answer a complaint routed to your organisation")
class AnswerComplaintInput:
    complaint_id: strawberry.ID = strawberry.field(description="投诉 · the complaint")
    answer: str = strawberry.field(description="反馈意见 · the answer (rectification: the measures taken)")
    outcome: ComplaintOutcome = strawberry.field(
        description="核查结果 · complaint: SUBSTANTIATED, PARTLY_SUBSTANTIATED or UNFOUNDED; "
        "rectification: RECTIFIED"
    )


@strawberry.input(description="回访 · record the callback to the complainant")
class RecordComplaintCallbackInput:
    complaint_id: strawberry.ID = strawberry.field(description="投诉 · the complaint")
    result: CallbackResult = strawberry.field(description="回访结果 · result")
    note: str | None = optional("回访记录 · note")
    reopen: bool | None = optional("重新办理 · dissatisfied: back to the organisation, fresh time limit")


@strawberry.type(description="投诉变更结果 · result of a complaint mutation")
class ComplaintPayload:
    complaint: Complaint | None = strawberry.field(description="投诉 · the complaint")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")
    client_mutation_id: str | None = key_echo("fileComplaint")


@strawberry.type
class ComplaintQueries:
    complaints = connection_field(
        ops.COMPLAINTS, Complaint, ComplaintFilter, ComplaintOrder,
        "投诉与整改 · complaints and rectification tasks the caller may see (a department: those routed "
        "to it; a talent: their own)",
    )  # fmt: skip
    complaint_counts = counts_field(
        ops.COMPLAINTS, ops.COMPLAINT_GROUPS, "Complaint", "投诉", ComplaintFilter,
        "投诉分组计数 · complaints counted by one or two fields, same scope and filter as the list",
    )  # fmt: skip


def _complaint(info, work):
    return payload(info, work, ComplaintPayload, "complaint", Complaint.from_row)


@strawberry.type
class ComplaintMutations:
    @strawberry.mutation(description="受理投诉 · file a complaint; the office of its area is told")
    async def file_complaint(self, info: strawberry.Info, input: FileComplaintInput) -> ComplaintPayload:
        work = lambda: ops.file_complaint(ctx(info), args(ops.NewComplaint, input))  # noqa: E731
        return echoed(await _complaint(info, work), input)

    @strawberry.mutation(description="按责转办 · route to a department or window in your area, time-limited")
    async def route_complaint(self, info: strawberry.Info, input: RouteComplaintInput) -> ComplaintPayload:
        return await _complaint(info, lambda: ops.route_complaint(ctx(info), args(ops.Routing, input)))

    @strawberry.mutation(description="逐一反馈 · answer as the responsible organisation; complainant told")
    async def answer_complaint(self, info: strawberry.Info, input: AnswerComplaintInput) -> ComplaintPayload:
        return await _complaint(info, lambda: ops.answer_complaint(
            ctx(info), input.complaint_id, input.answer, input.outcome
        ))  # fmt: skip

    @strawberry.mutation(description="回访 · record the callback: close, or reopen when dissatisfied")
    async def record_complaint_callback(
        self, info: strawberry.Info, input: RecordComplaintCallbackInput
    ) -> ComplaintPayload:
        return await _complaint(info, lambda: ops.record_complaint_callback(
            ctx(info), input.complaint_id, input.result, input.note, input.reopen
        ))  # fmt: skip
