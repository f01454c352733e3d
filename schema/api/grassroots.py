"""Experts serving the grassroots (专家服务基层): `grassrootsAreas`, `designateGrassrootsArea`,
`withdrawGrassrootsArea`; `grassrootsExperts(year)`, `listGrassrootsExpert`,
`removeGrassrootsExpert`; `grassrootsServices`, `recordGrassrootsService`,
`confirmGrassrootsService`; `grassrootsCompliance(year, jurisdictionCode)`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from tortoise.expressions import Q

from resolvers.grassroots import areas, experts, services
from resolvers.grassroots.compliance import compliance
from schema.api.connections import connection_field
from schema.api.inputs import args
from schema.api.ordering import order_input
from schema.api.payloads import payload
from schema.types.base import Connection, UserErrorType, to_connection
from schema.types.cards import ReviewDecision
from schema.types.common import ctx
from schema.types.enums import GrassrootsAreaKind, GrassrootsServiceStatus
from schema.types.filters import DateFilter, IDFilter, IntFilter, StringFilter, optional
from schema.types.grassroots import GrassrootsArea, GrassrootsCompliance, GrassrootsExpert, GrassrootsService


@strawberry.input(description="服务基层地区筛选 · grassroots area filter")
class GrassrootsAreaFilter:
    id: IDFilter | None = optional("地区 · the designation")
    kind: GrassrootsAreaKind | None = optional("地区类型 · kind")
    jurisdiction_code: StringFilter | None = optional("区县 · the county")
    within_jurisdiction: str | None = optional("区划范围 · counties of this jurisdiction")


@strawberry.input(description="服务基层专家筛选 · grassroots expert filter (within the year asked)")
class GrassrootsExpertFilter:
    id: IDFilter | None = optional("专家名单 · the listing")
    talent_id: IDFilter | None = optional("人才 · the talent")
    required_days: IntFilter | None = optional("要求天数 · days required")
    jurisdiction_code: StringFilter | None = optional("所在区划 · the expert's county")
    within_jurisdiction: str | None = optional("区划范围 · this jurisdiction and below")


@strawberry.input(description="服务基层记录筛选 · grassroots service filter")
class GrassrootsServiceFilter:
    id: IDFilter | None = optional("服务记录 · the record")
    expert_id: IDFilter | None = optional("专家名单 · the listing")
    talent_id: IDFilter | None = optional("人才 · the talent")
    year: IntFilter | None = optional("年度 · year")
    status: GrassrootsServiceStatus | None = optional("状态 · status")
    starts_on: DateFilter | None = optional("开始日期 · first day")
    area_code: StringFilter | None = optional("服务地区 · the receiving county")
    within_area: str | None = optional("服务地区范围 · receiving counties of this jurisdiction")
    jurisdiction_code: StringFilter | None = optional("专家所在区划 · the expert's county")
    within_jurisdiction: str | None = optional("区划范围 · experts of this jurisdiction and below")


GrassrootsAreaOrder = order_input("GrassrootsArea", "服务基层地区", ["ID", "CODE"])
GrassrootsExpertOrder = order_input("GrassrootsExpert", "服务基层专家", ["ID", "CREATED_AT"])
GrassrootsServiceOrder = order_input("GrassrootsService", "服务基层记录", ["ID", "STARTS_ON"])


@strawberry.input(description="认定服务基层地区 · designate a county as a grassroots area")
class DesignateGrassrootsAreaInput:
    jurisdiction_code: str = strawberry.field(description="区县 · the county (development zones count)")
    kind: GrassrootsAreaKind = strawberry.field(description="地区类型 · kind")
    note: str | None = strawberry.field(default=None, description="说明 · the basis, e.g. the document")


@strawberry.input(description="撤销服务基层地区 · withdraw a designation")
class WithdrawGrassrootsAreaInput:
    area_id: strawberry.ID = strawberry.field(description="服务基层地区 · the designation")


@strawberry.input(description="纳入服务基层范围 · list an expert for a year")
class ListGrassrootsExpertInput:
    talent_id: strawberry.ID = strawberry.field(description="人才 · the talent")
    year: int = strawberry.field(description="年度 · the year")
    required_days: int | None = strawberry.field(default=None, description="要求天数 · default 15")


@strawberry.input(description="移出服务基层范围 · take a listing back (only without service records)")
class RemoveGrassrootsExpertInput:
    expert_id: strawberry.ID = strawberry.field(description="专家名单 · the listing")


@strawberry.input(description="登记服务基层记录 · record a stretch of service")
class RecordGrassrootsServiceInput:
    talent_id: strawberry.ID = strawberry.field(description="人才 · the expert, listed for the year")
    area_code: str = strawberry.field(description="服务地区 · the designated county the unit lies in")
    unit_name: str = strawberry.field(description="服务单位 · the receiving unit")
    starts_on: dt.date = strawberry.field(description="开始日期 · first day")
    ends_on: dt.date = strawberry.field(description="结束日期 · last day (same year, not in the future)")
    days: int = strawberry.field(description="服务天数 · days served, at most the span's")
    content: str = strawberry.field(description="服务内容 · what was done")


@strawberry.input(description="确认服务基层记录 · the receiving county's office decides a record")
class ConfirmGrassrootsServiceInput:
    service_id: strawberry.ID = strawberry.field(description="服务记录 · the record")
    decision: ReviewDecision = strawberry.field(description="确认结论 · APPROVE confirms, REJECT does not")
    opinion: str | None = strawberry.field(default=None, description="意见 · required to reject")


@strawberry.type(description="服务基层地区变更结果 · result of a grassroots area mutation")
class GrassrootsAreaPayload:
    grassroots_area: GrassrootsArea | None = strawberry.field(description="服务基层地区 · the designation")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.type(description="服务基层专家变更结果 · result of a grassroots expert mutation")
class GrassrootsExpertPayload:
    grassroots_expert: GrassrootsExpert | None = strawberry.field(description="专家名单 · the listing")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.type(description="服务基层记录变更结果 · result of a grassroots service mutation")
class GrassrootsServicePayload:
    grassroots_service: GrassrootsService | None = strawberry.field(description="服务记录 · the record")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


_YEAR = strawberry.argument(description="年度 · the year")
_PLACE = strawberry.argument(description="区划 · this jurisdiction and below")


@strawberry.type
class GrassrootsQueries:
    grassroots_areas = connection_field(
        areas.AREAS, GrassrootsArea, GrassrootsAreaFilter, GrassrootsAreaOrder,
        "服务基层地区 · the counties designated as grassroots areas (public reference)",
    )  # fmt: skip
    grassroots_services = connection_field(
        services.SERVICES, GrassrootsService, GrassrootsServiceFilter, GrassrootsServiceOrder,
        "服务基层记录 · service records the caller may see: an office's experts and its area's "
        "receiving, a unit's staff, a talent's own",
    )  # fmt: skip

    @strawberry.field(description="服务基层专家 · the experts listed for a year that the caller may see")
    async def grassroots_experts(
        self, info: strawberry.Info, year: Annotated[int, _YEAR],
        filter: GrassrootsExpertFilter | None = None,
        order_by: list[GrassrootsExpertOrder] | None = None,  # type: ignore[valid-type]
        first: int | None = None, after: str | None = None, offset: int | None = None,
    ) -> Connection[GrassrootsExpert]:  # fmt: skip
        page = await experts.EXPERTS.page(
            ctx(info), filter=filter, order_by=order_by, first=first, after=after, offset=offset,
            extra=Q(year=experts.check_year(year)),
        )  # fmt: skip
        return to_connection(page, GrassrootsExpert.from_row)

    @strawberry.field(
        description="服务基层达标情况 · each expert listed for the year in a jurisdiction (and below): "
        "confirmed days against the required 15"
    )
    async def grassroots_compliance(
        self, info: strawberry.Info, year: Annotated[int, _YEAR],
        jurisdiction_code: Annotated[str, _PLACE],
    ) -> list[GrassrootsCompliance]:  # fmt: skip
        return [GrassrootsCompliance.of(s) for s in await compliance(ctx(info), year, jurisdiction_code)]


async def _area(info: strawberry.Info, work) -> GrassrootsAreaPayload:  # type: ignore[no-untyped-def]
    return await payload(info, work, GrassrootsAreaPayload, "grassroots_area", GrassrootsArea.from_row)


async def _expert(info: strawberry.Info, work) -> GrassrootsExpertPayload:  # type: ignore[no-untyped-def]
    return await payload(info, work, GrassrootsExpertPayload, "grassroots_expert", GrassrootsExpert.from_row)


async def _service(info: strawberry.Info, work) -> GrassrootsServicePayload:  # type: ignore[no-untyped-def]
    convert = GrassrootsService.from_row
    return await payload(info, work, GrassrootsServicePayload, "grassroots_service", convert)


@strawberry.type
class GrassrootsMutations:
    @strawberry.mutation(description="认定服务基层地区 · designate a county (province and city offices)")
    async def designate_grassroots_area(
        self, info: strawberry.Info, input: DesignateGrassrootsAreaInput
    ) -> GrassrootsAreaPayload:
        return await _area(info, lambda: areas.designate_area(
            ctx(info), input.jurisdiction_code, input.kind, input.note))  # fmt: skip

    @strawberry.mutation(description="撤销服务基层地区 · withdraw a designation (records stay)")
    async def withdraw_grassroots_area(
        self, info: strawberry.Info, input: WithdrawGrassrootsAreaInput
    ) -> GrassrootsAreaPayload:
        return await _area(info, lambda: areas.withdraw_area(ctx(info), input.area_id))

    @strawberry.mutation(description="纳入服务基层范围 · list an expert for a year (their county's office)")
    async def list_grassroots_expert(
        self, info: strawberry.Info, input: ListGrassrootsExpertInput
    ) -> GrassrootsExpertPayload:
        return await _expert(info, lambda: experts.list_expert(
            ctx(info), input.talent_id, input.year, input.required_days))  # fmt: skip

    @strawberry.mutation(description="移出服务基层范围 · take back a listing without service records")
    async def remove_grassroots_expert(
        self, info: strawberry.Info, input: RemoveGrassrootsExpertInput
    ) -> GrassrootsExpertPayload:
        return await _expert(info, lambda: experts.remove_expert(ctx(info), input.expert_id))

    @strawberry.mutation(description="登记服务基层记录 · record service (the expert, or their office)")
    async def record_grassroots_service(
        self, info: strawberry.Info, input: RecordGrassrootsServiceInput
    ) -> GrassrootsServicePayload:
        data = args(services.NewGrassrootsService, input)
        return await _service(info, lambda: services.record_service(ctx(info), data))

    @strawberry.mutation(description="确认服务基层记录 · the receiving county's office confirms, or does not")
    async def confirm_grassroots_service(
        self, info: strawberry.Info, input: ConfirmGrassrootsServiceInput
    ) -> GrassrootsServicePayload:
        return await _service(info, lambda: services.confirm_service(
            ctx(info), input.service_id, input.decision, input.opinion))  # fmt: skip
