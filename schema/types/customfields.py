"""Custom fields (自定义字段): their definitions, and the filter condition on their values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import strawberry
from strawberry.scalars import JSON

from resolvers.core.ids import encode_id
from schema.models import enums as stored
from schema.types.base import Node
from schema.types.geo import Jurisdiction, jurisdiction_of

CustomFieldKind = strawberry.enum(
    stored.CustomFieldKind,
    description="自定义字段类型 · TEXT 文本 / NUMBER 数字 / DATE 日期 / ENUM 选项 / BOOLEAN 是否 / "
    "ATTACHMENT 附件",
)
CustomFieldStatus = strawberry.enum(
    stored.CustomFieldStatus, description="自定义字段状态 · ACTIVE 启用 / RETIRED 停用"
)


@strawberry.type(
    description="自定义字段定义 · a custom field an office defines for the talents, employers or "
    "service requests of its jurisdiction (it applies there and in every place under it)"
)
class CustomFieldDefinition(Node):
    type: str = strawberry.field(description="对象类型 · Talent, Employer or ServiceRequest")
    key: str = strawberry.field(description="字段键 · key in customFields (a-z, 0-9, _)")
    label: str = strawberry.field(description="字段名称 · Chinese label, the column heading in Excel")
    kind: CustomFieldKind = strawberry.field(description="字段类型 · kind of value")  # type: ignore[valid-type]
    options: list[str] = strawberry.field(description="选项 · the choices of an ENUM field")
    required: bool = strawberry.field(description="必填 · every record here must have a value")
    personal: bool = strawberry.field(
        description="个人信息 · personal data: masked without pii:read, unmasked reads audited"
    )
    status: CustomFieldStatus = strawberry.field(description="状态 · active or retired")  # type: ignore[valid-type]
    created_at: dt.datetime = strawberry.field(description="创建时间 · created at")
    updated_at: dt.datetime = strawberry.field(description="更新时间 · updated at")
    row: strawberry.Private[Any]

    @classmethod
    def from_row(cls, row: Any) -> CustomFieldDefinition:
        return cls(
            id=strawberry.ID(encode_id("CustomFieldDefinition", row.id)),
            type=row.target_type, key=row.key, label=row.label, kind=row.kind, options=list(row.options),
            required=row.required, personal=row.personal, status=row.status,
            created_at=row.created_at, updated_at=row.updated_at, row=row,
        )  # fmt: skip

    @strawberry.field(description="定义区划 · the jurisdiction that defined it")
    async def jurisdiction(self, info: strawberry.Info) -> Jurisdiction | None:
        return await jurisdiction_of(info, self.row.jurisdiction_id)


@strawberry.input(
    description="自定义字段条件 · a condition on one custom field's value: equals, one of, or a "
    "range (numbers and dates)"
)
class CustomFieldCondition:
    key: str = strawberry.field(description="字段键 · the custom field's key")
    eq: JSON | None = strawberry.field(default=None, description="等于 · equals")
    in_: list[JSON] | None = strawberry.field(default=None, name="in", description="属于 · one of")
    gte: JSON | None = strawberry.field(default=None, description="不小于 · at least (number or date)")
    lte: JSON | None = strawberry.field(default=None, description="不大于 · at most (number or date)")
