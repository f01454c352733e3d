"""One way to declare a connection field: `connection_field(listing, Type, Filter, Order)`,
and its grouped counts beside it: `counts_field(listing, groups, …)`.

No `from __future__ import annotations` here: the resolver's annotations must be the
real classes, so Strawberry sees each field's own filter, order and node types.
"""

from enum import Enum
from typing import Any

import strawberry

from resolvers.listing.counting import group_counts
from schema.types.base import Connection, DatePeriod, GroupCountType, to_connection
from schema.types.common import ctx


def connection_field(listing: Any, node_type: type, filter_type: type, order_type: type,
                     description: str) -> Any:  # fmt: skip
    """A field taking `filter`, `orderBy`, `first`, `after`, `offset` and answering a page
    of `node_type` from `listing` (which applies the caller's scope)."""

    async def resolve(
        info: strawberry.Info,
        filter: filter_type | None = None,  # type: ignore[valid-type]
        order_by: list[order_type] | None = None,  # type: ignore[valid-type]
        first: int | None = None,
        after: str | None = None,
        offset: int | None = None,
    ) -> Connection[node_type]:  # type: ignore[valid-type]
        page = await listing.page(
            ctx(info), filter=filter, order_by=order_by, first=first, after=after, offset=offset
        )
        return to_connection(page, node_type.from_row)  # type: ignore[attr-defined]

    resolve.listing = listing  # type: ignore[attr-defined]  # compiled reads serve it too (schema/extensions.py)
    return strawberry.field(resolver=resolve, description=description)


def counts_field(listing: Any, groups: dict[str, Any], type_name: str, label: str,
                 filter_type: type, description: str) -> Any:  # fmt: skip
    """`<x>Counts(filter, groupBy: [{field, period}])`: grouped counts under the same scope
    and filter as the list, for charts; `groups` names the fields one may group by."""
    field_enum = strawberry.enum(
        Enum(f"{type_name}GroupField", {name: name for name in groups}),  # type: ignore[misc]
        description=f"{label}分组字段 · fields a count of {type_name} may be grouped by",
    )

    @strawberry.input(name=f"{type_name}CountGroup", description=f"{label}分组 · one grouping of a count")
    class CountGroup:
        field: field_enum = strawberry.field(description="字段 · field")  # type: ignore[valid-type]
        period: DatePeriod | None = strawberry.field(
            default=None, description="周期 · for a date field: by day, month or year"
        )

    async def resolve(
        info: strawberry.Info,
        group_by: list[CountGroup],
        filter: filter_type | None = None,  # type: ignore[valid-type]
    ) -> list[GroupCountType]:
        wanted = [(g.field.value, g.period.value if g.period else None) for g in group_by]
        buckets = await group_counts(ctx(info), listing, groups, wanted, filter=filter)
        return [GroupCountType(keys=b.keys, labels=b.labels, count=b.count) for b in buckets]

    return strawberry.field(resolver=resolve, description=description)
