"""Catalogue and employer mutations: createServiceItem, updateServiceItem,
publishServiceItem, retireServiceItem, createEmployer, updateEmployer."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import UNSET
from strawberry.scalars import JSON

from resolvers.catalogue import items
from resolvers.directory import employers
from schema.api.inputs import args
from schema.api.payloads import payload
from schema.types.base import UserErrorType
from schema.types.catalogue import ServiceItem
from schema.types.common import ctx
from schema.types.directory import Employer
from schema.types.enums import EmployerKind, ServiceCategory, ServiceMode


@strawberry.input(description="新建服务事项 · create a service item (as a draft)")
class CreateServiceItemInput:
    code: str = strawberry.field(description="事项编码 · code, e.g. sjz.household")
    name: str = strawberry.field(description="事项名称 · name")
    category: ServiceCategory = strawberry.field(description="类别 · category")
    mode: ServiceMode = strawberry.field(description="办理方式 · mode")
    jurisdiction_code: str = strawberry.field(description="所属区划 · owning jurisdiction")
    time_limit_workdays: int | None = strawberry.field(default=None, description="办理时限（工作日）")
    policy_basis: str | None = strawberry.field(default=None, description="政策依据 · policy basis")
    description: str | None = strawberry.field(default=None, description="说明 · description")
    materials: list[str] | None = strawberry.field(default=None, description="申请材料 · materials")
    department_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="责任部门 · responsible departments"
    )
    lead_department_id: strawberry.ID | None = strawberry.field(
        default=None, description="牵头部门 · lead department (default: the first)"
    )
    eligible_tier_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="适用卡等级 · eligible card tiers"
    )
    effective_from: dt.date | None = strawberry.field(default=None, description="生效日期")
    effective_to: dt.date | None = strawberry.field(default=None, description="失效日期")


@strawberry.input(description="修改服务事项 · update; a published item gets a new draft version")
class UpdateServiceItemInput:
    id: strawberry.ID = strawberry.field(description="服务事项 · the item")
    name: str | None = strawberry.field(default=UNSET, description="事项名称 · name")
    category: ServiceCategory | None = strawberry.field(default=UNSET, description="类别")
    mode: ServiceMode | None = strawberry.field(default=UNSET, description="办理方式 · mode")
    time_limit_workdays: int | None = strawberry.field(default=UNSET, description="办理时限")
    policy_basis: str | None = strawberry.field(default=UNSET, description="政策依据")
    description: str | None = strawberry.field(default=UNSET, description="说明")
    materials: list[str] | None = strawberry.field(default=UNSET, description="申请材料")
    department_ids: list[strawberry.ID] | None = strawberry.field(default=UNSET, description="责任部门")
    lead_department_id: strawberry.ID | None = strawberry.field(default=UNSET, description="牵头部门")
    eligible_tier_ids: list[strawberry.ID] | None = strawberry.field(
        default=UNSET, description="适用卡等级"
    )
    effective_from: dt.date | None = strawberry.field(default=UNSET, description="生效日期")
    effective_to: dt.date | None = strawberry.field(default=UNSET, description="失效日期")


@strawberry.input(description="发布服务事项 · publish a draft")
class PublishServiceItemInput:
    id: strawberry.ID = strawberry.field(description="服务事项 · the draft")
    effective_from: dt.date | None = strawberry.field(default=None, description="生效日期 · default today")


@strawberry.input(description="停用服务事项 · retire a published item")
class RetireServiceItemInput:
    id: strawberry.ID = strawberry.field(description="服务事项 · the item")
    effective_to: dt.date | None = strawberry.field(default=None, description="失效日期 · default today")
    reason: str | None = strawberry.field(default=None, description="原因 · reason")


@strawberry.type(description="服务事项变更结果 · result of a service item mutation")
class ServiceItemPayload:
    service_item: ServiceItem | None = strawberry.field(description="服务事项 · the item")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.input(description="登记用人单位 · register an employer")
class CreateEmployerInput:
    name: str = strawberry.field(description="单位名称 · name")
    credit_code: str = strawberry.field(description="统一社会信用代码 · GB 32100 credit code")
    jurisdiction_code: str = strawberry.field(description="所在县区 · county-level jurisdiction")
    kind: EmployerKind | None = strawberry.field(default=None, description="单位性质 · kind")
    industry: str | None = strawberry.field(default=None, description="行业 · industry")
    custom_fields: JSON | None = strawberry.field(
        default=None, description="自定义字段 · custom fields, key → value"
    )


@strawberry.input(description="修改用人单位 · update an employer")
class UpdateEmployerInput:
    id: strawberry.ID = strawberry.field(description="用人单位 · the employer")
    name: str | None = strawberry.field(default=UNSET, description="单位名称 · name")
    kind: EmployerKind | None = strawberry.field(default=UNSET, description="单位性质 · kind")
    industry: str | None = strawberry.field(default=UNSET, description="行业 · industry")
    custom_fields: JSON | None = strawberry.field(
        default=UNSET, description="自定义字段 · custom fields to set, key → value; null clears one"
    )


@strawberry.type(description="用人单位变更结果 · result of an employer mutation")
class EmployerPayload:
    employer: Employer | None = strawberry.field(description="用人单位 · the employer")
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


async def _item(info: strawberry.Info, work) -> ServiceItemPayload:
    return await payload(info, work, ServiceItemPayload, "service_item", ServiceItem.from_row)


async def _employer(info: strawberry.Info, work) -> EmployerPayload:
    return await payload(info, work, EmployerPayload, "employer", Employer.from_row)


@strawberry.type
class CatalogueMutations:
    @strawberry.mutation(description="新建服务事项 · create a service item draft")
    async def create_service_item(
        self, info: strawberry.Info, input: CreateServiceItemInput
    ) -> ServiceItemPayload:
        return await _item(
            info, lambda: items.create_service_item(ctx(info), args(items.NewServiceItem, input))
        )

    @strawberry.mutation(description="修改服务事项 · update a service item")
    async def update_service_item(
        self, info: strawberry.Info, input: UpdateServiceItemInput
    ) -> ServiceItemPayload:
        return await _item(
            info, lambda: items.update_service_item(ctx(info), args(items.ServiceItemChanges, input))
        )

    @strawberry.mutation(description="发布服务事项 · publish a draft (retires the previous version)")
    async def publish_service_item(
        self, info: strawberry.Info, input: PublishServiceItemInput
    ) -> ServiceItemPayload:
        return await _item(
            info, lambda: items.publish_service_item(ctx(info), input.id, input.effective_from)
        )

    @strawberry.mutation(description="停用服务事项 · retire a published item")
    async def retire_service_item(
        self, info: strawberry.Info, input: RetireServiceItemInput
    ) -> ServiceItemPayload:
        return await _item(info, lambda: items.retire_service_item(
            ctx(info), input.id, input.effective_to, input.reason
        ))  # fmt: skip

    @strawberry.mutation(description="登记用人单位 · register an employer")
    async def create_employer(
        self, info: strawberry.Info, input: CreateEmployerInput
    ) -> EmployerPayload:
        return await _employer(
            info, lambda: employers.create_employer(ctx(info), args(employers.NewEmployer, input))
        )

    @strawberry.mutation(description="修改用人单位 · update an employer")
    async def update_employer(
        self, info: strawberry.Info, input: UpdateEmployerInput
    ) -> EmployerPayload:
        return await _employer(
            info, lambda: employers.update_employer(ctx(info), args(employers.EmployerChanges, input))
        )
