"""`orderBy` inputs: one enum of sortable fields per type."""


from enum import Enum

import strawberry

from schema.types.base import OrderDirection


def order_input(type_name: str, label: str, fields: list[str]):
    """Build `<Type>OrderField` and `<Type>Order {field, direction}`."""
    field_enum = strawberry.enum(
        Enum(f"{type_name}OrderField", {f: f for f in fields}),  # type: ignore[misc]
        description=f"{label}排序字段 · sortable fields of {type_name}",
    )

    @strawberry.input(name=f"{type_name}Order", description=f"{label}排序 · ordering of {type_name}")
    class Order:
        field: field_enum = strawberry.field(description="字段 · field")  # type: ignore[valid-type]
        direction: OrderDirection = strawberry.field(
            default=OrderDirection.ASC, description="方向 · direction"
        )

    return Order
