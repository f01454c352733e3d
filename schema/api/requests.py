"""Service requests and handoffs: intake, handling, feedback and status everywhere."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from strawberry.scalars import JSON

from resolvers.federation.honoured import card_shown
from resolvers.listing.nodes import load_node
from resolvers.requests import handling, intake, listings
from schema.api.connections import connection_field, counts_field
from schema.api.idempotency import echoed, key_echo, key_input
from schema.api.inputs import args
from schema.api.ordering import order_input
from schema.api.payloads import payload
from schema.types.base import UserErrorType
from schema.types.common import ctx
from schema.types.customfields import CustomFieldCondition
from schema.types.enums import HandoffOutcome, HandoffStatus, MaterialState, RequestChannel, RequestStatus
from schema.types.filters import DateFilter, DateTimeFilter, IDFilter, StringFilter, _enum_filter, optional
from schema.types.requests import Appointment, Handoff, ServiceRequest

RequestStatusFilter = _enum_filter(RequestStatus, "RequestStatusFilter", "办件状态")
HandoffStatusFilter = _enum_filter(HandoffStatus, "HandoffStatusFilter", "转办状态")
RequestChannelFilter = _enum_filter(RequestChannel, "RequestChannelFilter", "受理渠道")
ServiceRequestOrder = order_input("ServiceRequest", "办件", ["ID", "DUE_ON", "RECEIVED_AT"])
HandoffOrder = order_input("Handoff", "转办", ["ID", "DUE_ON", "CREATED_AT"])



@strawberry.input(description="办件筛选 · service request filter")
class ServiceRequestFilter:
    id: IDFilter | None = optional("标识 · ID")
    number: StringFilter | None = optional("办件编号 · number")
    status: RequestStatusFilter | None = optional("状态 · status")
    channel: RequestChannelFilter | None = optional("受理渠道 · channel")
    talent_id: IDFilter | None = optional("人才 · talent")
    window_id: IDFilter | None = optional("窗口 · window")
    item_id: IDFilter | None = optional("服务事项 · requests naming this item")
    due_on: DateFilter | None = optional("办结期限 · due date (dueOn: {lt: …} = due before)")
    received_at: DateTimeFilter | None = optional("受理时间 · received at")
    overdue: bool | None = optional("超期 · open and past the due date")
    jurisdiction_code: StringFilter | None = optional("区划代码 · jurisdiction code")
    within_jurisdiction: str | None = optional("辖区内 · in this jurisdiction or any under it")
    custom: list[CustomFieldCondition] | None = strawberry.field(
        default=None, description="自定义字段条件 · conditions on custom fields (all hold)"
    )
    and_: list[ServiceRequestFilter] | None = strawberry.field(default=None, name="and", description="且")
    or_: list[ServiceRequestFilter] | None = strawberry.field(default=None, name="or", description="或")
    not_: ServiceRequestFilter | None = strawberry.field(default=None, name="not", description="非")


@strawberry.input(description="转办筛选 · handoff filter")
class HandoffFilter:
    id: IDFilter | None = optional("标识 · ID")
    status: HandoffStatusFilter | None = optional("状态 · status")
    department_id: IDFilter | None = optional("承办部门 · department")
    window_id: IDFilter | None = optional("受理窗口 · window of the request")
    talent_id: IDFilter | None = optional("人才 · talent")
    item_id: IDFilter | None = optional("服务事项 · item")
    service_request_id: IDFilter | None = optional("办件 · request")
    due_on: DateFilter | None = optional("办理期限 · due date")
    overdue: bool | None = optional("超期 · open and past the due date")
    jurisdiction_code: StringFilter | None = optional("区划代码 · jurisdiction code")
    within_jurisdiction: str | None = optional("辖区内 · in this jurisdiction or any under it")
    and_: list[HandoffFilter] | None = strawberry.field(default=None, name="and", description="且")
    or_: list[HandoffFilter] | None = strawberry.field(default=None, name="or", description="或")
    not_: HandoffFilter | None = strawberry.field(default=None, name="not", description="非")


@strawberry.input(description="申请材料 · a material of one requested item")
class MaterialInput:
    item_id: strawberry.ID = strawberry.field(description="服务事项 · the item")
    name: str = strawberry.field(description="材料名称 · as listed by the item")
    state: MaterialState = strawberry.field(description="状态 · attached or seen at the window")


@strawberry.input(description="提交服务申请 · submit a service request (一窗接件)")
class SubmitServiceRequestInput:
    talent_id: strawberry.ID = strawberry.field(description="人才 · the talent")
    item_ids: list[strawberry.ID] = strawberry.field(description="服务事项 · items asked for")
    channel: RequestChannel | None = strawberry.field(
        default=None, description="受理渠道 · channel (default: by who submits)"
    )
    note: str | None = strawberry.field(default=None, description="备注 · note")
    materials: list[MaterialInput] | None = strawberry.field(
        default=None,
        description="申请材料 · required materials; omitted at the window = originals seen by the specialist",
    )
    custom_fields: JSON | None = strawberry.field(
        default=None, description="自定义字段 · custom fields, key → value"
    )
    card_token: str | None = strawberry.field(
        default=None,
        description="出示的电子卡 · the e-card token of a holder whose card another deployment of the "
        "province issued (全省通用); checked there, it opens the items its tier admits",
    )
    client_mutation_id: str | None = key_input("request")


@strawberry.input(description="撤回申请 · withdraw a request")
class WithdrawServiceRequestInput:
    service_request_id: strawberry.ID = strawberry.field(description="办件 · the request")
    reason: str | None = strawberry.field(default=None, description="原因 · reason")


@strawberry.input(description="满意度评价 · evaluate a finished request")
class EvaluateServiceRequestInput:
    service_request_id: strawberry.ID = strawberry.field(description="办件 · the request")
    score: int = strawberry.field(description="评分 · 1 非常不满意 … 5 非常满意")
    comment: str | None = strawberry.field(default=None, description="意见 · comment")


@strawberry.input(description="受理转办 · accept a handoff")
class AcceptHandoffInput:
    handoff_id: strawberry.ID = strawberry.field(description="转办 · the handoff")


@strawberry.input(description="办结转办 · complete a handoff")
class CompleteHandoffInput:
    handoff_id: strawberry.ID = strawberry.field(description="转办 · the handoff")
    outcome: HandoffOutcome = strawberry.field(description="结果 · outcome")
    opinion: str | None = strawberry.field(default=None, description="审核意见 · required when rejecting")


@strawberry.input(description="退回转办 · return a handoff (materials missing)")
class ReturnHandoffInput:
    handoff_id: strawberry.ID = strawberry.field(description="转办 · the handoff")
    reason: str = strawberry.field(description="原因 · reason")


@strawberry.input(description="延期报备 · report an extension")
class ReportHandoffExtensionInput:
    handoff_id: strawberry.ID = strawberry.field(description="转办 · the handoff")
    reason: str = strawberry.field(description="原因 · reason")
    new_due_on: dt.date = strawberry.field(description="新期限 · new due date")


@strawberry.input(description="预约 · book an appointment")
class ScheduleAppointmentInput:
    handoff_id: strawberry.ID = strawberry.field(description="转办 · the handoff")
    purpose: str = strawberry.field(description="事由 · purpose")
    at: dt.datetime = strawberry.field(description="时间 · time")
    place: str = strawberry.field(description="地点 · place")


@strawberry.type(description="办件变更结果 · result of a request mutation")
class ServiceRequestPayload:
    service_request: ServiceRequest | None = strawberry.field(description="办件 · the request")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")
    client_mutation_id: str | None = key_echo("submitServiceRequest")


@strawberry.type(description="转办变更结果 · result of a handoff mutation")
class HandoffPayload:
    handoff: Handoff | None = strawberry.field(description="转办 · the handoff")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.type(description="预约结果 · result of booking an appointment")
class AppointmentPayload:
    appointment: Appointment | None = strawberry.field(description="预约 · the appointment")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


def _appointment(row) -> Appointment:
    return Appointment(purpose=row.purpose, at=row.at, place=row.place, created_by=row.created_by)


@strawberry.type
class RequestQueries:
    service_requests = connection_field(
        listings.SERVICE_REQUESTS, ServiceRequest, ServiceRequestFilter, ServiceRequestOrder,
        "服务申请 · requests the caller may see",
    )  # fmt: skip
    handoffs = connection_field(
        listings.HANDOFFS, Handoff, HandoffFilter, HandoffOrder,
        "转办 · handoffs the caller may see (a department: only its own)",
    )  # fmt: skip
    service_request_counts = counts_field(
        listings.SERVICE_REQUESTS, listings.REQUEST_GROUPS, "ServiceRequest", "服务申请",
        ServiceRequestFilter,
        "服务申请分组计数 · requests counted by one or two fields, same scope and filter as the list",
    )  # fmt: skip
    handoff_counts = counts_field(
        listings.HANDOFFS, listings.HANDOFF_GROUPS, "Handoff", "转办", HandoffFilter,
        "转办分组计数 · handoffs counted by one or two fields, same scope and filter as the list",
    )  # fmt: skip

    @strawberry.field(description="服务申请 · one request by ID")
    async def service_request(self, info: strawberry.Info, id: strawberry.ID) -> ServiceRequest:
        _, row = await load_node(ctx(info), id, expected="ServiceRequest")
        return ServiceRequest.from_row(row)

    @strawberry.field(description="转办 · one handoff by ID")
    async def handoff(self, info: strawberry.Info, id: strawberry.ID) -> Handoff:
        _, row = await load_node(ctx(info), id, expected="Handoff")
        return Handoff.from_row(row)


def _request(info, work):
    return payload(info, work, ServiceRequestPayload, "service_request", ServiceRequest.from_row)


def _handoff(info, work):
    return payload(info, work, HandoffPayload, "handoff", Handoff.from_row)


async def _new_request(info: strawberry.Info, data: SubmitServiceRequestInput) -> intake.NewServiceRequest:
    materials = None if data.materials is None else [args(intake.Material, m) for m in data.materials]
    elsewhere = await card_shown(ctx(info).settings, data.card_token)
    return args(intake.NewServiceRequest, data, materials=materials, card_elsewhere=elsewhere)


@strawberry.type
class RequestMutations:
    @strawberry.mutation(description="提交服务申请 · submit a request (一窗接件、并联办理)")
    async def submit_service_request(
        self, info: strawberry.Info, input: SubmitServiceRequestInput
    ) -> ServiceRequestPayload:
        async def submit() -> Any:
            return await intake.submit_service_request(ctx(info), await _new_request(info, input))

        return echoed(await _request(info, submit), input)

    @strawberry.mutation(description="撤回申请 · withdraw while nothing is finished")
    async def withdraw_service_request(
        self, info: strawberry.Info, input: WithdrawServiceRequestInput
    ) -> ServiceRequestPayload:
        return await _request(info, lambda: intake.withdraw_service_request(
            ctx(info), input.service_request_id, input.reason
        ))  # fmt: skip

    @strawberry.mutation(description="满意度评价 · evaluate a finished request (1–5)")
    async def evaluate_service_request(
        self, info: strawberry.Info, input: EvaluateServiceRequestInput
    ) -> ServiceRequestPayload:
        return await _request(info, lambda: intake.evaluate_service_request(
            ctx(info), input.service_request_id, input.score, input.comment
        ))  # fmt: skip

    @strawberry.mutation(description="受理转办 · accept a handoff")
    async def accept_handoff(self, info: strawberry.Info, input: AcceptHandoffInput) -> HandoffPayload:
        return await _handoff(info, lambda: handling.accept_handoff(ctx(info), input.handoff_id))

    @strawberry.mutation(description="办结转办 · complete a handoff with outcome and opinion")
    async def complete_handoff(self, info: strawberry.Info, input: CompleteHandoffInput) -> HandoffPayload:
        return await _handoff(info, lambda: handling.complete_handoff(
            ctx(info), input.handoff_id, input.outcome, input.opinion
        ))  # fmt: skip

    @strawberry.mutation(description="退回转办 · return a handoff (materials missing)")
    async def return_handoff(self, info: strawberry.Info, input: ReturnHandoffInput) -> HandoffPayload:
        return await _handoff(
            info, lambda: handling.return_handoff(ctx(info), input.handoff_id, input.reason)
        )

    @strawberry.mutation(description="延期报备 · report an extension; the window and talent are told")
    async def report_handoff_extension(
        self, info: strawberry.Info, input: ReportHandoffExtensionInput
    ) -> HandoffPayload:
        return await _handoff(info, lambda: handling.report_extension(
            ctx(info), input.handoff_id, input.reason, input.new_due_on
        ))  # fmt: skip

    @strawberry.mutation(description="预约 · book an appointment; the talent is told")
    async def schedule_appointment(
        self, info: strawberry.Info, input: ScheduleAppointmentInput
    ) -> AppointmentPayload:
        work = lambda: handling.schedule_appointment(  # noqa: E731
            ctx(info), input.handoff_id, purpose=input.purpose, at=input.at, place=input.place
        )
        return await payload(info, work, AppointmentPayload, "appointment", _appointment)
