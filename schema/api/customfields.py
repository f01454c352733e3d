"""Custom fields (自定义字段): `customFieldDefinitions`, `createCustomField`,
`updateCustomField`, `retireCustomField`, and `setServiceRequestCustomFields` (service
requests have no general update)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import UNSET
from strawberry.scalars import JSON

from resolvers.customfields import definitions as ops
from resolvers.customfields.service_requests import set_service_request_custom_fields
from schema.api.inputs import args
from schema.api.payloads import payload
from schema.types.base import UserErrorType
from schema.types.common import ctx
from schema.types.customfields import CustomFieldDefinition, CustomFieldKind
from schema.types.requests import ServiceRequest


@strawberry.input(description="新建自定义字段 · define a custom field for a jurisdiction")
class CreateCustomFieldInput:
    type: str = strawberry.field(description="对象类型 · Talent, Employer or ServiceRequest")
    jurisdiction_code: str = strawberry.field(description="区划代码 · where it applies (and below)")
    key: str = strawberry.field(description="字段键 · a-z, 0-9 and _, starting with a letter")
    label: str = strawberry.field(description="字段名称 · Chinese label")
    kind: CustomFieldKind = strawberry.field(description="字段类型 · kind of value")  # type: ignore[valid-type]
    options: list[str] | None = strawberry.field(default=None, description="选项 · for ENUM fields")
    required: bool = strawberry.field(default=False, description="必填 · required")
    personal: bool = strawberry.field(default=False, description="个人信息 · personal data (masked)")


@strawberry.input(description="修改自定义字段 · change a custom field; omitted fields stay as they are")
class UpdateCustomFieldInput:
    id: strawberry.ID = strawberry.field(description="自定义字段 · the definition")
    label: str | None = strawberry.field(default=UNSET, description="字段名称 · Chinese label")
    options: list[str] | None = strawberry.field(default=UNSET, description="选项 · for ENUM fields")
    required: bool | None = strawberry.field(default=UNSET, description="必填 · required")
    personal: bool | None = strawberry.field(default=UNSET, description="个人信息 · personal data")


@strawberry.input(description="停用自定义字段 · retire a custom field (stored values are kept)")
class RetireCustomFieldInput:
    id: strawberry.ID = strawberry.field(description="自定义字段 · the definition")


@strawberry.input(description="设置办件自定义字段 · set custom fields of a service request")
class SetServiceRequestCustomFieldsInput:
    service_request_id: strawberry.ID = strawberry.field(description="办件 · the request")
    custom_fields: JSON = strawberry.field(description="自定义字段 · key → value; null clears a field")


@strawberry.type(description="自定义字段变更结果 · result of a custom field mutation")
class CustomFieldPayload:
    custom_field: CustomFieldDefinition | None = strawberry.field(
        description="自定义字段 · the definition, when it succeeded"
    )
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


@strawberry.type(description="办件自定义字段结果 · result of setting a request's custom fields")
class ServiceRequestCustomFieldsPayload:
    service_request: ServiceRequest | None = strawberry.field(
        description="办件 · the request, when it succeeded"
    )
    user_errors: list[UserErrorType] = strawberry.field(description="错误 · what went wrong")


def _definition(info: strawberry.Info, work) -> CustomFieldPayload:
    return payload(info, work, CustomFieldPayload, "custom_field", CustomFieldDefinition.from_row)


@strawberry.type
class CustomFieldQueries:
    @strawberry.field(
        description="自定义字段定义 · the active custom fields that apply in a jurisdiction: its own, "
        "its city's and its province's"
    )
    async def custom_field_definitions(
        self,
        info: strawberry.Info,
        type: Annotated[
            str, strawberry.argument(description="对象类型 · Talent, Employer or ServiceRequest")
        ],
        jurisdiction_code: Annotated[str, strawberry.argument(description="区划代码 · jurisdiction code")],
    ) -> list[CustomFieldDefinition]:
        rows = await ops.list_definitions(ctx(info), type, jurisdiction_code)
        return [CustomFieldDefinition.from_row(r) for r in rows]


@strawberry.type
class CustomFieldMutations:
    @strawberry.mutation(
        description="新建自定义字段 · define a custom field (offices, in their jurisdiction)"
    )
    async def create_custom_field(
        self, info: strawberry.Info, input: CreateCustomFieldInput
    ) -> CustomFieldPayload:
        return await _definition(
            info, lambda: ops.create_custom_field(ctx(info), args(ops.NewCustomField, input))
        )

    @strawberry.mutation(
        description="修改自定义字段 · change a custom field's label, options, required, personal"
    )
    async def update_custom_field(
        self, info: strawberry.Info, input: UpdateCustomFieldInput
    ) -> CustomFieldPayload:
        return await _definition(
            info, lambda: ops.update_custom_field(ctx(info), args(ops.CustomFieldChanges, input))
        )

    @strawberry.mutation(description="停用自定义字段 · retire a custom field")
    async def retire_custom_field(
        self, info: strawberry.Info, input: RetireCustomFieldInput
    ) -> CustomFieldPayload:
        return await _definition(info, lambda: ops.retire_custom_field(ctx(info), input.id))

    @strawberry.mutation(description="设置办件自定义字段 · set custom fields of a service request")
    async def set_service_request_custom_fields(
        self, info: strawberry.Info, input: SetServiceRequestCustomFieldsInput
    ) -> ServiceRequestCustomFieldsPayload:
        c = ctx(info)
        work = lambda: set_service_request_custom_fields(c, input.service_request_id, input.custom_fields)  # noqa: E731
        convert = ServiceRequest.from_row
        return await payload(info, work, ServiceRequestCustomFieldsPayload, "service_request", convert)
